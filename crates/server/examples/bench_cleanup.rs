//! Cleanup and merge benchmark (issue 8), at the service layer (no HTTP): seeds one user with
//! N contacts (one phone number each, every 100th sharing its predecessor's) and N/100 import
//! contacts with direct SQL, then measures
//!
//! - `getDuplicates` (`interact_service::cleanup::duplicates`) against the ceiling of reading
//!   the same user's (match key, contact) pairs through the same `(user_id, match_key)` index
//!   without grouping, and shows the query plan;
//! - a merge of 10 contacts holding 1,000 related records (400 notes, 300 deals, 300
//!   interactions) into an 11th, against the ceiling of reading those 1,000 records with
//!   their wire views through the per-contact list reads.
//!
//! Each figure is the median of `--rounds` runs. Run through `scripts/bench-cleanup`.
//! Arguments: `--database-url URL` (required), `--contacts N` (100000), `--rounds R` (5).

use std::time::Instant;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use interact_domain::contacts::{ContactRequest, ContactType};
use interact_server::Settings;
use interact_service::auth::{Principal, Role};
use interact_service::merge::MergeInput;
use interact_service::Ctx;
use interact_store::AnyConnection;

/// The arguments (see above); clap answers a missing or unknown one.
#[derive(clap::Parser)]
struct Args {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 100_000)]
    contacts: i64,
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

/// Runs one statement with the user id bound at every `{u}` and the count at every `{n}`.
fn exec(c: &mut AnyConnection, sql: &str, user_id: i64, n: i64) -> anyhow::Result<()> {
    let sql = sql.replace("{n}", &n.to_string());
    match c {
        AnyConnection::Postgresql(c) => {
            diesel::sql_query(sql.replace("{u}", "$1"))
                .bind::<BigInt, _>(user_id)
                .execute(c)?;
        }
        AnyConnection::Sqlite(c) => {
            diesel::sql_query(sql.replace("{u}", "?1"))
                .bind::<BigInt, _>(user_id)
                .execute(c)?;
        }
    }
    Ok(())
}

/// Contacts `P<i>` with phone `+49301<i>` (every 100th has its predecessor's), and import
/// contacts each holding the number of a contact (every 37th contact's).
fn seed(c: &mut AnyConnection, user_id: i64, n: i64) -> anyhow::Result<()> {
    let (series, series_imports) = match c {
        AnyConnection::Postgresql(_) => (
            "FROM generate_series(1, {n}) AS s(i)".to_string(),
            format!("FROM generate_series(1, {}) AS s(i)", n / 100),
        ),
        AnyConnection::Sqlite(_) => (
            "FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) \
             SELECT i FROM s) AS s"
                .to_string(),
            format!(
                "FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {}) \
                 SELECT i FROM s) AS s",
                n / 100
            ),
        ),
    };
    exec(
        c,
        &format!(
            "INSERT INTO contacts (user_id, version, contact_type, first_name, hot, profiles, \
             created, modified) SELECT {{u}}, 1, 'person', 'P' || i, FALSE, '{{}}', 0, 0 {series}"
        ),
        user_id,
        n,
    )?;
    let key = "'+49301' || (CASE WHEN i % 100 = 0 THEN i - 1 ELSE i END)";
    exec(
        c,
        &format!(
            "INSERT INTO basic_infos (user_id, contact_id, position, type, value, match_key, \
             excluded) SELECT {{u}}, c.id, 0, 'phone', {key}, {key}, FALSE \
             FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS i FROM contacts \
             WHERE user_id = {{u}}) AS c"
        ),
        user_id,
        n,
    )?;
    exec(
        c,
        &format!(
            "INSERT INTO import_contacts (user_id, external_system, account, external_id, \
             contact, created, modified) SELECT {{u}}, 'google', 'bench', 'e' || i, \
             '{{\"contactType\":\"person\"}}', 0, 0 {series_imports}"
        ),
        user_id,
        n,
    )?;
    exec(
        c,
        "INSERT INTO import_contact_values (import_contact_id, match_key, user_id, value) \
         SELECT ic.id, '+49301' || (ic.i * 37), {u}, '+49301' || (ic.i * 37) \
         FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS i FROM import_contacts \
         WHERE user_id = {u}) AS ic",
        user_id,
        n,
    )?;
    match c {
        AnyConnection::Postgresql(c) => {
            diesel::sql_query("ANALYZE").execute(c)?;
        }
        AnyConnection::Sqlite(c) => {
            diesel::sql_query("ANALYZE").execute(c)?;
        }
    }
    Ok(())
}

