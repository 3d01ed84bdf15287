//! The exposure engine: holdings × deals → look-through figures, with a "why" trace for each.
//!
//! Per link (holding × deal party):
//!   ownership      = quantity / shares outstanding
//!   look-through   = cents(quantity × attributed amount / shares outstanding)
//!   weighted       = cents(look-through × status weight)
//! Per-link figures are computed in `rust_decimal` (exact, 28 digits); the tables (by
//! counterparty, deal, holding, role) are polars group-bys over the link frame, summing the
//! rounded link figures so every table adds up to the cent. See ARCHITECTURE.md.

mod aggregate;
pub mod history;
mod trace;

pub use history::{changes, timeline, Changes, Figures, Timeline};

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::dataset::{AmountBasis, Dataset, Direction, LinkKind, Role, Status};
use crate::error::Result;
use crate::import::{Holding, Portfolio};
use crate::money::cents;

/// What-if knobs. Defaults are the documented methodology.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub status_weights: BTreeMap<Status, Decimal>,
    /// Count suppliers behind a deal (Nvidia GPUs inside a cloud contract) as links.
    pub include_indirect: bool,
    /// Deal ids the user chose to leave out of the totals.
    pub excluded_deals: BTreeSet<String>,
    /// The base currency, the rates and the prices given: what holdings are worth.
    pub valuation: crate::value::Valuation,
    /// What-if: the fraction of a counterparty's deals assumed delivered (company id → 0..=1;
    /// `0.5` = "OpenAI delivers half its commitments"). It multiplies the status weight of every
    /// link whose counterparty it is. Absent = 1.
    pub haircuts: BTreeMap<String, Decimal>,
}

impl Default for Settings {
    fn default() -> Self {
        let w = |n: i64, scale: u32| Decimal::new(n, scale);
        let status_weights = Status::ALL
            .iter()
            .map(|s| {
                let weight = match s {
                    Status::Rumoured | Status::InTalks => w(25, 2),
                    Status::LetterOfIntent | Status::TermSheet => w(5, 1),
                    Status::Announced => w(75, 2),
                    Status::PendingApproval => w(9, 1),
                    Status::Signed
                    | Status::PartiallyCompleted
                    | Status::Completed
                    | Status::Operational => w(1, 0),
                    Status::Superseded | Status::Cancelled => w(0, 0),
                };
                (*s, weight)
            })
            .collect();
        Settings {
            status_weights,
            include_indirect: true,
            excluded_deals: BTreeSet::new(),
            valuation: crate::value::Valuation::default(),
            haircuts: BTreeMap::new(),
        }
    }
}

impl Settings {
    pub fn weight(&self, status: Status) -> Decimal {
        self.status_weights
            .get(&status)
            .copied()
            .unwrap_or(Decimal::ZERO)
    }
}

/// Why a link is shown but not added into totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// An aggregate of other deals (the ~$1.4T): adding it would double count.
    Aggregate,
    Superseded,
    Cancelled,
    /// Excluded by the user in the what-if settings.
    ExcludedByUser,
    /// A supplier link while indirect links are switched off.
    IndirectOff,
    /// The amount is a fee per month, not what the contract is worth in total.
    MonthlyFee,
    /// The amount is a maximum over a term the buyer can cut short.
    Maximum,
    /// The amount is a reported valuation (an all-stock acquisition), not money committed.
    Valuation,
}

/// Why a link's look-through is not known. The two must never be confused: an amount nobody
/// disclosed is not the same unknown as a company whose share count we could not source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unknown {
    /// The deal's amount, or this party's share of it, was not disclosed.
    AmountUndisclosed,
    /// The amount is known but the company's share count is not in the dataset.
    ShareCountUnknown,
    /// The figure is too large to compute exactly.
    TooLarge,
    /// A fund holding whose shares of the company cannot be worked out from the fund's
    /// snapshot (no shares held or weight for it, or the position's value is unknown).
    FundFigures,
}

/// What an unknown total of a group of links is called: "undisclosed" only when every unknown
/// in it is an undisclosed amount, "share count unknown" only when every one is a missing share
/// count, else plainly "unknown".
pub fn unknown_label(undisclosed: usize, share_count_unknown: usize) -> &'static str {
    unknown_label_with(undisclosed, share_count_unknown, 0)
}

