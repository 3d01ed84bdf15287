//! Fidelity account history (Activity & Orders → Download), every layout since 2021:
//!
//! - 2021 single account: `\n\n\nBrokerage\n\n` preamble, a leading space in every field,
//!   `Security Description`, 9 quoted disclaimer lines, `"Date downloaded" 12/31/2021, 9:11 AM`
//!   (`History_for_Accounts.csv` adds an `Account` column);
//! - 2022 combined accounts: comma-padded preamble, `Account` = `Fidelity X82000000`,
//!   `Exchange Quantity ... Quantity, Currency, Price`, footer `Date downloaded 06/02/2022,9:51 PM`;
//! - 2023 Cash Management: five `,,,` rows, the 2021 header, a comma-padded disclaimer;
//! - 2024: `Description, Type, ..., Cash Balance ($)`, with Price and Quantity in either order;
//! - Dec 2025 all accounts: `Account, Account Number`, sells with a **negative** quantity, CUSIPs
//!   and one-space cells as symbols, `MERGER MER FROM ...` legs;
//! - Jan–Apr 2026 `Accounts_History.csv`: `Price ($), Quantity, ... Amount ($)`.
//!
//! Columns are found by name, so the layouts differ only in their header. Older files write a
//! sale's quantity positive and newer ones negative: buys, sells and transfers take their sign
//! from the action, never from the cell; merger, journal and split legs keep the cell's sign.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::{account_label, data_end, download_date, security};
use crate::diag::{snippet, Problem};
use crate::import::toolkit::{per_unit_price, Columns};
use crate::import::{Action, Format, Parsed, Source, Transaction, Warning};
use crate::table::same_header;

pub struct History;

const RUN_DATE: &[&str] = &["run date"];
const ACTION: &[&str] = &["action"];
const SYMBOL: &[&str] = &["symbol"];
const DESCRIPTION: &[&str] = &["security description", "description"];
const QUANTITY: &[&str] = &["quantity"];
const PRICE: &[&str] = &["price ($)", "price"];
const AMOUNT: &[&str] = &["amount ($)", "amount"];
const ACCOUNT: &[&str] = &["account"];
const ACCOUNT_NUMBER: &[&str] = &["account number"];
const CURRENCY: &[&str] = &["currency"];

const DATE_FORMATS: &[&str] = &["%m/%d/%Y"];

/// Non-blank records that may precede the header (`Brokerage`, a title).
const HEADER_WITHIN: usize = 8;

/// Fidelity's core (sweep) money-market positions: their shares are cash, moved by the
/// `PURCHASE INTO` / `REDEMPTION FROM CORE ACCOUNT` rows. The symbols those rows name in a file
/// are added to these.
const CORE_FUNDS: &[&str] = &["SPAXX", "FDRXX", "FZFXX", "FCASH", "CORE"];

/// What an action does to the share count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Shares in: `YOU BOUGHT`, `REINVESTMENT` (the cell's sign is ignored).
    In(Action),
    /// Shares out: `YOU SOLD`, `REDEMPTION PAYOUT` (positive before 2025, negative after).
    Out(Action),
    /// `TRANSFERRED FROM` / `TO`: shares in or out when the row has a quantity, else cash.
    TransferIn,
    TransferOut,
    /// Merger, journal and split legs: the quantity as signed in the file.
    Signed(Action),
    /// 401(k) contributions: a purchase when the row has a quantity, else cash.
    Contribution,
    /// Core money-market sweeps (`REDEMPTION FROM CORE ACCOUNT`, `PURCHASE INTO CORE ACCOUNT`).
    Core,
    /// Dividends, interest, taxes, deposits, checks, fees.
    Cash,
    Unknown,
}

