//! Helpers every broker module shares: dates in explicit formats, identifier cells, cash and
//! total rows, option symbols, and header column lookup with located errors.

use chrono::NaiveDate;

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::model::{Action, AssetClass, Transaction, Warning};
use crate::diag::Problem;
use crate::identifiers::normalize_symbol;
use crate::identifiers::{validate_cusip, validate_isin};
use crate::table::Table;

/// Parses a date trying `formats` in order (chrono `strftime` syntax). Dates are never guessed:
/// each broker module lists the formats its exports use, in its own order.
pub fn parse_date(text: &str, formats: &[&str]) -> Result<NaiveDate, String> {
    let t = text.trim();
    // "04/17/2023 as of 04/15/2023" (Schwab): the first date is the booking date.
    let t = match t.len() > 10 {
        true => t.split(" as of ").next().unwrap_or(t).trim(),
        false => t,
    };
    for f in formats {
        if let Some(d) = fixed_width_date(t, f) {
            return Ok(d);
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            if (1900..=2200).contains(&chrono::Datelike::year(&d)) {
                return Ok(d);
            }
        }
    }
    Err(format!(
        "{t:?} is not a date in the expected format ({})",
        formats.join(" or ")
    ))
}

/// `MM/DD/YYYY` and `YYYY-MM-DD` with all their digits, read without chrono's format parser (a
/// large history has a date on every row). `None` sends the text to chrono, which also accepts
/// one-digit days and months and gives the error message.
fn fixed_width_date(t: &str, format: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (y, m, d) = match (format, b.len()) {
        ("%m/%d/%Y", 10) if b[2] == b'/' && b[5] == b'/' => (num(6..10)?, num(0..2)?, num(3..5)?),
        ("%Y-%m-%d", 10) if b[4] == b'-' && b[7] == b'-' => (num(0..4)?, num(5..7)?, num(8..10)?),
        _ => return None,
    };
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// What an identifier cell holds: brokers put CUSIPs and ISINs in their Symbol column.
pub struct Ident {
    pub symbol: Option<String>,
    pub isin: Option<String>,
    pub cusip: Option<String>,
}

pub fn classify_identifier(cell: &str) -> Ident {
    let t = cell.trim().trim_end_matches('*').trim();
    let upper = t.to_ascii_uppercase();
    if upper.len() == 12 && validate_isin(&upper).is_ok() {
        Ident {
            symbol: None,
            isin: Some(upper),
            cusip: None,
        }
    } else if upper.len() == 9
        && upper.chars().any(|c| c.is_ascii_digit())
        && validate_cusip(&upper).is_ok()
    {
        Ident {
            symbol: None,
            isin: None,
            cusip: Some(upper),
        }
    } else if t.is_empty() {
        Ident {
            symbol: None,
            isin: None,
            cusip: None,
        }
    } else {
        Ident {
            symbol: Some(t.to_string()),
            isin: None,
            cusip: None,
        }
    }
}

/// Sweep and cash lines of positions files (`SPAXX**`, `FCASH**`, `USD***`, `CASH`,
/// `Cash & Cash Investments`...).
pub fn is_cash(symbol: &str, description: &str) -> bool {
    let s = symbol.trim();
    let d = description.trim().to_ascii_lowercase();
    s.ends_with("**")
        || [
            "cash",
            "cash & cash investments",
            "cash and money market",
            "cash & money market",
            "core",
        ]
        .iter()
        .any(|c| s.eq_ignore_ascii_case(c))
        || d.starts_with("held in money market")
        || d.starts_with("held in fcash")
        || d.contains("fdic-insured deposit sweep")
}

/// Total, subtotal and pending-activity rows: they summarise other rows and are never holdings.
pub fn is_total(cell: &str) -> bool {
    let c = cell.trim();
    // Without allocating: this is asked of every row of a history.
    let starts = |p: &str| c.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    c.eq_ignore_ascii_case("total")
        || c.eq_ignore_ascii_case("totals")
        || starts("account total")
        || starts("positions total")
        || starts("transactions total")
        || starts("pending activity")
        || starts("subtotal")
}

/// Option contracts: Fidelity ` -SNDK270917C1500`, OCC `AAPL  240119C00150000`, text such as
/// `SOFI 8/4/2023 Call $12.00` or `TWTR Feb 15 '19 $41 Call`.
pub fn is_option(symbol: &str, description: &str) -> bool {
    let s = symbol.trim();
    let occ = |x: &str| {
        let x = x.trim_start_matches('-');
        let n = x.len();
        // Byte offsets below: only meaningful (and only safe) on ASCII.
        x.is_ascii()
            && n >= 15
            && x[n - 15..n - 8]
                .chars()
                .all(|c| c.is_ascii_digit() || c == 'C' || c == 'P')
            && matches!(x.as_bytes()[n - 9], b'C' | b'P')
            && x[n - 8..].chars().all(|c| c.is_ascii_digit())
    };
    let fid = |x: &str| {
        x.starts_with('-')
            && x.len() > 8
            && x.chars().skip(1).any(|c| c == 'C' || c == 'P')
            && x.chars().filter(|c| c.is_ascii_digit()).count() >= 7
    };
    let words = format!(" {} {} ", s, description).to_ascii_lowercase();
    occ(s) || fid(s) || words.contains(" call ") || words.contains(" put ")
}

/// Asset class from a broker's security-type wording.
pub fn asset_class_from(text: &str) -> Option<AssetClass> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    Some(if t.contains("option") {
        AssetClass::Option
    } else if t.contains("etf") || t.contains("exchange traded") || t.contains("closed end") {
        AssetClass::Etf
    } else if t.contains("mutual fund") || t == "fund" || t.contains("funds") {
        AssetClass::Fund
    } else if t.contains("bond") || t.contains("fixed income") || t.contains("treasur") {
        AssetClass::Bond
    } else if t == "cd" || t.contains("certificate of deposit") {
        AssetClass::Cd
    } else if t.contains("crypto") {
        AssetClass::Crypto
    } else if t.contains("equit") || t.contains("stock") || t.contains("share") {
        AssetClass::Equity
    } else {
        AssetClass::Other
    })
}

