//! Integers where the server reads them. In a body, as JSON Schema reads an `integer`: any
//! number with a zero fraction (`7`, `7.0`), but not a float past 2^53, which is no longer the
//! number that was written (`-9223372036854775809` would be read as the float −2^63). In a
//! path or a query, as decimal digits without sign or leading zero (DESIGN.md).

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

/// An integer in a path or a query (DESIGN.md: decimal digits without sign or leading zero;
/// `0` itself is one), within `i64`. The OpenAPI document states it as a string pattern, since
/// its `integer` would admit `1.0`.
pub fn decimal(s: &str) -> Option<i64> {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimal_digits_only() {
        for (text, n) in [("0", 0), ("7", 7), ("9223372036854775807", i64::MAX)] {
            assert_eq!(decimal(text), Some(n), "{text}");
        }
        for text in [
            "",
            "+7",
            "07",
            " 7",
            "7 ",
            "-7",
            "7.0",
            "7e0",
            "7.5",
            "x",
            "9223372036854775808",
        ] {
            assert_eq!(decimal(text), None, "{text:?}");
        }
    }
}
