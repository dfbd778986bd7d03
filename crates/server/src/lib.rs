//! The server: configuration from flags and environment, the pool and migrations, the admin
//! bootstrap, and starting and stopping the HTTP server.

use std::future::Future;
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::HttpServer;
use clap::{Args, Parser, Subcommand};
use interact_api::HttpSettings;
use interact_service::{auth, Config, Ctx};
use interact_store::Db;
use tokio::sync::watch;

pub mod import_cli;
pub mod memory;

#[derive(Debug, Parser)]
#[command(
    name = "interact-server",
    version,
    about = "interact.io REST API V2 server"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Administer users.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Import a vCard or Google Contacts CSV file for a user (large files: batched, with a
    /// progress bar).
    Import(import_cli::ImportArgs),
    /// Copy the SQLite database to a new file while servers keep running (restore by pointing
    /// DATABASE_URL at the copy). On PostgreSQL: use pg_dump.
    Backup {
        /// The new file to write (never overwritten).
        #[arg(long)]
        to: std::path::PathBuf,
    },
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// `2026-11-30T01:00:00Z INFO  interact_api::middleware::log] GET /v2/… 200 1.2ms`
    Text,
    /// One JSON object a line: `ts`, `level`, `target`, `msg`, and a request's `method`,
    /// `path`, `status`, `ms`.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an interact_admin (does nothing if a user with this email exists).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
    },
}

