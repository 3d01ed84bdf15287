//! Charles Schwab transaction history CSV (Accounts → History → Export), every known shape:
//!
//! * up to 2023: a title `"Transactions  for account General Investing ...XXX as of 05/03/2023
//!   02:21:05 PM ET"` (two spaces), the header, rows, and a `"Transactions Total"` row; 2021 files
//!   end every line with a comma and write the total unquoted; several accounts follow each other;
//! * 2023/24 on: no title and no total, just `"Date","Action","Symbol",…`;
//! * an older header with Price before Quantity, and spreadsheet re-saves without quotes.
//!
//! Dates are `MM/DD/YYYY`, optionally `MM/DD/YYYY as of MM/DD/YYYY` (the first is the booking
//! date). Schwab writes sold quantities as positive numbers: the sign comes from the Action (see
//! [`effect`], shared with the JSON export in [`super::schwab_json`]).

use rust_decimal::Decimal;

use super::net::{is_key, Ledger, Mark};
use super::schwab_positions::is_schwab_option;
use super::toolkit::{classify_identifier, in_parts, is_total, per_unit_price, Columns};
use super::{Action, AssetClass, Format, Parsed, Source, Transaction, Warning};
use crate::diag::Problem;
use crate::table::Record;
use crate::table::{same_header, Records, Table};

pub struct SchwabTransactions;

const DATE: &[&str] = &["Date"];
const ACTION: &[&str] = &["Action"];
const SYMBOL: &[&str] = &["Symbol"];
const DESCRIPTION: &[&str] = &["Description"];
const QUANTITY: &[&str] = &["Quantity", "Qty"];
const PRICE: &[&str] = &["Price"];
const FEES: &[&str] = &["Fees & Comm", "Fees & Commissions", "Fees and Comm"];
const AMOUNT: &[&str] = &["Amount"];

/// Booking dates; a re-saved file may have two-digit years.
pub(super) const DATES: &[&str] = &["%m/%d/%Y", "%m/%d/%y"];

impl Format for SchwabTransactions {
    fn name(&self) -> &'static str {
        "schwab-transactions"
    }

    fn label(&self) -> &'static str {
        "Schwab Transaction History (CSV)"
    }

    fn detect(&self, source: &Source) -> bool {
        let Ok(records) = source.records() else {
            return false;
        };
        let Some((_, first)) = records.first() else {
            return false;
        };
        if parse_title(first.get(0).unwrap_or("")).is_some() {
            return records.iter().take(4).any(|(_, r)| is_header(r));
        }
        is_header(first)
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        parse_records(source.records()?)
    }
}

fn has(record: Record<'_>, names: &[&str]) -> bool {
    record
        .iter()
        .any(|c| names.iter().any(|n| same_header(c, n)))
}

/// `Date, Action, Symbol, Quantity, Fees & Comm, Amount` (in any order): `Fees & Comm` is
/// Schwab's own wording.
fn is_header(record: Record<'_>) -> bool {
    // A data row starts with its date: decided without comparing names (runs on every row).
    if record
        .get(0)
        .is_some_and(|c| c.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    [DATE, ACTION, SYMBOL, QUANTITY, FEES, AMOUNT]
        .iter()
        .all(|names| has(record, names))
}

struct Title {
    account: Option<String>,
    date: Option<chrono::NaiveDate>,
}

/// `Transactions  for account General Investing ...XXX as of 05/03/2023 02:21:05 PM ET`.
fn parse_title(cell: &str) -> Option<Title> {
    // Cheap test first: this is asked of every row of a history.
    if !cell
        .trim_start()
        .get(..12)
        .is_some_and(|h| h.eq_ignore_ascii_case("transactions"))
    {
        return None;
    }
    let t = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    let prefix = "transactions for account ";
    let head = t.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = t.get(prefix.len()..)?;
    let (account, when) = match rest.rsplit_once(" as of ") {
        Some((a, w)) => (a, Some(w)),
        None => (rest, None),
    };
    let date = when
        .and_then(|w| w.split_whitespace().next())
        .and_then(|d| super::toolkit::parse_date(d, DATES).ok());
    Some(Title {
        account: (!account.trim().is_empty()).then(|| account.trim().to_string()),
        date,
    })
}

fn parse_records(records: &Records) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let headers: Vec<usize> = (0..records.len())
        .filter(|&i| is_header(records.record(i)))
        .collect();
    if headers.is_empty() {
        return Err(vec![Problem::file(
            &records.file,
            "no header row with Date, Action, Symbol, Quantity, Fees & Comm and Amount columns",
        )]);
    }
    let mut transactions = Ledger::default();
    let mut warnings = Vec::new();
    let mut as_of = None;
    for (k, &h) in headers.iter().enumerate() {
        let next = headers.get(k + 1).copied().unwrap_or(records.len());
        // The title of the next account's section ends this one.
        let end = (h + 1..next)
            .find(|&i| parse_title(records.record(i).get(0).unwrap_or("")).is_some())
            .unwrap_or(next);
        let title = h
            .checked_sub(1)
            .and_then(|t| parse_title(records.record(t).get(0).unwrap_or("")));
        if let Some(d) = title.as_ref().and_then(|t| t.date) {
            as_of = as_of.max(Some(d));
        }
        let account = title.and_then(|t| t.account);
        let table = records.table(h, end);
        parse_table(
            &table,
            account.as_deref(),
            &mut transactions,
            &mut warnings,
            &mut problems,
        );
    }
    if problems.is_empty() {
        let mut parsed = Parsed::ledger(transactions);
        parsed.as_of = as_of;
        parsed.warnings = warnings;
        Ok(parsed)
    } else {
        Err(problems)
    }
}

