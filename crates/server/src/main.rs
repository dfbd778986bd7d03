//! `interact-server [serve|migrate|admin create|import|backup]`.

use std::io::Write;

use clap::Parser;
use interact_server::{open_db, start, AdminCommand, Cli, Command, LogFormat};
use interact_service::{auth, Ctx};

fn main() -> anyhow::Result<()> {
    interact_server::memory::limit_malloc_arenas();
    let cli = Cli::parse();
    init_logger(cli.settings.log_format);
    let settings = cli.settings;
    actix_web::rt::System::new().block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                let running = start(&settings, None).await?;
                log::info!("listening on http://{}", running.addr);
                // Completes after the background tasks and the bus listener have stopped too.
                running.server.await?;
                log::info!("stopped");
            }
            Command::Migrate => {
                tokio::task::spawn_blocking(move || open_db(&settings)).await??;
                log::info!("migrations applied");
            }
            Command::Import(args) => interact_server::import_cli::run(&settings, args).await?,
            Command::Backup { to } => {
                let done =
                    tokio::task::spawn_blocking(move || interact_server::backup(&settings, &to))
                        .await??;
                println!("{done}");
            }
            Command::Admin {
                command: AdminCommand::Create { email, password },
            } => {
                let db = {
                    let settings = settings.clone();
                    tokio::task::spawn_blocking(move || open_db(&settings)).await??
                };
                let ctx = Ctx::new(db, settings.service_config());
                match auth::ensure_admin(&ctx, &email, &password).await {
                    Ok(auth::AdminBootstrap::Created(id)) => {
                        println!("created interact_admin {email} (id {id})")
                    }
                    Ok(auth::AdminBootstrap::Exists(id)) => {
                        println!("a user with email {email} exists already (id {id})")
                    }
                    Err(e) => anyhow::bail!("{}", e.devmsg),
                }
            }
        }
        Ok(())
    })
}

/// `RUST_LOG` filters (default `info`); `INTERACT_LOG_FORMAT=json` writes each line as a
/// JSON object with the record's key-values (a request's method, path, status, ms) as fields.
fn init_logger(format: LogFormat) {
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"));
    if format == LogFormat::Json {
        builder.format(|buf, record| {
            let mut line = serde_json::Map::new();
            line.insert("ts".into(), buf.timestamp_millis().to_string().into());
            line.insert("level".into(), record.level().as_str().into());
            line.insert("target".into(), record.target().into());
            line.insert("msg".into(), record.args().to_string().into());
            let mut fields = JsonFields(&mut line);
            let _ = record.key_values().visit(&mut fields);
            writeln!(buf, "{}", serde_json::Value::Object(line))
        });
    }
    builder.init();
}

/// Copies a record's key-values into its JSON line, numbers as numbers.
struct JsonFields<'a>(&'a mut serde_json::Map<String, serde_json::Value>);

impl<'kvs> log::kv::VisitSource<'kvs> for JsonFields<'_> {
    fn visit_pair(
        &mut self,
        key: log::kv::Key<'kvs>,
        value: log::kv::Value<'kvs>,
    ) -> Result<(), log::kv::Error> {
        let v = if let Some(n) = value.to_u64() {
            n.into()
        } else if let Some(n) = value.to_i64() {
            n.into()
        } else if let Some(f) = value.to_f64() {
            f.into()
        } else {
            value.to_string().into()
        };
        self.0.insert(key.as_str().to_string(), v);
        Ok(())
    }
}
