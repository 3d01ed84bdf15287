//! Ghostfolio activities: the CSV its import dialog reads (`Date,Code,DataSource,Currency,Price,
//! Quantity,Action,Fee,Note`, with the header aliases of `import-activities.service.ts`, so
//! `Symbol`/`Ticker`, `Type`, `Qty`/`Shares`/`Units`, `UnitPrice`, `CCY`, `Commission`... also
//! work) and its JSON export (`{"meta":…,"accounts":[…],"assetProfiles":[…],"activities":[…]}`).
//!
//! Both are histories: BUY/ITEM add shares, SELL removes them (Ghostfolio stores quantities
//! unsigned), DIVIDEND/INTEREST/FEE/LIABILITY move no shares. Dates as Ghostfolio's `parseDate`
//! takes them: `dd-MM-yyyy`, `dd/MM/yyyy`, `dd.MM.yyyy`, `yyyy-MM-dd`, `yyyy/MM/dd`,
//! `yyyy.MM.dd`, `yyyyMMdd`, ISO date-times. Day first: Ghostfolio reads no `MM/dd/yyyy`.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use super::mapping::{first_line_is, json_error, records_with_header};
use super::toolkit::{classify_identifier, parse_date};
use super::{Action, AssetClass, Cash, Format, Parsed, Source, Transaction, Warning};
use crate::diag::{snippet, Problem};
use crate::money;
use crate::table::{same_header, Record, Row};

pub struct Ghostfolio;

// Header aliases, in Ghostfolio's order of preference (`ImportActivitiesService`).
const ACCOUNT: &[&str] = &["account", "accountid"];
const CURRENCY: &[&str] = &["ccy", "currency", "currencyprimary"];
const DATA_SOURCE: &[&str] = &["datasource"];
const DATE: &[&str] = &["date", "tradedate"];
const FEE: &[&str] = &["commission", "fee", "ibcommission"];
const QUANTITY: &[&str] = &["qty", "quantity", "shares", "units"];
const SYMBOL: &[&str] = &["code", "symbol", "ticker"];
const TYPE: &[&str] = &["action", "buy/sell", "type"];
const UNIT_PRICE: &[&str] = &["price", "tradeprice", "unitprice", "value"];

/// Columns of an Interactive Brokers Flex Query: Ghostfolio imports such a trades file through
/// the aliases above, but it is IBKR's format and left to its own importer.
const IBKR_FLEX: &[&str] = &["conid", "clientaccountid", "ibcommissioncurrency"];

const DATES: &[&str] = &[
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
];

fn has(rec: Record<'_>, names: &[&str]) -> bool {
    rec.iter().any(|c| names.iter().any(|n| same_header(c, n)))
}

/// Every column Ghostfolio's CSV import requires, and no IBKR Flex column.
fn is_header(rec: Record<'_>) -> bool {
    [DATE, SYMBOL, TYPE, QUANTITY, UNIT_PRICE, CURRENCY, FEE]
        .iter()
        .all(|names| has(rec, names))
        && !has(rec, IBKR_FLEX)
}

fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && text.contains("\"activities\"")
}

impl Format for Ghostfolio {
    fn name(&self) -> &'static str {
        "ghostfolio"
    }

    fn label(&self) -> &'static str {
        "Ghostfolio activities (CSV or JSON export)"
    }

    fn detect(&self, source: &Source) -> bool {
        is_json(&source.text) || first_line_is(&source.text, is_header)
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        if is_json(&source.text) {
            parse_json(source)
        } else {
            parse_csv(source)
        }
    }
}

/// What a Ghostfolio activity type does to the share count.
fn action_of(t: &str) -> Option<(Action, bool)> {
    // (action, adds shares)
    Some(match t.trim().to_ascii_lowercase().as_str() {
        "buy" | "item" => (Action::Buy, true),
        "sell" => (Action::Sell, false),
        "dividend" | "interest" | "fee" | "liability" => (Action::CashOnly, false),
        _ => return None,
    })
}