fn parse_table(
    table: &Table,
    account: Option<&str>,
    transactions: &mut Ledger,
    warnings: &mut Vec<Warning>,
    problems: &mut Vec<Problem>,
) {
    let mut cols = Columns::new(table);
    let date = cols.required(DATE);
    let action = cols.required(ACTION);
    let symbol = cols.required(SYMBOL);
    let quantity = cols.required(QUANTITY);
    let amount = cols.required(AMOUNT);
    let description = cols.optional(DESCRIPTION);
    let price = cols.optional(PRICE);
    if let Err(p) = cols.finish() {
        problems.extend(p);
        return;
    }
    let columns = Cols {
        date,
        action,
        symbol,
        quantity,
        amount,
        description,
        price,
    };
    for (ledger, w, p) in in_parts(table.len(), |range| {
        let mut part = (Ledger::with_capacity(range.len()), Vec::new(), Vec::new());
        parse_rows(table, &columns, account, range, &mut part);
        part
    }) {
        transactions.append(ledger);
        warnings.extend(w);
        problems.extend(p);
    }
}

/// The column of each field in one account's table.
struct Cols {
    date: usize,
    action: usize,
    symbol: usize,
    quantity: usize,
    amount: usize,
    description: Option<usize>,
    price: Option<usize>,
}

fn parse_rows(
    table: &Table,
    cols: &Cols,
    account: Option<&str>,
    range: std::ops::Range<usize>,
    (transactions, warnings, problems): &mut (Ledger, Vec<Warning>, Vec<Problem>),
) {
    let Cols {
        date,
        action,
        symbol,
        quantity,
        amount,
        description,
        price,
    } = *cols;
    for i in range {
        let mut row = table.row(i, problems);
        if is_total(row.text(0)) || is_total(row.text(date)) {
            continue;
        }
        let line = row.line;
        let day = match row.date_in(date, DATES) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                row.problem(date, "is empty but required");
                None
            }
            Err(_) => None,
        };
        let act = row.text(action);
        if act.is_empty() {
            row.problem(action, "is empty but required");
        }
        let qty = row.number(quantity);
        let amt = row.number(amount);
        let px = price.map(|c| row.number(c)).transpose();
        let (Some(day), false, Ok(qty), Ok(amt), Ok(px)) = (day, act.is_empty(), qty, amt, px)
        else {
            continue;
        };
        let (kind, shares) = match effect(act, qty, amt, false) {
            Effect::Shares(kind, q) => (kind, q),
            Effect::MissingQuantity => {
                row.problem(quantity, format!("is empty but required for {act:?}"));
                continue;
            }
            Effect::Ignored(why) => {
                warnings.push(Warning::at(line, why));
                (Action::Other, Decimal::ZERO)
            }
        };
        // Bonds and CDs are priced in percent of par: the price of one unit of face value.
        let px = px.flatten().map(|p| per_unit_price(p, shares, amt));
        let sym = row.text(symbol);
        let name = description.map(|c| row.text(c)).filter(|n| !n.is_empty());
        let make = || {
            let ident = classify_identifier(sym);
            Transaction {
                line,
                date: Some(day),
                account: account.map(str::to_string),
                symbol: ident.symbol,
                isin: ident.isin,
                cusip: ident.cusip,
                name: name.map(str::to_string),
                asset_class: is_schwab_option(sym).then_some(AssetClass::Option),
                action: kind,
                quantity: shares,
                price: px,
                amount: amt,
                currency: Some("USD".into()),
                rate: None,
            }
        };
        // An upper-case symbol is its own key: no allocation unless the security is new.
        if is_key(sym) {
            let mark = if kind == Action::Split {
                Some(Mark::Split { date: day, line })
            } else {
                matches!(kind, Action::Buy | Action::Sell | Action::Reinvest)
                    .then_some(px)
                    .flatten()
                    .filter(|_| !is_schwab_option(sym))
                    .map(|price| Mark::Trade {
                        date: day,
                        price,
                        currency: "USD",
                        line,
                    })
            };
            transactions.push_with(account, sym, shares, mark, make);
        } else {
            transactions.push(make());
        }
    }
}