/// Column lookup for one table: required columns missing from the header become one problem
/// each, located on the header line.
pub struct Columns<'a> {
    pub table: &'a Table<'a>,
    pub problems: Vec<Problem>,
}

impl<'a> Columns<'a> {
    pub fn new(table: &'a Table) -> Self {
        Columns {
            table,
            problems: Vec::new(),
        }
    }

    pub fn optional(&self, aliases: &[&str]) -> Option<usize> {
        self.table.find(aliases)
    }

    pub fn required(&mut self, aliases: &[&str]) -> usize {
        match self.table.find(aliases) {
            Some(i) => i,
            None => {
                self.problems.push(Problem::at(
                    &self.table.file,
                    self.table.header_line,
                    format!("the header has no {:?} column", aliases[0]),
                ));
                usize::MAX
            }
        }
    }

    /// Ok if every required column was found.
    pub fn finish(self) -> Result<(), Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }
}

/// An option removal (Merrill, TD Ameritrade) closes the contract: it goes against the net of
/// the contract's other rows in the same account (a long position leaves, a short one is closed). Without such rows the
/// position was opened before the history starts and the row is ignored with a warning.
pub fn sign_option_removals(
    transactions: &mut [Transaction],
    removals: &[usize],
    warnings: &mut Vec<Warning>,
) {
    let key = |t: &Transaction| {
        (
            t.account.clone().unwrap_or_default(),
            t.symbol
                .as_deref()
                .map(normalize_symbol)
                .unwrap_or_default(),
        )
    };
    let removed: HashSet<usize> = removals.iter().copied().collect();
    let mut net: HashMap<(String, String), Decimal> = HashMap::new();
    for (i, t) in transactions.iter().enumerate() {
        if !removed.contains(&i) {
            *net.entry(key(t)).or_default() += t.quantity;
        }
    }
    for &i in removals {
        let Some(t) = transactions.get_mut(i) else {
            continue;
        };
        let open = net.get(&key(t)).copied().unwrap_or_default();
        if open > Decimal::ZERO {
            t.quantity = -t.quantity;
        } else if open.is_zero() {
            warnings.push(Warning::at(
                t.line,
                format!(
                    "{}: the option is removed but the history never opens it; the row is ignored",
                    t.symbol.as_deref().unwrap_or("?")
                ),
            ));
            t.quantity = Decimal::ZERO;
            t.action = Action::Other;
        }
    }
}

/// The price of one unit of what a trade moved. Bonds, notes, bills and CDs are quoted in percent
/// of face value (`99.52` for a Treasury bill bought at 99.52 % of par) while their quantity is the
/// face value, so quantity × price is 100 times what the row's amount says was paid: then the
/// price per unit is `price ÷ 100`. The test is the amount itself (it may include commission and
/// accrued interest, hence the wide band); without an amount the price is kept as written. Only
/// for files whose price and amount are in the same currency (not GBX prices with GBP amounts).
pub fn per_unit_price(price: Decimal, quantity: Decimal, amount: Option<Decimal>) -> Decimal {
    let (Some(paid), Some(notional)) = (
        amount.map(|a| a.abs()).filter(|a| !a.is_zero()),
        price.abs().checked_mul(quantity.abs()),
    ) else {
        return price;
    };
    let (low, high) = (
        paid.checked_mul(Decimal::from(50)),
        paid.checked_mul(Decimal::from(200)),
    );
    match (low, high) {
        (Some(low), Some(high)) if (low..=high).contains(&notional) => price / Decimal::ONE_HUNDRED,
        _ => price,
    }
}

