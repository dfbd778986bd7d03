//! `interact-server [serve|migrate|admin create]`.

use clap::Parser;
use interact_server::{open_db, start, AdminCommand, Cli, Command};
use interact_service::{auth, Ctx};

fn main() -> anyhow::Result<()> {
    interact_server::memory::limit_malloc_arenas();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
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
