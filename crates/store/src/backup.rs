//! A consistent copy of the SQLite database while servers keep using it (`VACUUM INTO`: one
//! read transaction, so writers go on and the copy holds exactly the commits before it).

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::{Connection, RunQueryDsl, SqliteConnection};

/// Copies the SQLite database at `db` to the new file `to` and answers its size in bytes.
/// The copy is written beside `to` and renamed into place once it is complete and on disk,
/// so `to` never holds a partial copy.
pub fn sqlite_copy(db: &Path, to: &Path) -> anyhow::Result<u64> {
    if !db.is_file() {
        anyhow::bail!("there is no database at {}", db.display());
    }
    if to.exists() {
        anyhow::bail!(
            "{} exists already; name a new file (a backup never overwrites)",
            to.display()
        );
    }
    let dir = match to.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!("the folder {} does not exist", dir.display());
    }
    let name = to
        .file_name()
        .ok_or_else(|| anyhow::anyhow!("{} names no file", to.display()))?;
    let partial = dir.join(format!(
        ".{}.partial-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = copy_into(db, &partial).and_then(|()| {
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, to)?;
        // The rename itself is durable once the folder is synced.
        std::fs::File::open(&dir)?.sync_all()?;
        Ok(std::fs::metadata(to)?.len())
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn copy_into(db: &Path, partial: &Path) -> anyhow::Result<()> {
    let db_str = db
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("{} is not UTF-8", db.display()))?;
    let partial_str = partial
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("{} is not UTF-8", partial.display()))?;
    let mut conn = SqliteConnection::establish(db_str)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", db.display()))?;
    // Servers may hold the write lock for a moment; a read transaction waits for none in WAL
    // mode, but a checkpoint or a rollback journal may make it wait.
    conn.batch_execute("PRAGMA busy_timeout = 30000;")?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<diesel::sql_types::Text, _>(partial_str)
        .execute(&mut conn)
        .map_err(|e| anyhow::anyhow!("copying {} failed: {e}", db.display()))?;
    Ok(())
}
