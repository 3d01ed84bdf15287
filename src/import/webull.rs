//! Webull orders export (Orders → Order History → Export): a list of ORDERS, not of positions or
//! cash. Only executed orders move shares: `Filled` ones, and `Partial Filled` ones for the
//! quantity in `Filled`; cancelled, failed, rejected and working orders are left out (one summary
//! warning gives their count).
//!
//! ```text
//! Name,Symbol,Side,Status,Filled,Total Qty,Price,Avg Price,Time-in-Force,Placed Time,Filled Time
//! Apple Inc,AAPL,Buy,Filled,2,2,@310.05,310.05,DAY,06/01/2026 07:21:12 EDT,06/01/2026 07:21:32 EDT
//! NVIDIA,NVDA,Sell,Cancelled,0,3,@150,,GTC,05/21/2026 09:30:00 EDT,
//! ```
//!
//! The limit price is `@`-prefixed (the options export writes it plain); the fill price is `Avg
//! Price`; times end with the US Eastern zone (`EDT`/`EST`), and the trade date is the date of the
//! fill. Options carry their OCC symbol (`SPY260903C00766000`) and are kept as options.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::toolkit::{classify_identifier, is_option, parse_date, Columns};
use super::{Action, AssetClass, Format, Parsed, Source, Transaction, Warning};
use crate::diag::{snippet, Problem};
use crate::table::{Records, Row};

pub struct Webull;

const NAME: &[&str] = &["Name"];
const SYMBOL: &[&str] = &["Symbol"];
const SIDE: &[&str] = &["Side"];
const STATUS: &[&str] = &["Status"];
const FILLED: &[&str] = &["Filled", "Filled Qty"];
const TOTAL: &[&str] = &["Total Qty", "Total Quantity"];
const PRICE: &[&str] = &["Price"];
const AVG_PRICE: &[&str] = &["Avg Price", "Average Price"];
const PLACED: &[&str] = &["Placed Time"];
const FILLED_TIME: &[&str] = &["Filled Time"];
/// `06/01/2026 07:21:32 EDT` once the zone is removed, or a bare date.
const DATES: &[&str] = &["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y"];

/// The header row: the export starts with it.
fn header(records: &Records) -> Option<usize> {
    records.find_header_within(
        5,
        &[
            "Symbol",
            "Side",
            "Status",
            "Filled",
            "Total Qty",
            "Avg Price",
        ],
    )
}