/// What a Schwab action does to the share count.
pub(super) enum Effect {
    /// The action and the signed change in shares (zero for cash-only rows).
    Shares(Action, Decimal),
    /// A buy or sell without a quantity: a broken row.
    MissingQuantity,
    /// Recognised or not, the row is not applied; the text says why (it becomes a warning).
    Ignored(String),
}

enum Rule {
    /// Shares come in: the quantity's magnitude is added (required if `true`).
    In(Action, bool),
    /// Shares go out: the magnitude is removed. Schwab writes sells as positive numbers.
    Out(Action, bool),
    /// Corporate actions: Schwab signs the quantity itself (`Reverse Split` old CUSIP `-1`).
    Signed(Action),
    /// Share journals and transfers: the sign of the quantity, else of the amount.
    Moved,
    /// Dividends, interest, fees, taxes, cash movements: no change in shares.
    Cash,
    /// Option expiry, assignment, exercise: the contract leaves the account, but the file does
    /// not say from which side, so the row is reported and not applied.
    Lifecycle,
}

fn rule(action: &str) -> Option<Rule> {
    // Lower case with single spaces, in a stack buffer: this runs on every row of a history.
    let mut buf = [0u8; 40];
    let mut len = 0;
    for word in action.split_whitespace() {
        let sep = usize::from(len > 0);
        if len + sep + word.len() > buf.len() {
            return None; // longer than any known action
        }
        if sep == 1 {
            buf[len] = b' ';
        }
        buf[len + sep..len + sep + word.len()].copy_from_slice(word.as_bytes());
        len += sep + word.len();
    }
    buf[..len].make_ascii_lowercase();
    let a = std::str::from_utf8(&buf[..len]).ok()?;
    Some(match a {
        "buy" => Rule::In(Action::Buy, true),
        "buy to open" | "buy to close" => Rule::In(Action::Buy, true),
        "reinvest shares" => Rule::In(Action::Reinvest, true),
        "stock plan activity" => Rule::In(Action::Transfer, true),
        "sell" | "sale" | "sell to open" | "sell to close" | "sell short" => {
            Rule::Out(Action::Sell, true)
        }
        // A cancelled buy takes the shares back out.
        "cancel buy" => Rule::Out(Action::Sell, true),
        // Equity-award exports: shares moved out to the brokerage account.
        "transfer" => Rule::Out(Action::Transfer, false),
        "stock split" | "reverse split" | "stock div dist" | "stock dividend" => {
            Rule::Signed(Action::Split)
        }
        "stock merger"
        | "name change"
        | "conversion"
        | "spin-off"
        | "spinoff"
        | "cash merger"
        | "cash merger adj"
        | "full redemption"
        | "full redemption adj"
        | "reinvestment adj"
        | "exchange" => Rule::Signed(Action::Transfer),
        "journaled shares" | "security transfer" | "journal" | "internal transfer" | "deposit" => {
            Rule::Moved
        }
        "expired" | "assigned" | "exchange or exercise" | "exercise" => Rule::Lifecycle,
        "reinvest dividend"
        | "qual div reinvest"
        | "pr yr div reinvest"
        | "cash dividend"
        | "qualified dividend"
        | "non-qualified div"
        | "special non qual div"
        | "special qual div"
        | "special dividend"
        | "pr yr cash div"
        | "pr yr special div"
        | "pr yr non-qual div"
        | "pr yr qual div"
        | "div adjustment"
        | "dividend"
        | "long term cap gain"
        | "short term cap gain"
        | "long term cap gain reinvest"
        | "short term cap gain reinvest"
        | "credit interest"
        | "bank interest"
        | "bond interest"
        | "margin interest"
        | "interest adj"
        | "moneylink deposit"
        | "moneylink transfer"
        | "moneylink adj"
        | "wire sent"
        | "wire received"
        | "wire funds"
        | "wire funds received"
        | "wire funds adj"
        | "wire transfer"
        | "funds received"
        | "funds paid"
        | "bank transfer"
        | "misc cash entry"
        | "misc credits"
        | "service fee"
        | "advisor fee"
        | "adr mgmt fee"
        | "foreign tax paid"
        | "nra tax adj"
        | "nra withholding"
        | "irs withhold adj"
        | "tax withholding"
        | "tax reversal"
        | "cash in lieu"
        | "promotional award"
        | "visa purchase"
        | "adjustment"
        | "lapse" => Rule::Cash,
        _ => return None,
    })
}

