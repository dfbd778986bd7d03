//! The matching keys of basicInfos: phone numbers in E.164 where they parse (with the
//! configured default region for national numbers), emails and websites lower-cased. The key
//! is only for matching and search; the value the client sent is the one returned.

use interact_domain::contacts::BasicInfoType;
use phonenumber::country::Id;
use phonenumber::Mode;

/// A phone-number region (ISO 3166-1 alpha-2).
pub type Region = Id;

/// Parses a region such as `DE` or `us` (ISO 3166-1 alpha-2).
pub fn parse_region(s: &str) -> Option<Id> {
    s.trim().to_ascii_uppercase().parse::<Id>().ok()
}

/// The key a phone, mobile or fax number is matched by: E.164 (`+49301234567`) when the
/// number parses; otherwise its digits, with a leading `+` kept.
pub fn phone_key(value: &str, region: Id) -> String {
    // The parser works on untrusted text; should it ever panic on some input, that input
    // falls back to its digits instead of failing the request.
    let parsed = std::panic::catch_unwind(|| {
        phonenumber::parse(Some(region), value)
            .ok()
            .map(|n| n.format().mode(Mode::E164).to_string())
    });
    if let Ok(Some(key)) = parsed {
        return key;
    }
    let trimmed = value.trim_start();
    let mut key = String::new();
    if trimmed.starts_with('+') {
        key.push('+');
    }
    key.extend(value.chars().filter(char::is_ascii_digit));
    if key.is_empty() || key == "+" {
        value.trim().to_lowercase()
    } else {
        key
    }
}

/// The matching key of a basicInfo value of this type.
pub fn match_key(type_: BasicInfoType, value: &str, region: Id) -> String {
    if type_.is_number() {
        phone_key(value, region)
    } else {
        value.trim().to_lowercase()
    }
}

/// Whether a search query looks like a phone number (only digits and the usual separators,
/// and at least three digits), so it is also searched by its normalized key.
pub fn looks_like_number(q: &str) -> bool {
    let digits = q.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && q.chars()
            .all(|c| c.is_ascii_digit() || " +-()/.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_in_many_spellings() {
        let de = Id::DE;
        for v in [
            "+49 30 1234567",
            "030 1234567",
            "0049301234567",
            "(030) 123-4567",
            "+49 (0)30 1234567",
        ] {
            assert_eq!(phone_key(v, de), "+49301234567", "{v}");
        }
        assert_eq!(phone_key("+1 202-555-0146", de), "+12025550146");
        assert_eq!(phone_key("(202) 555-0146", Id::US), "+12025550146");
    }

    #[test]
    fn unparsable_numbers_keep_their_digits() {
        assert_eq!(phone_key("call me", Id::DE), "call me");
        assert_eq!(phone_key("+", Id::DE), "+");
    }

    #[test]
    fn odd_input_never_fails() {
        for v in [
            "",
            "+",
            "++49",
            "0",
            "00",
            "+0",
            "tel:",
            "ä😀",
            "1;ext=",
            "+999999999999999999999",
        ] {
            let _ = phone_key(v, Id::DE);
        }
        assert!(looks_like_number("030 123-45"));
        assert!(!looks_like_number("john 030"));
        assert!(!looks_like_number("12"));
    }

    #[test]
    fn emails_are_lower_cased() {
        assert_eq!(
            match_key(BasicInfoType::Email, " John.Doe@Example.COM ", Id::DE),
            "john.doe@example.com"
        );
    }

    #[test]
    fn regions() {
        assert_eq!(parse_region("de"), Some(Id::DE));
        assert_eq!(parse_region("XX"), None);
    }
}