impl Format for Webull {
    fn name(&self) -> &'static str {
        "webull"
    }

    fn label(&self) -> &'static str {
        "Webull Orders"
    }

    fn detect(&self, source: &Source) -> bool {
        source.records().is_ok_and(|r| header(r).is_some())
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header(records) else {
            return Err(vec![Problem::file(
                &source.file,
                "no Webull orders header (Symbol, Side, Status, Filled, Total Qty...) found",
            )]);
        };
        let table = records.table(h, records.len());
        let mut cols = Columns::new(&table);
        let symbol = cols.required(SYMBOL);
        let side = cols.required(SIDE);
        let status = cols.required(STATUS);
        let filled = cols.required(FILLED);
        let total = cols.optional(TOTAL);
        let name = cols.optional(NAME);
        let (price, avg_price) = (cols.optional(PRICE), cols.optional(AVG_PRICE));
        let (placed, filled_time) = (cols.optional(PLACED), cols.optional(FILLED_TIME));
        if placed.is_none() && filled_time.is_none() {
            cols.required(FILLED_TIME);
        }
        cols.finish()?;

        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut transactions = Vec::new();
        // Orders that did not execute, by status.
        let mut unfilled: BTreeMap<String, usize> = BTreeMap::new();
        for i in 0..table.len() {
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            let status_text = row.text(status);
            let s = status_text.to_ascii_lowercase();
            let partial = s.starts_with("partial");
            if s != "filled" && !partial {
                *unfilled.entry(status_text.to_string()).or_default() += 1;
                continue;
            }
            let qty = match row.number(filled) {
                Ok(Some(q)) => Some(q.abs()),
                // A filled order without its filled quantity: the order's total.
                Ok(None) if !partial => match total.map(|c| row.number(c)) {
                    Some(Ok(Some(q))) => Some(q.abs()),
                    Some(Err(_)) => None,
                    _ => {
                        row.problem(filled, "is empty but required for a filled order");
                        None
                    }
                },
                Ok(None) => {
                    row.problem(filled, "is empty but required for a partially filled order");
                    None
                }
                Err(_) => None,
            };
            let px = match avg_price.map(|c| row.number(c)).transpose() {
                Ok(Some(Some(p))) => Ok(Some(p)),
                Ok(_) => limit_price(&mut row, price),
                Err(_) => Err(()),
            };
            let date = fill_date(&mut row, filled_time, placed);
            let (Some(q), Ok(px), Ok(date)) = (qty, px, date) else {
                continue;
            };
            let side_text = row.text(side);
            let side_l = side_text.to_ascii_lowercase();
            let (action, quantity) = if side_l.starts_with("buy") {
                (Action::Buy, q)
            } else if side_l.starts_with("sell") || side_l.starts_with("short") {
                (Action::Sell, -q)
            } else {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "unknown Webull order side {}: the order is ignored",
                        snippet(side_text)
                    ),
                ));
                (Action::Other, Decimal::ZERO)
            };
            let sym = row.text(symbol);
            let name_v = name.and_then(|c| row.opt_text(c));
            let ident = classify_identifier(sym);
            if ident.symbol.is_none() && ident.isin.is_none() && ident.cusip.is_none() {
                row.problem(symbol, "is empty but required for a filled order");
                continue;
            }
            let mut t = Transaction::new(line, action, quantity);
            t.date = date;
            t.price = px;
            t.currency = Some("USD".into());
            let n = name_v.as_deref().unwrap_or("");
            if is_option(sym, n) {
                t.asset_class = Some(AssetClass::Option);
            }
            t.symbol = ident.symbol;
            t.isin = ident.isin;
            t.cusip = ident.cusip;
            t.name = name_v;
            transactions.push(t);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if !unfilled.is_empty() {
            let count: usize = unfilled.values().sum();
            let detail: Vec<String> = unfilled
                .iter()
                .map(|(s, n)| format!("{n} {}", if s.is_empty() { "without status" } else { s }))
                .collect();
            warnings.push(Warning {
                line: None,
                message: format!(
                    "{count} order{} that did not execute ({}) {} left out",
                    if count == 1 { "" } else { "s" },
                    detail.join(", "),
                    if count == 1 { "is" } else { "are" }
                ),
            });
        }
        let mut parsed = Parsed::transactions(transactions);
        parsed.warnings = warnings;
        Ok(parsed)
    }
}

/// The `Price` column (`@310.05`, or plain in the options export); `@MKT`-like text is no price.
fn limit_price(row: &mut Row, col: Option<usize>) -> Result<Option<Decimal>, ()> {
    let Some(col) = col else { return Ok(None) };
    let text = row.text(col);
    let body = text.trim_start_matches('@').trim();
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    match crate::money::parse(body) {
        Ok(Some(v)) if v.abs() > crate::money::MAX_INPUT => {
            row.problem(
                col,
                format!(
                    "{} is implausibly large (more than 1,000,000,000,000)",
                    snippet(text)
                ),
            );
            Err(())
        }
        Ok(v) => Ok(v),
        Err(e) => {
            row.problem(col, format!("{} is not a number: {e}", snippet(text)));
            Err(())
        }
    }
}

/// The date of the fill (`Filled Time`), else of the order (`Placed Time`); the zone is dropped.
fn fill_date(
    row: &mut Row,
    filled_time: Option<usize>,
    placed: Option<usize>,
) -> Result<Option<NaiveDate>, ()> {
    let Some(col) = [filled_time, placed]
        .into_iter()
        .flatten()
        .find(|&c| !row.text(c).is_empty())
    else {
        return Ok(None);
    };
    let text = row.text(col);
    let without_zone = match text.rsplit_once(' ') {
        Some((rest, zone)) if zone.chars().all(|c| c.is_ascii_alphabetic()) => rest.trim(),
        _ => text,
    };
    parse_date(without_zone, DATES).map(Some).map_err(|e| {
        row.problem(col, e);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_zones_are_dates() {
        assert_eq!(
            parse_date("06/01/2026 07:21:32", DATES).map(|d| d.to_string()),
            Ok("2026-06-01".into())
        );
        assert_eq!(
            parse_date("06/09/2026", DATES).map(|d| d.to_string()),
            Ok("2026-06-09".into())
        );
    }
}
