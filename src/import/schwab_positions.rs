//! Charles Schwab positions export (Accounts → Positions → Export), every known generation:
//!
//! * 2021: `"Positions for account Individual      XXXX-1234 as of 09:59 PM ET, 09/26/2021"`, a
//!   blank line, then `"Symbol","Description","Quantity","Price",…,"Security Type",` (trailing
//!   comma), CRLF;
//! * 2023: every line padded to 17 quoted fields, title date `YYYY/MM/DD`, `Ratings` column;
//! * 2025: abbreviated names `Qty (Quantity)`, `Mkt Val (Market Value)`…;
//! * Dec 2025: an **empty** third header name, `Qty (Quantity)` moved after `Price`;
//! * Apr 2026: `Asset Type` instead of `Security Type`, `Positions Total` instead of
//!   `Account Total`.
//!
//! All-Accounts files (`"Positions for All-Accounts as of …"`) repeat, per account, a label line
//! (`"Individual ...123"`), a header, rows, `Cash & Cash Investments`, `Account Total` and a
//! blank line. Columns are found by name; totals are skipped; the cash line goes to
//! [`Parsed::cash`]; money-market funds such as SWVXX are ordinary holdings.

use crate::table::Record;
use chrono::NaiveDate;

use super::toolkit::{asset_class_from, classify_identifier, is_cash, is_total, Columns};
use super::{AssetClass, Cash, Format, Holding, Parsed, Source, Warning};
use crate::diag::{snippet, Problem};
use crate::table::{same_header, Records, Table};

pub struct SchwabPositions;

const SYMBOL: &[&str] = &["Symbol"];
const DESCRIPTION: &[&str] = &["Description"];
const QUANTITY: &[&str] = &["Qty (Quantity)", "Quantity", "Qty"];
const PRICE: &[&str] = &["Price"];
const VALUE: &[&str] = &["Mkt Val (Market Value)", "Market Value", "Mkt Val"];
const TYPE: &[&str] = &["Security Type", "Asset Type"];

/// Header names only Schwab's positions export uses (for files whose title line was removed).
const SCHWAB_ONLY: &[&str] = &[
    "Qty (Quantity)",
    "Mkt Val (Market Value)",
    "Price Chng $ (Price Change $)",
    "% of Acct (% of Account)",
    "% Of Account",
    "Reinvest Dividends?",
    "Reinvest Capital Gains?",
];

/// Title dates: `09/26/2021` (2021–early 2023) and `2023/06/04` (mid 2023 on).
const TITLE_DATES: &[&str] = &["%m/%d/%Y", "%Y/%m/%d"];

impl Format for SchwabPositions {
    fn name(&self) -> &'static str {
        "schwab-positions"
    }

    fn label(&self) -> &'static str {
        "Schwab Positions"
    }

    fn detect(&self, source: &Source) -> bool {
        let Ok(records) = source.records() else {
            return false;
        };
        let Some((_, first)) = records.first() else {
            return false;
        };
        if is_title(first) {
            // A title, then a header within the next few lines.
            return records.iter().take(6).any(|(_, r)| is_header(r));
        }
        // A title-less copy: the first line is the header, with Schwab's own column names.
        is_header(first)
            && first
                .iter()
                .any(|c| SCHWAB_ONLY.iter().any(|n| same_header(c, n)))
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        parse_records(records)
    }
}

/// What a title line says: the account label (`None` for All-Accounts files) and the date.
struct Title {
    account: Option<String>,
    date: Result<NaiveDate, String>,
}

/// `Positions for account Individual ...123 as of 12:33 PM ET, 2025/05/04`,
/// `Positions for All-Accounts as of 09:59 PM ET, 09/26/2021`, `Positions for CUSTACCS as of …`.
fn parse_title(cell: &str) -> Option<Title> {
    let t = cell.trim();
    let rest = strip_prefix_ci(t, "positions for ")?;
    let (who, when) = rest.rsplit_once(" as of ")?;
    let account = strip_prefix_ci(who.trim(), "account ")
        .map(collapse_spaces)
        .filter(|a| !a.is_empty());
    // The date is the last word: "09:59 PM ET, 09/26/2021".
    let date_text = when.rsplit([',', ' ']).next().unwrap_or("").trim();
    let date = super::toolkit::parse_date(date_text, TITLE_DATES);
    Some(Title { account, date })
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// `Individual                        XXXX-1234` → `Individual XXXX-1234`.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has(record: Record<'_>, names: &[&str]) -> bool {
    record
        .iter()
        .any(|c| names.iter().any(|n| same_header(c, n)))
}

