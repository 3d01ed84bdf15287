//! The one place where human-written numbers become `Decimal`s. Never binary floating point: a portfolio value that
//! drifts by a cent between the table and the total is a bug report.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// Largest magnitude accepted from an imported file (a trillion: more shares than any company
/// has, more dollars than any retail position). It bounds every product and sum the engine forms
/// far below `Decimal`'s limit, so arithmetic on user data cannot overflow.
pub const MAX_INPUT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// How a file writes numbers: `1,234.56` (US/UK) or `1.234,56` (most of continental Europe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    #[default]
    DotDecimal,
    CommaDecimal,
}

/// Parses a number written in `format`; see [`parse`] for the accepted spellings.
pub fn parse_in(raw: &str, format: NumberFormat) -> Result<Option<Decimal>, String> {
    match format {
        NumberFormat::DotDecimal => parse(raw),
        NumberFormat::CommaDecimal => {
            // Swap the roles of '.' and ',' (and drop the thin/normal spaces used as grouping).
            let swapped: String = raw
                .chars()
                .filter(|c| *c != '.' && *c != '\u{202f}' && *c != '\u{a0}')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            parse(&swapped)
        }
    }
}

/// Parses `1234.56`, `$1,234.56`, `-$1.20`, `+$0.16`, `($6,148.00)`, `.5`, `1 234`, `12%`-free text.
/// Returns `Ok(None)` for empty cells and the placeholders brokers use for "no value".
pub fn parse(raw: &str) -> Result<Option<Decimal>, String> {
    let s = raw.trim();
    if s.is_empty() || is_placeholder(s) {
        return Ok(None);
    }
    match common(s) {
        Some(v) => Ok(Some(v)),
        None => general(s).map(Some),
    }
}

/// Every accepted spelling (see [`parse`]); `s` is trimmed and not a placeholder.
fn general(s: &str) -> Result<Decimal, String> {
    let (mut negative, mut body) = (false, s);
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        negative = true;
        body = inner.trim();
    }
    if let Some(rest) = body.strip_prefix('-') {
        negative = !negative;
        body = rest.trim_start();
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest.trim_start();
    }
    let body = body
        .strip_prefix('$')
        .or_else(|| body.strip_prefix('€'))
        .or_else(|| body.strip_prefix('£'))
        .unwrap_or(body)
        .trim_start();
    // Trailing currency codes or symbols ("1,234.56 USD", "12,50 €") and a trailing space.
    let body = body.trim_end().trim_end_matches(['€', '$', '£']).trim_end();
    let body = match body.rsplit_once(' ') {
        Some((num, code)) if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) => {
            num.trim_end()
        }
        _ => body,
    };
    // A sign after the currency symbol ("$-1.20") is also seen in exports.
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) if !negative => (true, rest),
        _ => (negative, body),
    };
    // The digits without grouping, with a leading 0 before a bare '.', in a stack buffer: money
    // cells of a large history come through here.
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut dots = 0;
    let mut digits = false;
    for b in body.bytes().filter(|b| *b != b',' && *b != b' ') {
        if !(b.is_ascii_digit() || b == b'.') {
            return Err(EXPECTED_DIGITS.to_string());
        }
        digits |= b.is_ascii_digit();
        if b == b'.' {
            dots += 1;
            if len == 0 {
                buf[0] = b'0';
                len = 1;
            }
        }
        if len == buf.len() {
            return Err(format!("more than {} digits", buf.len() - 1));
        }
        buf[len] = b;
        len += 1;
    }
    if !digits || dots > 1 {
        return Err(EXPECTED_DIGITS.to_string());
    }
    let cleaned = std::str::from_utf8(&buf[..len]).map_err(|e| e.to_string())?;
    let value = Decimal::from_str(cleaned).map_err(|e| format!("{e}"))?;
    Ok(if negative { -value } else { value })
}

const EXPECTED_DIGITS: &str = "expected digits such as 1234.56 or $1,234.56";

