//! An independent reading of `data/` for the tests: plain `csv` records and `rust_decimal`, no
//! code shared with the loader or the engine, so a bug there cannot hide in the expectation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::{Decimal, RoundingStrategy};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file of `data/` a dataset directory holds, copied into `dir` (tests then break one).
pub fn copy_data(dir: &Path) {
    std::fs::create_dir_all(dir.join("funds")).expect("mkdir");
    for f in [
        "dataset.json",
        "deals.csv",
        "deal_parties.csv",
        "companies.csv",
        "securities.csv",
        "chips.csv",
        "deal_events.csv",
        "funds/funds.csv",
        "funds/fund_holdings.csv",
    ] {
        std::fs::copy(root().join("data").join(f), dir.join(f)).expect("copy");
    }
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
    /// The fund the shares are held through.
    pub via: Option<String>,
    pub deal_id: String,
    pub look_through: Option<Decimal>,
    pub in_totals: bool,
    /// The company's (first) role in the deal, as `deal_parties.csv` gives it.
    pub role: String,
}

/// Shares of one company: held directly, or through a fund (then `symbol` is the classes
/// joined with `+`, `qty` the company shares behind the fund holding, `None` when the
/// snapshot lacks the figures, and `value` the fund value × the company's weight).
#[derive(Debug, Clone)]
pub struct Pos {
    pub symbol: String,
    pub via: Option<String>,
    pub company: Option<String>,
    pub qty: Option<Decimal>,
    pub value: Option<Decimal>,
}

/// The positions of a positions CSV with `Symbol`, `Shares` and (optionally) `Price` columns,
/// funds looked through with `data/funds/` as its README describes: method `shares`: fund
/// shares × shares held ÷ fund shares outstanding; `weight` and `proxy`: value × weight ÷ price.
pub fn positions(path: &Path) -> Vec<Pos> {
    let mut r = csv::Reader::from_path(path).expect("positions");
    let headers = r.headers().expect("header").clone();
    let si = headers.iter().position(|h| h == "Symbol").expect("Symbol");
    let qi = headers.iter().position(|h| h == "Shares").expect("Shares");
    let pi = headers.iter().position(|h| h == "Price");
    let securities = records("securities.csv");
    let funds = records("funds/funds.csv");
    let holdings = records("funds/fund_holdings.csv");
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.expect("record");
        let (symbol, qty) = (rec[si].to_string(), dec(&rec[qi]));
        let price = pi.and_then(|i| rec[i].parse::<Decimal>().ok());
        let value = price.map(|p| round_cents(p * qty));
        if let Some(sec) = securities.iter().find(|s| s["symbol"] == symbol) {
            out.push(Pos {
                symbol,
                via: None,
                company: Some(sec["company_id"].clone()),
                qty: Some(qty),
                value,
            });
            continue;
        }
        let Some(fund) = funds
            .iter()
            .find(|f| f["tickers"].split(';').any(|t| t == symbol))
        else {
            out.push(Pos {
                symbol,
                via: None,
                company: None,
                qty: Some(qty),
                value,
            });
            continue;
        };
        let basis = if fund["method"] == "proxy" {
            &fund["proxy_of"]
        } else {
            &fund["id"]
        };
        let so = fund["shares_outstanding"].parse::<Decimal>().ok();
        let mut per_company: Vec<Pos> = Vec::new();
        for h in holdings.iter().filter(|h| &h["fund_id"] == basis) {
            let w = h["weight"]
                .parse::<Decimal>()
                .ok()
                .map(|w| w / Decimal::ONE_HUNDRED);
            let q = match (fund["method"].as_str(), so) {
                ("shares", Some(so)) => h["shares_held"]
                    .parse::<Decimal>()
                    .ok()
                    .map(|n| qty * n / so),
                _ => match (value, w, h["price"].parse::<Decimal>().ok()) {
                    (Some(v), Some(w), Some(p)) => Some(v * w / p),
                    _ => None,
                },
            };
            let v = value.zip(w).map(|(v, w)| round_cents(v * w));
            match per_company
                .iter_mut()
                .find(|p| p.company.as_deref() == Some(&h["company_id"]))
            {
                Some(p) => {
                    p.symbol = format!("{}+{}", p.symbol, h["symbol"]);
                    p.qty = match (p.qty, q) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                    p.value = match (p.value, v) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                }
                None => per_company.push(Pos {
                    symbol: h["symbol"].clone(),
                    via: Some(symbol.clone()),
                    company: Some(h["company_id"].clone()),
                    qty: q,
                    value: v,
                }),
            }
        }
        out.extend(per_company);
    }
    out
}

pub fn expected_links(positions: &[Pos]) -> Vec<ExpectedLink> {
    let companies = records("companies.csv");
    let deals = records("deals.csv");
    let parties = records("deal_parties.csv");
    let mut out = Vec::new();
    for pos in positions {
        let Some(company_id) = &pos.company else {
            continue;
        };
        let company = companies
            .iter()
            .find(|c| &c["id"] == company_id)
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
            let look_through = match (amount, shares, pos.qty) {
                (Some(a), Some(s), Some(q)) => Some(round_cents(q * a / s)),
                _ => None,
            };
            // An aggregate, a monthly fee and a cancellable maximum are not contract totals
            // (data/README.md).
            let not_a_total = ["aggregate", "monthly_fee", "maximum", "valuation"];
            let in_totals = !not_a_total.contains(&deal["amount_basis"].as_str())
                && deal["status"] != "superseded"
                && deal["status"] != "cancelled";
            out.push(ExpectedLink {
                symbol: pos.symbol.clone(),
                via: pos.via.clone(),
                deal_id: deal["id"].clone(),
                look_through,
                in_totals,
                role: p["role"].clone(),
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

pub fn expected_links_at(positions: &[Pos], day: &str) -> Vec<LinkAt> {
    let companies = records("companies.csv");
    let deals = records("deals.csv");
    let parties = records("deal_parties.csv");
    let events = records("deal_events.csv");
    let mut out = Vec::new();
    for pos in positions {
        let Some(company) = &pos.company else {
            continue;
        };
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
            let look_through = match (amount, shares, pos.qty) {
                (Some(a), Some(s), Some(q)) => Some(round_cents(q * a / s)),
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
pub fn weighted_total_at(positions: &[Pos], day: &str) -> Decimal {
    expected_links_at(positions, day)
        .iter()
        .filter(|l| l.in_totals)
        .filter_map(|l| l.weighted)
        .sum()
}

/// The linked value of `positions`: each position with a link in totals counted once, by its
/// value (a fund by its part in that company); (held directly, through funds).
pub fn linked_value(positions: &[Pos]) -> (Decimal, Decimal) {
    let links = expected_links(positions);
    let mut direct = Decimal::ZERO;
    let mut via = Decimal::ZERO;
    for p in positions {
        let linked = links
            .iter()
            .any(|l| l.in_totals && l.symbol == p.symbol && l.via == p.via);
        if let (true, Some(v)) = (linked, p.value) {
            if p.via.is_some() {
                via += v;
            } else {
                direct += v;
            }
        }
    }
    (direct, via)
}
