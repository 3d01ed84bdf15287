//! Robinhood activity report (Account → Reports & statements → Reports): a transaction history,
//! newest first, one row per activity with a `Trans Code`.
//!
//! ```text
//! "Activity Date","Process Date","Settle Date","Instrument","Description","Trans Code","Quantity","Price","Amount"
//! "7/31/2023","7/31/2023","8/2/2023","NIO","NIO
//! CUSIP: 62914V106","Buy","400","$15.37","($6,148.00)"
//! ""
//! "","","","","","","","","","The data provided is for informational purposes only. …"
//! ```
//!
//! Quirks handled: stock descriptions span two or three lines inside quotes (`Name`, `CUSIP: x`,
//! a note such as `4 NIO Options Assigned`); dates are `M/D/YYYY` unpadded, or `M/D/YY` in copies
//! re-saved by a spreadsheet (which also drops the quotes and leaves `$229.95 ` with a trailing
//! space); the report ends with a `""` line and a 10-field disclaimer line; quantities are
//! fractional and carry an `S` suffix (`"1S"`, `"140S"`) when contracts or shares LEAVE the account
//! (expired long option, old leg of a symbol exchange or contract adjustment), no suffix when they
//! arrive (expired short option closed, new leg).
//!
//! Options are reported as text (`SOFI 8/4/2023 Call $12.00`, `Option Expiration for …`) with the
//! underlying in `Instrument`: the contract text is the option's symbol, so contracts are netted
//! apart from the shares of the underlying.

use rust_decimal::Decimal;

use super::toolkit::{classify_identifier, per_unit_price, Columns};
use super::{Action, AssetClass, Format, Parsed, Source, Transaction, Warning};
use crate::diag::{snippet, Problem};
use crate::identifiers::validate_cusip;
use crate::money;
use crate::table::{Records, Row};

pub struct Robinhood;

const ACTIVITY_DATE: &[&str] = &["Activity Date"];
const INSTRUMENT: &[&str] = &["Instrument"];
const DESCRIPTION: &[&str] = &["Description"];
const CODE: &[&str] = &["Trans Code", "Transaction Code"];
const QUANTITY: &[&str] = &["Quantity"];
const PRICE: &[&str] = &["Price"];
const AMOUNT: &[&str] = &["Amount"];
/// Exported `7/31/2023`; re-saved by a spreadsheet `11/28/23`.
const DATES: &[&str] = &["%m/%d/%Y", "%m/%d/%y"];
/// Prefixes before the contract text in option event descriptions.
const OPTION_PREFIXES: &[&str] = &[
    "Option Expiration for ",
    "Option Assignment for ",
    "Option Exercise for ",
];

/// What a Trans Code does to the holdings.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    /// Share trade, with the sign of the change (`Buy` +, `Sell` −).
    Trade(Action, i8),
    /// Option trade: BTO/BTC add contracts, STO/STC remove them.
    OptionTrade(Action, i8),
    /// Expiration, assignment, exercise, contract adjustment: the `S` suffix says contracts leave.
    OptionEvent,
    /// Shares received or exchanged without a trade: the `S` suffix says shares leave.
    ShareEvent(Action),
    /// ACATS transfer: shares when a quantity is given, cash otherwise.
    Acats(i8),
    /// Dividends, interest, deposits, fees, taxes: no change in shares.
    Cash,
}

fn rule(code: &str) -> Option<Rule> {
    Some(match code.to_ascii_uppercase().as_str() {
        "BUY" => Rule::Trade(Action::Buy, 1),
        "SELL" => Rule::Trade(Action::Sell, -1),
        "BTO" | "BTC" => Rule::OptionTrade(Action::Buy, 1),
        "STO" | "STC" => Rule::OptionTrade(Action::Sell, -1),
        "OEXP" | "OASGN" | "OEXCS" | "OCA" => Rule::OptionEvent,
        // Split, reverse split, stock dividend: the quantity is the change in shares.
        "SPL" | "SPR" | "SDIV" => Rule::ShareEvent(Action::Split),
        // Shares received, symbol exchange (SPAC mergers), merger stock, conversion, spin-off.
        "REC" | "SXCH" | "MRGS" | "CONV" | "SOFF" => Rule::ShareEvent(Action::Transfer),
        "ACATI" => Rule::Acats(1),
        "ACATO" => Rule::Acats(-1),
        "ACH" | "AFEE" | "CDIV" | "CIL" | "DCF" | "DFEE" | "DTAX" | "FUTSWP" | "GDBP" | "GMPC"
        | "GOLD" | "INT" | "MDIV" | "MISC" | "MTCH" | "NRAT" | "ROC" | "RTP" | "SLIP" | "TAX" => {
            Rule::Cash
        }
        _ => return None,
    })
}

