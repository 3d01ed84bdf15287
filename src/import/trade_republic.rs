//! Trade Republic transaction export (Profile → Transactions → Export CSV). No positions export
//! exists: positions are rebuilt from the history.
//!
//! Layouts:
//! - official 2025–26: comma separated, every field quoted, 23 columns
//!   `"datetime","date","account_type","category","type","asset_class","name","symbol","shares",...`;
//! - official, older: semicolon separated, adds `value_date`, no `mcc_code`;
//! - pytr (unofficial downloader): `Datum;Typ;Wert;Notiz;ISIN;Stück;Gebühren;Steuern;ISIN2;Stück2`
//!   with localized words (`Kauf`, `Verkauf`...) and numbers (`-3.002,8`), also in English and
//!   Dutch.
//!
//! In the official files the `category` says whether shares move: `CASH` rows never move shares
//! (their `shares` is the holding the dividend was paid on), `TRADING`, `DELIVERY` and
//! `CORPORATE_ACTION` rows do, with signed `shares` (sales negative). `symbol` holds an ISIN or,
//! for crypto, a coin (`BTC`). Trades state their `price` and `currency`; the account's currency
//! is the `currency` column when it is one currency throughout.
//!
//! pytr's rows state no price and no currency: Trade Republic accounts are in euros (what pytr
//! writes is the euro amount of the account's timeline), so the account's currency is EUR and a
//! trade's price is its gross value per share: (−`Wert` − fees − taxes) ÷ `Stück` for a buy,
//! (`Wert` + fees + taxes) ÷ `Stück` for a sale (pytr writes fees and taxes as positive costs),
//! to 6 places.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::degiro_portfolio::{detect_number_format, number_cell};
use super::toolkit::{classify_identifier, Columns};
use super::{Action, AssetClass, Format, Parsed, Source, Transaction, Warning};
use crate::diag::Problem;
use crate::money::NumberFormat;
use crate::table::{same_header, Recorded, Records, Row, Table};

pub struct TradeRepublic;

// Official export.
const DATETIME: &[&str] = &["datetime"];
const DATE: &[&str] = &["date"];
const ACCOUNT_TYPE: &[&str] = &["account_type"];
const CATEGORY: &[&str] = &["category"];
const TYPE: &[&str] = &["type"];
const ASSET_CLASS: &[&str] = &["asset_class"];
const NAME: &[&str] = &["name"];
const SYMBOL: &[&str] = &["symbol"];
const SHARES: &[&str] = &["shares"];
const PRICE: &[&str] = &["price"];
const AMOUNT: &[&str] = &["amount"];
const CURRENCY: &[&str] = &["currency"];

// pytr export (German, English, Dutch headers).
const P_DATE: &[&str] = &["Datum", "Date"];
const P_TYPE: &[&str] = &["Typ", "Type", "Transactietype"];
const P_VALUE: &[&str] = &["Wert", "Value", "Waarde (netto)"];
const P_NOTE: &[&str] = &["Notiz", "Note", "Opmerking"];
const P_ISIN: &[&str] = &["ISIN"];
const P_SHARES: &[&str] = &["Stück", "Shares", "Aantal"];
const P_FEES: &[&str] = &["Gebühren", "Fees", "Kosten"];
const P_TAXES: &[&str] = &["Steuern", "Taxes", "Belasting"];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layout {
    Official,
    Pytr,
}

/// The delimiter and layout, from the first non-blank line.
fn sniff(text: &str) -> Option<(u8, Layout)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text.lines().find(|l| !l.trim().is_empty())?;
    let delimiter = if line.contains(';') { b';' } else { b',' };
    let cells: Vec<&str> = line
        .split(delimiter as char)
        .map(|c| c.trim().trim_matches('"').trim())
        .collect();
    let has = |names: &[&str]| {
        cells
            .iter()
            .any(|c| names.iter().any(|n| same_header(c, n)))
    };
    let at = |i: usize, names: &[&str]| {
        cells
            .get(i)
            .is_some_and(|c| names.iter().any(|n| same_header(c, n)))
    };
    if at(0, DATETIME)
        && has(DATE)
        && has(CATEGORY)
        && has(TYPE)
        && has(SYMBOL)
        && has(SHARES)
        && has(AMOUNT)
    {
        Some((delimiter, Layout::Official))
    } else if delimiter == b';'
        && at(0, P_DATE)
        && at(1, P_TYPE)
        && at(2, P_VALUE)
        && at(3, P_NOTE)
        && at(4, P_ISIN)
        && at(5, P_SHARES)
    {
        // pytr's fixed order; Portfolio Performance's own export (`Datum;Typ;Wert;
        // Buchungswährung;...`) differs from the fourth column on.
        Some((delimiter, Layout::Pytr))
    } else {
        None
    }
}

