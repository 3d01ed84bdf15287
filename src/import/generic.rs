//! The plain positions CSV a person can type: `Symbol,Shares` with optional `Price`,
//! `Market Value`, `Account`, `ISIN`, `CUSIP`, `Name`, `Currency` (any case, any order).

use super::{Format, Holding, Parsed, Source, Warning};
use crate::diag::Problem;
use crate::identifiers;
use crate::table::{same_header, Table};

pub struct Generic;

const SYMBOL: &[&str] = &["symbol", "ticker"];
const QUANTITY: &[&str] = &["shares", "quantity", "qty"];
const PRICE: &[&str] = &["price", "last price"];
const VALUE: &[&str] = &["market value", "value"];
const ACCOUNT: &[&str] = &["account"];
const ISIN: &[&str] = &["isin"];
const CUSIP: &[&str] = &["cusip"];
const NAME: &[&str] = &["name", "description"];
const CURRENCY: &[&str] = &["currency"];

impl Format for Generic {
    fn name(&self) -> &'static str {
        "generic"
    }

    fn label(&self) -> &'static str {
        "plain positions CSV (Symbol, Shares)"
    }

    fn detect(&self, source: &Source) -> bool {
        let Ok(records) = source.records() else {
            return false;
        };
        let Some((_, first)) = records.first() else {
            return false;
        };
        let has = |names: &[&str]| {
            first
                .iter()
                .any(|c| names.iter().any(|n| same_header(c, n)))
        };
        (has(SYMBOL) || has(ISIN) || has(CUSIP)) && has(QUANTITY)
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        if records.is_empty() {
            return Err(vec![Problem::file(
                &source.file,
                "the file is empty (no header row)",
            )]);
        }
        parse_table(&records.table(0, records.len()))
    }
}

fn parse_table(table: &Table) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let symbol = table.find(SYMBOL);
    let isin = table.find(ISIN);
    let cusip = table.find(CUSIP);
    let Some(quantity) = table.find(QUANTITY) else {
        return Err(vec![Problem::at(
            &table.file,
            table.header_line,
            "no Shares (or Quantity) column in the header",
        )]);
    };
    if symbol.is_none() && isin.is_none() && cusip.is_none() {
        return Err(vec![Problem::at(
            &table.file,
            table.header_line,
            "no Symbol (or ISIN or CUSIP) column in the header",
        )]);
    }
    let (price, value) = (table.find(PRICE), table.find(VALUE));
    let (account, name, currency) = (table.find(ACCOUNT), table.find(NAME), table.find(CURRENCY));
    let mut holdings = Vec::new();
    let mut warnings = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        let text = |c: Option<usize>| c.and_then(|c| row.opt_text(c));
        let (sym, isin_v, cusip_v) = (
            text(symbol),
            text(isin).map(|s| s.to_ascii_uppercase()),
            text(cusip).map(|s| s.to_ascii_uppercase()),
        );
        let (account_v, name_v, currency_v) = (text(account), text(name), text(currency));
        if sym.is_none() && isin_v.is_none() && cusip_v.is_none() {
            row.problem(
                symbol.or(isin).or(cusip).unwrap_or(0),
                "no symbol, ISIN or CUSIP on this row",
            );
        }
        if let (Some(c), Some(v)) = (isin, &isin_v) {
            if let Err(e) = identifiers::validate_isin(v) {
                row.problem(c, e);
            }
        }
        if let (Some(c), Some(v)) = (cusip, &cusip_v) {
            if let Err(e) = identifiers::validate_cusip(v) {
                row.problem(c, e);
            }
        }
        let qty = match row.number(quantity) {
            Ok(Some(q)) => Some(q),
            Ok(None) => {
                row.problem(quantity, "is empty but required");
                None
            }
            Err(_) => None,
        };
        let px = price.map(|c| row.number(c)).transpose();
        let mv = value.map(|c| row.number(c)).transpose();
        let (Some(q), Ok(px), Ok(mv)) = (qty, px, mv) else {
            continue;
        };
        if q.is_sign_negative() {
            warnings.push(Warning::at(
                line,
                format!("negative quantity {q} (a short position) kept as is"),
            ));
        }
        let holding = Holding {
            account: account_v,
            symbol: sym,
            isin: isin_v,
            cusip: cusip_v,
            name: name_v,
            asset_class: None,
            quantity: q,
            price: px.flatten(),
            market_value: mv.flatten(),
            currency: currency_v.map(|c| c.to_ascii_uppercase()),
            line,
            stated: Default::default(),
        };
        if holding.value().is_none() {
            warnings.push(Warning::at(
                line,
                format!("{} has no price or market value: its value is unknown and not in the portfolio total", holding.label()),
            ));
        }
        holdings.push(holding);
    }
    if problems.is_empty() {
        let mut parsed = Parsed::positions(holdings);
        parsed.warnings = warnings;
        Ok(parsed)
    } else {
        Err(problems)
    }
}