/// Every setting is a flag and an environment variable (listed in the README); every flag is
/// global, so it may also follow the subcommand.
#[derive(Debug, Clone, Args)]
#[command(mut_args = |a: clap::Arg| a.global(true))]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "INTERACT_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// sqlite://PATH or postgres://…
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://./data/interact.db"
    )]
    pub database_url: String,
    /// Email of the first interact_admin, created at start if no user has it.
    #[arg(long, env = "INTERACT_ADMIN_EMAIL")]
    pub admin_email: Option<String>,
    /// Password of that interact_admin.
    #[arg(long, env = "INTERACT_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Comma-separated origins allowed to call cross-origin; empty: none.
    #[arg(long, env = "INTERACT_CORS_ORIGINS", default_value = "")]
    pub cors_origins: String,
    /// Seconds a token lives after its last use.
    #[arg(long, env = "INTERACT_TOKEN_TTL", default_value_t = 86_400)]
    pub token_ttl: u64,
    /// Largest request body in bytes.
    #[arg(long, env = "INTERACT_MAX_BODY", default_value_t = 10 * 1024 * 1024)]
    pub max_body: usize,
    /// Database connections in the pool.
    #[arg(long, env = "INTERACT_DB_POOL", default_value_t = 16)]
    pub db_pool: u32,
    /// SQLite only: MiB of memory all of SQLite's connections together may keep (page caches,
    /// schemas, prepared statements) before it reuses cached pages instead of allocating; 0 for
    /// no bound.
    #[arg(long, env = "INTERACT_SQLITE_MEMORY", default_value_t = 32)]
    pub sqlite_memory: u32,
    /// MiB of contacts kept between reads, as answered (each checked against the database
    /// on every read); 0 keeps none.
    #[arg(long, env = "INTERACT_CONTACT_CACHE", default_value_t = 64)]
    pub contact_cache: u32,
    /// MiB of journal entries (`GET /v2/activities`) kept between reads; 0 keeps none.
    #[arg(long, env = "INTERACT_JOURNAL_CACHE", default_value_t = 8)]
    pub journal_cache: u32,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "INTERACT_WORKERS")]
    pub workers: Option<usize>,
    /// bcrypt cost of new password hashes (4–31).
    #[arg(long, env = "INTERACT_BCRYPT_COST", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(4..=31))]
    pub bcrypt_cost: u32,
    /// Base URL of the Google People API, used by `externalSystem: google` imports.
    #[arg(
        long,
        env = "INTERACT_GOOGLE_API_URL",
        default_value = interact_service::config::DEFAULT_GOOGLE_API_URL
    )]
    pub google_api_url: String,
    /// Seconds a password reset token stays valid.
    #[arg(long, env = "INTERACT_RESET_TTL", default_value_t = 3600)]
    pub reset_ttl: u64,
    /// File that outgoing mail (password resets) is appended to, in mbox format.
    #[arg(
        long,
        env = "INTERACT_MAIL_OUTBOX",
        default_value = "./data/mail-outbox.txt"
    )]
    pub mail_outbox: String,
    /// Sender address of outgoing mail.
    #[arg(
        long,
        env = "INTERACT_MAIL_FROM",
        default_value = "interact <no-reply@localhost>"
    )]
    pub mail_from: String,
    /// host:port of an SMTP relay (plain SMTP, no TLS or authentication: a local MTA) for
    /// outgoing mail; without it mail goes to the outbox file.
    #[arg(long, env = "INTERACT_SMTP_RELAY")]
    pub smtp_relay: Option<String>,
    /// Failed logins per account within the window before further attempts get 429.
    #[arg(long, env = "INTERACT_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: u32,
    /// Failed logins per client address within the window before further attempts get 429.
    #[arg(long, env = "INTERACT_LOGIN_MAX_FAILURES_ADDR", default_value_t = 20)]
    pub login_max_failures_addr: u32,
    /// Seconds failed logins are counted for.
    #[arg(long, env = "INTERACT_LOGIN_WINDOW", default_value_t = 900)]
    pub login_window: u64,
    /// Take the client address from Forwarded / X-Forwarded-For (only behind a proxy that
    /// sets them).
    #[arg(long, env = "INTERACT_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// Region (ISO 3166-1 alpha-2) national phone numbers are read in for matching.
    #[arg(long, env = "INTERACT_DEFAULT_REGION", default_value = "DE",
          value_parser = parse_region)]
    pub default_region: String,
    /// Base URL of the APNs provider API (HTTP/2); tests point it at a local stand-in.
    #[arg(long, env = "INTERACT_APNS_URL", default_value = interact_service::config::DEFAULT_APNS_URL)]
    pub apns_url: String,
    /// The app's bundle id (`apns-topic`); APNs deliveries are off without it.
    #[arg(long, env = "INTERACT_APNS_TOPIC")]
    pub apns_topic: Option<String>,
    /// Provider authentication token (JWT) sent as `authorization: bearer …`.
    #[arg(long, env = "INTERACT_APNS_TOKEN", hide_env_values = true)]
    pub apns_token: Option<String>,
    /// Attempts per APNs delivery before it is marked failed.
    #[arg(long, env = "INTERACT_APNS_MAX_ATTEMPTS", default_value_t = 5)]
    pub apns_max_attempts: u32,
    /// Milliseconds before the first APNs retry, doubled for each further one.
    #[arg(long, env = "INTERACT_APNS_RETRY_MS", default_value_t = 1000)]
    pub apns_retry_ms: u64,
    /// Largest uploaded contact picture, in bytes of the decoded image; larger ones get 413.
    #[arg(long, env = "INTERACT_MAX_PICTURE", default_value_t = interact_service::config::DEFAULT_MAX_PICTURE)]
    pub max_picture: usize,
    /// Milliseconds a client has to send a request's head (request line and headers); past
    /// it the connection is answered 408 and closed. 0: no limit.
    #[arg(long, env = "INTERACT_HEAD_TIMEOUT_MS", default_value_t = 5_000)]
    pub head_timeout_ms: u64,
    /// Milliseconds a client has to send a request's whole body once its head has arrived;
    /// past it the request is answered 408 and the connection closed. 0: no limit.
    #[arg(long, env = "INTERACT_BODY_TIMEOUT_MS", default_value_t = 30_000)]
    pub body_timeout_ms: u64,
    /// Milliseconds an idle keep-alive connection stays open between requests. 0: keep-alive
    /// off (one request per connection).
    #[arg(long, env = "INTERACT_KEEP_ALIVE_MS", default_value_t = 5_000)]
    pub keep_alive_ms: u64,
    /// Milliseconds a closing connection may take to shut down before it is dropped.
    #[arg(long, env = "INTERACT_DISCONNECT_TIMEOUT_MS", default_value_t = 1_000)]
    pub disconnect_timeout_ms: u64,
    /// Client addresses and networks (comma-separated) that may read GET /metrics.
    #[arg(long, env = "INTERACT_METRICS_ALLOW", default_value = "127.0.0.0/8,::1",
          value_parser = parse_metrics_allow)]
    pub metrics_allow: String,
    /// A bearer token that reads GET /metrics from any address.
    #[arg(long, env = "INTERACT_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Log lines as text or as JSON objects.
    #[arg(long, env = "INTERACT_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

fn parse_metrics_allow(s: &str) -> Result<String, String> {
    interact_api::middleware::metrics::parse_allow(s).map(|_| s.to_string())
}

fn parse_region(s: &str) -> Result<String, String> {
    interact_service::numbers::parse_region(s)
        .map(|_| s.trim().to_ascii_uppercase())
        .ok_or_else(|| format!("{s:?} is not an ISO 3166-1 alpha-2 region such as DE or US"))
}

impl Settings {
    /// Every setting at its default, as if no flag and no environment variable were given
    /// (for tests and benchmarks, which then set what they need).
    pub fn defaults() -> Settings {
        use clap::{CommandFactory, FromArgMatches};
        let cmd = Cli::command().mut_args(|a| a.env(None));
        let matches = cmd.get_matches_from(["interact-server"]);
        // Only reachable if a default value were invalid, which the unit test below rules out.
        Settings::from_arg_matches(&matches).unwrap_or_else(|e| panic!("default settings: {e}"))
    }

