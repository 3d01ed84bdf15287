//! TD Ameritrade (legacy) transactions export: a history, oldest first, ending with
//! `***END OF FILE***`.
//!
//! ```text
//! DATE,TRANSACTION ID,DESCRIPTION,QUANTITY,SYMBOL,PRICE,COMMISSION,AMOUNT,REG FEE,SHORT-TERM RDM FEE,FUND REDEMPTION FEE, DEFERRED SALES CHARGE
//! 06/11/2021,35XXXXXXXXX,Bought 30 BP @ 27.71,30,BP,27.71,0.00,-831.30,,,,
//! ***END OF FILE***
//! ```
//!
//! The last header name has a leading space (` DEFERRED SALES CHARGE`); a variant adds
//! `NET CASH BALANCE` after `AMOUNT`. There is no action column: the DESCRIPTION text says what
//! happened (`Bought …`, `Sold …`, `QUALIFIED DIVIDEND (BP)`, `REMOVAL OF OPTION DUE TO
//! EXPIRATION (…)`), and QUANTITY is unsigned, so the sign comes from the text. Money-market sweep
//! rows (`MONEY MARKET PURCHASE (MMDA10)`) carry a quantity of dollars and are cash, not shares.

use rust_decimal::Decimal;

use super::toolkit::{self, classify_identifier, is_option, Columns};
use super::{Action, AssetClass, Format, Parsed, Source, Transaction, Warning};
use crate::diag::{snippet, Problem};
use crate::table::Records;

pub struct TdAmeritrade;

const DATE: &[&str] = &["DATE"];
const DESCRIPTION: &[&str] = &["DESCRIPTION"];
const QUANTITY: &[&str] = &["QUANTITY"];
const SYMBOL: &[&str] = &["SYMBOL"];
const PRICE: &[&str] = &["PRICE"];
const AMOUNT: &[&str] = &["AMOUNT"];
const DATES: &[&str] = &["%m/%d/%Y"];
const END_OF_FILE: &str = "***END OF FILE***";

/// What a DESCRIPTION says about the shares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    /// `Bought …` / `Sold …`: the sign of the change.
    Trade(Action, i8),
    /// An option leaving the account on expiration, assignment or exercise: the sign is whatever
    /// brings the contract's position back to zero.
    OptionRemoval,
    /// Securities moved in or out, or added by a split: the sign of the change.
    Move(Action, i8),
    /// Sweep into or out of the money market: cash.
    Sweep,
    /// Anything else: cash if there is no quantity, else not understood.
    Other,
}

fn rule(description: &str) -> Rule {
    let d = description.trim().to_ascii_uppercase();
    if d.starts_with("BOUGHT ") {
        Rule::Trade(Action::Buy, 1)
    } else if d.starts_with("SOLD ") {
        Rule::Trade(Action::Sell, -1)
    } else if d.starts_with("REMOVAL OF OPTION") {
        Rule::OptionRemoval
    } else if d.starts_with("TRANSFER OF SECURITY OR OPTION IN") {
        Rule::Move(Action::Transfer, 1)
    } else if d.starts_with("TRANSFER OF SECURITY OR OPTION OUT") {
        Rule::Move(Action::Transfer, -1)
    } else if d.starts_with("STOCK SPLIT") || d.starts_with("STOCK DIVIDEND") {
        Rule::Move(Action::Split, 1)
    } else if d.starts_with("MONEY MARKET PURCHASE")
        || d.starts_with("MONEY MARKET REDEMPTION")
        || d.starts_with("CASH ALTERNATIVES PURCHASE")
        || d.starts_with("CASH ALTERNATIVES REDEMPTION")
    {
        Rule::Sweep
    } else {
        Rule::Other
    }
}

/// The header row: the export starts with it.
fn header(records: &Records) -> Option<usize> {
    records.find_header_within(
        5,
        &[
            "DATE",
            "TRANSACTION ID",
            "DESCRIPTION",
            "SYMBOL",
            "COMMISSION",
            "AMOUNT",
        ],
    )
}

