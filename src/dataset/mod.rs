//! The AI-infrastructure deals dataset: types, loading (bundled or from a directory) and
//! validation. The dataset is data, not code: a newer one can be loaded without a new build, and
//! the same validation guards the bundled copy (a test) and a user's file (at load time).

mod history;
pub(crate) mod load;
pub mod vocab;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use history::{Change, ChangeKind};
pub use vocab::{
    AmountBasis, Category, CompanyKind, DatePrecision, Direction, EventKind, LinkKind, Role, Status,
};

use crate::error::Result;
use crate::identifiers;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    pub version: String,
    pub as_of: NaiveDate,
    #[serde(default)]
    pub description: String,
    pub tables: Tables,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tables {
    pub deals: String,
    pub parties: String,
    pub companies: String,
    pub securities: String,
    pub chips: String,
    /// The dated history of every deal (`deal_events.csv`).
    pub events: String,
    /// Fund snapshots (`funds/funds.csv`) and their constituents (`funds/fund_holdings.csv`);
    /// a dataset without them looks no fund through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund_holdings: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deal {
    pub id: String,
    pub title: String,
    /// Company id of the headline counterparty (OpenAI, Anthropic, ...).
    pub counterparty: String,
    pub category: Category,
    pub announced_on: NaiveDate,
    pub announced_precision: DatePrecision,
    pub status: Status,
    pub status_as_of: NaiveDate,
    pub status_detail: String,
    /// `None` = undisclosed. Never zero for "unknown".
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount_usd: Option<Decimal>,
    pub amount_basis: AmountBasis,
    pub amount_note: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub gigawatts: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub term_years: Option<Decimal>,
    pub superseded_by: Option<String>,
    pub part_of: Option<String>,
    pub sources: Vec<String>,
    pub source_date: NaiveDate,
    pub confidence: String,
    pub notes: String,
}

/// How much of the deal's amount is this party's side of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// The whole deal amount (the party is alone on its side of the deal).
    WholeDeal,
    /// A stated share, in USD.
    Usd(Decimal),
    /// The party's share is not known (consortium members, suppliers behind a deal).
    Undisclosed,
}

impl Attribution {
    pub fn resolve(self, deal_amount: Option<Decimal>) -> Option<Decimal> {
        match self {
            Attribution::WholeDeal => deal_amount,
            Attribution::Usd(v) => Some(v),
            Attribution::Undisclosed => None,
        }
    }

    pub fn as_text(self) -> String {
        match self {
            Attribution::WholeDeal => "deal".into(),
            Attribution::Usd(v) => v.to_string(),
            Attribution::Undisclosed => "undisclosed".into(),
        }
    }
}

impl Serialize for Attribution {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_text())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub deal_id: String,
    /// Company id.
    pub party: String,
    pub role: Role,
    pub other_roles: Vec<Role>,
    pub link: LinkKind,
    /// Who this party deals with, when it is not the deal's headline counterparty.
    pub counterparty: Option<String>,
    pub attributed_usd: Attribution,
    /// Shares this party issues (or may issue) in the deal, e.g. a warrant.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub new_shares_issued: Option<Decimal>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    pub kind: CompanyKind,
    /// `None` = unknown.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub shares_outstanding: Option<Decimal>,
    pub shares_basis: String,
    pub shares_as_of: Option<NaiveDate>,
    pub shares_source: String,
    pub shares_approximate: Option<bool>,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Security {
    pub symbol: String,
    pub company_id: String,
    pub exchange: String,
    pub isin: Option<String>,
    pub cusip: Option<String>,
    pub share_class: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chip {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub purpose: String,
    pub announced_on: NaiveDate,
    pub announced_precision: DatePrecision,
    pub available_on: Option<NaiveDate>,
    pub available_precision: Option<DatePrecision>,
    pub notes: String,
    pub sources: Vec<String>,
    /// Chip timelines come from undated reference pages; the dates are the facts themselves.
    pub source_date: Option<NaiveDate>,
}

/// One dated event of a deal's history, with the deal's whole state after it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub deal_id: String,
    pub seq: u32,
    pub on: NaiveDate,
    pub precision: DatePrecision,
    pub kind: EventKind,
    pub status: Status,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount_usd: Option<Decimal>,
    pub amount_basis: AmountBasis,
    pub related_deal: Option<String>,
    pub detail: String,
    pub sources: Vec<String>,
    pub source_date: NaiveDate,
}

/// A validated dataset with its lookup indexes.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub manifest: Manifest,
    pub deals: Vec<Deal>,
    pub parties: Vec<Party>,
    pub companies: Vec<Company>,
    pub securities: Vec<Security>,
    pub chips: Vec<Chip>,
    /// Every deal's history, grouped by deal in file order, each in date order.
    pub events: Vec<Event>,
    /// The fund snapshots funds are looked through with (bundled, or the user's newer files).
    pub funds: crate::funds::Funds,
    /// Set on a view of the dataset as it stood on a day ([`Dataset::at`]).
    pub view_date: Option<NaiveDate>,
    deal_index: HashMap<String, usize>,
    company_index: HashMap<String, usize>,
    symbol_index: HashMap<String, usize>,
    isin_index: HashMap<String, usize>,
    cusip_index: HashMap<String, usize>,
}