#[derive(QueryableByName)]
struct PgPlan {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

#[derive(QueryableByName)]
struct SqlitePlan {
    #[diesel(sql_type = Text)]
    detail: String,
}

fn plan(c: &mut AnyConnection, user_id: i64) -> anyhow::Result<Vec<String>> {
    use interact_store::cleanup::duplicates_sql;
    use interact_store::Backend;
    Ok(match c {
        AnyConnection::Postgresql(c) => {
            diesel::sql_query(format!("EXPLAIN {}", duplicates_sql(Backend::Postgres)))
                .bind::<BigInt, _>(user_id)
                .load::<PgPlan>(c)?
                .into_iter()
                .map(|p| p.line)
                .collect()
        }
        AnyConnection::Sqlite(c) => diesel::sql_query(format!(
            "EXPLAIN QUERY PLAN {}",
            duplicates_sql(Backend::Sqlite)
        ))
        .bind::<BigInt, _>(user_id)
        .load::<SqlitePlan>(c)?
        .into_iter()
        .map(|p| p.detail)
        .collect(),
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn person(name: String) -> ContactRequest {
    ContactRequest {
        contact_type: Some(ContactType::Person),
        first_name: Some(Some(name)),
        ..Default::default()
    }
}

/// Eleven contacts; the last ten hold 40 notes, 30 deals and 30 interactions each.
async fn merge_fixture(
    ctx: &Ctx,
    who: &Principal,
    round: usize,
) -> anyhow::Result<(i64, Vec<i64>)> {
    let mut ids = Vec::new();
    for i in 0..11 {
        let c =
            interact_service::contacts::create(ctx, who, person(format!("M{round}-{i}"))).await?;
        ids.push(c.id);
    }
    let target = ids.remove(0);
    let (merged, user_id) = (ids.clone(), who.user_id);
    ctx.db
        .write(move |c| {
            for (k, contact) in merged.iter().enumerate() {
                for i in 0..40 {
                    interact_store::notes::insert(
                        c,
                        &interact_store::notes::NoteInsertForm {
                            user_id,
                            contact_id: Some(*contact),
                            deal_id: None,
                            message: &format!("note {k}-{i}"),
                            created: 1,
                            modified: 1,
                        },
                    )?;
                }
                for i in 0..30 {
                    interact_store::deals::insert(
                        c,
                        &interact_store::deals::DealInsertForm {
                            user_id,
                            form: interact_store::deals::DealUpdateForm {
                                contact_id: Some(*contact),
                                name: format!("deal {k}-{i}"),
                                value: Some(100),
                                currency: Some("EUR".into()),
                                hot: false,
                                source: None,
                                stage: None,
                                created: 1,
                                modified: 1,
                            },
                        },
                    )?;
                    interact_store::interactions::insert(
                        c,
                        &interact_store::interactions::InteractionInsertForm {
                            user_id,
                            person_id: Some(*contact),
                            organization_id: None,
                            basic_info_id: None,
                            type_: "call-incoming",
                            data: "030 1234567",
                            external_systems: "[]",
                            entity_key: None,
                            time: 1,
                            created: 1,
                            modified: 1,
                        },
                    )?;
                }
            }
            Ok(())
        })
        .await?;
    Ok((target, ids))
}

fn main() -> anyhow::Result<()> {
    let a = <Args as clap::Parser>::parse();
    actix_web::rt::System::new().block_on(run(a))
}

async fn run(a: Args) -> anyhow::Result<()> {
    let mut settings = Settings::defaults();
    settings.database_url = a.database_url.clone();
    settings.default_region = "DE".into();
    let db = {
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || interact_server::open_db(&settings)).await??
    };
    let ctx = Ctx::new(db, settings.service_config());
    let email = format!("bench-cleanup-{}@example.com", uuid::Uuid::new_v4());
    let user = {
        let email = email.clone();
        ctx.db
            .write(move |c| {
                interact_store::users::insert(
                    c,
                    &interact_store::users::UserInsertForm {
                        uuid: &uuid::Uuid::new_v4().to_string(),
                        email: &email,
                        password_hash: "-",
                        active: true,
                        company_id: None,
                        roles: "user",
                        created: 0,
                    },
                )
            })
            .await?
    };
    let who = Principal {
        user_id: user.id,
        uuid: user.uuid.clone(),
        email,
        company_id: None,
        roles: vec![Role::User],
        token_id: 0,
        expires: 0,
    };
    let n = a.contacts;
    let t = Instant::now();
    ctx.db
        .write(move |c| seed(c, user.id, n).map_err(interact_service::Error::internal))
        .await?;
    let seeded = t.elapsed().as_secs_f64();
    let backend = format!("{:?}", ctx.db.backend());
    let plan = ctx
        .db
        .read(move |c| plan(c, user.id).map_err(interact_service::Error::internal))
        .await?;

    // getDuplicates and its ceiling.
    let (mut dup, mut scan) = (Vec::new(), Vec::new());
    let mut found = 0;
    let mut pairs = 0;
    for _ in 0..a.rounds {
        let t = Instant::now();
        found = interact_service::cleanup::duplicates(&ctx, &who)
            .await?
            .len();
        dup.push(ms(t));
        let t = Instant::now();
        pairs = ctx
            .db
            .read(move |c| {
                use interact_store::schema::basic_infos;
                let rows: Vec<(String, Option<i64>)> = basic_infos::table
                    .filter(basic_infos::user_id.eq(user.id))
                    .order(basic_infos::match_key)
                    .select((basic_infos::match_key, basic_infos::contact_id))
                    .load(c)?;
                Ok(rows.len())
            })
            .await?;
        scan.push(ms(t));
    }
    let (dup, scan) = (median(dup), median(scan));

    // Merge of 10 contacts with 1,000 related records, and its ceiling.
    let (mut merges, mut reads) = (Vec::new(), Vec::new());
    let mut read_rows = 0;
    for round in 0..a.rounds {
        let (target, merged) = merge_fixture(&ctx, &who, round).await?;
        let t = Instant::now();
        read_rows = 0;
        for m in &merged {
            read_rows += interact_service::notes::of_contact(&ctx, &who, *m)
                .await?
                .len();
            read_rows += interact_service::deals::of_contact(&ctx, &who, *m)
                .await?
                .len();
            read_rows += interact_service::interactions::list_for_contact(&ctx, &who, *m)
                .await?
                .len();
        }
        reads.push(ms(t));
        let version = interact_service::contacts::get(
            &ctx,
            &who,
            target,
            interact_domain::contacts::Projection::Base,
        )
        .await
        .map(|p| match p {
            interact_domain::contacts::Projected::Base(c) => c.contact().version,
            _ => 1,
        })?;
        let t = Instant::now();
        let out = interact_service::merge::merge(
            &ctx,
            &who,
            MergeInput {
                contact_ids: merged,
                import_contact_ids: Vec::new(),
                target: Some(target),
                contact: ContactRequest {
                    version: Some(version),
                    hot: Some(true),
                    ..Default::default()
                },
            },
        )
        .await?;
        merges.push(ms(t));
        assert_eq!(out.contact.id, target);
    }
    let (merge, read) = (median(merges), median(reads));
    ctx.bus.shutdown();

    println!("### {backend}\n");
    println!(
        "{n} contacts (one phone number each) and {} import contacts seeded with SQL in {seeded:.1} s. \
         Median of {} rounds; service layer, no HTTP.\n",
        n / 100,
        a.rounds
    );
    println!("| measurement | time | ceiling (same run) | time | ratio |");
    println!("| --- | --- | --- | --- | --- |");
    println!(
        "| getDuplicates: {found} duplicate values | {dup:.1} ms | read the {pairs} (key, contact) pairs through the same index | {scan:.1} ms | {:.2} |",
        dup / scan
    );
    println!(
        "| merge of 10 contacts with 1,000 related records, each journaled | {merge:.1} ms | read those {read_rows} records with their views (30 list reads) | {read:.1} ms | {:.2} |",
        merge / read
    );
    println!("\ngetDuplicates query plan:\n\n```");
    for l in plan {
        println!("{l}");
    }
    println!("```\n");
    Ok(())
}
