//! Funds seen through their holdings: bundled snapshots (`data/funds/`), issuer files the user
//! imports ([`files`]), and the look-through of a fund holding into the companies it holds
//! ([`look_through`]).
//!
//! A fund is a *portfolio* (a series), not a ticker: VOO and VFIAX are two share classes of one
//! Vanguard portfolio, so they are one [`Fund`] with both tickers. A fund without published
//! holdings that tracks the same index as one we have (FXAIX, SWPPX) is a `proxy` of it,
//! flagged as such everywhere it is used.

pub mod files;
mod from_file;
mod load;
mod look;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::identifiers::normalize_symbol;

pub use from_file::from_file;
pub(crate) use load::parse as parse_tables;
/// The fund tables' columns, for the dataset loader.
pub(crate) mod load_columns {
    pub use super::load::{FUND_COLUMNS, HOLDING_COLUMNS};
}
pub use look::{look_through, FundLook, Slice};

/// How a fund holding becomes company shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Fund shares × constituent shares held ÷ fund shares outstanding: exact.
    Shares,
    /// Position value × constituent weight ÷ constituent price: approximate (weights are
    /// rounded and the prices are of the snapshot's day, not today's).
    Weight,
    /// The fund's own holdings are not published in a form we have; another fund that tracks the
    /// same index stands in, by weight.
    Proxy,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Shares => "shares",
            Method::Weight => "weight",
            Method::Proxy => "proxy",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "shares" => Ok(Method::Shares),
            "weight" => Ok(Method::Weight),
            "proxy" => Ok(Method::Proxy),
            other => Err(format!(
                "{other:?} is not a method (shares, weight or proxy)"
            )),
        }
    }
}

/// A company of the deals dataset inside a fund (one row per share class: GOOGL and GOOG are
/// two rows; the look-through adds them up at the company level).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constituent {
    pub company_id: String,
    pub symbol: String,
    pub cusip: Option<String>,
    pub isin: Option<String>,
    /// Shares the fund holds (for Vanguard: the whole portfolio, all share classes).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub shares_held: Option<Decimal>,
    /// Fraction of the fund's net assets (8.38 % is `0.0838`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// USD per share on the snapshot's day.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    /// Where this row comes from when not from the fund's source.
    pub source: Option<String>,
    pub note: String,
}

/// One fund portfolio as of a day: its identity, its denominator and the dataset's companies
/// in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fund {
    pub id: String,
    pub name: String,
    pub issuer: String,
    /// Every share-class ticker; the first is the one shown.
    pub tickers: Vec<String>,
    pub cusips: Vec<String>,
    pub isins: Vec<String>,
    pub method: Method,
    /// For [`Method::Proxy`]: the id of the fund whose holdings stand in.
    pub proxy_of: Option<String>,
    pub index: String,
    pub as_of: NaiveDate,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub shares_outstanding: Option<Decimal>,
    pub shares_outstanding_as_of: Option<NaiveDate>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub nav: Option<Decimal>,
    pub nav_as_of: Option<NaiveDate>,
    pub holdings_count: Option<u64>,
    /// Sum of every weight in the source, as a fraction (rounded weights rarely sum to 1).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight_total: Option<Decimal>,
    pub source: String,
    pub source_date: NaiveDate,
    pub notes: String,
    /// `"bundled"`, or the name of the issuer file the user imported.
    pub origin: String,
    pub constituents: Vec<Constituent>,
}

impl Fund {
    /// The ticker shown for the fund.
    pub fn symbol(&self) -> &str {
        self.tickers.first().map(String::as_str).unwrap_or(&self.id)
    }

    pub fn is_bundled(&self) -> bool {
        self.origin == BUNDLED
    }

    fn matches(&self, symbol: Option<&str>, isin: Option<&str>, cusip: Option<&str>) -> bool {
        let same = |list: &[String], key: Option<&str>| {
            key.map(|k| k.trim().to_ascii_uppercase())
                .is_some_and(|k| !k.is_empty() && list.contains(&k))
        };
        let by_symbol = symbol.map(normalize_symbol).is_some_and(|s| {
            !s.is_empty() && self.tickers.iter().any(|t| normalize_symbol(t) == s)
        });
        by_symbol || same(&self.isins, isin) || same(&self.cusips, cusip)
    }
}

/// `origin` of the snapshots that ship with the app.
pub const BUNDLED: &str = "bundled";

/// The fund snapshots in use: the bundled ones, with the user's newer issuer files in their place.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Funds {
    pub funds: Vec<Fund>,
}

/// What happened to an imported snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub fund_id: String,
    /// The imported snapshot is the one in use.
    pub used: bool,
    pub message: String,
}

impl Funds {
    pub fn get(&self, id: &str) -> Option<&Fund> {
        self.funds.iter().find(|f| f.id == id)
    }