/// [`unknown_label`] with the links of funds whose figures do not give the shares behind them:
/// "fund figures unknown" only when every unknown is one of those.
pub fn unknown_label_with(
    undisclosed: usize,
    share_count_unknown: usize,
    fund_figures: usize,
) -> &'static str {
    if fund_figures > 0 {
        return if undisclosed == 0 && share_count_unknown == 0 {
            Unknown::FundFigures.as_str()
        } else {
            "unknown"
        };
    }
    match (undisclosed > 0, share_count_unknown > 0) {
        (true, false) => Unknown::AmountUndisclosed.as_str(),
        (false, true) => Unknown::ShareCountUnknown.as_str(),
        _ => "unknown",
    }
}

impl Unknown {
    pub fn as_str(self) -> &'static str {
        match self {
            Unknown::AmountUndisclosed => "undisclosed",
            Unknown::ShareCountUnknown => "share count unknown",
            Unknown::TooLarge => "too large",
            Unknown::FundFigures => "fund figures unknown",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Dilution {
    #[serde(with = "rust_decimal::serde::str")]
    pub new_shares: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub shares_outstanding: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub ownership_before: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub ownership_after: Option<Decimal>,
    /// new / (outstanding + new): the share of the company the new shares would represent.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub relative_dilution: Option<Decimal>,
}

/// One holding × deal party.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub deal_id: String,
    pub deal_title: String,
    pub counterparty: String,
    pub counterparty_name: String,
    #[serde(skip)]
    pub holding: usize,
    /// Which [`Position`] of the holding (a fund holding has one per company it holds).
    #[serde(skip)]
    pub position: usize,
    /// The company's ticker(s) behind the link (`NVDA`; `GOOGL+GOOG` inside a fund).
    pub symbol: String,
    /// The fund the shares are held through, or `None` for a direct holding.
    pub via: Option<String>,
    /// The day of the fund's holdings snapshot, for a link through a fund.
    pub via_as_of: Option<chrono::NaiveDate>,
    /// The company shares behind the link; `None` when a fund's figures do not give them.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    pub company_id: String,
    /// Which way the money goes for the company in this link, from its role: revenue to it,
    /// its investment, its purchase, capital it receives, or a partnership.
    pub direction: Direction,
    pub role: Role,
    pub roles: Vec<Role>,
    pub link: LinkKind,
    pub status: Status,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount_usd: Option<Decimal>,
    /// The part of the deal attributed to this party; `None` = undisclosed.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub attributed_usd: Option<Decimal>,
    pub amount_basis: AmountBasis,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub ownership_fraction: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    /// Why `look_through_usd` is unknown, when it is.
    pub look_through_unknown: Option<Unknown>,
    /// The words for it ("undisclosed", "share count unknown", "too large").
    pub look_through_label: Option<&'static str>,
    /// The look-through rests on an approximate share count (shown "≈").
    pub approximate: bool,
    /// The company's market value: its price in your file × its shares outstanding.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub company_market_value_usd: Option<Decimal>,
    /// The amount attributed to the company ÷ its market value: how much the deal matters to it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub materiality: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    /// The what-if fraction of the counterparty's deals assumed delivered, if one is set
    /// (already included in `weight`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub haircut: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    pub in_totals: bool,
    pub excluded_reason: Option<Exclusion>,
    pub dilution: Option<Dilution>,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetInfo {
    pub name: String,
    pub version: String,
    /// The dataset's newest event.
    pub as_of: chrono::NaiveDate,
    /// The day the figures are for: the deals announced by then, each at its status that day
    /// (`exposure --as-of`); the dataset's `as_of` unless asked otherwise.
    pub figures_as_of: chrono::NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingsInfo {
    pub status_weights: BTreeMap<String, String>,
    pub include_indirect: bool,
    pub excluded_deals: Vec<String>,
    pub base_currency: String,
    pub haircuts: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioSummary {
    /// Sum of the holdings' values known in the base currency, cash not included; `None` if
    /// no holding has a value.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total_value: Option<Decimal>,
    /// The base currency every value, linked value and share is in.
    pub currency: String,
    pub holdings_count: usize,
    pub valued_holdings_count: usize,
    /// Holdings whose value cannot be known (no price, no rate), with the reason: left out of
    /// the total, never counted as 0.
    pub unvalued_holdings: Vec<UnvaluedHolding>,
    /// Holdings whose price is older than `stale_after_days` before today.
    pub stale_price_count: usize,
    pub stale_after_days: i64,
    /// The cash and sweep balances of the file, in the base currency (beside the holdings,
    /// not in `total_value`); `None` when the file has none or one has no rate.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub cash_value: Option<Decimal>,
    pub cash_lines: usize,
    /// `total_value` + `cash_value`: what the broker calls the account's value.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total_with_cash: Option<Decimal>,
    /// The exchange rates used, one per currency converted.
    pub fx: Vec<FxUsed>,
    /// Look-through figures are USD facts; converted to the base currency at this rate where
    /// the base is not USD.
    pub usd_to_base: Option<FxUsed>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_base: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_base: Option<Decimal>,
    pub linked_holdings_count: usize,
    /// Market value of the linked holdings whose value is known; `None` when none is.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub linked_value: Option<Decimal>,
    /// Linked holdings whose value is not known (not in `linked_value`, never as 0).
    pub linked_unvalued_count: usize,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub linked_share: Option<Decimal>,
    /// Sum of the known look-through figures in totals; `None` when none is known.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    /// Links in totals whose amount is undisclosed.
    pub undisclosed_link_count: usize,
    /// Links in totals whose amount is known but whose company's share count is not.
    pub share_count_unknown_link_count: usize,
    /// What the look-through is when it is not a number ("undisclosed", "share count unknown",
    /// "unknown", "not in totals", "no deal data"); `None` when it is one. The core names it so
    /// that every output says the same.
    pub look_through_label: Option<&'static str>,
    /// Some figure in it rests on an approximate share count (shown "≈").
    pub approximate: bool,
    /// The look-through split by the direction of the money (revenue to your companies, their
    /// investments, their purchases...): the totals above add these up.
    pub by_direction: Vec<DirectionRow>,
    /// The part of the figures from shares held directly.
    pub direct: PathSplit,
    /// The part from shares held through funds.
    pub via_funds: PathSplit,
    pub why: Vec<String>,
}

/// The links of one direction of the money, totalled.
#[derive(Debug, Clone, Serialize)]
pub struct DirectionRow {
    pub direction: Direction,
    /// "revenue commitments to the company", ...
    pub label: &'static str,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_base: Option<Decimal>,
    pub link_count: usize,
    pub undisclosed_link_count: usize,
    pub look_through_label: Option<&'static str>,
    pub approximate: bool,
}

/// A holding left out of the portfolio's value, and why.
#[derive(Debug, Clone, Serialize)]
pub struct UnvaluedHolding {
    pub symbol: String,
    pub account: Option<String>,
    pub reason: String,
}

/// An exchange rate used: `1 currency = rate base`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FxUsed {
    pub currency: String,
    pub base: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// The rate's day (the reference rates' or the file's), when known.
    pub date: Option<chrono::NaiveDate>,
    /// "ECB euro foreign exchange reference rates", "your rate", "your file, line 12".
    pub source: String,
    /// "bundled", the loaded rates file's name, "user" or "file".
    pub origin: String,
    /// Holdings and cash lines converted at it.
    pub used_by: usize,
}

impl FxUsed {
    pub(crate) fn of(c: &crate::value::Conversion) -> FxUsed {
        use crate::value::RateSource;
        let (date, source, origin) = match &c.source {
            RateSource::Reference {
                date,
                source,
                origin,
            } => (Some(*date), source.clone(), origin.clone()),
            RateSource::User { currency } => {
                (None, format!("your rate for {currency}"), "user".into())
            }
            RateSource::File { line, date } => {
                (*date, format!("your file, line {line}"), "file".into())
            }
        };
        FxUsed {
            currency: c.from.clone(),
            base: c.to.clone(),
            rate: c.rate,
            date,
            source,
            origin,
            used_by: 0,
        }
    }
}

/// Figures of the links of one path: direct holdings, or through funds.
#[derive(Debug, Clone, Serialize)]
pub struct PathSplit {
    #[serde(with = "rust_decimal::serde::str_option")]
    pub linked_value: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    pub link_count: usize,
    pub look_through_label: Option<&'static str>,
    /// Some figure in it rests on fund weights or an approximate share count (shown "≈").
    pub approximate: bool,
}

/// A company inside a fund holding, with the figures of its links.
#[derive(Debug, Clone, Serialize)]
pub struct ConstituentRow {
    pub company_id: String,
    pub company_name: String,
    /// `NVDA`; `GOOGL+GOOG` for classes added up.
    pub symbol: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub market_value: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    pub link_count: usize,
    pub look_through_label: Option<&'static str>,
    pub approximate: bool,
    pub counterparties: Vec<String>,
    pub why: Vec<String>,
}

/// A fund the portfolio holds, and the snapshot it is seen through.
#[derive(Debug, Clone, Serialize)]
pub struct FundUse {
    /// The holding's ticker (`VOO`, `FXAIX`).
    pub symbol: String,
    pub fund_id: String,
    pub name: String,
    pub issuer: String,
    /// The day of the holdings used.
    pub as_of: chrono::NaiveDate,
    /// `"bundled"` or the imported file's name.
    pub source: String,
    /// Where the snapshot's figures come from.
    pub source_detail: String,
    /// `"shares"` (exact), `"weight"` or `"proxy"` (approximate).
    pub method: &'static str,
    /// For a proxy: the fund whose holdings stand in.
    pub proxy_of: Option<String>,
    /// The fund's weight in companies of the dataset with known figures.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub coverage: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub residual: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub market_value: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub linked_value: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    pub look_through_label: Option<&'static str>,
    pub approximate: bool,
    pub not_counted: Vec<String>,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CounterpartyRow {
    pub counterparty: String,
    pub counterparty_name: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub linked_value: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub linked_share: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    /// The weighted look-through in the base currency (at `portfolio.usd_to_base`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_base: Option<Decimal>,
    pub deal_count: usize,
    pub link_count: usize,
    pub undisclosed_link_count: usize,
    pub share_count_unknown_link_count: usize,
    /// What the look-through is when it is not a number ("undisclosed", "share count unknown",
    /// "unknown", "not in totals", "no deal data"); `None` when it is one. The core names it so
    /// that every output says the same.
    pub look_through_label: Option<&'static str>,
    /// Some figure in it rests on an approximate share count (shown "≈").
    pub approximate: bool,
    pub holdings: Vec<String>,
    /// This counterparty's look-through split by direction (only directions it has links in).
    pub by_direction: Vec<DirectionRow>,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HoldingRow {
    pub symbol: String,
    /// The holding's ISIN, when its file gives one (a typed price is saved under it).
    pub isin: Option<String>,
    pub account: Option<String>,
    pub name: Option<String>,
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    pub resolved: bool,
    pub unresolved_reason: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    /// The value in the base currency; `None` when it cannot be known (`unvalued_reason`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub market_value: Option<Decimal>,
    /// The price the holding is valued at, in `price_currency`.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    pub price_currency: Option<String>,
    pub price_source: Option<crate::value::PriceSource>,
    pub price_date: Option<chrono::NaiveDate>,
    /// The line the price comes from (of the portfolio file, or of `price_file`).
    pub price_line: Option<u64>,
    pub price_file: Option<String>,
    pub price_stale: bool,
    /// The value in the price's currency, before any conversion.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub local_value: Option<Decimal>,
    pub local_currency: String,
    /// How `market_value` was reached: own currency, the file's stated value, or a conversion.
    pub value_basis: Option<crate::value::ValueBasis>,
    pub unvalued_reason: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub ownership_fraction: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    pub link_count: usize,
    pub deal_count: usize,
    pub undisclosed_link_count: usize,
    pub share_count_unknown_link_count: usize,
    /// What the look-through is when it is not a number ("undisclosed", "share count unknown",
    /// "unknown", "not in totals", "no deal data"); `None` when it is one. The core names it so
    /// that every output says the same.
    pub look_through_label: Option<&'static str>,
    /// Some figure in it rests on an approximate share count (shown "≈").
    pub approximate: bool,
    pub counterparties: Vec<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_base: Option<Decimal>,
    /// For a fund holding: the fund and its snapshot.
    pub fund: Option<FundUse>,
    /// For a fund holding: the dataset's companies in it, each with its links.
    pub constituents: Vec<ConstituentRow>,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DealRow {
    pub deal_id: String,
    pub title: String,
    pub counterparty: String,
    pub counterparty_name: String,
    pub status: Status,
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount_usd: Option<Decimal>,
    pub amount_basis: AmountBasis,
    pub in_totals: bool,
    pub excluded_reason: Option<Exclusion>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_base: Option<Decimal>,
    pub holdings: Vec<String>,
    pub link_count: usize,
    pub undisclosed_link_count: usize,
    pub share_count_unknown_link_count: usize,
    /// What the look-through is when it is not a number ("undisclosed", "share count unknown",
    /// "unknown", "not in totals", "no deal data"); `None` when it is one. The core names it so
    /// that every output says the same.
    pub look_through_label: Option<&'static str>,
    /// Some figure in it rests on an approximate share count (shown "≈").
    pub approximate: bool,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleRow {
    pub role: Role,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub look_through_usd: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weighted_look_through_usd: Option<Decimal>,
    pub link_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExposureReport {
    pub dataset: DatasetInfo,
    pub settings: SettingsInfo,
    pub portfolio: PortfolioSummary,
    pub by_counterparty: Vec<CounterpartyRow>,
    pub by_holding: Vec<HoldingRow>,
    pub by_deal: Vec<DealRow>,
    pub by_role: Vec<RoleRow>,
    /// Each fund held, with the snapshot it is seen through.
    pub funds: Vec<FundUse>,
    pub links: Vec<Link>,
    pub warnings: Vec<String>,
}

/// A holding matched (or not) to a company of the dataset.
pub(crate) struct Resolved<'a> {
    pub holding: &'a Holding,
    pub company_id: Option<String>,
    pub unresolved_reason: Option<String>,
    /// Value in the base currency, in cents; `None` if unknown or in another currency.
    pub value: Option<Decimal>,
    pub ownership: Option<Decimal>,
    /// Price per share in USD, from the file (its price, else value ÷ quantity).
    pub price_usd: Option<Decimal>,
    /// A fund holding, seen through its snapshot.
    pub fund: Option<crate::funds::FundLook>,
    /// Its price and value, and how they were reached.
    pub valued: crate::value::Valued,
}

/// Shares of one company held directly or through one fund holding: what meets the deals.
pub(crate) struct Position {
    pub holding: usize,
    pub company_id: String,
    /// The company's ticker(s) as shown on the link.
    pub label: String,
    pub quantity: Option<Decimal>,
    pub ownership: Option<Decimal>,
    pub price_usd: Option<Decimal>,
    /// The part of the holding's value in this company (the whole value for a direct holding).
    pub value: Option<Decimal>,
    /// The fund symbol, for shares held through a fund.
    pub via: Option<String>,
    pub via_as_of: Option<chrono::NaiveDate>,
    /// The shares come from fund weights (approximate).
    pub approximate: bool,
    /// Its value is unknown because the holding's is (not because a fund snapshot lacks one
    /// company's weight, which leaves that company out of the linked value, said in the fund's
    /// "not counted").
    pub value_unknown: bool,
    /// How the fund holding became these shares, with the numbers.
    pub chain: Option<String>,
}

impl Link {
    /// The symbol as lists show it: `NVDA`, or `NVDA via IVV`.
    pub fn shown(&self) -> String {
        match &self.via {
            Some(f) => format!("{} via {f}", self.symbol),
            None => self.symbol.clone(),
        }
    }
}

impl Position {
    pub(crate) fn shown(&self) -> String {
        match &self.via {
            Some(f) => format!("{} via {f}", self.label),
            None => self.label.clone(),
        }
    }

    fn of(i: usize, r: &Resolved, dataset: &Dataset) -> Vec<Position> {
        let shares_of = |company: &str| dataset.company(company).and_then(|c| c.shares_outstanding);
        if let Some(company_id) = &r.company_id {
            return vec![Position {
                holding: i,
                company_id: company_id.clone(),
                label: r.holding.label().to_string(),
                quantity: Some(r.holding.quantity),
                ownership: r.ownership,
                price_usd: r.price_usd,
                value: r.value,
                via: None,
                via_as_of: None,
                approximate: false,
                value_unknown: r.value.is_none(),
                chain: None,
            }];
        }
        let Some(look) = &r.fund else {
            return Vec::new();
        };
        look.slices
            .iter()
            .map(|s| Position {
                holding: i,
                company_id: s.company_id.clone(),
                label: s.label(),
                quantity: s.quantity,
                ownership: s
                    .quantity
                    .zip(shares_of(&s.company_id))
                    .and_then(|(q, n)| q.checked_div(n)),
                price_usd: s.price,
                // The slice's value is in USD (what the weights were applied to); in another
                // base it is the same part of the holding's base value.
                value: match (s.value, r.value, r.valued.value_usd) {
                    (Some(sv), Some(v), Some(u)) if v == u => Some(sv),
                    (Some(sv), Some(v), Some(u)) if !u.is_zero() => {
                        sv.checked_mul(v).and_then(|x| x.checked_div(u)).map(cents)
                    }
                    _ => None,
                },
                via: Some(look.symbol.clone()),
                via_as_of: Some(look.as_of),
                approximate: s.approximate,
                value_unknown: r.value.is_none(),
                chain: Some(s.why.clone()),
            })
            .collect()
    }
}

/// Computes the exposure of `portfolio` to the deals of `dataset`.
pub fn compute(
    dataset: &Dataset,
    portfolio: &Portfolio,
    settings: &Settings,
) -> Result<ExposureReport> {
    let warnings = Vec::new();
    let base = settings.valuation.base_for(portfolio);
    let resolved: Vec<Resolved> = portfolio
        .holdings
        .iter()
        .map(|h| resolve(dataset, h, portfolio, &base, settings))
        .collect();
    let positions: Vec<Position> = resolved
        .iter()
        .enumerate()
        .flat_map(|(i, r)| Position::of(i, r, dataset))
        .collect();
    let mut links = Vec::new();
    for (pi, p) in positions.iter().enumerate() {
        let r = &resolved[p.holding];
        for party in dataset.parties_of_company(&p.company_id) {
            let Some(deal) = dataset.deal(&party.deal_id) else {
                continue;
            };
            links.push(make_link(
                dataset, settings, pi, p, r.holding, party, deal, true,
            ));
        }
    }
    aggregate::tables(
        dataset,
        settings,
        aggregate::Context {
            portfolio,
            base: &base,
        },
        &resolved,
        &positions,
        links,
        warnings,
    )
}

/// The status-weighted look-through in total and per counterparty (those with a known figure),
/// the figures of the over-time chart: the links of [`compute`] summed as its tables sum them,
/// without the words and tables (the chart needs them at every month end).
pub(crate) fn weighted_totals(
    dataset: &Dataset,
    portfolio: &Portfolio,
    settings: &Settings,
) -> (Option<Decimal>, BTreeMap<String, Decimal>) {
    let base = settings.valuation.base_for(portfolio);
    let resolved: Vec<Resolved> = portfolio
        .holdings
        .iter()
        .map(|h| resolve(dataset, h, portfolio, &base, settings))
        .collect();
    // Outer None: no known figure yet; inner None: too large to hold.
    let mut total: Option<Option<Decimal>> = None;
    let mut by_cp: BTreeMap<String, Option<Decimal>> = BTreeMap::new();
    for (i, r) in resolved.iter().enumerate() {
        for (pi, p) in Position::of(i, r, dataset).iter().enumerate() {
            for party in dataset.parties_of_company(&p.company_id) {
                let Some(deal) = dataset.deal(&party.deal_id) else {
                    continue;
                };
                let l = make_link(dataset, settings, pi, p, r.holding, party, deal, false);
                if let (true, Some(w)) = (l.in_totals, l.weighted_look_through_usd) {
                    // A sum too large to hold is unknown, never a panic or a partial sum.
                    total = match total {
                        None => Some(Some(w)),
                        Some(t) => Some(t.and_then(|t| t.checked_add(w))),
                    };
                    let cp = by_cp.entry(l.counterparty).or_insert(Some(Decimal::ZERO));
                    *cp = cp.and_then(|c| c.checked_add(w));
                }
            }
        }
    }
    (
        total.flatten(),
        by_cp
            .into_iter()
            .filter_map(|(cp, v)| Some((cp, v?)))
            .collect(),
    )
}

/// Links in totals whose materiality is known, one per holding × deal, largest share of the
/// company's market value first: which deals matter to each company.
pub fn material_links(r: &ExposureReport) -> Vec<&Link> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<&Link> = r
        .links
        .iter()
        .filter(|l| l.in_totals && l.materiality.is_some())
        // Materiality is the company's: one row per company × deal, however many ways it is held.
        .filter(|l| seen.insert((l.company_id.as_str(), l.deal_id.as_str())))
        .collect();
    out.sort_by(|a, b| {
        b.materiality
            .cmp(&a.materiality)
            .then(a.symbol.cmp(&b.symbol))
            .then(a.deal_id.cmp(&b.deal_id))
    });
    out
}

/// [`compute`] on the dataset as it stood on `date` ([`Dataset::at`]): the deals announced by
/// then, each at its status and amount of that day.
pub fn compute_at(
    dataset: &Dataset,
    portfolio: &Portfolio,
    settings: &Settings,
    date: chrono::NaiveDate,
) -> Result<ExposureReport> {
    compute(&dataset.at(date), portfolio, settings)
}

fn resolve<'a>(
    dataset: &Dataset,
    holding: &'a Holding,
    portfolio: &Portfolio,
    base: &str,
    settings: &Settings,
) -> Resolved<'a> {
    let valued = crate::value::value_holding(holding, portfolio, base, &settings.valuation);
    let value = valued.value;
    let price_usd = valued.price_usd;
    let security = dataset.resolve_security(
        holding.symbol.as_deref(),
        holding.isin.as_deref(),
        holding.cusip.as_deref(),
    );
    let Some(security) = security else {
        let fund = dataset.funds.find(
            holding.symbol.as_deref(),
            holding.isin.as_deref(),
            holding.cusip.as_deref(),
        );
        if let Some(fund) = fund {
            let usd_value = valued.value_usd;
            let look = crate::funds::look_through(
                &dataset.funds,
                fund,
                holding.symbol.as_deref(),
                holding.quantity,
                usd_value,
            );
            return Resolved {
                holding,
                company_id: None,
                unresolved_reason: None,
                value,
                ownership: None,
                price_usd,
                fund: Some(look),
                valued,
            };
        }
        return Resolved {
            holding,
            company_id: None,
            unresolved_reason: Some(
                "not in the deals dataset: no AI-infrastructure deal links known".into(),
            ),
            value,
            ownership: None,
            price_usd,
            fund: None,
            valued,
        };
    };
    let company = dataset.company(&security.company_id);
    let ownership = company
        .and_then(|c| c.shares_outstanding)
        .and_then(|s| holding.quantity.checked_div(s));
    Resolved {
        holding,
        company_id: Some(security.company_id.clone()),
        unresolved_reason: None,
        value,
        ownership,
        price_usd,
        fund: None,
        valued,
    }
}

// One call site; a struct for its arguments would only move the list.
#[allow(clippy::too_many_arguments)]
fn make_link(
    dataset: &Dataset,
    settings: &Settings,
    position_index: usize,
    p: &Position,
    holding: &Holding,
    party: &crate::dataset::Party,
    deal: &crate::dataset::Deal,
    traces: bool,
) -> Link {
    let company = dataset.company(&party.party);
    let shares = company.and_then(|c| c.shares_outstanding);
    let attributed = party.attributed_usd.resolve(deal.amount_usd);
    // quantity × amount first, then ÷ shares: one division, so the only rounding is the final cents.
    let (look_through, look_through_unknown) = match (attributed, shares, p.quantity) {
        (None, ..) => (None, Some(Unknown::AmountUndisclosed)),
        (Some(_), None, _) => (None, Some(Unknown::ShareCountUnknown)),
        (Some(_), Some(_), None) => (None, Some(Unknown::FundFigures)),
        (Some(a), Some(s), Some(q)) => match q.checked_mul(a).and_then(|x| x.checked_div(s)) {
            Some(x) => (Some(cents(x)), None),
            None => (None, Some(Unknown::TooLarge)),
        },
    };
    let company_market_value = match (p.price_usd, shares) {
        (Some(p), Some(s)) if p > Decimal::ZERO => p.checked_mul(s).map(cents),
        _ => None,
    };
    let materiality = match (attributed, company_market_value) {
        (Some(a), Some(m)) if !m.is_zero() => a.checked_div(m).map(|f| f.round_dp(4)),
        _ => None,
    };
    let counterparty = party
        .counterparty
        .clone()
        .unwrap_or_else(|| deal.counterparty.clone());
    let haircut = settings.haircuts.get(&counterparty).copied();
    let weight = if deal.status.is_dead() {
        Decimal::ZERO
    } else {
        let w = settings.weight(deal.status);
        haircut.map_or(w, |h| w * h)
    };
    let weighted = look_through
        .and_then(|lt| lt.checked_mul(weight))
        .map(cents);
    let excluded_reason = if deal.amount_basis == AmountBasis::Aggregate {
        Some(Exclusion::Aggregate)
    } else if deal.amount_basis == AmountBasis::MonthlyFee {
        Some(Exclusion::MonthlyFee)
    } else if deal.amount_basis == AmountBasis::Maximum {
        Some(Exclusion::Maximum)
    } else if deal.amount_basis == AmountBasis::Valuation {
        Some(Exclusion::Valuation)
    } else if deal.status == Status::Superseded {
        Some(Exclusion::Superseded)
    } else if deal.status == Status::Cancelled {
        Some(Exclusion::Cancelled)
    } else if settings.excluded_deals.contains(&deal.id) {
        Some(Exclusion::ExcludedByUser)
    } else if party.link == LinkKind::Indirect && !settings.include_indirect {
        Some(Exclusion::IndirectOff)
    } else {
        None
    };
    let dilution = party.new_shares_issued.map(|n| {
        let after = shares
            .and_then(|s| s.checked_add(n))
            .zip(p.quantity)
            .and_then(|(d, q)| q.checked_div(d));
        Dilution {
            new_shares: n,
            shares_outstanding: shares,
            ownership_before: p.ownership,
            ownership_after: after,
            relative_dilution: shares
                .and_then(|s| s.checked_add(n))
                .and_then(|d| n.checked_div(d)),
        }
    });
    let mut roles = vec![party.role];
    roles.extend(party.other_roles.iter().copied());
    let mut link = Link {
        deal_id: deal.id.clone(),
        deal_title: deal.title.clone(),
        counterparty_name: dataset.company_name(&counterparty).to_string(),
        counterparty,
        holding: p.holding,
        position: position_index,
        symbol: p.label.clone(),
        via: p.via.clone(),
        via_as_of: p.via_as_of,
        quantity: p.quantity,
        company_id: party.party.clone(),
        role: party.role,
        direction: party.role.direction(),
        roles,
        link: party.link,
        status: deal.status,
        amount_usd: deal.amount_usd,
        attributed_usd: attributed,
        amount_basis: deal.amount_basis,
        ownership_fraction: p.ownership,
        look_through_usd: look_through,
        look_through_unknown,
        look_through_label: look_through_unknown.map(Unknown::as_str),
        approximate: look_through.is_some()
            && (p.approximate || company.is_some_and(|c| c.shares_approximate == Some(true))),
        company_market_value_usd: company_market_value,
        materiality,
        weight,
        haircut,
        weighted_look_through_usd: weighted,
        in_totals: excluded_reason.is_none(),
        excluded_reason,
        dilution,
        why: Vec::new(),
    };
    if traces {
        link.why = trace::link(dataset, holding, p, company, party, deal, &link);
    }
    link
}

/// [`Settings`] as the desktop app sends and saves them: decimals as strings, statuses by name.
/// Absent fields take the defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub status_weights: BTreeMap<String, String>,
    pub include_indirect: Option<bool>,
    pub excluded_deals: Vec<String>,
    pub haircuts: BTreeMap<String, String>,
}

impl Scenario {
    /// The scenario that gives `settings`.
    pub fn from_settings(settings: &Settings) -> Scenario {
        Scenario {
            status_weights: settings
                .status_weights
                .iter()
                .map(|(s, w)| (s.to_string(), w.to_string()))
                .collect(),
            include_indirect: Some(settings.include_indirect),
            excluded_deals: settings.excluded_deals.iter().cloned().collect(),
            haircuts: settings
                .haircuts
                .iter()
                .map(|(c, h)| (c.clone(), h.to_string()))
                .collect(),
        }
    }

    /// Checked against the dataset: known statuses, deals and companies, fractions in 0..=1.
    /// Every problem is reported at once.
    pub fn to_settings(&self, dataset: &Dataset) -> crate::Result<Settings> {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let fraction =
            |what: &str, text: &str, problems: &mut Vec<String>| match Decimal::from_str_exact(
                text.trim(),
            ) {
                Ok(v) if (Decimal::ZERO..=Decimal::ONE).contains(&v) => Some(v),
                _ => {
                    problems.push(format!(
                        "{what}: {text:?} is not a fraction between 0 and 1"
                    ));
                    None
                }
            };
        for (status, weight) in &self.status_weights {
            match status.parse::<Status>() {
                Ok(s) => {
                    if let Some(w) = fraction(&format!("weight of {status}"), weight, &mut problems)
                    {
                        settings.status_weights.insert(s, w);
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        if let Some(indirect) = self.include_indirect {
            settings.include_indirect = indirect;
        }
        for id in &self.excluded_deals {
            if dataset.deal(id).is_some() {
                settings.excluded_deals.insert(id.clone());
            } else {
                problems.push(format!("excluded deal {id:?} is not in the dataset"));
            }
        }
        for (company, haircut) in &self.haircuts {
            if dataset.company(company).is_none() {
                problems.push(format!(
                    "haircut for {company:?}: no such company in the dataset"
                ));
            } else if let Some(h) =
                fraction(&format!("haircut for {company}"), haircut, &mut problems)
            {
                settings.haircuts.insert(company.clone(), h);
            }
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(crate::Error::Usage(problems.join("; ")))
        }
    }
}
