//! An issuer holdings file the user imported, made into a [`Fund`] snapshot: the fund it
//! belongs to (named by the file, or by the user), and its lines matched to the dataset's
//! companies by ticker, ISIN or CUSIP.

use rust_decimal::Decimal;

use super::files::{FileFormat, HoldingsFile};
use super::{add, Constituent, Fund, Funds, Method};
use crate::dataset::Dataset;
use crate::error::{Error, Result};

/// Asset classes that are not shares of a company (iShares, N-PORT, Invesco, Vanguard words).
fn is_equity(asset_class: Option<&str>) -> bool {
    let Some(a) = asset_class.map(|a| a.trim().to_ascii_lowercase()) else {
        return true;
    };
    matches!(
        a.as_str(),
        "" | "equity" | "aktien" | "ec" | "common stock" | "stock" | "american depository receipt"
    ) || a.starts_with("equity")
}

/// Makes `file` (read from `file_name`) the snapshot of one fund. `symbol` is the holding the
/// user says it belongs to, required when the file does not name its fund.
pub fn from_file(
    dataset: &Dataset,
    funds: &Funds,
    file: &HoldingsFile,
    file_name: &str,
    symbol: Option<&str>,
) -> Result<Fund> {
    let said = symbol
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty());
    let by_name = file.fund_name.as_deref().and_then(|n| {
        let n = n.trim().to_lowercase();
        funds.funds.iter().find(|f| f.name.to_lowercase() == n)
    });
    // The fund the file itself names, by ticker or by its title.
    let named = file
        .fund
        .clone()
        .or_else(|| by_name.map(|f| f.symbol().to_string()));
    let ticker = match (&said, &named) {
        (Some(said), Some(named)) => {
            let said_fund = funds.find(Some(said), None, None);
            let named_fund = funds.find(Some(named), None, None);
            match (said_fund, named_fund) {
                (Some(a), Some(b)) if a.id == b.id => said.clone(),
                // A file of the fund a proxy stands in for refreshes that fund.
                (Some(a), Some(b)) if a.proxy_of.as_deref() == Some(b.id.as_str()) => named.clone(),
                _ if said == named => said.clone(),
                _ => {
                    return Err(Error::Usage(format!(
                        "{file_name} holds {named}'s holdings, not {said}'s: it was not used"
                    )))
                }
            }
        }
        (Some(t), None) | (None, Some(t)) => t.clone(),
        (None, None) => {
            return Err(Error::FundNotNamed {
                file: file_name.to_string(),
                title: file.fund_name.clone(),
            })
        }
    };
    let known = funds.find(Some(&ticker), None, None);
    // The portfolio's share counts are the whole series' at Vanguard and in N-PORT (all share
    // classes), so dividing by one class's shares outstanding would overstate: weights there.
    // A proxy's own shares are not the file's fund's shares.
    let per_share = file.fund_shares_outstanding.filter(|_| {
        !matches!(file.format, FileFormat::Vanguard | FileFormat::Nport)
            && known.is_none_or(|f| f.method != Method::Proxy)
    });
    let mut constituents: Vec<Constituent> = Vec::new();
    for line in &file.holdings {
        if !is_equity(line.asset_class.as_deref()) {
            continue;
        }
        let Some(sec) = dataset.resolve_security(
            line.symbol.as_deref(),
            line.isin.as_deref(),
            line.cusip.as_deref(),
        ) else {
            continue;
        };
        let own_price = line
            .price
            .or_else(|| match (line.market_value, line.quantity) {
                (Some(v), Some(q)) if !q.is_zero() => v.checked_div(q).map(|p| p.round_dp(4)),
                _ => None,
            });
        // A file with weights but no prices (Schwab's) borrows the security's price from a
        // snapshot in use, this fund's first: approximate either way, and said so.
        let borrowed = own_price
            .is_none()
            .then(|| borrowed_price(funds, known, &sec.symbol))
            .flatten();
        let price = own_price.or(borrowed.as_ref().map(|b| b.0));
        match constituents.iter_mut().find(|c| c.symbol == sec.symbol) {
            // One position split over several lines (N-PORT slices, or a repeated row): summed.
            Some(c) => {
                c.shares_held = add(c.shares_held, line.quantity);
                c.weight = add(c.weight, line.weight);
                c.price = c.price.or(price);
            }
            None => constituents.push(Constituent {
                company_id: sec.company_id.clone(),
                symbol: sec.symbol.clone(),
                cusip: sec.cusip.clone(),
                isin: sec.isin.clone(),
                shares_held: line.quantity,
                weight: line.weight,
                price,
                source: None,
                note: match &borrowed {
                    Some((_, from)) => format!("line {}; price from {from}", line.line),
                    None => format!("line {}", line.line),
                },
            }),
        }
    }
    let method = if per_share.is_some() && constituents.iter().all(|c| c.shares_held.is_some()) {
        Method::Shares
    } else {
        Method::Weight
    };
    let weight_total = file
        .holdings
        .iter()
        .filter_map(|l| l.weight)
        .fold(None, |acc: Option<Decimal>, w| {
            Some(acc.unwrap_or_default() + w)
        });
    let base = known.cloned();
    let id = base
        .as_ref()
        .map(|f| f.id.clone())
        .unwrap_or_else(|| ticker.to_ascii_lowercase());
    let mut tickers = base.as_ref().map(|f| f.tickers.clone()).unwrap_or_default();
    if !tickers.contains(&ticker) {
        tickers.insert(0, ticker.clone());
    }
    Ok(Fund {
        id,
        name: file
            .fund_name
            .clone()
            .or_else(|| base.as_ref().map(|f| f.name.clone()))
            .unwrap_or_else(|| ticker.clone()),
        issuer: base.as_ref().map(|f| f.issuer.clone()).unwrap_or_default(),
        tickers,
        cusips: base.as_ref().map(|f| f.cusips.clone()).unwrap_or_default(),
        isins: base.as_ref().map(|f| f.isins.clone()).unwrap_or_default(),
        method,
        proxy_of: None,
        // An imported file always has holdings of its own: a proxy it refreshes becomes a fund.
        index: base.as_ref().map(|f| f.index.clone()).unwrap_or_default(),
        as_of: file.as_of,
        shares_outstanding: if method == Method::Shares {
            per_share
        } else {
            None
        },
        shares_outstanding_as_of: (method == Method::Shares).then_some(file.as_of),
        nav: None,
        nav_as_of: None,
        holdings_count: Some(file.holdings.len() as u64),
        weight_total,
        source: format!("{file_name} ({:?} holdings file)", file.format),
        source_date: file.as_of,
        notes: file.warnings.join("; "),
        origin: file_name.to_string(),
        constituents,
    })
}

/// The price of `symbol` in a snapshot in use (`fund`'s own first), with where it comes from.
fn borrowed_price(funds: &Funds, fund: Option<&Fund>, symbol: &str) -> Option<(Decimal, String)> {
    let in_fund = |f: &Fund| {
        f.constituents
            .iter()
            .find(|c| c.symbol == symbol)
            .and_then(|c| c.price)
            .map(|p| {
                (
                    p,
                    format!("the {} snapshot of {} ({})", f.symbol(), f.as_of, f.origin),
                )
            })
    };
    fund.and_then(in_fund)
        .or_else(|| funds.funds.iter().find_map(in_fund))
}