/// The header row: among the first rows (the report starts with it).
fn header(records: &Records) -> Option<usize> {
    records.find_header_within(
        5,
        &["Activity Date", "Trans Code", "Instrument", "Settle Date"],
    )
}

impl Format for Robinhood {
    fn name(&self) -> &'static str {
        "robinhood"
    }

    fn label(&self) -> &'static str {
        "Robinhood Activity Report"
    }

    fn detect(&self, source: &Source) -> bool {
        source.records().is_ok_and(|r| header(r).is_some())
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header(records) else {
            return Err(vec![Problem::file(
                &source.file,
                "no Robinhood activity header (Activity Date, Instrument, Trans Code...) found",
            )]);
        };
        let table = records.table(h, records.len());
        let mut cols = Columns::new(&table);
        let date = cols.required(ACTIVITY_DATE);
        let instrument = cols.required(INSTRUMENT);
        let description = cols.required(DESCRIPTION);
        let code = cols.required(CODE);
        let quantity = cols.required(QUANTITY);
        let (price, amount) = (cols.optional(PRICE), cols.optional(AMOUNT));
        cols.finish()?;
        let width = table.headers.len();

        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut transactions = Vec::new();
        for i in 0..table.len() {
            // The disclaimer line has its text in a 10th field, past the 9 of the header.
            if table
                .record(i)
                .iter()
                .take(width)
                .all(|c| c.trim().is_empty())
            {
                continue;
            }
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            let code_text = row.text(code);
            let desc = row.text(description);
            let date_v = match row.date_in(date, DATES) {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    row.problem(date, "is empty but required");
                    None
                }
                Err(_) => None,
            };
            let qty = signed_quantity(&mut row, quantity);
            let price_v = price.map(|c| row.number(c)).transpose();
            let amount_v = amount.map(|c| row.number(c)).transpose();
            let (Ok(qty), Ok(price_v), Ok(amount_v)) = (qty, price_v, amount_v) else {
                continue;
            };
            let mut t = Transaction::new(line, Action::Other, Decimal::ZERO);
            t.date = date_v;
            t.price = price_v.flatten();
            t.amount = amount_v.flatten();
            t.currency = Some("USD".into());
            let ident = classify_identifier(row.text(instrument));
            let Some(rule) = rule(code_text) else {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "unknown Robinhood Trans Code {} ({}): the row is ignored",
                        snippet(code_text),
                        snippet(first_line(desc))
                    ),
                ));
                t.symbol = ident.symbol;
                t.cusip = ident.cusip;
                transactions.push(t);
                continue;
            };
            // The share change: magnitude from Quantity, sign from the code or the `S` suffix.
            let change = |sign: i8| qty.map(|(q, _)| if sign < 0 { -q } else { q });
            let by_suffix = qty.map(|(q, leaves)| if leaves { -q } else { q });
            match rule {
                Rule::Trade(action, sign) | Rule::OptionTrade(action, sign) => {
                    t.action = action;
                    t.quantity = required(&mut row, quantity, change(sign), code_text);
                }
                Rule::OptionEvent => {
                    t.action = Action::Transfer;
                    t.quantity = required(&mut row, quantity, by_suffix, code_text);
                }
                Rule::ShareEvent(action) => {
                    t.action = action;
                    t.quantity = required(&mut row, quantity, by_suffix, code_text);
                }
                Rule::Acats(sign) => match change(sign) {
                    Some(q) if !q.is_zero() => {
                        t.action = Action::Transfer;
                        t.quantity = q;
                    }
                    _ => t.action = Action::CashOnly,
                },
                Rule::Cash => {
                    t.action = Action::CashOnly;
                    if qty.is_some_and(|(q, _)| !q.is_zero()) {
                        warnings.push(Warning::at(
                            line,
                            format!(
                                "{code_text} is a cash activity: its quantity {} is not counted as shares",
                                snippet(row.text(quantity))
                            ),
                        ));
                    }
                }
            }
            if matches!(rule, Rule::OptionTrade(..) | Rule::OptionEvent) {
                // The contract, not the underlying, is what the row moves.
                match option_text(desc) {
                    Some(contract) => {
                        t.symbol = Some(contract.to_string());
                        t.name = Some(contract.to_string());
                        t.asset_class = Some(AssetClass::Option);
                    }
                    None => row.problem(
                        description,
                        "is empty: the option contract of this row is unknown",
                    ),
                }
            } else {
                t.symbol = ident.symbol;
                t.isin = ident.isin;
                t.cusip = ident.cusip;
                if t.action != Action::CashOnly {
                    let (name, cusip) = name_and_cusip(desc);
                    t.name = name;
                    match cusip {
                        Some(c) if validate_cusip(&c).is_ok() => t.cusip = t.cusip.or(Some(c)),
                        Some(c) => warnings.push(Warning::at(
                            line,
                            format!(
                                "the description's CUSIP {} is not valid: it is left out",
                                snippet(&c)
                            ),
                        )),
                        None => {}
                    }
                }
            }
            t.price = t.price.map(|p| per_unit_price(p, t.quantity, t.amount));
            transactions.push(t);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut parsed = Parsed::transactions(transactions);
        parsed.warnings = warnings;
        Ok(parsed)
    }
}