fn is_header(record: Record<'_>) -> bool {
    has(record, SYMBOL) && has(record, QUANTITY)
}

fn non_empty_cells(record: Record<'_>) -> usize {
    record.iter().filter(|c| !c.trim().is_empty()).count()
}

/// The title line as one text: a spreadsheet re-save drops the quotes, so the comma before the
/// date splits it into two cells; padded exports add empty cells.
fn title_text(record: Record<'_>) -> String {
    let cells: Vec<&str> = record.iter().collect();
    cells.join(",").trim_end_matches([',', ' ']).to_string()
}

fn is_title(record: Record<'_>) -> bool {
    parse_title(&title_text(record)).is_some()
}

/// One account's table: its header row, the end of its rows and its account label.
struct Block {
    header: usize,
    end: usize,
    account: Option<String>,
}

fn parse_records(records: &Records) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut as_of = None;
    let mut title_account = None;
    for (line, record) in records.iter() {
        if let Some(title) = parse_title(&title_text(record)) {
            match title.date {
                Ok(d) => as_of = as_of.max(Some(d)),
                Err(e) => problems.push(Problem::at(
                    &records.file,
                    line,
                    format!("the title's date: {e}"),
                )),
            }
            if title.account.is_some() {
                title_account = title.account;
            }
        }
    }
    let headers: Vec<usize> = (0..records.len())
        .filter(|&i| is_header(records.record(i)))
        .collect();
    if headers.is_empty() {
        problems.push(Problem::file(
            &records.file,
            "no header row with \"Symbol\" and \"Quantity\" (or \"Qty (Quantity)\") columns",
        ));
        return Err(problems);
    }
    // An account label is the single-cell line right before a header (All-Accounts files).
    let label_of = |h: usize| -> Option<String> {
        let prev = h.checked_sub(1)?;
        let rec = records.record(prev);
        let cell = rec.get(0).unwrap_or("").trim();
        (non_empty_cells(rec) == 1 && !cell.is_empty() && !is_title(rec) && !is_total(cell))
            .then(|| collapse_spaces(cell))
    };
    let mut blocks = Vec::new();
    for (k, &h) in headers.iter().enumerate() {
        let next = headers.get(k + 1).copied().unwrap_or(records.len());
        let next = if next < records.len() && label_of(next).is_some() {
            next - 1
        } else {
            next
        };
        // A title line further down (two exports pasted together) also ends the table.
        let end = (h + 1..next)
            .find(|&i| is_title(records.record(i)))
            .unwrap_or(next);
        blocks.push(Block {
            header: h,
            end,
            account: label_of(h).or_else(|| title_account.clone()),
        });
    }
    let mut parsed = Parsed::positions(Vec::new());
    for block in &blocks {
        let table = records.table(block.header, block.end);
        parse_block(&table, block.account.as_deref(), &mut parsed, &mut problems);
    }
    if problems.is_empty() {
        parsed.as_of = as_of;
        Ok(parsed)
    } else {
        Err(problems)
    }
}

