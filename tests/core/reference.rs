//! An independent reading of `data/` for the tests: plain `csv` records and `rust_decimal`, no
//! code shared with the loader or the engine, so a bug there cannot hide in the expectation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::{Decimal, RoundingStrategy};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn records(file: &str) -> Vec<HashMap<String, String>> {
    let path = root().join("data").join(file);
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|_| panic!("not a decimal: {s:?}"))
}

pub fn round_cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Expected look-through of one link: quantity × attributed amount ÷ shares outstanding.
#[derive(Debug, Clone)]
pub struct ExpectedLink {
    pub symbol: String,
    pub deal_id: String,
    pub look_through: Option<Decimal>,
    pub in_totals: bool,
}

/// (symbol, quantity) of a positions CSV with `Symbol` and `Shares` columns.
pub fn positions(path: &Path) -> Vec<(String, Decimal)> {
    let mut r = csv::Reader::from_path(path).expect("positions");
    let headers = r.headers().expect("header").clone();
    let si = headers.iter().position(|h| h == "Symbol").expect("Symbol");
    let qi = headers.iter().position(|h| h == "Shares").expect("Shares");
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            (rec[si].to_string(), dec(&rec[qi]))
        })
        .collect()
}

pub fn expected_links(positions: &[(String, Decimal)]) -> Vec<ExpectedLink> {
    let securities = records("securities.csv");
    let companies = records("companies.csv");
    let deals = records("deals.csv");
    let parties = records("deal_parties.csv");
    let mut out = Vec::new();
    for (symbol, qty) in positions {
        let Some(sec) = securities.iter().find(|s| &s["symbol"] == symbol) else {
            continue;
        };
        let company = companies
            .iter()
            .find(|c| c["id"] == sec["company_id"])
            .expect("company");
        let shares = company["shares_outstanding"].parse::<Decimal>().ok();
        for p in parties.iter().filter(|p| p["party"] == company["id"]) {
            let deal = deals
                .iter()
                .find(|d| d["id"] == p["deal_id"])
                .expect("deal");
            let amount = match p["attributed_usd"].as_str() {
                "deal" => deal["amount_usd"].parse::<Decimal>().ok(),
                "undisclosed" => None,
                v => Some(dec(v)),
            };
            let look_through = match (amount, shares) {
                (Some(a), Some(s)) => Some(round_cents(*qty * a / s)),
                _ => None,
            };
            // An aggregate, a monthly fee and a cancellable maximum are not contract totals
            // (data/README.md).
            let not_a_total = ["aggregate", "monthly_fee", "maximum", "valuation"];
            let in_totals = !not_a_total.contains(&deal["amount_basis"].as_str())
                && deal["status"] != "superseded"
                && deal["status"] != "cancelled";
            out.push(ExpectedLink {
                symbol: symbol.clone(),
                deal_id: deal["id"].clone(),
                look_through,
                in_totals,
            });
        }
    }
    out
}

/// The default status weights of the methodology (ARCHITECTURE.md), written out again here.
pub fn default_weight(status: &str) -> Decimal {
    match status {
        "rumoured" | "in_talks" => dec("0.25"),
        "letter_of_intent" | "term_sheet" => dec("0.5"),
        "announced" => dec("0.75"),
        "pending_approval" => dec("0.9"),
        "signed" | "partially_completed" | "completed" | "operational" => dec("1"),
        _ => dec("0"),
    }
}

/// A link as it stood on a day, read from `deal_events.csv`: only deals announced by then, each
/// with the status, amount and basis of its last event on or before the day.
#[derive(Debug, Clone)]
pub struct LinkAt {
    pub weighted: Option<Decimal>,
    pub in_totals: bool,
}

pub fn expected_links_at(positions: &[(String, Decimal)], day: &str) -> Vec<LinkAt> {
    let securities = records("securities.csv");
    let companies = records("companies.csv");
    let deals = records("deals.csv");
    let parties = records("deal_parties.csv");
    let events = records("deal_events.csv");
    let mut out = Vec::new();
    for (symbol, qty) in positions {
        let Some(sec) = securities.iter().find(|s| &s["symbol"] == symbol) else {
            continue;
        };
        let company = &sec["company_id"];
        let shares = companies
            .iter()
            .find(|c| &c["id"] == company)
            .and_then(|c| c["shares_outstanding"].parse::<Decimal>().ok());
        for p in parties.iter().filter(|p| &p["party"] == company) {
            // ISO dates compare as text.
            let Some(state) = events
                .iter()
                .rfind(|e| e["deal_id"] == p["deal_id"] && e["on"].as_str() <= day)
            else {
                continue;
            };
            assert!(deals.iter().any(|d| d["id"] == p["deal_id"]), "deal");
            let amount = match p["attributed_usd"].as_str() {
                "deal" => state["amount_usd"].parse::<Decimal>().ok(),
                "undisclosed" => None,
                v => Some(dec(v)),
            };
            let look_through = match (amount, shares) {
                (Some(a), Some(s)) => Some(round_cents(*qty * a / s)),
                _ => None,
            };
            let status = state["status"].as_str();
            let not_a_total = ["aggregate", "monthly_fee", "maximum", "valuation"];
            let in_totals = !not_a_total.contains(&state["amount_basis"].as_str())
                && status != "superseded"
                && status != "cancelled";
            out.push(LinkAt {
                weighted: look_through.map(|lt| round_cents(lt * default_weight(status))),
                in_totals,
            });
        }
    }
    out
}

/// The portfolio's weighted look-through on a day: the sum over links in totals.
pub fn weighted_total_at(positions: &[(String, Decimal)], day: &str) -> Decimal {
    expected_links_at(positions, day)
        .iter()
        .filter(|l| l.in_totals)
        .filter_map(|l| l.weighted)
        .sum()
}