/// The Quantity cell: its magnitude and whether it has the `S` suffix; `None` if empty.
fn signed_quantity(row: &mut Row, col: usize) -> Result<Option<(Decimal, bool)>, ()> {
    let text = row.text(col);
    let (body, leaves) = match text.strip_suffix(['S', 's']) {
        Some(body) => (body.trim_end(), true),
        None => (text, false),
    };
    match money::parse(body) {
        Ok(Some(v)) if v.abs() > money::MAX_INPUT => {
            row.problem(
                col,
                format!(
                    "{} is implausibly large (more than 1,000,000,000,000)",
                    snippet(text)
                ),
            );
            Err(())
        }
        Ok(v) => Ok(v.map(|v| (v.abs(), leaves))),
        Err(e) => {
            row.problem(col, format!("{} is not a number: {e}", snippet(text)));
            Err(())
        }
    }
}

/// A quantity the code needs; an empty cell is a problem (and counts as zero).
fn required(row: &mut Row, col: usize, q: Option<Decimal>, code: &str) -> Decimal {
    q.unwrap_or_else(|| {
        row.problem(col, format!("is empty but required for {code}"));
        Decimal::ZERO
    })
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// `Option Expiration for SOFI 7/28/2023 Call $10.00` → `SOFI 7/28/2023 Call $10.00`.
fn option_text(description: &str) -> Option<&str> {
    let d = first_line(description);
    let d = OPTION_PREFIXES
        .iter()
        .find_map(|p| d.strip_prefix(p))
        .unwrap_or(d)
        .trim();
    (!d.is_empty()).then_some(d)
}

/// `Alphabet Class A\nCUSIP: 02079K305` → the name and the CUSIP.
fn name_and_cusip(description: &str) -> (Option<String>, Option<String>) {
    let mut name = None;
    let mut cusip = None;
    for (i, l) in description.lines().map(str::trim).enumerate() {
        if let Some(c) = l.strip_prefix("CUSIP:") {
            cusip = Some(c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
        } else if i == 0 && !l.is_empty() {
            name = Some(l.to_string());
        }
    }
    (name, cusip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_rules() {
        assert_eq!(rule("Buy"), Some(Rule::Trade(Action::Buy, 1)));
        assert_eq!(rule("STO"), Some(Rule::OptionTrade(Action::Sell, -1)));
        assert_eq!(rule("OEXCS"), Some(Rule::OptionEvent));
        assert_eq!(rule("SXCH"), Some(Rule::ShareEvent(Action::Transfer)));
        assert_eq!(rule("GOLD"), Some(Rule::Cash));
        assert_eq!(rule("XYZ"), None);
    }

    #[test]
    fn descriptions() {
        assert_eq!(
            option_text("Option Expiration for SOFI 7/28/2023 Call $10.00"),
            Some("SOFI 7/28/2023 Call $10.00")
        );
        assert_eq!(
            name_and_cusip("NIO\nCUSIP: 62914V106\n4 NIO Options Assigned"),
            (Some("NIO".into()), Some("62914V106".into()))
        );
    }
}