/// The signed share change of one row, from its Action (case and spacing ignored), its
/// quantity and its amount.
///
/// `equity_awards`: the row comes from an Equity Award Center export, where a `Journal` of shares
/// moves them out to the brokerage account.
pub(super) fn effect(
    action: &str,
    quantity: Option<Decimal>,
    amount: Option<Decimal>,
    equity_awards: bool,
) -> Effect {
    let q = quantity.filter(|q| !q.is_zero());
    let rule = match rule(action) {
        Some(Rule::Moved) if equity_awards && action.trim().eq_ignore_ascii_case("journal") => {
            Some(Rule::Out(Action::Transfer, false))
        }
        r => r,
    };
    match rule {
        Some(Rule::In(kind, required)) => match q {
            Some(q) => Effect::Shares(kind, q.abs()),
            None if required => Effect::MissingQuantity,
            None => Effect::Shares(Action::CashOnly, Decimal::ZERO),
        },
        Some(Rule::Out(kind, required)) => match q {
            Some(q) => Effect::Shares(kind, -q.abs()),
            None if required => Effect::MissingQuantity,
            None => Effect::Shares(Action::CashOnly, Decimal::ZERO),
        },
        Some(Rule::Signed(kind)) => match q {
            Some(q) => Effect::Shares(kind, q),
            None => Effect::Shares(Action::CashOnly, Decimal::ZERO),
        },
        Some(Rule::Moved) => match q {
            Some(q) if q.is_sign_negative() || amount.is_some_and(|a| a.is_sign_negative()) => {
                Effect::Shares(Action::Transfer, -q.abs())
            }
            Some(q) => Effect::Shares(Action::Transfer, q),
            None => Effect::Shares(Action::CashOnly, Decimal::ZERO),
        },
        Some(Rule::Cash) => Effect::Shares(Action::CashOnly, Decimal::ZERO),
        Some(Rule::Lifecycle) => Effect::Ignored(format!(
            "option action {:?} is not applied (the file does not say whether a long or a short contract left the account): check the option and its underlying",
            action.trim()
        )),
        None => Effect::Ignored(format!(
            "unknown Schwab action {:?}: the row is ignored (no change in shares)",
            action.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn shares(action: &str, q: Option<Decimal>, a: Option<Decimal>) -> Option<(Action, Decimal)> {
        match effect(action, q, a, false) {
            Effect::Shares(k, q) => Some((k, q)),
            _ => None,
        }
    }

    #[test]
    fn signs_come_from_the_action() {
        assert_eq!(
            shares("Sell", Some(dec!(10)), None),
            Some((Action::Sell, dec!(-10)))
        );
        assert_eq!(
            shares("Buy", Some(dec!(5)), None),
            Some((Action::Buy, dec!(5)))
        );
        assert_eq!(
            shares("Reverse Split", Some(dec!(-1)), None),
            Some((Action::Split, dec!(-1)))
        );
        assert_eq!(
            shares("Journaled Shares", Some(dec!(-877)), None),
            Some((Action::Transfer, dec!(-877)))
        );
        assert_eq!(
            shares("Security Transfer", Some(dec!(20)), Some(dec!(-1))).map(|(_, q)| q),
            Some(dec!(-20))
        );
        assert_eq!(
            shares("Security Transfer", None, Some(dec!(101000))),
            Some((Action::CashOnly, Decimal::ZERO))
        );
        assert_eq!(
            shares("qualified  dividend", None, Some(dec!(1))),
            Some((Action::CashOnly, Decimal::ZERO))
        );
        assert!(matches!(
            effect("Buy", None, None, false),
            Effect::MissingQuantity
        ));
        assert!(matches!(
            effect("Frobnicate", None, None, false),
            Effect::Ignored(_)
        ));
    }

    #[test]
    fn titles() {
        let t = parse_title(
            "Transactions  for account General Investing ...XXX as of 05/03/2023 02:21:05 PM ET",
        )
        .expect("title");
        assert_eq!(t.account.as_deref(), Some("General Investing ...XXX"));
        assert_eq!(t.date.map(|d| d.to_string()), Some("2023-05-03".into()));
    }
}
