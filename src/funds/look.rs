//! A fund holding seen through: per company of the dataset, the shares behind the holding.
//!
//! * `shares`: Q fund shares × constituent shares held ÷ fund shares outstanding. Exact: no
//!   price and no weight enters it.
//! * `weight` and `proxy`: position value × constituent weight ÷ constituent price on the
//!   snapshot's day. Approximate: weights are rounded by the issuer and the snapshot's prices
//!   are not the prices of your file's day.
//!
//! Share classes add up at the company level (GOOGL + GOOG are one Alphabet), because the
//! dataset counts a company's shares of all classes.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{add, Fund, Funds, Method};
use crate::fmt::{grouped, percent, plain, usd};
use crate::money::cents;

/// The shares of one company behind a fund holding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slice {
    pub company_id: String,
    /// The classes held (`GOOGL`, `GOOG`), as the link's label joins them.
    pub symbols: Vec<String>,
    /// Company shares behind the holding; `None` when the fund's figures do not allow it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    /// The company's weight in the fund (all classes), as a fraction.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// The part of the holding's value in this company: value × weight, in cents.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    /// USD per share on the snapshot's day (for the company's market value).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    pub approximate: bool,
    /// The chain from the fund holding to these shares, with the numbers.
    pub why: String,
}

impl Slice {
    pub fn label(&self) -> String {
        self.symbols.join("+")
    }
}

/// A fund holding, seen through its snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundLook {
    pub fund_id: String,
    /// The holding's ticker when it is one of the fund's, else the fund's first.
    pub symbol: String,
    pub name: String,
    pub issuer: String,
    /// The day of the holdings used (the stand-in's for a proxy).
    pub as_of: NaiveDate,
    /// `"bundled"` or the imported file's name.
    pub origin: String,
    /// Where the holdings come from (the citation).
    pub source: String,
    pub method: Method,
    /// For a proxy: the ticker of the fund whose holdings stand in.
    pub proxy_of: Option<String>,
    /// The holding's value the weights are applied to, when known.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    /// The fund's weight in the dataset's companies with known figures.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub coverage: Option<Decimal>,
    /// The rest of the fund (other companies, cash, derivatives), as a fraction.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub residual: Option<Decimal>,
    pub approximate: bool,
    pub slices: Vec<Slice>,
    /// Constituents that are shown but cannot be counted, with the reason.
    pub not_counted: Vec<String>,
    pub why: Vec<String>,
}