    /// The fund a holding is, by ticker (any class-share spelling), ISIN or CUSIP.
    pub fn find(
        &self,
        symbol: Option<&str>,
        isin: Option<&str>,
        cusip: Option<&str>,
    ) -> Option<&Fund> {
        self.funds.iter().find(|f| f.matches(symbol, isin, cusip))
    }

    /// The snapshot whose holdings a fund is looked through with: its own, or for a proxy the
    /// fund it stands in for.
    pub fn basis<'a>(&'a self, fund: &'a Fund) -> Option<&'a Fund> {
        match (&fund.method, &fund.proxy_of) {
            (Method::Proxy, Some(id)) => self.get(id).filter(|b| b.method != Method::Proxy),
            (Method::Proxy, None) => None,
            _ => Some(fund),
        }
    }

    /// Puts an imported snapshot in place of the one of the same fund, if it is as new or newer
    /// (a newer file wins over the bundled snapshot; an older one is kept out, and said so).
    pub fn apply(&mut self, fund: Fund) -> Applied {
        let id = fund.id.clone();
        match self.funds.iter_mut().find(|f| f.id == id) {
            Some(current) if current.as_of > fund.as_of => Applied {
                message: format!(
                    "{} ({}) holds {}'s holdings as of {}, older than the {} snapshot of {}: the {} snapshot stays in use",
                    fund.origin,
                    fund.symbol(),
                    fund.symbol(),
                    fund.as_of,
                    describe_origin(&current.origin),
                    current.as_of,
                    describe_origin(&current.origin)
                ),
                fund_id: id,
                used: false,
            },
            Some(current) => {
                let message = format!(
                    "{}'s holdings as of {} from {} replace the {} snapshot of {}",
                    fund.symbol(),
                    fund.as_of,
                    fund.origin,
                    describe_origin(&current.origin),
                    current.as_of
                );
                *current = fund;
                Applied {
                    fund_id: id,
                    used: true,
                    message,
                }
            }
            None => {
                let message = format!(
                    "{}'s holdings as of {} from {} are used",
                    fund.symbol(),
                    fund.as_of,
                    fund.origin
                );
                self.funds.push(fund);
                Applied {
                    fund_id: id,
                    used: true,
                    message,
                }
            }
        }
    }
}

/// What `ai-exposure funds` lists for one snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: String,
    pub symbols: Vec<String>,
    pub name: String,
    pub issuer: String,
    pub index: String,
    pub as_of: NaiveDate,
    /// `"bundled"` or the imported file's name.
    pub origin: String,
    pub source: String,
    pub source_date: NaiveDate,
    pub method: Method,
    /// For a proxy: the ticker of the fund whose holdings stand in.
    pub proxy_of: Option<String>,
    /// Constituents of the deals dataset's companies in the snapshot (its stand-in's for a proxy).
    pub constituents: usize,
    /// Their weight in the fund, as a fraction.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub coverage: Option<Decimal>,
    pub notes: String,
}

impl Funds {
    /// One line per snapshot, for listing.
    pub fn summaries(&self) -> Vec<Summary> {
        self.funds
            .iter()
            .map(|f| {
                let basis = self.basis(f);
                let (constituents, coverage) = basis.map_or((0, None), |b| {
                    (
                        b.constituents.len(),
                        b.constituents
                            .iter()
                            .filter_map(|c| c.weight)
                            .fold(None, |acc: Option<Decimal>, w| {
                                Some(acc.unwrap_or_default() + w)
                            }),
                    )
                });
                Summary {
                    id: f.id.clone(),
                    symbols: f.tickers.clone(),
                    name: f.name.clone(),
                    issuer: f.issuer.clone(),
                    index: f.index.clone(),
                    as_of: basis.map_or(f.as_of, |b| b.as_of),
                    origin: f.origin.clone(),
                    source: f.source.clone(),
                    source_date: f.source_date,
                    method: f.method,
                    proxy_of: (f.method == Method::Proxy)
                        .then(|| basis.map(|b| b.symbol().to_string()))
                        .flatten(),
                    constituents,
                    coverage,
                    notes: f.notes.clone(),
                }
            })
            .collect()
    }
}

/// Reads an issuer holdings file and makes it a snapshot of the fund it names (or of `symbol`,
/// the holding the user says it belongs to), its lines matched to `dataset`'s companies.
pub fn import_file(
    dataset: &crate::Dataset,
    name: &str,
    bytes: &[u8],
    symbol: Option<&str>,
) -> crate::Result<Fund> {
    let file = files::read(name, bytes)?;
    from_file(dataset, &dataset.funds, &file, name, symbol)
}

/// Two figures that may be unknown, added: the known one when only one is (the lines of one
/// position are summed where the file gives them).
pub(crate) fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(x), Some(y)) => x.checked_add(y),
        (x, y) => x.or(y),
    }
}

fn describe_origin(origin: &str) -> String {
    if origin == BUNDLED {
        "bundled".into()
    } else {
        format!("imported ({origin})")
    }
}