/// Action texts start with a fixed phrase, then the security (`YOU BOUGHT NVIDIA CORP (NVDA)
/// (Cash)`); the first matching prefix wins, so longer phrases come first.
const RULES: &[(&str, Rule)] = &[
    ("YOU BOUGHT", Rule::In(Action::Buy)),
    ("YOU SOLD", Rule::Out(Action::Sell)),
    ("REINVESTMENT", Rule::In(Action::Reinvest)),
    ("REDEMPTION FROM CORE ACCOUNT", Rule::Core),
    ("PURCHASE INTO CORE ACCOUNT", Rule::Core),
    ("REDEMPTION PAYOUT", Rule::Out(Action::Sell)),
    ("TRANSFERRED FROM", Rule::TransferIn),
    ("TRANSFERRED TO", Rule::TransferOut),
    ("MERGER", Rule::Signed(Action::Transfer)),
    ("JOURNALED", Rule::Signed(Action::Transfer)),
    ("REVERSE SPLIT", Rule::Signed(Action::Split)),
    ("DISTRIBUTION", Rule::Signed(Action::Split)),
    ("CO CONTR", Rule::Contribution),
    ("PARTIC CONTR", Rule::Contribution),
    ("PART CONTRIB", Rule::Contribution),
    ("CONTRIBUTION", Rule::Contribution),
    ("DIVIDEND RECEIVED", Rule::Cash),
    ("DIVIDEND ADJUSTMENT", Rule::Cash),
    ("LONG-TERM CAP GAIN", Rule::Cash),
    ("SHORT-TERM CAP GAIN", Rule::Cash),
    ("INTEREST EARNED", Rule::Cash),
    ("MARGIN INTEREST", Rule::Cash),
    ("MUNI EXEMPT INT", Rule::Cash),
    ("RETURN OF CAPITAL", Rule::Cash),
    ("IN LIEU", Rule::Cash),
    ("FOREIGN TAX PAID", Rule::Cash),
    ("ADJ FOREIGN TAX", Rule::Cash),
    ("NON-RESIDENT TAX", Rule::Cash),
    ("FEE CHARGED", Rule::Cash),
    ("ADVISOR FEE", Rule::Cash),
    ("DIRECT DEPOSIT", Rule::Cash),
    ("DIRECT DEBIT", Rule::Cash),
    ("ELECTRONIC FUNDS TRANSFER", Rule::Cash),
    ("WIRE TRANSFER", Rule::Cash),
    ("CHECK RECEIVED", Rule::Cash),
    ("CHECK PAID", Rule::Cash),
    ("BILL PAYMENT", Rule::Cash),
    ("DEBIT CARD", Rule::Cash),
    ("CASH ADVANCE", Rule::Cash),
    ("CASH CONTRIBUTION", Rule::Cash),
    ("ROLLOVER CASH", Rule::Cash),
];

fn rule(action: &str) -> Rule {
    let upper = action.trim().to_ascii_uppercase();
    RULES
        .iter()
        .find(|(prefix, _)| upper.starts_with(prefix))
        .map_or(Rule::Unknown, |(_, r)| *r)
}