fn parse_block(
    table: &Table,
    account: Option<&str>,
    parsed: &mut Parsed,
    problems: &mut Vec<Problem>,
) {
    let mut cols = Columns::new(table);
    let symbol = cols.required(SYMBOL);
    let quantity = cols.required(QUANTITY);
    let description = cols.optional(DESCRIPTION);
    let price = cols.optional(PRICE);
    let value = cols.optional(VALUE);
    let kind = cols.optional(TYPE);
    if let Err(p) = cols.finish() {
        problems.extend(p);
        return;
    }
    for i in 0..table.len() {
        let mut row = table.row(i, problems);
        let line = row.line;
        let sym = row.text(symbol);
        let desc = description.map(|c| row.text(c)).unwrap_or("");
        if is_total(sym) {
            continue;
        }
        if is_cash(sym, desc) {
            if let Some(c) = value {
                if let Ok(Some(amount)) = row.number(c) {
                    parsed.cash.push(Cash {
                        account: account.map(str::to_string),
                        label: sym.to_string(),
                        amount,
                        currency: Some("USD".into()),
                        line,
                        account_value: None,
                    });
                }
            }
            continue;
        }
        if sym.is_empty() {
            row.problem(symbol, "is empty but required");
            continue;
        }
        let qty = match row.number(quantity) {
            Ok(Some(q)) => Some(q),
            Ok(None) => {
                let t = row.text(quantity);
                row.problem(
                    quantity,
                    if t.is_empty() {
                        "is empty but required".to_string()
                    } else {
                        format!("{} is not a quantity", snippet(t))
                    },
                );
                None
            }
            Err(_) => None,
        };
        let px = price.map(|c| row.number(c)).transpose();
        let mv = value.map(|c| row.number(c)).transpose();
        let (Some(q), Ok(px), Ok(mv)) = (qty, px, mv) else {
            continue;
        };
        let ident = classify_identifier(sym);
        let type_text = kind.map(|c| row.text(c)).unwrap_or("");
        let holding = Holding {
            account: account.map(str::to_string),
            symbol: ident.symbol,
            isin: ident.isin,
            cusip: ident.cusip,
            name: (!desc.is_empty()).then(|| desc.to_string()),
            asset_class: asset_class(sym, type_text),
            quantity: q,
            price: px.flatten(),
            market_value: mv.flatten(),
            currency: Some("USD".into()),
            line,
            stated: Default::default(),
        };
        if q.is_sign_negative() {
            parsed.warnings.push(Warning::at(
                line,
                format!(
                    "{}: negative quantity {q} (a short position) kept as is",
                    holding.label()
                ),
            ));
        }
        if holding.value().is_none() {
            parsed.warnings.push(Warning::at(
                line,
                format!(
                    "{} has no price or market value: its value is unknown and not in the portfolio total",
                    holding.label()
                ),
            ));
        }
        parsed.holdings.push(holding);
    }
}

/// Schwab's option symbols: `IBIT 02/20/2026 52.50 P` (underlying, expiry, strike, C/P).
pub(super) fn is_schwab_option(symbol: &str) -> bool {
    if !symbol.trim().contains(char::is_whitespace) {
        return false; // a plain symbol: the common case, decided without allocating
    }
    let parts: Vec<&str> = symbol.split_whitespace().collect();
    let [underlying, expiry, strike, right] = parts.as_slice() else {
        return false;
    };
    !underlying.is_empty()
        && NaiveDate::parse_from_str(expiry, "%m/%d/%Y").is_ok()
        && strike.chars().all(|c| c.is_ascii_digit() || c == '.')
        && strike.chars().any(|c| c.is_ascii_digit())
        && matches!(*right, "C" | "P")
}

/// Asset class from the option symbol shape, else the `Security Type` / `Asset Type` wording
/// (`Equity`, `ETFs & Closed End Funds`, `Mutual Fund`, `Fixed Income`, `Option`, money market).
fn asset_class(symbol: &str, type_text: &str) -> Option<AssetClass> {
    if is_schwab_option(symbol) {
        return Some(AssetClass::Option);
    }
    let t = type_text.trim().to_ascii_lowercase();
    if t.contains("money market") || t.contains("mutual fund") {
        return Some(AssetClass::Fund);
    }
    if t == "cd" || t == "cds" || t.starts_with("cd ") || t.contains("certificate") {
        return Some(AssetClass::Cd);
    }
    asset_class_from(type_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let t = parse_title(
            "Positions for account Individual                        XXXX-1234 as of 09:59 PM ET, 09/26/2021",
        )
        .expect("title");
        assert_eq!(t.account.as_deref(), Some("Individual XXXX-1234"));
        assert_eq!(t.date.map(|d| d.to_string()), Ok("2021-09-26".into()));
        let t = parse_title("Positions for All-Accounts as of 07:28 PM ET, 2023/06/04").expect("t");
        assert_eq!(t.account, None);
        assert_eq!(t.date.map(|d| d.to_string()), Ok("2023-06-04".into()));
        assert!(parse_title("Symbol").is_none());
    }

    #[test]
    fn option_symbols() {
        assert!(is_schwab_option("IBIT 02/20/2026 52.50 P"));
        assert!(is_schwab_option("NVDA 01/16/2026 150.00 C"));
        assert!(!is_schwab_option("NVDA"));
        assert!(!is_schwab_option("Cash & Cash Investments"));
    }
}
