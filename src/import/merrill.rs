//! Merrill Edge transactions export (Accounts → Activity → Download): a history, newest first,
//! one row per activity, all accounts in one file.
//!
//! ```text
//! "Trade Date","Settlement Date","Pending/Settled","Account Nickname","Account Registration","Account #","Type","Description 1 ","Description 2","Symbol/CUSIP #","Quantity","Price ($)","Amount ($)"
//! "3/29/2019","3/29/2019","Settled","GEORGE'S CMA PLUS","CMAM","812-43946","DividendAndInterest","Foreign Dividend","BP PLC SPON ADR HOLDING 2069.0000 PAY DATE 03/29/2019","BP","--","--","1,272.44"
//! ```
//!
//! `Description 1 ` has a trailing space in its header; `--` means empty; `Symbol/CUSIP #` holds a
//! ticker, a CUSIP (CDs, bonds, bank deposits) or a Merrill option symbol (`TSLA#B1326C425000`:
//! underlying, month letter A–L calls / M–X puts, day, year, strike). There is no action code:
//! purchases and sales are recognised from the `Type`/`Description 1` text (`Purchase`, `Option
//! Sale`, `Sale-Option Assigned`), and their share change is signed from that text whatever the
//! sign of `Quantity`. Corporate actions (stock dividend due bills, exchanges, transfers) keep the
//! sign Merrill gives their quantity.

use rust_decimal::Decimal;

use super::toolkit::{self, classify_identifier, is_option, is_total, Columns};
use super::{Action, AssetClass, Format, Parsed, Source, Transaction, Warning};
use crate::diag::{snippet, Problem};
use crate::table::Records;

pub struct Merrill;

const TRADE_DATE: &[&str] = &["Trade Date"];
const ACCOUNT: &[&str] = &["Account #", "Account Number"];
const TYPE: &[&str] = &["Type"];
const DESCRIPTION_1: &[&str] = &["Description 1", "Description"];
const DESCRIPTION_2: &[&str] = &["Description 2"];
const SYMBOL: &[&str] = &["Symbol/CUSIP #", "Symbol/CUSIP", "Symbol"];
const QUANTITY: &[&str] = &["Quantity"];
const PRICE: &[&str] = &["Price ($)", "Price"];
const AMOUNT: &[&str] = &["Amount ($)", "Amount"];
const DATES: &[&str] = &["%m/%d/%Y"];

/// What a row's Type and Description 1 say about the shares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    /// Purchase, sale, reinvested dividend, redemption: the sign comes from the text.
    Trade(Action, i8),
    /// An option expired, assigned or exercised: the sign closes the contract's position.
    OptionRemoval,
    /// A corporate action or transfer: the quantity keeps Merrill's sign.
    Move(Action),
    /// Dividends, interest, deposits, withdrawals, fees, taxes, checks.
    Cash,
    /// Not recognised: cash if there is no quantity, else ignored with a warning.
    Unknown,
}

fn rule(kind: &str, description: &str, has_amount: bool) -> Rule {
    let d = description.trim().to_ascii_lowercase();
    let text = format!("{} {d}", kind.trim().to_ascii_lowercase());
    let has = |w: &str| text.contains(w);
    if d.contains("reinvestment share") {
        Rule::Trade(Action::Reinvest, 1)
    } else if d.contains("reinvestment program") {
        Rule::Cash
    } else if has("purchase") {
        Rule::Trade(Action::Buy, 1)
    } else if has("sale") || has(" sell") || d.contains("redemption") {
        // A bond or CD redeemed at maturity leaves like a sale.
        Rule::Trade(Action::Sell, -1)
    } else if d.contains("option")
        && (d.contains("expire") || d.contains("assign") || d.contains("exercise"))
    {
        Rule::OptionRemoval
    } else if d.contains("due bill") || d.contains("split") {
        Rule::Move(Action::Split)
    } else if d.contains("dividend") && !has_amount {
        // A dividend paid in shares: a quantity and no money.
        Rule::Move(Action::Split)
    } else if [
        "exchange",
        "transfer",
        "adjustment",
        "journal",
        "spin",
        "merger",
    ]
    .iter()
    .any(|w| d.contains(w))
    {
        Rule::Move(Action::Transfer)
    } else if [
        "dividend",
        "interest",
        "deposit",
        "withdrawal",
        "fee",
        "tax",
        "check",
        "wire",
        "funds",
        "contribution",
        "capital gain",
        "payment",
    ]
    .iter()
    .any(|w| d.contains(w))
    {
        Rule::Cash
    } else {
        Rule::Unknown
    }
}

/// The security's name from `Description 2`, without the notes Merrill appends to it
/// (`NVIDIA CORP HOLDING 10.0000 PAY DATE 06/07/2024` → `NVIDIA CORP`, `CISCO SYSTEMS INC COM
/// CLIENT ENTERED. ORDERS MAY BE ROUTED…` → `CISCO SYSTEMS INC COM`).
fn clean_name(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let end = [
        " HOLDING ",
        " PAY DATE",
        " AGENT REINV",
        " REINV ",
        " ACAT ",
        " CLIENT ENTERED",
        " ACTUAL PRICES",
    ]
    .iter()
    .filter_map(|w| upper.find(w))
    .min()
    .unwrap_or(text.len());
    let name = text.get(..end).unwrap_or(text).trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Merrill's option symbol: `TSLA#B1326C425000`.
fn is_merrill_option(symbol: &str) -> bool {
    let Some((under, code)) = symbol.trim().split_once('#') else {
        return false;
    };
    let b = code.as_bytes();
    !under.is_empty()
        && b.len() >= 7
        && matches!(b[0].to_ascii_uppercase(), b'A'..=b'X')
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5].is_ascii_alphabetic()
        && b[6..].iter().all(u8::is_ascii_digit)
}