/// Looks `fund` through for a holding of `quantity` fund shares worth `value` (USD, if known).
/// `symbol` is the holding's ticker, if it has one.
pub fn look_through(
    funds: &Funds,
    fund: &Fund,
    symbol: Option<&str>,
    quantity: Decimal,
    value: Option<Decimal>,
) -> FundLook {
    let shown = symbol
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| fund.tickers.iter().any(|t| t == s))
        .unwrap_or_else(|| fund.symbol().to_string());
    let basis = funds.basis(fund);
    let mut why = Vec::new();
    let mut not_counted = Vec::new();
    let Some(basis) = basis else {
        not_counted.push(format!(
            "{shown}: the fund it stands in for ({}) is not available",
            fund.proxy_of.as_deref().unwrap_or("?")
        ));
        return FundLook {
            fund_id: fund.id.clone(),
            symbol: shown,
            name: fund.name.clone(),
            issuer: fund.issuer.clone(),
            as_of: fund.as_of,
            origin: fund.origin.clone(),
            source: fund.source.clone(),
            method: fund.method,
            proxy_of: fund.proxy_of.clone(),
            value,
            coverage: None,
            residual: None,
            approximate: true,
            slices: Vec::new(),
            not_counted,
            why,
        };
    };
    let exact = fund.method == Method::Shares;
    let denominator = if exact { fund.shares_outstanding } else { None };
    // The value the weights apply to: your file's, else fund shares × the snapshot's NAV.
    let nav_value = fund.nav.and_then(|n| n.checked_mul(quantity)).map(cents);
    let fund_value = value.or(nav_value);
    let when = if basis.is_bundled() {
        format!("bundled snapshot of {}", basis.as_of)
    } else {
        format!("{} of {}", basis.origin, basis.as_of)
    };
    if fund.method == Method::Proxy {
        why.push(format!(
            "{shown} ({}) publishes no holdings we have; it tracks the same index as {} ({}), whose holdings stand in by weight: approximate.",
            fund.name,
            basis.symbol(),
            fund.index
        ));
    }
    match (exact, denominator) {
        (true, Some(s)) => why.push(format!(
            "{} {shown} × shares each constituent holds ÷ {} {shown} shares outstanding (as of {}), {when}.",
            plain(quantity),
            grouped(s, 0),
            fund.shares_outstanding_as_of.unwrap_or(fund.as_of)
        )),
        _ => why.push(match (value, nav_value) {
            (Some(v), _) => format!(
                "{shown} position value {} (your file) × each constituent's weight ÷ its price on {} ({when}): approximate.",
                usd(v),
                basis.as_of
            ),
            (None, Some(v)) => format!(
                "{shown} position value {} = {} × NAV {} of {} (your file gives no value) × each constituent's weight ÷ its price on {} ({when}): approximate.",
                usd(v),
                plain(quantity),
                plain(fund.nav.unwrap_or_default()),
                fund.nav_as_of.map(|d| d.to_string()).unwrap_or_default(),
                basis.as_of
            ),
            (None, None) => format!(
                "{shown}: no value in your file and no NAV in the snapshot, so the shares behind it cannot be computed from weights."
            ),
        }),
    }

    let mut slices: Vec<Slice> = Vec::new();
    for c in &basis.constituents {
        let (q, reason) = match (denominator, c.shares_held, c.weight, c.price, fund_value) {
            (Some(s), Some(held), ..) => (
                quantity.checked_mul(held).and_then(|x| x.checked_div(s)),
                String::new(),
            ),
            (Some(_), None, ..) => (None, "no shares held in the snapshot".to_string()),
            (None, _, Some(w), Some(p), Some(v)) => (
                v.checked_mul(w).and_then(|x| x.checked_div(p)),
                String::new(),
            ),
            (None, _, None, ..) => (None, "no weight in the snapshot".to_string()),
            (None, _, _, None, _) => (None, "no price in the snapshot".to_string()),
            (None, _, _, _, None) => (None, "the position's value is unknown".to_string()),
        };
        let step = match (q, denominator) {
            (Some(q), Some(s)) => format!(
                "{} {shown} × {} {} ÷ {} {shown} shares = {} {}",
                plain(quantity),
                grouped(c.shares_held.unwrap_or_default(), 0),
                c.symbol,
                grouped(s, 0),
                plain(q.round_dp(6)),
                c.symbol
            ),
            (Some(q), None) => format!(
                "{} × {} ÷ {} = {} {}",
                usd(fund_value.unwrap_or_default()),
                percent(c.weight.unwrap_or_default(), 2),
                usd(c.price.unwrap_or_default()),
                plain(q.round_dp(6)),
                c.symbol
            ),
            (None, _) => {
                not_counted.push(format!(
                    "{} in {shown}: {}{}",
                    c.symbol,
                    if reason.is_empty() {
                        "too large"
                    } else {
                        &reason
                    },
                    if c.note.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", c.note)
                    }
                ));
                format!("{} unknown ({reason})", c.symbol)
            }
        };
        let slice_value = match (value, c.weight) {
            (Some(v), Some(w)) => v.checked_mul(w).map(cents),
            _ => None,
        };
        match slices.iter_mut().find(|s| s.company_id == c.company_id) {
            Some(s) => {
                s.symbols.push(c.symbol.clone());
                s.quantity = add(s.quantity, q);
                s.weight = add(s.weight, c.weight);
                s.value = add(s.value, slice_value);
                s.price = s.price.or(c.price);
                s.why = format!("{}; {step}", s.why);
            }
            None => slices.push(Slice {
                company_id: c.company_id.clone(),
                symbols: vec![c.symbol.clone()],
                quantity: q,
                weight: c.weight,
                value: slice_value,
                price: c.price,
                approximate: !exact,
                why: format!("Through {shown}: {step}"),
            }),
        }
    }
    for s in &mut slices {
        if s.symbols.len() > 1 {
            s.why = format!(
                "{}; the classes add up to {} {} shares.",
                s.why,
                s.quantity
                    .map(|q| plain(q.round_dp(6)))
                    .unwrap_or_else(|| "unknown".into()),
                s.label()
            );
        } else {
            s.why.push('.');
        }
    }
    let coverage = slices
        .iter()
        .filter(|s| s.quantity.is_some())
        .filter_map(|s| s.weight)
        .fold(None, |acc: Option<Decimal>, w| {
            Some(acc.unwrap_or_default() + w)
        });
    let residual =
        coverage.map(|c| (basis.weight_total.unwrap_or(Decimal::ONE) - c).max(Decimal::ZERO));
    if let (Some(c), Some(r)) = (coverage, residual) {
        why.push(format!(
            "Covered: {} of {shown} is in the deals dataset's companies; the other {} (other companies, cash, derivatives) has no deal links.",
            percent(c, 2),
            percent(r, 2)
        ));
    }
    FundLook {
        fund_id: fund.id.clone(),
        symbol: shown,
        name: fund.name.clone(),
        issuer: fund.issuer.clone(),
        as_of: basis.as_of,
        origin: basis.origin.clone(),
        source: basis.source.clone(),
        method: fund.method,
        proxy_of: (fund.method == Method::Proxy).then(|| basis.symbol().to_string()),
        value: fund_value,
        coverage,
        residual,
        approximate: !exact,
        slices,
        not_counted,
        why,
    }
}
