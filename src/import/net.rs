//! Transaction histories become positions: the signed share changes are summed per account and
//! security with a polars group-by (the part of an import that scales with file size).

use std::borrow::Cow;
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
fn security_key(t: &Transaction) -> Option<Cow<'_, str>> {
    match t.symbol.as_deref() {
        // Most symbols are already in normal form: no allocation for them.
        Some(s)
            if s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.') =>
        {
            Some(Cow::Borrowed(s))
        }
        Some(s) => Some(Cow::Owned(normalize_symbol(s))),
        None => t.isin.as_deref().or(t.cusip.as_deref()).map(Cow::Borrowed),
    }
}

pub fn positions(transactions: &[Transaction]) -> Result<(Vec<Holding>, Vec<Warning>)> {
    let mut warnings = Vec::new();
    // Each (account, security) gets a small id; its first row's descriptive fields become the
    // holding's. The frame then holds two numbers per row, not two strings.
    let mut ids: HashMap<String, i64> = HashMap::new();
    let mut first: Vec<usize> = Vec::new();
    let mut group = Vec::with_capacity(transactions.len());
    let mut quantities = Vec::with_capacity(transactions.len());
    let mut combined = String::new();
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
        combined.clear();
        combined.push_str(t.account.as_deref().unwrap_or(""));
        combined.push('\u{1f}');
        combined.push_str(&key);
        let id = match ids.get(combined.as_str()) {
            Some(&id) => id,
            None => {
                let id = first.len() as i64;
                ids.insert(combined.clone(), id);
                first.push(i);
                id
            }
        };
        let mut q = t.quantity;
        q.rescale(SCALE);
        group.push(id);
        quantities.push(Some(q.mantissa()));
    }
    if group.is_empty() {
        return Ok((Vec::new(), warnings));
    }
    let qty = Int128Chunked::from_iter_options("qty".into(), quantities.into_iter())
        .into_decimal(38, SCALE as usize)?
        .into_series()
        .into_column();
    let frame = DataFrame::new_infer_height(vec![Column::new("group".into(), group), qty])?;
    let out = frame
        .lazy()
        .group_by([col("group")])
        .agg([col("qty").sum()])
        .sort(["group"], Default::default())
        .collect()?;
    let group = out.column("group")?.i64()?.clone();
    let qty = out.column("qty")?.decimal()?.clone();
    let scale = qty.scale() as u32;
    let mut holdings = Vec::new();
    for i in 0..out.height() {
        let (Some(g), Some(q)) = (group.get(i), qty.physical().get(i)) else {
            continue;
        };
        let q = Decimal::from_i128_with_scale(q, scale).normalize();
        let Some(t) = usize::try_from(g)
            .ok()
            .and_then(|g| first.get(g))
            .map(|&idx| &transactions[idx])
        else {
            continue;
        };
        if q.is_zero() {
            continue;
        }
        if q.is_sign_negative() {
            let k = security_key(t).unwrap_or_default();
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