/// The header row: the export starts with it.
fn header(records: &Records) -> Option<usize> {
    records.find_header_within(
        5,
        &[
            "Trade Date",
            "Pending/Settled",
            "Description 1",
            "Symbol/CUSIP #",
        ],
    )
}

impl Format for Merrill {
    fn name(&self) -> &'static str {
        "merrill"
    }

    fn label(&self) -> &'static str {
        "Merrill Edge Transactions"
    }

    fn detect(&self, source: &Source) -> bool {
        source.records().is_ok_and(|r| header(r).is_some())
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header(records) else {
            return Err(vec![Problem::file(
                &source.file,
                "no Merrill Edge header (Trade Date, Pending/Settled, Description 1, Symbol/CUSIP #...) found",
            )]);
        };
        let table = records.table(h, records.len());
        let mut cols = Columns::new(&table);
        let date = cols.required(TRADE_DATE);
        let kind = cols.required(TYPE);
        let description = cols.required(DESCRIPTION_1);
        let symbol = cols.required(SYMBOL);
        let quantity = cols.required(QUANTITY);
        let account = cols.optional(ACCOUNT);
        let description_2 = cols.optional(DESCRIPTION_2);
        let (price, amount) = (cols.optional(PRICE), cols.optional(AMOUNT));
        cols.finish()?;
        let width = table.headers.len();

        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut transactions: Vec<Transaction> = Vec::new();
        let mut removals = Vec::new();
        for i in 0..table.len() {
            let rec = table.record(i);
            // Blank padding and total lines, should a download carry any.
            let filled = rec
                .iter()
                .take(width)
                .filter(|c| !c.trim().is_empty())
                .count();
            if filled == 0 || rec.iter().next().is_some_and(is_total) {
                continue;
            }
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
            let amount_v = amount_v.flatten();
            let qty = qty.filter(|q| !q.is_zero());
            let mut t = Transaction::new(line, Action::Other, Decimal::ZERO);
            t.date = date_v;
            t.account = account.and_then(|c| row.opt_text(c));
            t.price = price_v.flatten();
            t.amount = amount_v;
            t.currency = Some("USD".into());
            let sym = row.text(symbol);
            let ident = classify_identifier(sym);
            t.symbol = ident.symbol;
            t.isin = ident.isin;
            t.cusip = ident.cusip;
            let name = description_2.and_then(|c| clean_name(row.text(c)));
            if is_merrill_option(sym)
                || desc.to_ascii_lowercase().starts_with("option")
                || is_option(sym, "")
            {
                t.asset_class = Some(AssetClass::Option);
            }
            let r = rule(row.text(kind), desc, amount_v.is_some_and(|a| !a.is_zero()));
            match (r, qty) {
                (Rule::Trade(action, sign), Some(q)) => {
                    t.action = action;
                    t.quantity = if sign < 0 { -q.abs() } else { q.abs() };
                    t.name = name;
                }
                (Rule::Move(action), Some(q)) => {
                    t.action = action;
                    t.quantity = q;
                    t.name = name;
                }
                (Rule::OptionRemoval, Some(q)) => {
                    t.action = Action::Transfer;
                    t.quantity = q.abs();
                    t.name = name;
                    removals.push(transactions.len());
                }
                (Rule::Trade(..) | Rule::OptionRemoval, None) => {
                    row.problem(quantity, format!("is empty but required for {}", snippet(desc)));
                }
                (Rule::Move(_) | Rule::Cash | Rule::Unknown, None) | (Rule::Cash, Some(_)) => {
                    t.action = Action::CashOnly;
                }
                (Rule::Unknown, Some(q)) => warnings.push(Warning::at(
                    line,
                    format!(
                        "unknown Merrill activity {} / {}: its quantity {q} is not counted; the row is ignored",
                        snippet(row.text(kind)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_maps_to_rules() {
        assert_eq!(
            rule("SecurityTransactions", "Purchase ", true),
            Rule::Trade(Action::Buy, 1)
        );
        assert_eq!(
            rule("SecurityTransactions", "Sale-Option Assigned", true),
            Rule::Trade(Action::Sell, -1)
        );
        assert_eq!(rule("Other", "Option Expired", false), Rule::OptionRemoval);
        assert_eq!(
            rule("DividendAndInterest", "Foreign Dividend", true),
            Rule::Cash
        );
        assert_eq!(
            rule("SecurityTransactions", "Stock Dividend Due Bill", false),
            Rule::Move(Action::Split)
        );
        assert_eq!(rule("Other", "Something New", false), Rule::Unknown);
    }

    #[test]
    fn names_lose_merrill_notes() {
        assert_eq!(
            clean_name("NVIDIA CORP HOLDING 10.0000 PAY DATE 06/07/2024").as_deref(),
            Some("NVIDIA CORP")
        );
        assert_eq!(
            clean_name("BP PLC SPON ADR").as_deref(),
            Some("BP PLC SPON ADR")
        );
        assert_eq!(clean_name(" HOLDING 1"), None);
    }

    #[test]
    fn option_symbols() {
        assert!(is_merrill_option("TSLA#B1326C425000"));
        assert!(!is_merrill_option("TSLA"));
        assert!(!is_merrill_option("#B1326C425000"));
        assert!(!is_merrill_option("A#é"));
    }
}