impl Format for TradeRepublic {
    fn name(&self) -> &'static str {
        "trade-republic"
    }

    fn label(&self) -> &'static str {
        "Trade Republic transactions (official CSV or pytr)"
    }

    fn detect(&self, source: &Source) -> bool {
        sniff(&source.text).is_some()
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let Some((delimiter, layout)) = sniff(&source.text) else {
            return Err(vec![Problem::at(
                &source.file,
                1,
                "no Trade Republic header (datetime, date, category, type, symbol, shares, amount) or pytr header (Datum;Typ;Wert;...)",
            )]);
        };
        let owned;
        let records = if delimiter == b',' {
            source.records()?
        } else {
            owned = Records::parse_delimited(&source.file, &source.text, delimiter)?;
            &owned
        };
        if records.is_empty() {
            return Err(vec![Problem::file(
                &source.file,
                "the file is empty (no header row)",
            )]);
        }
        let table = records.table(0, records.len());
        match layout {
            Layout::Official => parse_official(&table),
            Layout::Pytr => parse_pytr(&table),
        }
    }
}

/// How a row changes the share count.
#[derive(Clone, Copy)]
enum Move {
    /// Cash only (or ignored): no shares.
    None,
    /// Shares in: `+|shares|`.
    In,
    /// Shares out: `−|shares|`.
    Out,
    /// The file's sign is the direction (splits, corporate actions).
    AsSigned,
}

/// Cash types of the official export (`CASH` category, or no category in older files).
const CASH_TYPES: &[&str] = &[
    "DIVIDEND",
    "DISTRIBUTION",
    "INTEREST_PAYMENT",
    "CUSTOMER_INPAYMENT",
    "CUSTOMER_INBOUND",
    "CUSTOMER_OUTBOUND_REQUEST",
    "TRANSFER_INSTANT_INBOUND",
    "TRANSFER_INSTANT_OUTBOUND",
    "TRANSFER_INBOUND",
    "TRANSFER_OUTBOUND",
    "CARD_TRANSACTION",
    "TAX_OPTIMIZATION",
    "PRE_DETERMINED_TAX_BASE",
    "SEC_ACCOUNT",
    "BENEFITS_SAVEBACK",
    "GIFT",
    "EARNINGS",
    "FINAL_MATURITY",
    "DIVIDEND_EQUIVALENT_PAYMENT",
    "TILG",
    "PRIVATE_MARKET_BUY",
    "FEE",
];

/// (action, share movement) of an official row; `None` for an unknown code.
fn classify_official(category: &str, kind: &str) -> Option<(Action, Move)> {
    let (c, t) = (category.to_ascii_uppercase(), kind.to_ascii_uppercase());
    if c == "CASH" {
        return Some((Action::CashOnly, Move::None));
    }
    Some(match t.as_str() {
        "BUY" | "SAVINGS_PLAN" => (Action::Buy, Move::In),
        "SELL" => (Action::Sell, Move::Out),
        "TRANSFER_IN" | "TRANSFER_INBOUND" | "DELIVERY_IN" | "DELIVERY_INBOUND" => {
            (Action::Transfer, Move::In)
        }
        "TRANSFER_OUT" | "TRANSFER_OUTBOUND" | "DELIVERY_OUT" | "DELIVERY_OUTBOUND" => {
            (Action::Transfer, Move::Out)
        }
        "SPLIT" | "REVERSE_SPLIT" => (Action::Split, Move::AsSigned),
        "REDEMPTION" | "FINAL_MATURITY" => (Action::Sell, Move::Out),
        "WARRANT_EXERCISE" => (Action::Transfer, Move::AsSigned),
        _ if c.is_empty() && CASH_TYPES.contains(&t.as_str()) => (Action::CashOnly, Move::None),
        _ => return None,
    })
}

fn asset_class(text: &str) -> Option<AssetClass> {
    Some(match text.trim().to_ascii_uppercase().as_str() {
        "" => return None,
        "STOCK" => AssetClass::Equity,
        "FUND" | "PRIVATE_FUND" => AssetClass::Fund,
        "BOND" => AssetClass::Bond,
        "CRYPTO" => AssetClass::Crypto,
        _ => AssetClass::Other,
    })
}

const OFFICIAL_DATETIME: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f",
];

/// The booking date: `date`, else the date of `datetime`.
fn row_date(row: &mut Row, date: Option<usize>, datetime: Option<usize>) -> Option<NaiveDate> {
    if let Some(c) = date.filter(|&c| !row.text(c).is_empty()) {
        return row.date_in(c, &["%Y-%m-%d"]).ok().flatten();
    }
    if let Some(c) = datetime.filter(|&c| !row.text(c).is_empty()) {
        return row.date_in(c, OFFICIAL_DATETIME).ok().flatten();
    }
    row.problem(date.or(datetime).unwrap_or(0), "is empty but required");
    None
}

