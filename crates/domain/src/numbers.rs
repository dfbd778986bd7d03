//! Integers as JSON Schema reads them, wherever the server reads one: in a body, a path or a
//! query parameter. The OpenAPI document says `integer`, and JSON Schema's `integer` is any
//! number with a zero fraction: `7`, and also `7.0` or `7e0`. So the server reads those as 7
//! too, everywhere, and nothing else: not `+7`, `07` or ` 7` (which JSON does not write), not
//! `7.5`, and not a float past 2^53 (which is no longer the number that was written:
//! `-9223372036854775809` would be read as the float −2^63).

use serde_json::{Number, Value};

/// The largest magnitude up to which every integer is a float exactly (2^53).
const EXACT_IN_F64: f64 = 9_007_199_254_740_992.0;

/// A JSON number read as an integer: an integer within `i64`, or a float with a zero fraction
/// of at most 2^53 in magnitude.
pub fn integer(n: &Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0 && f.abs() <= EXACT_IN_F64).then_some(f as i64)
}

/// A JSON value read as an integer ([`integer`]), if it is a number.
pub fn integer_value(v: &Value) -> Option<i64> {
    v.as_number().and_then(integer)
}

/// Text read as an integer: a JSON number, exactly as JSON writes one (no sign `+`, no leading
/// zero, no blanks around it), that is an integer ([`integer`]).
pub fn integer_text(s: &str) -> Option<i64> {
    let (first, last) = (s.bytes().next()?, s.bytes().last()?);
    if !(first.is_ascii_digit() || first == b'-') || !last.is_ascii_digit() {
        return None;
    }
    match serde_json::from_str::<Value>(s).ok()? {
        Value::Number(n) => integer(&n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::integer_text;

    #[test]
    fn integers_as_json_schema_reads_them() {
        for (text, n) in [
            ("0", 0),
            ("7", 7),
            ("-7", -7),
            ("7.0", 7),
            ("7.00", 7),
            ("7e0", 7),
            ("1E3", 1000),
            ("9223372036854775807", i64::MAX),
        ] {
            assert_eq!(integer_text(text), Some(n), "{text}");
        }
        for text in [
            "",
            "+7",
            "07",
            " 7",
            "7 ",
            "7.5",
            "7.",
            ".7",
            "1e-1",
            "x",
            "0x10",
            "--7",
            "9223372036854775808",
            "1e19",
            "NaN",
        ] {
            assert_eq!(integer_text(text), None, "{text:?}");
        }
    }
}
