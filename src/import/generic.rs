//! The plain positions CSV a person can type: `Symbol,Shares` with optional `Price`,
//! `Market Value`, `Account`, `ISIN`, `CUSIP`, `Name`, `Currency` (any case, any order).

use super::{Format, Holding, Kind, Portfolio, Warning};
use crate::diag::Problem;
use crate::identifiers;
use crate::table::{Row, Table};

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

    fn detect(&self, table: &Table) -> bool {
        (table.find(SYMBOL).is_some() || table.find(ISIN).is_some())
            && table.find(QUANTITY).is_some()
    }

    fn parse(&self, table: &Table) -> Result<Portfolio, Vec<Problem>> {
        let mut problems = Vec::new();
        let symbol = table.find(SYMBOL);
        let isin = table.find(ISIN);
        let Some(quantity) = table.find(QUANTITY) else {
            return Err(vec![Problem::at(
                &table.file,
                table.header_line,
                "no Shares (or Quantity) column in the header",
            )]);
        };
        if symbol.is_none() && isin.is_none() {
            return Err(vec![Problem::at(
                &table.file,
                table.header_line,
                "no Symbol (or ISIN) column in the header",
            )]);
        }
        let (price, value) = (table.find(PRICE), table.find(VALUE));
        let (account, cusip, name, currency) = (
            table.find(ACCOUNT),
            table.find(CUSIP),
            table.find(NAME),
            table.find(CURRENCY),
        );
        let mut holdings = Vec::new();
        let mut warnings = Vec::new();
        for (line, record) in &table.rows {
            let mut row = Row {
                table,
                line: *line,
                record,
                problems: &mut problems,
            };
            let text = |row: &Row, c: Option<usize>| c.and_then(|c| row.opt_text(c));
            let sym = text(&row, symbol);
            let isin_v = text(&row, isin).map(|s| s.to_ascii_uppercase());
            let cusip_v = text(&row, cusip).map(|s| s.to_ascii_uppercase());
            if sym.is_none() && isin_v.is_none() && cusip_v.is_none() {
                row.problem(
                    symbol.or(isin).unwrap_or(0),
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
            let (px, mv) = (px.flatten(), mv.flatten());
            if q.is_sign_negative() {
                warnings.push(Warning {
                    line: Some(*line),
                    message: format!("negative quantity {q} (a short position) kept as is"),
                });
            }
            let holding = Holding {
                account: text(&row, account),
                symbol: sym,
                isin: isin_v,
                cusip: cusip_v,
                name: text(&row, name),
                asset_class: None,
                quantity: q,
                price: px,
                market_value: mv,
                currency: text(&row, currency).map(|c| c.to_ascii_uppercase()),
                line: *line,
            };
            if holding.value().is_none() {
                warnings.push(Warning {
                    line: Some(*line),
                    message: format!("{} has no price or market value: its value is unknown and not in the portfolio total", holding.label()),
                });
            }
            holdings.push(holding);
        }
        if problems.is_empty() {
            Ok(Portfolio {
                broker: self.name().into(),
                kind: Kind::Positions,
                as_of: None,
                holdings,
                warnings,
            })
        } else {
            Err(problems)
        }
    }
}