fn parse_official(table: &Table) -> Result<Parsed, Vec<Problem>> {
    let mut cols = Columns::new(table);
    let category = cols.required(CATEGORY);
    let kind = cols.required(TYPE);
    let symbol = cols.required(SYMBOL);
    let shares = cols.required(SHARES);
    cols.finish()?;
    let (date, datetime) = (table.find(DATE), table.find(DATETIME));
    let (account, class, name) = (
        table.find(ACCOUNT_TYPE),
        table.find(ASSET_CLASS),
        table.find(NAME),
    );
    let (price, amount, currency) = (table.find(PRICE), table.find(AMOUNT), table.find(CURRENCY));
    // The currencies of the `currency` column, which should be one: the account's.
    let mut currencies: Vec<String> = Vec::new();

    let mut problems = Vec::new();
    let mut transactions = Vec::new();
    let mut warnings = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        let day = row_date(&mut row, date, datetime);
        let (cat, ty) = (row.text(category).to_string(), row.text(kind).to_string());
        let text = |c: Option<usize>| c.and_then(|c| row.opt_text(c));
        let (account_v, class_v, name_v, currency_v) = (
            text(account),
            text(class).and_then(|c| asset_class(&c)),
            text(name),
            text(currency).map(|c| c.to_ascii_uppercase()),
        );
        if let Some(c) = &currency_v {
            if !currencies.contains(c) {
                currencies.push(c.clone());
            }
        }
        let id = classify_identifier(row.text(symbol));
        let px = price.map(|c| row.number(c)).transpose();
        let amt = amount.map(|c| row.number(c)).transpose();
        let Some((action, movement)) = classify_official(&cat, &ty) else {
            if ty.is_empty() {
                row.problem(kind, "is empty but required");
                continue;
            }
            warnings.push(Warning::at(
                line,
                format!(
                    "unknown Trade Republic transaction {cat}/{ty}: ignored (no change in shares)"
                ),
            ));
            let mut t = Transaction::new(line, Action::Other, Decimal::ZERO);
            t.date = day;
            t.symbol = id.symbol;
            t.isin = id.isin;
            t.name = name_v;
            transactions.push(t);
            continue;
        };
        let mut quantity = Decimal::ZERO;
        if !matches!(movement, Move::None) {
            match row.number(shares) {
                Ok(Some(q)) => {
                    quantity = match movement {
                        Move::In => q.abs(),
                        Move::Out => -q.abs(),
                        _ => q,
                    }
                }
                Ok(None) => row.problem(shares, format!("is empty but required for {ty}")),
                Err(Recorded) => {}
            }
            if id.symbol.is_none() && id.isin.is_none() && id.cusip.is_none() {
                row.problem(symbol, format!("is empty but required for {ty}"));
            }
        }
        let (Some(day), Ok(px), Ok(amt)) = (day, px, amt) else {
            continue;
        };
        let mut t = Transaction::new(line, action, quantity);
        t.date = Some(day);
        t.account = account_v;
        t.symbol = id.symbol;
        t.isin = id.isin;
        t.cusip = id.cusip;
        t.name = name_v;
        t.asset_class = class_v;
        t.price = px.flatten();
        t.amount = amt.flatten();
        t.currency = currency_v;
        transactions.push(t);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut parsed = Parsed::transactions(transactions);
    parsed.warnings = warnings;
    if currencies.len() == 1 {
        parsed.account_currency = currencies.pop();
    }
    Ok(parsed)
}

/// pytr's transaction words in German, English and Dutch.
fn classify_pytr(kind: &str) -> Option<(Action, Move)> {
    let k = kind.trim().to_lowercase();
    Some(match k.as_str() {
        "kauf" | "buy" | "aankoop" => (Action::Buy, Move::In),
        "verkauf" | "sell" | "verkoop" => (Action::Sell, Move::Out),
        "umbuchung (eingang)" | "transfer (inbound)" | "inkomende overboeking" => {
            (Action::Transfer, Move::In)
        }
        "umbuchung (ausgang)" | "transfer (outbound)" | "uitgaande overboeking" => {
            (Action::Transfer, Move::Out)
        }
        // Stock splits and bonus shares: `Stück` is the number of shares added.
        "split" => (Action::Split, Move::In),
        "einlage"
        | "deposit"
        | "storting"
        | "entnahme"
        | "removal"
        | "onttrekking"
        | "dividende"
        | "dividend"
        | "zinsen"
        | "interest"
        | "rentebaten"
        | "zinsbelastung"
        | "interest charge"
        | "rentelasten"
        | "steuern"
        | "taxes"
        | "belastingen"
        | "steuerrückerstattung"
        | "tax refund"
        | "terugbetaling van belastingen"
        | "gebühren"
        | "fees"
        | "kosten"
        | "gebührenerstattung"
        | "fees refund"
        | "terugbetaling van kosten" => (Action::CashOnly, Move::None),
        _ => return None,
    })
}