    pub fn service_config(&self) -> Config {
        Config {
            token_ttl_ms: (self.token_ttl as i64).saturating_mul(1000).max(1000),
            bcrypt_cost: self.bcrypt_cost,
            google_api_url: self.google_api_url.clone(),
            reset_ttl_ms: (self.reset_ttl as i64).saturating_mul(1000).max(1000),
            mail_outbox: self.mail_outbox.clone().into(),
            mail_from: self.mail_from.clone(),
            smtp_relay: self.smtp_relay.clone().filter(|r| !r.trim().is_empty()),
            login_max_failures: i64::from(self.login_max_failures.max(1)),
            login_max_failures_addr: i64::from(self.login_max_failures_addr.max(1)),
            login_window_ms: (self.login_window as i64).saturating_mul(1000).max(1000),
            default_region: interact_service::numbers::parse_region(&self.default_region)
                .unwrap_or(phonenumber_default()),
            apns_url: self.apns_url.trim_end_matches('/').to_string(),
            apns_topic: self.apns_topic.clone().filter(|t| !t.trim().is_empty()),
            apns_token: self.apns_token.clone().filter(|t| !t.trim().is_empty()),
            apns_max_attempts: i64::from(self.apns_max_attempts.max(1)),
            apns_retry_ms: (self.apns_retry_ms as i64).max(1),
            max_picture: self.max_picture,
            contact_cache_bytes: u64::from(self.contact_cache) << 20,
            journal_cache_bytes: u64::from(self.journal_cache) << 20,
            ..Config::default()
        }
    }

    pub fn http_settings(&self) -> HttpSettings {
        HttpSettings {
            max_body: self.max_body,
            cors_origins: self
                .cors_origins
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            trust_proxy: self.trust_proxy,
            metrics_allow: interact_api::middleware::metrics::parse_allow(&self.metrics_allow)
                .unwrap_or_else(|_| interact_api::middleware::metrics::loopback()),
            metrics_token: self.metrics_token.clone().filter(|t| !t.trim().is_empty()),
            body_timeout: (self.body_timeout_ms > 0)
                .then(|| std::time::Duration::from_millis(self.body_timeout_ms)),
        }
    }
}

/// The region used when a configured one does not parse (clap has refused it already).
fn phonenumber_default() -> interact_service::numbers::Region {
    interact_service::Config::default().default_region
}

/// Opens and migrates the database.
pub fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database_url, settings.db_pool)?;
    if db.backend() == interact_store::db::Backend::Sqlite {
        interact_store::db::limit_sqlite_memory(i64::from(settings.sqlite_memory) << 20);
    }
    db.migrate()?;
    Ok(db)
}

/// `backup --to FILE`: a consistent copy of the SQLite database, taken while servers keep
/// running; answers what was done. PostgreSQL is backed up with its own tools: the error
/// says how.
pub fn backup(settings: &Settings, to: &std::path::Path) -> anyhow::Result<String> {
    match interact_store::db::DatabaseUrl::parse(&settings.database_url)? {
        interact_store::db::DatabaseUrl::Sqlite(path) => {
            let bytes = interact_store::backup::sqlite_copy(std::path::Path::new(&path), to)?;
            Ok(format!(
                "backed up {path} to {} ({bytes} bytes); restore with DATABASE_URL=sqlite://{}",
                to.display(),
                to.display()
            ))
        }
        interact_store::db::DatabaseUrl::Postgres(_) => anyhow::bail!(
            "backup copies the embedded SQLite database; a PostgreSQL database is backed up \
             with PostgreSQL's own tools while the servers run: \
             pg_dump --format=custom --file=interact.dump \"$DATABASE_URL\" \
             (restore into an empty database with pg_restore --dbname=\"$DATABASE_URL\" \
             interact.dump); see docs/deploy.md"
        ),
    }
}

/// The future that serves until the server stops; it completes after the background tasks
/// have stopped too.
pub type Serving = Pin<Box<dyn Future<Output = std::io::Result<()>>>>;

/// Stops a running server: the HTTP server (like actix's `ServerHandle`) and with it the
/// background tasks — the journal watcher, the APNs sender — and the bus listener.
#[derive(Clone)]
pub struct Handle {
    server: ServerHandle,
    stop: Arc<watch::Sender<bool>>,
    done: watch::Receiver<bool>,
}

impl Handle {
    /// Stops accepting, tells the background tasks to stop (both at once, before the first
    /// poll), and completes when the HTTP server, the tasks and the bus listener have stopped.
    pub fn stop(&self, graceful: bool) -> impl Future<Output = ()> {
        let server = self.server.stop(graceful);
        let _ = self.stop.send(true);
        let mut done = self.done.clone();
        async move {
            server.await;
            let _ = done.wait_for(|d| *d).await;
        }
    }
}

