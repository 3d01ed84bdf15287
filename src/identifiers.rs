//! Security identifiers: ticker spellings, ISIN and CUSIP check digits.

/// One spelling per ticker: upper case, class-share separators unified (`BRK-B`, `BRK/B`,
/// `BRK B` and `brk.b` all become `BRK.B`).
pub fn normalize_symbol(symbol: &str) -> String {
    symbol
        .trim()
        .to_ascii_uppercase()
        .chars()
        .map(|c| if matches!(c, '-' | '/' | ' ') { '.' } else { c })
        .collect()
}

/// Value of an identifier character in the ISIN/CUSIP schemes: digits as is, A=10 ... Z=35.
fn char_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        _ => None,
    }
}

/// Checks an ISIN: 2 letters, 9 alphanumerics, 1 check digit (Luhn over the letter-expanded digits).
pub fn validate_isin(isin: &str) -> Result<(), String> {
    let chars: Vec<char> = isin.chars().collect();
    if chars.len() != 12
        || !chars[..2].iter().all(|c| c.is_ascii_uppercase())
        || !chars[2..11]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        || !chars[11].is_ascii_digit()
    {
        return Err(format!(
            "{isin:?} is not an ISIN (2 letters, 9 letters/digits, 1 check digit)"
        ));
    }
    let mut digits = Vec::new();
    for c in &chars[..11] {
        let v = char_value(*c).ok_or_else(|| format!("{isin:?} has an invalid character {c:?}"))?;
        if v >= 10 {
            digits.push(v / 10);
        }
        digits.push(v % 10);
    }
    // Luhn: double every second digit from the right of the payload (the check digit is excluded).
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                *d
            }
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    if chars[11].to_digit(10) == Some(check) {
        Ok(())
    } else {
        Err(format!(
            "{isin:?} has a wrong check digit (expected {check})"
        ))
    }
}

/// Checks a CUSIP: 8 alphanumerics and a check digit ("modulus 10 double add double").
pub fn validate_cusip(cusip: &str) -> Result<(), String> {
    let chars: Vec<char> = cusip.chars().collect();
    if chars.len() != 9 || !chars[8].is_ascii_digit() {
        return Err(format!(
            "{cusip:?} is not a CUSIP (8 letters/digits and a check digit)"
        ));
    }
    let mut sum = 0;
    for (i, c) in chars[..8].iter().enumerate() {
        let mut v = match c {
            '*' => 36,
            '@' => 37,
            '#' => 38,
            _ => {
                char_value(*c).ok_or_else(|| format!("{cusip:?} has an invalid character {c:?}"))?
            }
        };
        if i % 2 == 1 {
            v *= 2;
        }
        sum += v / 10 + v % 10;
    }
    let check = (10 - sum % 10) % 10;
    if chars[8].to_digit(10) == Some(check) {
        Ok(())
    } else {
        Err(format!(
            "{cusip:?} has a wrong check digit (expected {check})"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_share_spellings_are_one_symbol() {
        for s in ["BRK.B", "BRK-B", "BRK/B", "brk.b", " BRK B "] {
            assert_eq!(normalize_symbol(s), "BRK.B");
        }
    }

    #[test]
    fn isin_check_digits() {
        // Published identifiers (Microsoft, Apple, BAE Systems).
        assert_eq!(validate_isin("US5949181045"), Ok(()));
        assert_eq!(validate_isin("US0378331005"), Ok(()));
        assert_eq!(validate_isin("GB0002634946"), Ok(()));
        assert!(validate_isin("US5949181046").is_err());
        assert!(validate_isin("US594918104").is_err());
    }

    #[test]
    fn cusip_check_digits() {
        assert_eq!(validate_cusip("594918104"), Ok(()));
        assert_eq!(validate_cusip("037833100"), Ok(()));
        assert_eq!(validate_cusip("67066G104"), Ok(()));
        assert!(validate_cusip("594918105").is_err());
    }
}