fn parse_pytr(table: &Table) -> Result<Parsed, Vec<Problem>> {
    let mut cols = Columns::new(table);
    let date = cols.required(P_DATE);
    let kind = cols.required(P_TYPE);
    let value = cols.required(P_VALUE);
    let isin = cols.required(P_ISIN);
    let shares = cols.required(P_SHARES);
    cols.finish()?;
    let note = table.find(P_NOTE);
    let (fees, taxes) = (table.find(P_FEES), table.find(P_TAXES));
    // German and Dutch exports localize numbers (`-3.002,8`); English ones do not.
    let default = if table.find(&["Wert", "Waarde (netto)"]).is_some() {
        NumberFormat::CommaDecimal
    } else {
        NumberFormat::DotDecimal
    };
    let numeric: Vec<usize> = [Some(value), Some(shares), fees, taxes]
        .into_iter()
        .flatten()
        .collect();
    let format = detect_number_format(
        table
            .iter()
            .flat_map(|(_, rec)| numeric.iter().filter_map(move |&c| rec.get(c))),
        default,
    );

    let mut problems = Vec::new();
    let mut transactions = Vec::new();
    let mut warnings = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        let day = match row.date_in(date, &["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                row.problem(date, "is empty but required");
                None
            }
            Err(Recorded) => None,
        };
        let ty = row.text(kind).to_string();
        let id = classify_identifier(row.text(isin));
        let name_v = note.and_then(|c| row.opt_text(c));
        let amt = number_cell(&mut row, value, format);
        let mut cost = |c: Option<usize>| match c {
            Some(c) => number_cell(&mut row, c, format).map(|v| v.unwrap_or_default().abs()),
            None => Ok(Decimal::ZERO),
        };
        let costs = cost(fees).and_then(|f| Ok(f + cost(taxes)?));
        let Some((action, movement)) = classify_pytr(&ty) else {
            if ty.is_empty() {
                row.problem(kind, "is empty but required");
                continue;
            }
            warnings.push(Warning::at(
                line,
                format!("pytr transaction type {ty:?} is not applied (no change in shares); check this position by hand"),
            ));
            let mut t = Transaction::new(line, Action::Other, Decimal::ZERO);
            t.date = day;
            t.symbol = id.symbol;
            t.isin = id.isin;
            t.name = name_v;
            transactions.push(t);
            continue;
        };
        let mut quantity = Decimal::ZERO;
        if !matches!(movement, Move::None) {
            match number_cell(&mut row, shares, format) {
                Ok(Some(q)) => {
                    quantity = if matches!(movement, Move::Out) {
                        -q.abs()
                    } else {
                        q.abs()
                    }
                }
                Ok(None) => row.problem(shares, format!("is empty but required for {ty:?}")),
                Err(Recorded) => {}
            }
            if id.symbol.is_none() && id.isin.is_none() && id.cusip.is_none() {
                row.problem(isin, format!("is empty but required for {ty:?}"));
            }
        }
        let (Some(day), Ok(amt), Ok(costs)) = (day, amt, costs) else {
            continue;
        };
        let mut t = Transaction::new(line, action, quantity);
        t.date = Some(day);
        t.symbol = id.symbol;
        t.isin = id.isin;
        t.cusip = id.cusip;
        t.name = name_v;
        t.amount = amt;
        t.currency = Some("EUR".into());
        t.price = amt.and_then(|a| pytr_price(action, a, costs, quantity));
        transactions.push(t);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut parsed = Parsed::transactions(transactions);
    parsed.warnings = warnings;
    parsed.account_currency = Some("EUR".into());
    Ok(parsed)
}

/// A pytr trade's price: its gross value (the cash moved, less fees and taxes for a buy, plus
/// them for a sale) per share, to 6 places; `None` for other rows or a value that gives none.
fn pytr_price(action: Action, value: Decimal, costs: Decimal, shares: Decimal) -> Option<Decimal> {
    let gross = match action {
        Action::Buy => value.abs().checked_sub(costs)?,
        Action::Sell => value.abs().checked_add(costs)?,
        _ => return None,
    };
    let price = gross.checked_div(shares.abs())?.round_dp(6);
    (price.is_sign_positive() && !price.is_zero()).then_some(price)
}
