//! `interact-server import --user EMAIL --file contacts.vcf|.csv`: imports a large file for a
//! user through the same service code as `POST /v2/import?cmd=importContacts` (matching by
//! external id, the required-field rules, the journal), committing in batches, with a
//! progress bar on standard error.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use interact_domain::import::ExternalSystem;
use interact_service::import::run::{self, Rules};
use interact_service::Ctx;

use crate::{open_db, Settings};

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Email of the user the contacts are imported for.
    #[arg(long)]
    pub user: String,
    /// A vCard (.vcf, .vcard) or Google Contacts CSV (.csv) file.
    #[arg(long)]
    pub file: PathBuf,
    /// The account the file stands for (re-imports with the same account update the contacts
    /// made before); default: the file's name.
    #[arg(long)]
    pub account: Option<String>,
    /// Keep records without a name as import contacts (like nameRequired=1).
    #[arg(long)]
    pub name_required: bool,
    /// Keep records without a phone number as import contacts (like phoneRequired=1).
    #[arg(long)]
    pub phone_required: bool,
    /// Keep records without an email as import contacts (like emailRequired=1).
    #[arg(long)]
    pub email_required: bool,
    /// Contacts per transaction.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
    /// No progress bar (for scripts).
    #[arg(long)]
    pub quiet: bool,
    /// Only read the file and report what it holds; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The file's format by its extension.
fn system_of(path: &std::path::Path) -> anyhow::Result<ExternalSystem> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "vcf" | "vcard" => Ok(ExternalSystem::Vcard),
        "csv" => Ok(ExternalSystem::Csv),
        _ => anyhow::bail!(
            "{}: the file must end in .vcf, .vcard or .csv",
            path.display()
        ),
    }
}

pub async fn run(settings: &Settings, args: ImportArgs) -> anyhow::Result<()> {
    let system = system_of(&args.file)?;
    let text = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let text = String::from_utf8(text)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", args.file.display()))?;
    let account = args.account.clone().unwrap_or_else(|| {
        args.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let db = {
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || open_db(&settings)).await??
    };
    let ctx = Ctx::new(db, settings.service_config());
    let who = run::principal_by_email(&ctx, &args.user)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.devmsg))?;

    let spinner = bar(args.quiet, None);
    spinner.set_message(format!("reading {}", args.file.display()));
    spinner.enable_steady_tick(Duration::from_millis(120));
    let parsed = tokio::task::spawn_blocking(move || match system {
        ExternalSystem::Csv => interact_service::import::csv::parse(&text),
        _ => interact_service::import::vcard::parse(&text),
    })
    .await?
    .map_err(|e| anyhow::anyhow!("{}", e.devmsg))?;
    spinner.finish_and_clear();
    if args.dry_run {
        for f in &parsed.failed {
            eprintln!("not readable: record {}: {}", f.index, f.reason);
        }
        println!(
            "read {} contacts from {} ({} not readable); nothing written",
            parsed.contacts.len(),
            args.file.display(),
            parsed.failed.len()
        );
        ctx.bus.shutdown();
        return Ok(());
    }

    let total = parsed.contacts.len() as u64;
    let progress = bar(args.quiet, Some(total));
    progress.set_message("importing");
    let rules = Rules {
        name: args.name_required,
        phone: args.phone_required,
        email: args.email_required,
    };
    let result = run::import_parsed(
        &ctx,
        &who,
        system,
        &account,
        parsed,
        rules,
        args.batch as usize,
        |done| progress.set_position(done as u64),
    )
    .await;
    progress.finish_and_clear();
    ctx.bus.shutdown();
    let result = result.map_err(|e| anyhow::anyhow!("{}", e.devmsg))?;
    for f in &result.unreadable {
        let at = match f.line {
            Some(l) => format!("line {l}"),
            None => format!("record {}", f.index),
        };
        eprintln!("not imported: {at}: {}", f.reason);
    }
    println!(
        "imported {} contacts of {} {:?} for {}: {} created, {} updated, {} failed (kept as import contacts), {} not readable",
        total,
        result.external_system,
        result.external_system_account,
        who.email,
        result.created.len(),
        result.updated.len(),
        result.failed.len(),
        result.unreadable.len()
    );
    Ok(())
}

/// A progress bar over `len` contacts, or a spinner; hidden when quiet.
fn bar(quiet: bool, len: Option<u64>) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    match len {
        Some(n) => {
            let b = ProgressBar::new(n);
            if let Ok(style) = ProgressStyle::with_template(
                "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, {eta} left)",
            ) {
                b.set_style(style);
            }
            b
        }
        None => ProgressBar::new_spinner(),
    }
}