/// The spellings of almost every cell of a large file, read digit by digit: `12`, `-0.5`,
/// `$1,234.56`, `-$11,831.57`. `None` for anything else (or more than 18 digits), which the
/// general path then reads; both give the same value where both apply.
fn common(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    let negative = b.first() == Some(&b'-');
    let mut i = usize::from(negative);
    if b.get(i) == Some(&b'$') {
        i += 1;
    }
    let (mut mantissa, mut digits, mut scale, mut dot) = (0i64, 0u32, 0u32, false);
    for &c in &b[i..] {
        match c {
            b'0'..=b'9' if digits < 18 => {
                mantissa = mantissa * 10 + i64::from(c - b'0');
                digits += 1;
                scale += u32::from(dot);
            }
            b',' if !dot && digits > 0 => {}
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let value = Decimal::new(mantissa, scale);
    Some(if negative { -value } else { value })
}

/// Cells that mean "no value" in broker exports.
pub fn is_placeholder(s: &str) -> bool {
    if s.starts_with(|c: char| c.is_ascii_digit() || c == '$' || c == '(') {
        return false; // every number: decided on the first character
    }
    ["--", "-", "n/a", "na", "incomplete", "not available"]
        .iter()
        .any(|p| s.eq_ignore_ascii_case(p))
}

/// Rounds money to cents, half away from zero (the accounting convention; `round_dp` alone is
/// banker's rounding).
pub fn cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_quick_path_agrees_with_the_general_one() {
        // Random spellings over the characters of money cells; wherever the quick path gives a
        // value, the general path must give the same one.
        let alphabet = b"0123456789,.$-";
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut checked = 0;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 12) as usize;
            let s: String = (0..len)
                .map(|k| alphabet[((state >> (k * 5)) % alphabet.len() as u64) as usize] as char)
                .collect();
            if let Some(v) = common(&s) {
                assert_eq!(general(&s), Ok(v), "{s:?}");
                checked += 1;
            }
        }
        assert!(
            checked > 1_000,
            "only {checked} spellings took the quick path"
        );
    }

    #[test]
    fn parses_broker_spellings() {
        assert_eq!(parse("1234.56"), Ok(Some(dec!(1234.56))));
        assert_eq!(parse("$1,234.56"), Ok(Some(dec!(1234.56))));
        assert_eq!(parse("-$1.20"), Ok(Some(dec!(-1.20))));
        assert_eq!(parse("$-1.20"), Ok(Some(dec!(-1.20))));
        assert_eq!(parse("+$0.16"), Ok(Some(dec!(0.16))));
        assert_eq!(parse("($6,148.00)"), Ok(Some(dec!(-6148.00))));
        assert_eq!(parse(".0000"), Ok(Some(dec!(0.0000))));
        assert_eq!(parse(" 120 "), Ok(Some(dec!(120))));
        assert_eq!(parse("--"), Ok(None));
        assert_eq!(parse("N/A"), Ok(None));
        assert_eq!(parse(""), Ok(None));
        assert!(parse("abc").is_err());
        assert!(parse("1.2.3").is_err());
        assert!(parse("$").is_err());
        assert!(parse("1e5").is_err());
        assert!(parse("12S").is_err());
    }

    #[test]
    fn parses_decimal_commas() {
        assert_eq!(
            parse_in("1.234,56", NumberFormat::CommaDecimal),
            Ok(Some(dec!(1234.56)))
        );
        assert_eq!(
            parse_in("-12,5", NumberFormat::CommaDecimal),
            Ok(Some(dec!(-12.5)))
        );
        assert_eq!(
            parse_in("12,50 €", NumberFormat::CommaDecimal),
            Ok(Some(dec!(12.50)))
        );
        assert_eq!(
            parse_in("1,234.56 USD", NumberFormat::DotDecimal),
            Ok(Some(dec!(1234.56)))
        );
    }

    #[test]
    fn max_input_is_one_trillion() {
        assert_eq!(MAX_INPUT, dec!(1000000000000));
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(cents(dec!(2.345)), dec!(2.35));
        assert_eq!(cents(dec!(-2.345)), dec!(-2.35));
        assert_eq!(cents(dec!(2.344)), dec!(2.34));
    }
}
