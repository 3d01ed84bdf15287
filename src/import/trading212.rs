//! Trading 212 history (History → Export → CSV). There is no positions export: positions are
//! rebuilt from the history.
//!
//! The columns are dynamic (only those of the event types present) and their order changed over
//! time (2020 `Result (GBP),Total (GBP)`; 2023–24 `Result,Currency (Result),Total,Currency
//! (Total)`; 2026 `Action,Time,ISIN,Ticker,Name,Notes,ID,No. of shares,...`), so every column is
//! found by name. `No. of shares` is positive for sells: the action gives the sign. London lines
//! are priced in pence (`GBX`), dividends have `Not available` exchange rates.
//!
//! The account's currency is `Currency (Total)` (2020: the `(GBP)` of `Total (GBP)`).
//! `Exchange rate` is 1 account unit = rate price units, per pound for pence: 40 × 295.40 GBX
//! = 118.16 GBP, ÷ 0.8615 = 137.16 EUR (+ 0.21 fee = the Total 137.37 EUR); 0.821053 × 152.30
//! USD = 125.05 USD ÷ 1.09303 = 114.40 EUR (+ 0.17 = 114.57). Each trade's rate is checked
//! against its Total the same way.

use rust_decimal::Decimal;

use super::degiro_portfolio::{pence_to_pounds, rate_direction};
use super::toolkit::{parse_date, Columns};
use super::{Action, Format, Parsed, Source, StatedRate, Transaction, Warning};
use crate::diag::Problem;
use crate::identifiers::validate_isin;
use crate::table::{same_header, Record, Recorded, Table};

pub struct Trading212;

const ACTION: &[&str] = &["Action"];
const TIME: &[&str] = &["Time"];
const ISIN: &[&str] = &["ISIN"];
const TICKER: &[&str] = &["Ticker"];
const NAME: &[&str] = &["Name"];
const SHARES: &[&str] = &["No. of shares"];
const PRICE: &[&str] = &["Price / share"];
const PRICE_CURRENCY: &[&str] = &["Currency (Price / share)"];
const TOTAL: &[&str] = &["Total"];
const TOTAL_CURRENCY: &[&str] = &["Currency (Total)"];
const RATE: &[&str] = &["Exchange rate"];
/// Columns only Trading 212 writes next to `Action,Time`.
const MARKERS: &[&str] = &["No. of shares", "Notes", "ID", "Currency (Total)"];

const TIME_FORMATS: &[&str] = &["%Y-%m-%d %H:%M:%S%.f"];

/// What an action does to the share count: `Some((action, sign))`, `None` if unknown.
fn classify(action: &str) -> Option<(Action, i8)> {
    let a = action.trim().to_ascii_lowercase();
    if a.ends_with(" buy") {
        return Some((Action::Buy, 1));
    }
    if a.ends_with(" sell") {
        return Some((Action::Sell, -1));
    }
    if a.starts_with("dividend") {
        return Some((Action::CashOnly, 0));
    }
    Some(match a.as_str() {
        "stock split open" => (Action::Split, 1),
        "stock split close" => (Action::Split, -1),
        "transfer in" => (Action::Transfer, 1),
        "transfer out" => (Action::Transfer, -1),
        "stock distribution" => (Action::Transfer, 1),
        "deposit"
        | "withdrawal"
        | "interest on cash"
        | "lending interest"
        | "result adjustment"
        | "currency conversion"
        | "card debit"
        | "card credit"
        | "card refund"
        | "spending cashback"
        | "new card cost"
        | "custody fee" => (Action::CashOnly, 0),
        _ => return None,
    })
}

fn is_header(cells: Record<'_>) -> bool {
    let has = |names: &[&str]| {
        cells
            .iter()
            .any(|c| names.iter().any(|n| same_header(c, n)))
    };
    cells.get(0).is_some_and(|c| same_header(c, "Action")) && has(TIME) && has(MARKERS)
}

/// The total column: `Total` (with `Currency (Total)`) or, in 2020–21 files, `Total (GBP)`.
fn total_column(table: &Table) -> (Option<usize>, Option<String>) {
    if let Some(c) = table.find(TOTAL) {
        return (Some(c), None);
    }
    for (i, h) in table.headers.iter().enumerate() {
        let h = h.trim();
        if let Some(code) = h.strip_prefix("Total (").and_then(|r| r.strip_suffix(')')) {
            return (Some(i), Some(code.trim().to_string()));
        }
    }
    (None, None)
}

