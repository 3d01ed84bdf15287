//! E*TRADE `PortfolioDownload.csv` (Portfolios → View: All Positions → Download).
//!
//! ```text
//! Account Summary
//! Account,Net Account Value,Total Gain $,…,Cash Purchasing Power
//! "Alex -7631",189942.91,…                        (the account row may be absent)
//!
//! View Summary - All Positions
//! Filters applied:                                 (optional block)
//! Symbol,Security type(s),Sort by,Sort order,
//! ,All,Total Gain $,Asc,
//!
//! Symbol,Last Price $,Change $,Change %,Quantity,Price Paid $,Day's Gain $,Total Gain $,Total Gain %,Value $
//! NVDA,182.78,-4.16,-2.23,10.0080,76.5078,…,1829.2622
//!      10/05/2018,2.44,…                           (lot of the position above: skipped)
//! CASH,,,,,,,,,67.83,
//! TOTAL,,,,,7841.24,6.95,5701.30,72.71,13610.37,
//!
//! Generated at Feb 15 2026 09:24 PM ET             (2019: `Generated at 01/18/2019 10:23:53 AM ET`)
//! ```
//!
//! Lots follow their position, indented by five spaces, with an acquisition date or `--` in the
//! Symbol column; their shares are already in the position row, so they are never added again.
//! Numbers have no `$` or separators but may start with a dot (`.0000`, `-.0066`). Symbols are
//! tickers, CUSIPs (`629999590`), option descriptions (`TWTR Feb 15 '19 $41 Call`, a negative
//! quantity being a short) or CD descriptions (`KEY BANK CD CLEVELAND OH CD 3.85% 08/24/2026`).
//! The account name comes from the Account Summary block, the date from the `Generated at` footer.
//! Comma-padded re-saves (every line padded to the same width) read the same.

use crate::table::Record;
use chrono::NaiveDate;

use super::toolkit::{classify_identifier, is_option, is_total, parse_date, Columns};
use super::{AssetClass, Cash, Format, Holding, Parsed, Source, Warning};
use crate::diag::{snippet, Problem};
use crate::table::{same_header, Records, Table};

pub struct EtradePositions;

const SYMBOL: &[&str] = &["Symbol"];
const LAST_PRICE: &[&str] = &["Last Price $", "Last Price"];
const PRICE_PAID: &[&str] = &["Price Paid $", "Price Paid"];
const QUANTITY: &[&str] = &["Quantity"];
const VALUE: &[&str] = &["Value $", "Value"];
const DAYS_GAIN: &[&str] = &["Day's Gain $", "Day's Gain"];
const TOTAL_GAIN: &[&str] = &["Total Gain $", "Total Gain"];
/// The file's money columns are headed `… $`.
const CURRENCY: &str = "USD";
/// How far into the file `detect` looks for the positions header (summary + filters come first).
const DETECT_ROWS: usize = 40;

fn has(rec: Record<'_>, names: &[&str]) -> bool {
    rec.iter().any(|c| names.iter().any(|n| same_header(c, n)))
}

fn is_positions_header(rec: Record<'_>) -> bool {
    [
        SYMBOL, LAST_PRICE, PRICE_PAID, QUANTITY, VALUE, DAYS_GAIN, TOTAL_GAIN,
    ]
    .iter()
    .all(|names| has(rec, names))
}

impl Format for EtradePositions {
    fn name(&self) -> &'static str {
        "etrade-positions"
    }

    fn label(&self) -> &'static str {
        "E*TRADE Portfolio Download (positions)"
    }

    fn detect(&self, source: &Source) -> bool {
        let Ok(records) = source.records() else {
            return false;
        };
        records
            .iter()
            .take(DETECT_ROWS)
            .any(|(_, rec)| is_positions_header(rec))
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        parse_records(source.records()?)
    }
}

/// What a row of the file is, apart from the data rows of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `Account Summary` title or the `View Summary` / `Filters applied` block: rows up to the
    /// next mark are not positions.
    Skip,
    /// `Account,Net Account Value,…`: the rows up to the next mark are accounts.
    SummaryHeader,
    Positions,
    Footer,
}

fn mark_of(records: &Records, i: usize) -> Option<Mark> {
    let first = records.first_cell(i).to_ascii_lowercase();
    let rec = records.record(i);
    if same_header(&first, "Account Summary")
        || first.starts_with("view summary")
        || first.starts_with("filters applied")
    {
        Some(Mark::Skip)
    } else if has(rec, &["Account"]) && has(rec, &["Net Account Value"]) {
        Some(Mark::SummaryHeader)
    } else if is_positions_header(rec) {
        Some(Mark::Positions)
    } else if first.starts_with("generated at") {
        Some(Mark::Footer)
    } else {
        None
    }
}

