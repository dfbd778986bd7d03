//! What the file parsers' tests share (`mod common;` in each).

use std::time::Instant;

use interact_errors::Result;
use interact_service::import::Parsed;

/// Parses a generated file of `n` records: every one is read, in under 20 s (the time is
/// printed; `what` names the records).
pub fn parses_in_time(what: &str, n: usize, text: &str, parse: fn(&str) -> Result<Parsed>) {
    let started = Instant::now();
    let parsed = parse(text).unwrap();
    let took = started.elapsed();
    assert_eq!(parsed.contacts.len(), n);
    assert!(parsed.failed.is_empty());
    println!(
        "parsed {n} {what} ({} bytes) in {} ms",
        text.len(),
        took.as_millis()
    );
    assert!(took.as_secs() < 20, "took {took:?}");
}

/// Random mixes of `pieces` (separated by `|`; from a fixed `seed`, so a failure is
/// reproducible): `parse` never panics.
pub fn never_panics<T>(mut seed: u64, pieces: &str, parse: fn(&str) -> T) {
    let pieces: Vec<&str> = pieces.split('|').collect();
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..3_000 {
        let len = next() % 60;
        let text: String = (0..len).map(|_| pieces[next() % pieces.len()]).collect();
        let _ = parse(&text);
    }
}