impl Format for TdAmeritrade {
    fn name(&self) -> &'static str {
        "tdameritrade"
    }

    fn label(&self) -> &'static str {
        "TD Ameritrade Transactions"
    }

    fn detect(&self, source: &Source) -> bool {
        source.records().is_ok_and(|r| header(r).is_some())
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header(records) else {
            return Err(vec![Problem::file(
                &source.file,
                "no TD Ameritrade header (DATE, TRANSACTION ID, DESCRIPTION...) found",
            )]);
        };
        let end = (h + 1..records.len())
            .find(|&i| records.first_cell(i).starts_with(END_OF_FILE))
            .unwrap_or(records.len());
        let table = records.table(h, end);
        let mut cols = Columns::new(&table);
        let date = cols.required(DATE);
        let description = cols.required(DESCRIPTION);
        let quantity = cols.required(QUANTITY);
        let symbol = cols.required(SYMBOL);
        let (price, amount) = (cols.optional(PRICE), cols.optional(AMOUNT));
        cols.finish()?;

        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut transactions: Vec<Transaction> = Vec::new();
        let mut removals = Vec::new();
        for i in 0..table.len() {
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            let desc = row.text(description);
            let date_v = match row.date_in(date, DATES) {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    row.problem(date, "is empty but required");
                    None
                }
                Err(_) => None,
            };
            let qty = row.number(quantity);
            let price_v = price.map(|c| row.number(c)).transpose();
            let amount_v = amount.map(|c| row.number(c)).transpose();
            let (Ok(qty), Ok(price_v), Ok(amount_v)) = (qty, price_v, amount_v) else {
                continue;
            };
            let qty = qty.map(|q| q.abs()).filter(|q| !q.is_zero());
            let mut t = Transaction::new(line, Action::Other, Decimal::ZERO);
            t.date = date_v;
            t.price = price_v.flatten();
            t.amount = amount_v.flatten();
            t.currency = Some("USD".into());
            let sym = row.text(symbol);
            let ident = classify_identifier(sym);
            t.symbol = ident.symbol;
            t.isin = ident.isin;
            t.cusip = ident.cusip;
            let r = rule(desc);
            if r == Rule::OptionRemoval || is_option(sym, desc) {
                t.asset_class = Some(AssetClass::Option);
            }
            match (r, qty) {
                (Rule::Trade(action, sign) | Rule::Move(action, sign), Some(q)) => {
                    t.action = action;
                    t.quantity = if sign < 0 { -q } else { q };
                }
                (Rule::Trade(..) | Rule::Move(..) | Rule::OptionRemoval, None) => {
                    row.problem(
                        quantity,
                        format!("is empty but required for {}", snippet(desc)),
                    );
                }
                (Rule::OptionRemoval, Some(q)) => {
                    if t.symbol.is_none() {
                        t.symbol = in_parentheses(desc).map(str::to_string);
                    }
                    t.action = Action::Transfer;
                    t.quantity = q;
                    removals.push(transactions.len());
                }
                (Rule::Sweep, _) | (Rule::Other, None) => t.action = Action::CashOnly,
                (Rule::Other, Some(q)) => warnings.push(Warning::at(
                    line,
                    format!(
                        "{}: a movement of {q} shares that is not understood; the row is ignored",
                        snippet(desc)
                    ),
                )),
            }
            t.price = t
                .price
                .map(|p| toolkit::per_unit_price(p, t.quantity, t.amount));
            transactions.push(t);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        toolkit::sign_option_removals(&mut transactions, &removals, &mut warnings);
        let mut parsed = Parsed::transactions(transactions);
        parsed.warnings = warnings;
        Ok(parsed)
    }
}

/// `REMOVAL OF OPTION DUE TO EXPIRATION (0AAPL.AA12345000)` → `0AAPL.AA12345000`.
fn in_parentheses(text: &str) -> Option<&str> {
    let (_, rest) = text.rsplit_once('(')?;
    let inner = rest.split(')').next()?.trim();
    (!inner.is_empty()).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_map_to_rules() {
        assert_eq!(rule("Bought 30 BP @ 27.71"), Rule::Trade(Action::Buy, 1));
        assert_eq!(rule("Sold 5 COST @ 490.045"), Rule::Trade(Action::Sell, -1));
        assert_eq!(rule("MONEY MARKET PURCHASE (MMDA10)"), Rule::Sweep);
        assert_eq!(rule("QUALIFIED DIVIDEND (BP)"), Rule::Other);
        assert_eq!(
            in_parentheses("REMOVAL OF OPTION DUE TO ASSIGNMENT (RBLX Mar 18 2022 80.0 Put)"),
            Some("RBLX Mar 18 2022 80.0 Put")
        );
    }
}