fn parse_records(records: &Records) -> Result<Parsed, Vec<Problem>> {
    let marks: Vec<(usize, Mark)> = (0..records.len())
        .filter_map(|i| mark_of(records, i).map(|m| (i, m)))
        .collect();
    if !marks.iter().any(|(_, m)| *m == Mark::Positions) {
        return Err(vec![Problem::file(
            &records.file,
            "no positions header (Symbol,Last Price $,…,Quantity,Price Paid $,…,Value $) in this E*TRADE file",
        )]);
    }
    let mut problems = Vec::new();
    let mut out = Parsed::positions(Vec::new());
    // Accounts named by the latest Account Summary block.
    let mut accounts: Vec<String> = Vec::new();
    for (k, &(start, mark)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(records.len(), |&(next, _)| next);
        match mark {
            Mark::Skip => {}
            Mark::SummaryHeader => {
                accounts = (start + 1..end)
                    .map(|i| records.first_cell(i).to_string())
                    .filter(|a| !a.is_empty())
                    .collect();
            }
            Mark::Positions => {
                let account = match accounts.as_slice() {
                    [one] => Some(one.clone()),
                    [] => None,
                    several => {
                        out.warnings.push(Warning::at(
                            records.line(start),
                            format!(
                                "the Account Summary lists {} accounts ({}): the positions are not attributed to one of them",
                                several.len(),
                                several.join(", ")
                            ),
                        ));
                        None
                    }
                };
                positions(&records.table(start, end), account, &mut out, &mut problems);
            }
            Mark::Footer => {
                let (line, text) = (records.line(start), records.first_cell(start));
                match generated_at(text) {
                    Ok(d) => out.as_of = Some(d),
                    Err(e) => problems.push(Problem::at(&records.file, line, e)),
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The date of the footer: `Generated at 01/18/2019 10:23:53 AM ET` (2019) or
/// `Generated at Feb 15 2026 09:24 PM ET` (2023 and later).
fn generated_at(text: &str) -> Result<NaiveDate, String> {
    let rest = text.get("generated at".len()..).unwrap_or("").trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let numeric = words.first().map(|w| parse_date(w, &["%m/%d/%Y"]));
    let named = words
        .get(..3)
        .map(|w| parse_date(&w.join(" "), &["%b %d %Y"]));
    match (numeric, named) {
        (Some(Ok(d)), _) | (_, Some(Ok(d))) => Ok(d),
        _ => Err(format!(
            "the footer {} has no date in a known style (\"Generated at 01/18/2019 10:23:53 AM ET\" or \"Generated at Feb 15 2026 09:24 PM ET\")",
            snippet(text)
        )),
    }
}

/// A lot row under its position: indented, with a date or `--` in the Symbol column.
fn is_lot(raw: &str, symbol: &str) -> bool {
    raw.starts_with([' ', '\t']) || symbol == "--" || parse_date(symbol, &["%m/%d/%Y"]).is_ok()
}

/// A certificate of deposit described in the Symbol column (`KEY BANK CD CLEVELAND OH CD 3.85%`).
fn is_cd(symbol: &str) -> bool {
    symbol.split_whitespace().any(|w| w == "CD")
}

fn positions(
    table: &Table,
    account: Option<String>,
    out: &mut Parsed,
    problems: &mut Vec<Problem>,
) {
    let mut cols = Columns::new(table);
    let symbol = cols.required(SYMBOL);
    let quantity = cols.required(QUANTITY);
    let value = cols.required(VALUE);
    let last_price = cols.required(LAST_PRICE);
    if let Err(p) = cols.finish() {
        problems.extend(p);
        return;
    }
    for i in 0..table.len() {
        let mut row = table.row(i, problems);
        let line = row.line;
        let raw = row.record.get(symbol).unwrap_or("");
        let sym = row.text(symbol);
        if sym.is_empty() {
            row.problem(symbol, "no symbol on this row");
            continue;
        }
        if is_lot(raw, sym) || is_total(sym) {
            continue;
        }
        if sym.eq_ignore_ascii_case("CASH") {
            match row.number(value) {
                Ok(Some(amount)) => out.cash.push(Cash {
                    account: account.clone(),
                    label: sym.to_string(),
                    amount,
                    currency: Some(CURRENCY.into()),
                    line,
                    account_value: None,
                }),
                Ok(None) => row.problem(value, "is empty but required on the CASH row"),
                Err(_) => {}
            }
            continue;
        }
        let qty = match row.number(quantity) {
            Ok(Some(q)) => Some(q),
            Ok(None) => {
                row.problem(quantity, "is empty but required");
                None
            }
            Err(_) => None,
        };
        let px = row.number(last_price);
        let mv = row.number(value);
        let (Some(q), Ok(px), Ok(mv)) = (qty, px, mv) else {
            continue;
        };
        let mut holding = Holding::new(line, q);
        holding.account = account.clone();
        holding.price = px;
        holding.market_value = mv;
        holding.currency = Some(CURRENCY.into());
        if is_option(sym, "") {
            // The contract as written; no underlying ticker is split out of it.
            holding.symbol = Some(sym.to_string());
            holding.name = Some(sym.to_string());
            holding.asset_class = Some(AssetClass::Option);
        } else if is_cd(sym) {
            holding.symbol = Some(sym.to_string());
            holding.name = Some(sym.to_string());
            holding.asset_class = Some(AssetClass::Cd);
        } else {
            let ident = classify_identifier(sym);
            holding.symbol = ident.symbol;
            holding.isin = ident.isin;
            holding.cusip = ident.cusip;
        }
        if q.is_sign_negative() {
            out.warnings.push(Warning::at(
                line,
                format!("negative quantity {q} (a short position) kept as is"),
            ));
        }
        out.holdings.push(holding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_dates_in_both_styles() {
        assert_eq!(
            generated_at("Generated at 01/18/2019 10:23:53 AM ET").map(|d| d.to_string()),
            Ok("2019-01-18".into())
        );
        assert_eq!(
            generated_at("Generated at Feb 15 2026 09:24 PM ET").map(|d| d.to_string()),
            Ok("2026-02-15".into())
        );
        assert!(generated_at("Generated at soon").is_err());
        assert!(generated_at("Generated at").is_err());
    }

    #[test]
    fn lots_and_cds() {
        assert!(is_lot("     10/05/2018", "10/05/2018"));
        assert!(is_lot("     --", "--"));
        assert!(!is_lot("NVDA", "NVDA"));
        assert!(is_cd("KEY BANK CD CLEVELAND OH CD 3.85% 08/24/2026"));
        assert!(!is_cd("CDW"));
    }
}