/// The bundled dataset files, embedded so the binaries work with no files around.
const BUNDLED: [(&str, &str); 9] = [
    ("dataset.json", include_str!("../../data/dataset.json")),
    ("deals.csv", include_str!("../../data/deals.csv")),
    (
        "deal_parties.csv",
        include_str!("../../data/deal_parties.csv"),
    ),
    ("companies.csv", include_str!("../../data/companies.csv")),
    ("securities.csv", include_str!("../../data/securities.csv")),
    ("chips.csv", include_str!("../../data/chips.csv")),
    (
        "deal_events.csv",
        include_str!("../../data/deal_events.csv"),
    ),
    (
        "funds/funds.csv",
        include_str!("../../data/funds/funds.csv"),
    ),
    (
        "funds/fund_holdings.csv",
        include_str!("../../data/funds/fund_holdings.csv"),
    ),
];

impl Dataset {
    /// The dataset compiled into the binary.
    pub fn bundled() -> Result<Dataset> {
        load::from_files(|name| {
            BUNDLED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| Ok(text.to_string()))
                .unwrap_or_else(|| Err(format!("the bundled dataset has no file {name}")))
        })
    }

    /// A dataset directory (or its `dataset.json`) of the same schema, e.g. a newer release.
    pub fn load(path: &Path) -> Result<Dataset> {
        load::from_path(path)
    }

    pub fn deal(&self, id: &str) -> Option<&Deal> {
        self.deal_index.get(id).map(|&i| &self.deals[i])
    }

    pub fn company(&self, id: &str) -> Option<&Company> {
        self.company_index.get(id).map(|&i| &self.companies[i])
    }

    pub fn company_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.company(id).map(|c| c.name.as_str()).unwrap_or(id)
    }

    /// Finds the security a holding refers to: by ticker (any class-share spelling), ISIN or
    /// CUSIP, in that order.
    pub fn resolve_security(
        &self,
        symbol: Option<&str>,
        isin: Option<&str>,
        cusip: Option<&str>,
    ) -> Option<&Security> {
        let by_symbol = symbol
            .map(identifiers::normalize_symbol)
            .and_then(|s| self.symbol_index.get(&s));
        let by_isin = isin
            .map(|s| s.trim().to_ascii_uppercase())
            .and_then(|s| self.isin_index.get(&s));
        let by_cusip = cusip
            .map(|s| s.trim().to_ascii_uppercase())
            .and_then(|s| self.cusip_index.get(&s));
        by_symbol
            .or(by_isin)
            .or(by_cusip)
            .map(|&i| &self.securities[i])
    }

    pub fn parties_of_company<'a>(
        &'a self,
        company_id: &'a str,
    ) -> impl Iterator<Item = &'a Party> {
        self.parties.iter().filter(move |p| p.party == company_id)
    }

    /// Whether `url` is a web address the dataset cites (a deal's, an event's or a chip's
    /// source): the only addresses the app opens.
    pub fn is_source(&self, url: &str) -> bool {
        let cited = |list: &[String]| list.iter().any(|s| s == url);
        (url.starts_with("https://") || url.starts_with("http://"))
            && (self.deals.iter().any(|d| cited(&d.sources))
                || self.events.iter().any(|e| cited(&e.sources))
                || self.chips.iter().any(|c| cited(&c.sources)))
    }

    /// The same dataset looking no fund through (`--no-funds`).
    pub fn without_funds(mut self) -> Dataset {
        self.funds = crate::funds::Funds::default();
        self
    }

    pub fn events_of_deal<'a>(&'a self, deal_id: &'a str) -> impl Iterator<Item = &'a Event> {
        self.events.iter().filter(move |e| e.deal_id == deal_id)
    }

    pub fn parties_of_deal<'a>(&'a self, deal_id: &'a str) -> impl Iterator<Item = &'a Party> {
        self.parties.iter().filter(move |p| p.deal_id == deal_id)
    }

    fn index(mut self) -> Dataset {
        self.deal_index = self
            .deals
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        self.company_index = self
            .companies
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        self.symbol_index = self
            .securities
            .iter()
            .enumerate()
            .map(|(i, s)| (identifiers::normalize_symbol(&s.symbol), i))
            .collect();
        self.isin_index = self
            .securities
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.isin.clone().map(|k| (k, i)))
            .collect();
        self.cusip_index = self
            .securities
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.cusip.clone().map(|k| (k, i)))
            .collect();
        self
    }
}
