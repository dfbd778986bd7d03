//! Outgoing mail: through plain SMTP to a relay (`INTERACT_SMTP_RELAY`, a local MTA that
//! handles TLS and delivery onward) when one is configured, otherwise (and whenever the relay
//! fails) appended in mbox format to the outbox file (`INTERACT_MAIL_OUTBOX`).

use std::io::Write;

use interact_errors::{Error, Result};

use crate::Ctx;

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The message in mbox form: a `From ` separator line, headers, a blank line, the body
/// (lines starting with `From ` escaped), and a blank line.
fn mbox(from: &str, mail: &Mail, now_ms: i64) -> String {
    let date = httpdate(now_ms);
    let mut out = format!(
        "From interact {date}\nFrom: {from}\nTo: {}\nSubject: {}\nDate: {date}\n\
         Content-Type: text/plain; charset=utf-8\n\n",
        mail.to, mail.subject
    );
    for line in mail.body.lines() {
        if line.starts_with("From ") {
            out.push('>');
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

fn httpdate(ms: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms.max(0) as u64);
    httpdate::fmt_http_date(t)
}

/// Sends a message. With a relay the message leaves in the background, so the answer does
/// not wait for (nor its timing reveal) a delivery; if the relay fails, the message goes to
/// the outbox instead, so it is never lost. Without a relay it is in the outbox when this
/// returns.
pub async fn send(ctx: &Ctx, mail: Mail) -> Result<()> {
    let Some(relay) = ctx.config.smtp_relay.clone() else {
        return append_to_outbox(ctx, mail).await;
    };
    let ctx = ctx.clone();
    tokio::spawn(async move {
        if let Err(e) = send_smtp(&ctx, &relay, &mail).await {
            log::error!("mail to the SMTP relay {relay} failed, writing it to the outbox: {e:#}");
            if let Err(e) = append_to_outbox(&ctx, mail).await {
                log::error!("mail lost: {e}");
            }
        }
    });
    Ok(())
}

async fn send_smtp(ctx: &Ctx, relay: &str, mail: &Mail) -> anyhow::Result<()> {
    use lettre::message::header::ContentType;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let (host, port) = match relay.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse::<u16>()?),
        None => (relay.to_string(), 25),
    };
    let message = Message::builder()
        .from(ctx.config.mail_from.parse()?)
        .to(mail.to.parse()?)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build();
    transport.send(message).await?;
    Ok(())
}

/// Appends the message to the outbox with one write, so messages of several processes do
/// not interleave.
async fn append_to_outbox(ctx: &Ctx, mail: Mail) -> Result<()> {
    let path = ctx.config.mail_outbox.clone();
    let text = mbox(&ctx.config.mail_from, &mail, ctx.clock.now_ms());
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        f.write_all(text.as_bytes())
    })
    .await
    .map_err(Error::internal)?
    .map_err(|e| Error::internal(anyhow::anyhow!("mail outbox: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(httpdate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn escapes_from_lines() {
        let m = Mail {
            to: "a@b.c".into(),
            subject: "s".into(),
            body: "hello\nFrom here\n".into(),
        };
        let text = mbox("x@y.z", &m, 0);
        assert!(text.starts_with("From interact Thu, 01 Jan 1970"));
        assert!(text.contains("\n>From here\n"));
    }
}