impl Format for Trading212 {
    fn name(&self) -> &'static str {
        "trading212"
    }

    fn label(&self) -> &'static str {
        "Trading 212 history"
    }

    fn detect(&self, source: &Source) -> bool {
        source
            .records()
            .ok()
            .and_then(|r| r.first())
            .is_some_and(|(_, rec)| is_header(rec))
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        if records.is_empty() {
            return Err(vec![Problem::file(
                &source.file,
                "the file is empty (no header row)",
            )]);
        }
        let table = records.table(0, records.len());
        let mut cols = Columns::new(&table);
        let action = cols.required(ACTION);
        let time = cols.required(TIME);
        cols.finish()?;
        let (isin, ticker, name) = (table.find(ISIN), table.find(TICKER), table.find(NAME));
        let (shares, price) = (table.find(SHARES), table.find(PRICE));
        let price_currency = table.find(PRICE_CURRENCY);
        let (total, total_code) = total_column(&table);
        let total_currency = table.find(TOTAL_CURRENCY);
        let rate = table.find(RATE);
        // The currencies of `Currency (Total)`, which should be one: the account's.
        let mut totals: Vec<String> = Vec::new();

        let mut problems = Vec::new();
        let mut transactions = Vec::new();
        let mut warnings = Vec::new();
        for i in 0..table.len() {
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            let text = |c: Option<usize>| c.and_then(|c| row.opt_text(c));
            let (code, isin_v, ticker_v, name_v) = (
                row.text(action).to_string(),
                text(isin).map(|s| s.to_ascii_uppercase()),
                text(ticker),
                text(name),
            );
            let (price_ccy, total_ccy) = (text(price_currency), text(total_currency));
            let day = match row.text(time) {
                "" => {
                    row.problem(time, "is empty but required");
                    None
                }
                t => match parse_date(t, TIME_FORMATS) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        row.problem(time, e);
                        None
                    }
                },
            };
            let px = match price {
                Some(c) => row.number(c),
                None => Ok(None),
            };
            let amount = match total {
                Some(c) => row.number(c),
                None => Ok(None),
            };
            let rate_cell = match rate {
                Some(c) => row.number(c),
                None => Ok(None),
            };
            let account = total_ccy
                .clone()
                .or_else(|| total_code.clone())
                .map(|c| c.to_ascii_uppercase());
            if let Some(a) = total_ccy.as_ref().map(|c| c.to_ascii_uppercase()) {
                if !totals.contains(&a) {
                    totals.push(a);
                }
            }
            let Some((kind, sign)) = classify(&code) else {
                if code.is_empty() {
                    row.problem(action, "is empty but required");
                    continue;
                }
                warnings.push(Warning::at(
                    line,
                    format!("unknown Trading 212 action {code:?}: ignored (no change in shares)"),
                ));
                let mut t = Transaction::new(line, Action::Other, Decimal::ZERO);
                t.date = day;
                t.symbol = ticker_v;
                t.name = name_v;
                transactions.push(t);
                continue;
            };
            let mut quantity = Decimal::ZERO;
            let mut isin_ok = None;
            if sign != 0 {
                match shares {
                    Some(c) => match row.number(c) {
                        Ok(Some(q)) => quantity = q.abs() * Decimal::from(sign),
                        Ok(None) => row.problem(c, format!("is empty but required for {code:?}")),
                        Err(Recorded) => {}
                    },
                    None => row.problem(
                        action,
                        format!(
                            "{code:?} needs a \"No. of shares\" column, which the header lacks"
                        ),
                    ),
                }
                if let Some(v) = &isin_v {
                    match validate_isin(v) {
                        Ok(()) => isin_ok = Some(v.clone()),
                        // With a ticker the row is still identified: keep it, say so.
                        Err(e) if ticker_v.is_some() => warnings.push(Warning::at(
                            line,
                            format!(
                                "{e}: the ISIN is left out, the position is keyed by its ticker"
                            ),
                        )),
                        Err(e) => row.problem(isin.unwrap_or(action), e),
                    }
                } else if ticker_v.is_none() {
                    row.problem(
                        ticker.or(isin).unwrap_or(action),
                        format!("no ticker or ISIN for {code:?}"),
                    );
                }
            } else if let Some(v) = &isin_v {
                isin_ok = validate_isin(v).ok().map(|_| v.clone());
            }
            let (Some(day), Ok(px), Ok(amount), Ok(rate_cell)) = (day, px, amount, rate_cell)
            else {
                continue;
            };
            let currency = if sign != 0 {
                price_ccy
            } else {
                total_ccy.or_else(|| total_code.clone())
            }
            .map(|c| {
                if c == "GBp" {
                    "GBX".into()
                } else {
                    c.to_ascii_uppercase()
                }
            });
            let (px, _, currency) = pence_to_pounds(px, None, currency);
            // A trade's rate: 1 account unit = rate price units.
            let traded = matches!(kind, Action::Buy | Action::Sell | Action::Split);
            let stated = match (rate_cell, &currency, &account, px) {
                (Some(r), Some(to), Some(from), Some(p)) if traded && to != from => {
                    let local = quantity.abs().checked_mul(p);
                    let direction = match (local, amount) {
                        (Some(l), Some(a)) if !l.is_zero() && !a.is_zero() => {
                            rate_direction(l, a, r)
                        }
                        _ => Some(true),
                    };
                    match direction {
                        Some(true) => Some(StatedRate {
                            from: from.clone(),
                            to: to.clone(),
                            rate: r,
                            date: Some(day),
                            line,
                        }),
                        Some(false) => Some(StatedRate {
                            from: to.clone(),
                            to: from.clone(),
                            rate: r,
                            date: Some(day),
                            line,
                        }),
                        None => {
                            warnings.push(Warning::at(
                                line,
                                format!(
                                    "the exchange rate {r} does not turn {} {to} into the Total {} {from}, nor back: it is not used",
                                    local.unwrap_or_default(),
                                    amount.unwrap_or_default().abs()
                                ),
                            ));
                            None
                        }
                    }
                }
                _ => None,
            };
            let mut t = Transaction::new(line, kind, quantity);
            t.date = Some(day);
            t.symbol = ticker_v;
            t.isin = isin_ok;
            t.name = name_v;
            t.price = px;
            t.amount = amount;
            t.currency = currency;
            t.rate = stated;
            transactions.push(t);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut parsed = Parsed::transactions(transactions);
        parsed.warnings = warnings;
        parsed.account_currency = match totals.len() {
            0 => total_code.map(|c| c.to_ascii_uppercase()),
            1 => totals.pop(),
            _ => None,
        };
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn pence_prices_become_pounds_and_actions_are_signed() {
        let text = "Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Total,Currency (Total),ID\n\
            Market buy,2023-12-19 09:00:01.1,GB00B63H8491,RR.,Rolls-Royce,40,295.40,GBX,0.8615,137.37,EUR,EOF1\n\
            Stop limit sell,2023-12-20 09:00:01,GB00B63H8491,RR.,Rolls-Royce,10,300.00,GBX,0.8615,34.80,EUR,EOF2\n\
            Dividend (Dividend),2024-01-12 14:14:14,GB00B63H8491,RR.,Rolls-Royce,30,1.20,GBX,Not available,0.42,EUR,\n";
        let parsed = Trading212
            .parse(&Source::new("f.csv", text.to_string()))
            .expect("parse");
        assert_eq!(parsed.transactions.len(), 3);
        // The first row of the security is kept whole: 295.40 GBX = 2.954 GBP.
        let t = &parsed.transactions.firsts()[0];
        assert_eq!((t.action, t.quantity), (Action::Buy, dec!(40)));
        assert_eq!(t.price, Some(dec!(2.954)));
        assert_eq!(t.currency.as_deref(), Some("GBP"));
        assert_eq!(t.amount, Some(dec!(137.37)));
        // Sold quantities are negative: 40 − 10 = 30; the dividend moves no shares.
        let (holdings, _) = crate::import::net::positions(parsed.transactions).expect("net");
        assert_eq!(holdings.len(), 1);
        assert_eq!(holdings[0].quantity, dec!(30));
    }
}