/// A running server.
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub handle: Handle,
    pub ctx: Ctx,
    pub server: Serving,
}

/// Opens the database, bootstraps the admin, binds and starts serving (the future returned by
/// `Running::server` completes when the server stops).
pub async fn start(settings: &Settings, listener: Option<TcpListener>) -> anyhow::Result<Running> {
    let db = {
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || open_db(&settings)).await??
    };
    let ctx = Ctx::new(db, settings.service_config());
    bootstrap_admin(&ctx, settings).await?;
    let apns_client = match ctx.config.apns_topic {
        Some(_) => Some(
            interact_service::http::client(ctx.config.external_timeout)
                .map_err(|e| anyhow::anyhow!("APNs client: {}", e.devmsg))?,
        ),
        None => None,
    };
    let http = settings.http_settings();
    let listener = match listener {
        Some(l) => l,
        None => TcpListener::bind(&settings.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?,
    };
    let addr = listener.local_addr()?;
    let app_ctx = ctx.clone();
    let keep_alive = match settings.keep_alive_ms {
        0 => actix_web::http::KeepAlive::Disabled,
        ms => actix_web::http::KeepAlive::Timeout(Duration::from_millis(ms)),
    };
    let mut server = HttpServer::new(move || interact_api::app(app_ctx.clone(), http.clone()))
        .shutdown_timeout(30)
        .client_request_timeout(Duration::from_millis(settings.head_timeout_ms))
        .client_disconnect_timeout(Duration::from_millis(settings.disconnect_timeout_ms))
        .keep_alive(keep_alive)
        .listen(listener)?;
    if let Some(w) = settings.workers {
        server = server.workers(w.max(1));
    }
    let server = server.run();

    // The bus listens lazily from its first subscription; start it now so that it is
    // connected (LISTEN) before the first websocket of this process needs it.
    drop(ctx.bus.subscribe(0));
    // Background tasks, stopped with the server: sync hints for open websockets, folding the
    // count slots of concurrent writers (PostgreSQL), and APNs deliveries from the outbox when
    // APNs is configured.
    let (stop_tx, stop_rx) = watch::channel(false);
    let (done_tx, done_rx) = watch::channel(false);
    let mut tasks = vec![tokio::spawn(interact_service::push::watch_journal(
        ctx.clone(),
        stop_rx.clone(),
    ))];
    tasks.push(tokio::spawn(interact_service::upkeep::run(
        ctx.clone(),
        stop_rx.clone(),
    )));
    if let Some(client) = apns_client {
        tasks.push(tokio::spawn(interact_service::apns::run_sender(
            ctx.clone(),
            client,
            stop_rx.clone(),
        )));
    }
    let bus = ctx.bus.clone();
    let mut stopping = stop_rx;
    tokio::spawn(async move {
        // Also when every `Handle` and the serving future are gone.
        let _ = stopping.wait_for(|s| *s).await;
        for t in tasks {
            if let Err(e) = t.await {
                log::error!("a background task failed: {e}");
            }
        }
        // Last, when nothing of this server publishes any more: the listener thread (it must
        // not be inside libpq when the process exits).
        let _ = tokio::task::spawn_blocking(move || bus.shutdown()).await;
        let _ = done_tx.send(true);
    });
    let stop = Arc::new(stop_tx);
    let handle = Handle {
        server: server.handle(),
        stop: stop.clone(),
        done: done_rx.clone(),
    };
    let mut done = done_rx;
    let serving: Serving = Box::pin(async move {
        // Stopped by a `Handle` or by a signal (actix stops on SIGINT/SIGTERM).
        let result = server.await;
        let _ = stop.send(true);
        let _ = done.wait_for(|d| *d).await;
        result
    });
    Ok(Running {
        addr,
        handle,
        ctx,
        server: serving,
    })
}

/// Creates the first interact_admin from the settings, when both are given.
pub async fn bootstrap_admin(ctx: &Ctx, settings: &Settings) -> anyhow::Result<()> {
    match (&settings.admin_email, &settings.admin_password) {
        (Some(email), Some(password)) if !email.is_empty() => {
            match auth::ensure_admin(ctx, email, password).await {
                Ok(auth::AdminBootstrap::Created(id)) => {
                    log::info!("created interact_admin {email} (id {id})")
                }
                Ok(auth::AdminBootstrap::Exists(_)) => {}
                Err(e) => anyhow::bail!("cannot create the admin {email}: {}", e.devmsg),
            }
        }
        (Some(_), None) | (None, Some(_)) => {
            anyhow::bail!("INTERACT_ADMIN_EMAIL and INTERACT_ADMIN_PASSWORD go together")
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_ignore_the_environment() {
        let s = Settings::defaults();
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.database_url, "sqlite://./data/interact.db");
        assert_eq!(s.token_ttl, 86_400);
    }
}
