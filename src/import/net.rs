//! Transaction histories become positions: the signed share changes are summed per account and
//! security with a polars group-by (the part of an import that scales with file size).

use std::collections::HashMap;

use polars::prelude::*;
use rust_decimal::Decimal;

use super::{Holding, Transaction, Warning};
use crate::error::Result;
use crate::identifiers::normalize_symbol;

/// Quantities are summed as `Decimal(38, 10)`: brokers report fractional shares to at most 8
/// places, so no precision is lost, and 28 integer digits leave room for any sum.
const SCALE: u32 = 10;

/// The security a row is about: its symbol, else ISIN, else CUSIP.
fn security_key(t: &Transaction) -> Option<String> {
    t.symbol
        .as_deref()
        .map(normalize_symbol)
        .or_else(|| t.isin.clone())
        .or_else(|| t.cusip.clone())
}

pub fn positions(transactions: &[Transaction]) -> Result<(Vec<Holding>, Vec<Warning>)> {
    let mut warnings = Vec::new();
    // First row of each (account, security): its descriptive fields become the holding's.
    let mut first: HashMap<(String, String), usize> = HashMap::new();
    let mut accounts = Vec::new();
    let mut keys = Vec::new();
    let mut quantities = Vec::new();
    for (i, t) in transactions.iter().enumerate() {
        if t.quantity.is_zero() {
            continue;
        }
        let Some(key) = security_key(t) else {
            warnings.push(Warning::at(
                t.line,
                "a share movement without symbol, ISIN or CUSIP is ignored",
            ));
            continue;
        };
        let account = t.account.clone().unwrap_or_default();
        first.entry((account.clone(), key.clone())).or_insert(i);
        let mut q = t.quantity;
        q.rescale(SCALE);
        accounts.push(account);
        keys.push(key);
        quantities.push(Some(q.mantissa()));
    }
    if keys.is_empty() {
        return Ok((Vec::new(), warnings));
    }
    let qty = Int128Chunked::from_iter_options("qty".into(), quantities.into_iter())
        .into_decimal(38, SCALE as usize)?
        .into_series()
        .into_column();
    let frame = DataFrame::new_infer_height(vec![
        Column::new("account".into(), accounts),
        Column::new("key".into(), keys),
        qty,
    ])?;
    let out = frame
        .lazy()
        .group_by_stable([col("account"), col("key")])
        .agg([col("qty").sum()])
        .collect()?;
    let account = out.column("account")?.str()?.clone();
    let key = out.column("key")?.str()?.clone();
    let qty = out.column("qty")?.decimal()?.clone();
    let scale = qty.scale() as u32;
    let mut holdings = Vec::new();
    for i in 0..out.height() {
        let (Some(a), Some(k), Some(q)) = (account.get(i), key.get(i), qty.physical().get(i))
        else {
            continue;
        };
        let q = Decimal::from_i128_with_scale(q, scale).normalize();
        let Some(&idx) = first.get(&(a.to_string(), k.to_string())) else {
            continue;
        };
        let t = &transactions[idx];
        if q.is_zero() {
            continue;
        }
        if q.is_sign_negative() {
            warnings.push(Warning::at(
                t.line,
                format!(
                    "{k}: more shares leave than enter ({q}); the history probably starts after they were bought, so this position is left out"
                ),
            ));
            continue;
        }
        holdings.push(Holding {
            account: t.account.clone(),
            symbol: t.symbol.clone(),
            isin: t.isin.clone(),
            cusip: t.cusip.clone(),
            name: t.name.clone(),
            asset_class: t.asset_class,
            quantity: q,
            price: None,
            market_value: None,
            currency: t.currency.clone(),
            line: t.line,
        });
    }
    if !holdings.is_empty() {
        warnings.push(Warning {
            line: None,
            message: "positions were computed from the transaction history: they have no current price, so their market value is unknown".into(),
        });
    }
    Ok((holdings, warnings))
}