fn asset_class_of(data_source: Option<&str>, t: &str) -> Option<AssetClass> {
    if t.eq_ignore_ascii_case("item") {
        return Some(AssetClass::Other);
    }
    match data_source.map(str::to_ascii_uppercase).as_deref() {
        Some("COINGECKO") => Some(AssetClass::Crypto),
        Some("MANUAL") => Some(AssetClass::Other),
        _ => None,
    }
}

fn liability_warning(line: u64, what: &str) -> Warning {
    Warning::at(
        line,
        format!("{what} is a LIABILITY (a debt): it is not a holding and is not subtracted from the portfolio"),
    )
}

fn parse_csv(source: &Source) -> Result<Parsed, Vec<Problem>> {
    let Some((records, _)) = records_with_header(source, |r| has(r, SYMBOL) && has(r, TYPE)) else {
        source.records()?;
        return Err(vec![Problem::at(
            &source.file,
            1,
            "the header has no Code (or Symbol/Ticker) and Action (or Type) columns of a Ghostfolio activities CSV",
        )]);
    };
    let table = records.table(0, records.len());
    let all =
        |names: &[&str]| -> Vec<usize> { names.iter().filter_map(|n| table.find(&[n])).collect() };
    let (symbol, kind, quantity) = (all(SYMBOL), all(TYPE), all(QUANTITY));
    let mut problems = Vec::new();
    if quantity.is_empty() {
        problems.push(Problem::at(
            &source.file,
            table.header_line,
            "the header has no \"Quantity\" column (or Qty, Shares, Units)",
        ));
        return Err(problems);
    }
    let (date, price, fee) = (all(DATE), all(UNIT_PRICE), all(FEE));
    let (currency, data_source, account) = (all(CURRENCY), all(DATA_SOURCE), all(ACCOUNT));
    let mut txs = Vec::new();
    let mut warnings = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        // Like Ghostfolio: the first alias column whose cell is filled.
        let pick = |row: &Row, cols: &[usize]| -> Option<usize> {
            cols.iter()
                .copied()
                .find(|c| !row.text(*c).is_empty())
                .or_else(|| cols.first().copied())
        };
        let type_text = kind
            .iter()
            .map(|c| row.text(*c))
            .find(|t| action_of(t).is_some())
            .or_else(|| kind.iter().map(|c| row.text(*c)).find(|t| !t.is_empty()))
            .unwrap_or("");
        let text = |row: &Row, cols: &[usize]| pick(row, cols).and_then(|c| row.opt_text(c));
        let sym_text = text(&row, &symbol);
        let ds = text(&row, &data_source);
        let mut ok = true;
        let mut num = |row: &mut Row, cols: &[usize]| -> Option<Decimal> {
            match pick(row, cols).map(|c| row.number(c)) {
                Some(Ok(v)) => v.map(|v| v.abs()),
                Some(Err(_)) => {
                    ok = false;
                    None
                }
                None => None,
            }
        };
        let qty = num(&mut row, &quantity);
        let px = num(&mut row, &price);
        let _fee = num(&mut row, &fee);
        let day = match pick(&row, &date) {
            Some(c) => row.date_in(c, DATES).unwrap_or_else(|_| {
                ok = false;
                None
            }),
            None => None,
        };
        let (action, adds) = match action_of(type_text) {
            Some(a) => a,
            None => {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "unknown activity type {}: the row is ignored (Ghostfolio knows BUY, SELL, DIVIDEND, FEE, INTEREST, ITEM, LIABILITY)",
                        snippet(type_text)
                    ),
                ));
                (Action::Other, false)
            }
        };
        if type_text.eq_ignore_ascii_case("liability") {
            warnings.push(liability_warning(
                line,
                sym_text.as_deref().unwrap_or("this row"),
            ));
        }
        let moves = matches!(action, Action::Buy | Action::Sell);
        let quantity_v = if moves {
            match qty {
                Some(q) => {
                    if adds {
                        q
                    } else {
                        -q
                    }
                }
                None => {
                    if ok {
                        if let Some(c) = pick(&row, &quantity) {
                            row.problem(c, format!("is empty but required for a {type_text}"));
                        }
                    }
                    continue;
                }
            }
        } else {
            Decimal::ZERO
        };
        if moves && sym_text.is_none() {
            match pick(&row, &symbol) {
                Some(c) => row.problem(c, "is empty but required (the security bought or sold)"),
                None => row.problem(0, "no Code (or Symbol) column for the security"),
            }
            continue;
        }
        if !ok {
            continue;
        }
        let id = classify_identifier(sym_text.as_deref().unwrap_or(""));
        let manual = ds
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case("MANUAL"));
        txs.push(Transaction {
            line,
            date: day,
            account: text(&row, &account),
            symbol: id.symbol,
            isin: id.isin,
            cusip: id.cusip,
            name: if manual { sym_text.clone() } else { None },
            asset_class: asset_class_of(ds.as_deref(), type_text),
            action,
            quantity: quantity_v,
            price: px,
            amount: px.zip(qty).and_then(|(p, q)| p.checked_mul(q)),
            currency: text(&row, &currency).map(|c| c.to_ascii_uppercase()),
            rate: None,
        });
    }
    if problems.is_empty() {
        let mut parsed = Parsed::transactions(txs);
        parsed.warnings = warnings;
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// Line where each element of the root object's `key` array starts (`"activities": [{…}, …]`),
/// so problems in a JSON export can be located like CSV ones.
fn element_lines(text: &str, key: &str) -> Vec<u64> {
    let (mut depth, mut line) = (0usize, 1u64);
    let (mut in_str, mut esc) = (false, false);
    let mut cur = String::new();
    let (mut last_str, mut pending): (Option<String>, Option<String>) = (None, None);
    let mut array_depth = None;
    let mut lines = Vec::new();
    for ch in text.chars() {
        if ch == '\n' {
            line += 1;
        }
        if in_str {
            if esc {
                esc = false;
            } else if ch == '\\' {
                esc = true;
            } else if ch == '"' {
                in_str = false;
                if depth == 1 {
                    last_str = Some(std::mem::take(&mut cur));
                }
            } else if depth == 1 {
                cur.push(ch);
            }
            continue;
        }
        match ch {
            '"' => {
                in_str = true;
                cur.clear();
            }
            ':' if depth == 1 => pending = last_str.take(),
            '[' => {
                depth += 1;
                if depth == 2 && pending.as_deref() == Some(key) {
                    array_depth = Some(depth);
                }
                pending = None;
            }
            '{' => {
                if array_depth == Some(depth) {
                    lines.push(line);
                }
                depth += 1;
                pending = None;
            }
            ']' | '}' => {
                if ch == ']' && array_depth == Some(depth) {
                    array_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            ',' => pending = None,
            _ => {}
        }
    }
    lines
}

/// A JSON number or numeric string as a `Decimal` (the number's shortest text, never via f64
/// arithmetic); `Ok(None)` for null or absent.
fn json_decimal(v: Option<&Value>) -> Result<Option<Decimal>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let t = n.to_string();
            Decimal::from_str(&t)
                .or_else(|_| Decimal::from_scientific(&t))
                .map(Some)
                .map_err(|e| format!("{t} is not a usable number ({e})"))
        }
        Some(Value::String(s)) => {
            money::parse(s).map_err(|e| format!("{} is not a number: {e}", snippet(s)))
        }
        Some(other) => Err(format!("{other} is not a number")),
    }
}

