//! Human formatting of decimals for traces and the CLI (the UI formats the JSON strings itself).

use rust_decimal::Decimal;

use crate::money::cents;

/// `1234567.891` → `1,234,567.89` (cents, half away from zero).
pub fn usd(d: Decimal) -> String {
    format!("${}", grouped(cents(d), 2))
}

/// An amount in `currency`: `$1,234.56`, `€1,234.56`, `£12.00`, `CHF 1,234.56`.
pub fn money(d: Decimal, currency: &str) -> String {
    let n = grouped(cents(d), 2);
    let (sign, n) = match n.strip_prefix('-') {
        Some(rest) => ("-", rest.to_string()),
        None => ("", n),
    };
    match currency {
        "USD" => format!("{sign}${n}"),
        "EUR" => format!("{sign}€{n}"),
        "GBP" => format!("{sign}£{n}"),
        "JPY" => format!("{sign}¥{n}"),
        c => format!("{sign}{c} {n}"),
    }
}

/// [`money`], or "unknown": a value nobody can know is never 0.
pub fn money_or_unknown(d: Option<Decimal>, currency: &str) -> String {
    d.map_or_else(|| "unknown".into(), |d| money(d, currency))
}

/// Thousands separators, exactly `dp` decimals (`dp` = 0 for share counts).
pub fn grouped(d: Decimal, dp: u32) -> String {
    let d = d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let s = format!("{:.*}", dp as usize, d.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if d.is_sign_negative() && !d.is_zero() {
        format!("-{out}")
    } else {
        out
    }
}

/// A plain number without trailing zeros: `120`, `0.25`.
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A fraction as a percentage with `dp` decimals: 0.123456 → `12.35%`.
pub fn percent(fraction: Decimal, dp: u32) -> String {
    format!("{}%", grouped(fraction * Decimal::ONE_HUNDRED, dp))
}

/// A change of a money figure: "+$1,753.94", "-$46.77", or "unknown".
pub fn usd_change(d: Option<Decimal>) -> String {
    match d {
        Some(d) if d > Decimal::ZERO => format!("+{}", usd(d)),
        Some(d) => usd(d),
        None => "unknown".into(),
    }
}

/// A large deal amount in words a reader takes in at once: $38B, $1.4T, $250M.
pub fn amount_short(d: Option<Decimal>) -> String {
    let Some(d) = d else {
        return "undisclosed".into();
    };
    let steps = [
        (Decimal::from(1_000_000_000_000u64), "T"),
        (Decimal::from(1_000_000_000u64), "B"),
        (Decimal::from(1_000_000u64), "M"),
    ];
    for (unit, suffix) in steps {
        if d.abs() >= unit {
            let v = (d / unit).round_dp(2).normalize();
            return format!("${v}{suffix}");
        }
    }
    usd(d)
}

/// Holdings as a table cell: those held directly by name, the companies inside each fund
/// counted ("NVDA MSFT via VTI (9)"), so a fund's twenty companies do not fill the line.
pub fn holdings_list(holdings: &[String], sep: &str) -> String {
    let mut direct: Vec<&str> = Vec::new();
    let mut funds: Vec<(&str, usize)> = Vec::new();
    for h in holdings {
        match h.split_once(" via ") {
            Some((_, fund)) => match funds.iter_mut().find(|(f, _)| *f == fund) {
                Some((_, n)) => *n += 1,
                None => funds.push((fund, 1)),
            },
            None => direct.push(h),
        }
    }
    direct
        .into_iter()
        .map(str::to_string)
        .chain(funds.into_iter().map(|(f, n)| format!("via {f} ({n})")))
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn groups_thousands() {
        assert_eq!(usd(dec!(1234567.891)), "$1,234,567.89");
        assert_eq!(usd(dec!(0.005)), "$0.01");
        assert_eq!(grouped(dec!(-1234.5), 2), "-1,234.50");
        assert_eq!(grouped(dec!(7432377655), 0), "7,432,377,655");
        assert_eq!(grouped(dec!(999), 0), "999");
        assert_eq!(percent(dec!(0.123456), 2), "12.35%");
        assert_eq!(plain(dec!(0.250)), "0.25");
    }

    #[test]
    fn fund_companies_are_counted_per_fund() {
        let h: Vec<String> = [
            "MSFT",
            "NVDA",
            "NVDA via VTI",
            "GOOGL+GOOG via VTI",
            "MSFT via IVV",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            super::holdings_list(&h, ", "),
            "MSFT, NVDA, via VTI (2), via IVV (1)"
        );
    }
}
