//! Outgoing mail. Each message is appended, in mbox format, to the outbox file
//! (`INTERACT_MAIL_OUTBOX`), from which a local mail transfer agent or an operator picks it
//! up; tests read the file to find what was sent.

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

/// Appends the message to the outbox with one write, so messages of several processes do
/// not interleave.
pub async fn send(ctx: &Ctx, mail: Mail) -> Result<()> {
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