fn json_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Ghostfolio asset classes (`EQUITY`, `FIXED_INCOME`...) and sub-classes (`ETF`, `BOND`...).
fn profile_class(profile: &Value) -> Option<AssetClass> {
    let sub = json_str(profile, "assetSubClass").unwrap_or("");
    let class = json_str(profile, "assetClass").unwrap_or("");
    Some(match (sub, class) {
        ("STOCK", _) => AssetClass::Equity,
        ("ETF", _) => AssetClass::Etf,
        ("MUTUALFUND", _) => AssetClass::Fund,
        ("BOND", _) => AssetClass::Bond,
        ("CRYPTOCURRENCY", _) => AssetClass::Crypto,
        (_, "EQUITY") => AssetClass::Equity,
        (_, "FIXED_INCOME") => AssetClass::Bond,
        ("", "") => return None,
        _ => AssetClass::Other,
    })
}

fn parse_json(source: &Source) -> Result<Parsed, Vec<Problem>> {
    let file = &source.file;
    let text = source.text.trim_start_matches('\u{feff}');
    let root: Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem::at(
            file,
            e.line().max(1) as u64,
            format!("not valid JSON: {} (column {})", json_error(&e), e.column()),
        )]
    })?;
    let Some(activities) = root.get("activities").and_then(Value::as_array) else {
        return Err(vec![Problem::file(
            file,
            "a Ghostfolio export has an \"activities\" list; this JSON has none",
        )]);
    };
    let activity_lines = element_lines(text, "activities");
    let account_lines = element_lines(text, "accounts");
    let empty = Vec::new();
    let accounts = root
        .get("accounts")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let account_names: HashMap<&str, &str> = accounts
        .iter()
        .filter_map(|a| Some((json_str(a, "id")?, json_str(a, "name")?)))
        .collect();
    let profiles: HashMap<(&str, &str), &Value> = root
        .get("assetProfiles")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
        .iter()
        .filter_map(|p| Some(((json_str(p, "dataSource")?, json_str(p, "symbol")?), p)))
        .collect();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut txs = Vec::new();
    for (i, a) in activities.iter().enumerate() {
        let line = activity_lines.get(i).copied().unwrap_or(1);
        let mut bad = |field: &str, msg: String| {
            let at = if field.is_empty() {
                format!("activities[{i}]")
            } else {
                format!("activities[{i}].{field}")
            };
            problems.push(Problem::at(file, line, format!("{at}: {msg}")))
        };
        if !a.is_object() {
            bad("", "is not an object".into());
            continue;
        }
        let type_text = json_str(a, "type").unwrap_or("");
        let mut number = |field: &str| match json_decimal(a.get(field)) {
            Ok(v) => Ok(v.map(|v| v.abs())),
            Err(e) => {
                bad(field, e);
                Err(())
            }
        };
        let (qty, price, fee) = (number("quantity"), number("unitPrice"), number("fee"));
        let date = match json_str(a, "date") {
            Some(d) => match parse_date(d, DATES) {
                Ok(d) => Ok(Some(d)),
                Err(e) => {
                    bad("date", e);
                    Err(())
                }
            },
            None => Ok(None),
        };
        let (Ok(qty), Ok(price), Ok(_), Ok(date)) = (qty, price, fee, date) else {
            continue;
        };
        let ds = json_str(a, "dataSource");
        let raw_symbol = json_str(a, "symbol");
        let profile = ds.zip(raw_symbol).and_then(|k| profiles.get(&k).copied());
        let (action, adds) = match action_of(type_text) {
            Some(x) => x,
            None => {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "activities[{i}]: unknown activity type {}: ignored (Ghostfolio knows BUY, SELL, DIVIDEND, FEE, INTEREST, ITEM, LIABILITY)",
                        snippet(type_text)
                    ),
                ));
                (Action::Other, false)
            }
        };
        let profile_name = profile.and_then(|p| json_str(p, "name"));
        if type_text.eq_ignore_ascii_case("liability") {
            warnings.push(liability_warning(
                line,
                profile_name.or(raw_symbol).unwrap_or("this activity"),
            ));
        }
        let moves = matches!(action, Action::Buy | Action::Sell);
        let quantity = match (moves, qty) {
            (false, _) => Decimal::ZERO,
            (true, Some(q)) => {
                if adds {
                    q
                } else {
                    -q
                }
            }
            (true, None) => {
                bad(
                    "quantity",
                    format!("is missing but required for a {type_text}"),
                );
                continue;
            }
        };
        if moves && raw_symbol.is_none() {
            bad("symbol", "is missing (the security bought or sold)".into());
            continue;
        }
        // Custom (MANUAL) assets have a generated id as symbol: show their name instead.
        let manual = ds.is_some_and(|d| d.eq_ignore_ascii_case("MANUAL"));
        let shown = if manual {
            profile_name.or(raw_symbol)
        } else {
            raw_symbol
        };
        let id = classify_identifier(shown.unwrap_or(""));
        let profile_id = |key: &str| profile.and_then(|p| json_str(p, key)).map(str::to_string);
        let (isin, cusip) = (
            id.isin.or_else(|| profile_id("isin")),
            id.cusip.or_else(|| profile_id("cusip")),
        );
        txs.push(Transaction {
            line,
            date,
            account: json_str(a, "accountId")
                .map(|id| account_names.get(id).copied().unwrap_or(id).to_string()),
            // A custom asset's name is its symbol only when nothing else identifies it.
            symbol: id
                .symbol
                .filter(|_| !manual || (isin.is_none() && cusip.is_none())),
            isin,
            cusip,
            name: profile_name
                .map(str::to_string)
                .or_else(|| manual.then(|| shown.map(str::to_string)).flatten()),
            asset_class: profile
                .and_then(profile_class)
                .or_else(|| asset_class_of(ds, type_text)),
            action,
            quantity,
            price,
            amount: price.zip(qty).and_then(|(p, q)| p.checked_mul(q)),
            currency: json_str(a, "currency").map(|c| c.to_ascii_uppercase()),
            rate: None,
        });
    }
    // Cash: each account's latest balance (`balances`, or `balance` in older exports).
    let mut cash = Vec::new();
    for (i, acc) in accounts.iter().enumerate() {
        let line = account_lines.get(i).copied().unwrap_or(1);
        let latest = match acc.get("balances").and_then(Value::as_array) {
            Some(list) => list
                .iter()
                .filter_map(|b| {
                    let day = json_str(b, "date").and_then(|d| parse_date(d, DATES).ok());
                    Some((day, b.get("value")?))
                })
                .max_by_key(|(d, _)| *d)
                .map(|(_, v)| v),
            None => acc.get("balance"),
        };
        match json_decimal(latest) {
            Ok(Some(amount)) if !amount.is_zero() => cash.push(Cash {
                account: json_str(acc, "name").map(str::to_string),
                label: "Cash balance".to_string(),
                amount,
                currency: json_str(acc, "currency").map(str::to_string),
                line,
                account_value: None,
            }),
            Ok(_) => {}
            Err(e) => problems.push(Problem::at(
                file,
                line,
                format!("accounts[{i}].balance: {e}"),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut parsed = Parsed::transactions(txs);
    parsed.cash = cash;
    parsed.warnings = warnings;
    parsed.as_of = root
        .get("meta")
        .and_then(|m| json_str(m, "date"))
        .and_then(|d| parse_date(d, DATES).ok());
    // The currency the user has Ghostfolio show the portfolio in (`user.settings.currency`).
    parsed.account_currency = root
        .get("user")
        .and_then(|u| u.get("settings"))
        .and_then(|s| json_str(s, "currency"))
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty());
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_lines_locate_array_items() {
        let text = "{\n \"meta\": {\"x\": [1]},\n \"activities\": [\n  {\"a\": \"[{\"},\n  {\"b\": {\"c\": 1}}\n ],\n \"other\": [{}]\n}";
        assert_eq!(element_lines(text, "activities"), [4, 5]);
        assert_eq!(element_lines(text, "other"), [7]);
    }

    #[test]
    fn json_numbers_are_exact_decimals() {
        let v: Value = serde_json::from_str(r#"{"a": 298.58, "b": 1e-7, "c": "12.5", "d": null}"#)
            .expect("json");
        assert_eq!(json_decimal(v.get("a")), Ok(Some(Decimal::new(29858, 2))));
        assert_eq!(json_decimal(v.get("b")), Ok(Some(Decimal::new(1, 7))));
        assert_eq!(json_decimal(v.get("c")), Ok(Some(Decimal::new(125, 1))));
        assert_eq!(json_decimal(v.get("d")), Ok(None));
    }
}