impl Format for History {
    fn name(&self) -> &'static str {
        "fidelity-history"
    }

    fn label(&self) -> &'static str {
        "Fidelity account history"
    }

    fn detect(&self, source: &Source) -> bool {
        header(source).is_some()
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header(source) else {
            return Err(vec![Problem::file(
                &source.file,
                "no Fidelity history header (Run Date, Action, Symbol, Quantity)",
            )]);
        };
        let table = records.table(h, records.len());
        let mut cols = Columns::new(&table);
        let date_col = cols.required(RUN_DATE);
        let action_col = cols.required(ACTION);
        let symbol_col = cols.required(SYMBOL);
        let quantity_col = cols.required(QUANTITY);
        let desc_col = cols.optional(DESCRIPTION);
        let price_col = cols.optional(PRICE);
        let amount_col = cols.optional(AMOUNT);
        let account_col = cols.optional(ACCOUNT);
        let number_col = cols.optional(ACCOUNT_NUMBER);
        let currency_col = cols.optional(CURRENCY);
        cols.finish()?;

        let end = data_end(&table);
        let mut core: HashSet<String> = CORE_FUNDS.iter().map(|s| s.to_string()).collect();
        for (_, rec) in table.iter().take(end) {
            if rule(rec.get(action_col).unwrap_or("")) == Rule::Core {
                let symbol = rec.get(symbol_col).unwrap_or("").trim();
                if !symbol.is_empty() {
                    core.insert(symbol.to_ascii_uppercase());
                }
            }
        }

        let mut problems = Vec::new();
        let mut transactions = Vec::new();
        let mut warnings = Vec::new();
        for i in 0..end {
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            if same_header(row.text(date_col), RUN_DATE[0]) {
                continue; // the header repeated (files joined by hand)
            }
            let date = match row.date_in(date_col, DATE_FORMATS) {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    row.problem(date_col, "is empty but required");
                    None
                }
                Err(_) => None,
            };
            let action_text = row.text(action_col);
            let symbol_text = row.text(symbol_col);
            let description = desc_col
                .map(|c| row.text(c))
                .filter(|d| !d.eq_ignore_ascii_case("No Description"))
                .unwrap_or("");
            let quantity = row.number(quantity_col);
            let price = price_col.map(|c| row.number(c)).transpose();
            let amount = amount_col.map(|c| row.number(c)).transpose();
            let (Some(date), Ok(quantity), Ok(price), Ok(amount)) = (date, quantity, price, amount)
            else {
                continue; // the bad cell is already a problem
            };
            let mut rule = rule(action_text);
            if core.contains(&symbol_text.to_ascii_uppercase()) {
                rule = Rule::Core; // reinvested dividends of the sweep fund are cash too
            }
            let q = quantity.unwrap_or_default();
            let (action, change) = match rule {
                Rule::In(a) | Rule::Out(a) if quantity.is_none() => {
                    row.problem(
                        quantity_col,
                        format!("is empty but required for {}", snippet(action_text)),
                    );
                    (a, Decimal::ZERO)
                }
                Rule::In(a) => (a, q.abs()),
                Rule::Out(a) => (a, -q.abs()),
                Rule::TransferIn if !q.is_zero() => (Action::Transfer, q.abs()),
                Rule::TransferOut if !q.is_zero() => (Action::Transfer, -q.abs()),
                Rule::Signed(a) if !q.is_zero() => (a, q),
                Rule::Contribution if !q.is_zero() => (Action::Buy, q.abs()),
                Rule::Unknown if !q.is_zero() => {
                    warnings.push(Warning::at(
                        line,
                        format!(
                            "action {} is not recognised: its share change ({q}) is not counted",
                            snippet(action_text)
                        ),
                    ));
                    (Action::Other, Decimal::ZERO)
                }
                // No share change: the row only moves cash, whatever its wording.
                _ => (Action::CashOnly, Decimal::ZERO),
            };
            let sec = security(symbol_text, description);
            let mut t = Transaction::new(line, action, change);
            t.date = Some(date);
            t.account = account_label(
                account_col.and_then(|c| row.opt_text(c)),
                number_col.and_then(|c| row.opt_text(c)),
            );
            t.symbol = sec.symbol;
            t.isin = sec.isin;
            t.cusip = sec.cusip;
            t.name = (!description.is_empty()).then(|| description.to_string());
            t.asset_class = sec.asset_class;
            t.amount = amount.flatten();
            // Bonds and CDs are priced in percent of par: the price of one unit of face value.
            t.price = price.flatten().map(|p| per_unit_price(p, change, t.amount));
            // Fidelity accounts are in dollars; the 2022 and 2025 layouts also say so per row.
            t.currency = Some(
                currency_col
                    .and_then(|c| row.opt_text(c))
                    .map_or_else(|| "USD".to_string(), |c| c.to_ascii_uppercase()),
            );
            transactions.push(t);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let as_of = download_date(&source.text)
            .or_else(|| transactions.iter().filter_map(|t| t.date).max());
        let mut parsed = Parsed::transactions(transactions);
        parsed.as_of = as_of;
        parsed.warnings = warnings;
        Ok(parsed)
    }
}

/// Index of the header record, after at most a short preamble.
fn header(source: &Source) -> Option<usize> {
    let records = source.records().ok()?;
    let names = [RUN_DATE[0], ACTION[0], SYMBOL[0], QUANTITY[0]];
    records
        .iter()
        .take(HEADER_WITHIN)
        .position(|(_, rec)| names.iter().all(|n| rec.iter().any(|c| same_header(c, n))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_map_to_rules() {
        for (text, want) in [
            (
                " YOU BOUGHT NVIDIA CORP (NVDA) (Cash)",
                Rule::In(Action::Buy),
            ),
            ("YOU SOLD, ", Rule::Out(Action::Sell)),
            (
                "REINVESTMENT VANGUARD (VT) (Cash)",
                Rule::In(Action::Reinvest),
            ),
            (
                " REDEMPTION FROM CORE ACCOUNT FDIC INSURED (QPCTQ) (Cash)",
                Rule::Core,
            ),
            ("PURCHASE INTO CORE ACCOUNT X", Rule::Core),
            ("REDEMPTION PAYOUT HOUSTON", Rule::Out(Action::Sell)),
            ("TRANSFERRED FROM VS X11 (Cash)", Rule::TransferIn),
            ("TRANSFERRED TO 444444444 (Cash)", Rule::TransferOut),
            (
                "MERGER MER FROM 54211N101#REOR",
                Rule::Signed(Action::Transfer),
            ),
            ("Electronic Funds Transfer Received (Cash)", Rule::Cash),
            ("Check Paid # 0000 (Cash)", Rule::Cash),
            ("NON-RESIDENT TAX VANGUARD", Rule::Cash),
            ("EXPIRED CALL (AAPL)", Rule::Unknown),
        ] {
            assert_eq!(rule(text), want, "{text}");
        }
    }
}