/// Below this many rows a file is parsed on one thread (spawning costs more than it saves).
const PARALLEL_ROWS: usize = 50_000;

/// Runs `parse` over `0..rows` split into consecutive ranges, one per core for a large file, and
/// returns the results in row order (the caller merges them; merged in order, they are what one
/// pass would have given).
pub fn in_parts<T: Send>(
    rows: usize,
    parse: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if rows < PARALLEL_ROWS || cores < 2 {
        return vec![parse(0..rows)];
    }
    let size = rows.div_ceil(cores);
    let parse = &parse;
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..cores)
            .map(|k| scope.spawn(move || parse(k * size..((k + 1) * size).min(rows))))
            .collect();
        parts
            .into_iter()
            .map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_listed_formats_only() {
        let us = &["%m/%d/%Y"];
        assert_eq!(
            parse_date("04/17/2023 as of 04/15/2023", us).map(|d| d.to_string()),
            Ok("2023-04-17".into())
        );
        assert_eq!(
            parse_date(" 7/31/2023 ", us).map(|d| d.to_string()),
            Ok("2023-07-31".into())
        );
        assert!(parse_date("13/01/2024", us).is_err());
        assert!(parse_date("2024-01-31", us).is_err());
    }

    #[test]
    fn identifiers_are_classified() {
        // A Treasury CUSIP from a Fidelity history; one wrong check digit makes it a plain symbol.
        assert_eq!(
            classify_identifier("9128285B2").cusip.as_deref(),
            Some("9128285B2")
        );
        assert_eq!(classify_identifier("9128285B3").cusip.as_deref(), None);
        assert_eq!(
            classify_identifier("59515R401").cusip.as_deref(),
            Some("59515R401")
        );
        assert_eq!(
            classify_identifier("US0231351067").isin.as_deref(),
            Some("US0231351067")
        );
        assert_eq!(classify_identifier("NVDA").symbol.as_deref(), Some("NVDA"));
    }

    #[test]
    fn prices_in_percent_of_par_become_prices_per_unit() {
        use rust_decimal_macros::dec;
        // TD Ameritrade: "Bought 5000 912797LB1 @ 99.52", amount -4976.00.
        assert_eq!(
            per_unit_price(dec!(99.52), dec!(5000), Some(dec!(-4976.00))),
            dec!(0.9952)
        );
        // Fidelity: 55000 face at 90.67 with accrued interest, amount -50151.44.
        assert_eq!(
            per_unit_price(dec!(90.67), dec!(55000), Some(dec!(-50151.44))),
            dec!(0.9067)
        );
        // A share: the amount is quantity × price (plus fees).
        assert_eq!(
            per_unit_price(dec!(285.10), dec!(-4), Some(dec!(1140.38))),
            dec!(285.10)
        );
        // An option's amount is 100 × quantity × price: not a bond.
        assert_eq!(
            per_unit_price(dec!(5.40), dec!(2), Some(dec!(-1080.00))),
            dec!(5.40)
        );
        // No amount (or a zero one): the price as written.
        assert_eq!(per_unit_price(dec!(99.52), dec!(5000), None), dec!(99.52));
        assert_eq!(
            per_unit_price(dec!(99.52), dec!(5000), Some(dec!(0))),
            dec!(99.52)
        );
    }

    #[test]
    fn cash_totals_and_options() {
        assert!(is_cash("SPAXX**", "HELD IN MONEY MARKET"));
        assert!(is_cash("Cash & Cash Investments", ""));
        assert!(!is_cash("SWVXX", "SCHWAB VALUE ADVANTAGE MONEY"));
        assert!(is_total("Account Total"));
        assert!(is_total("Pending activity"));
        assert!(is_option(
            " -SNDK270917C1500",
            "SNDK SEP 17 2027 $1,500 CALL"
        ));
        assert!(is_option("TWTR Feb 15 '19 $41 Call", ""));
        assert!(!is_option("VTI", "VANGUARD TOTAL STK MKT ETF"));
        assert!(!is_option("ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄ", ""));
    }
}
