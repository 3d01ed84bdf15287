//! The CLI contract: JSON shapes, figures recomputed from `data/`, exit codes and messages.

use std::process::{Command, Output};

use rust_decimal::Decimal;
use serde_json::Value;

use crate::reference::{dec, expected_links, positions, records, root};

pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ai-exposure"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run ai-exposure")
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn opt_dec(v: &Value) -> Option<Decimal> {
    v.as_str().map(dec)
}

const SAMPLE: &str = "data/samples/sample_portfolio.csv";

#[test]
fn exposure_look_through_matches_ownership_times_amount_recomputed_from_data() {
    let report = json(&["exposure", SAMPLE, "--json"]);
    let expected = expected_links(&positions(&root().join(SAMPLE)));
    let links = report["links"].as_array().expect("links");
    assert_eq!(
        links.len(),
        expected.len(),
        "one link per holding × deal party"
    );
    for e in &expected {
        let got = links
            .iter()
            .find(|l| {
                l["symbol"] == e.symbol.as_str()
                    && l["deal_id"] == e.deal_id.as_str()
                    && l["via"].as_str() == e.via.as_deref()
            })
            .unwrap_or_else(|| panic!("missing link {} {} via {:?}", e.symbol, e.deal_id, e.via));
        assert_eq!(
            opt_dec(&got["look_through_usd"]),
            e.look_through,
            "{} {}",
            e.symbol,
            e.deal_id
        );
        assert_eq!(
            got["in_totals"].as_bool(),
            Some(e.in_totals),
            "{} {}",
            e.symbol,
            e.deal_id
        );
        // ownership fraction × amount gives the same cents as the look-through.
        if let (Some(f), Some(a), Some(lt)) = (
            opt_dec(&got["ownership_fraction"]),
            opt_dec(&got["attributed_usd"]),
            e.look_through,
        ) {
            let diff = (f * a - lt).abs();
            assert!(
                diff <= Decimal::new(1, 2),
                "{} {}: {f} × {a} vs {lt}",
                e.symbol,
                e.deal_id
            );
        }
    }
    let total: Decimal = expected
        .iter()
        .filter(|e| e.in_totals)
        .filter_map(|e| e.look_through)
        .sum();
    assert_eq!(
        opt_dec(&report["portfolio"]["look_through_usd"]),
        Some(total)
    );
    // Every link-level total also adds up in the per-holding table.
    for h in report["by_holding"].as_array().expect("by_holding") {
        let sym = h["symbol"].as_str().expect("symbol");
        let is_fund = h["fund"].is_object();
        let mine: Vec<_> = expected
            .iter()
            .filter(|e| e.in_totals)
            .filter(|e| match &e.via {
                Some(f) => is_fund && f == sym,
                None => !is_fund && e.symbol == sym,
            })
            .collect();
        let sum: Option<Decimal> = mine
            .iter()
            .filter_map(|e| e.look_through)
            .fold(None, |a, v| Some(a.unwrap_or_default() + v));
        assert_eq!(opt_dec(&h["look_through_usd"]), sum, "{sym}");
    }
}

#[test]
fn exposure_json_has_the_documented_keys() {
    let r = json(&["exposure", SAMPLE, "--json"]);
    for key in [
        "dataset",
        "portfolio",
        "by_counterparty",
        "by_holding",
        "by_deal",
        "links",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["dataset"]["version"], "2026.12.0");
    assert_eq!(r["dataset"]["as_of"], "2026-06-22");
    assert_eq!(r["dataset"]["figures_as_of"], "2026-06-22");
    assert_eq!(r["portfolio"]["currency"], "USD");
    let link = &r["links"][0];
    for key in [
        "deal_id",
        "symbol",
        "role",
        "status",
        "amount_usd",
        "ownership_fraction",
        "look_through_usd",
        "weight",
        "weighted_look_through_usd",
        "why",
    ] {
        assert!(link.get(key).is_some(), "link lacks {key}");
    }
    // Decimals travel as strings, never as JSON numbers.
    assert!(r["portfolio"]["total_value"].is_string());
    assert!(link["weight"].is_string());
}

#[test]
fn portfolio_value_is_the_sum_of_shares_times_price_from_the_file() {
    // By hand from data/samples/sample_portfolio.csv:
    // 120×485.50 + 200×229.11 + 350×177.82 + 80×214.24 + 60×386.08 + 50×206.70 + 150×70.12 + 40×334.16
    // = 58260 + 45822 + 62237 + 17139.20 + 23164.80 + 10335 + 10518 + 13366.40 = 240842.40
    let r = json(&["exposure", SAMPLE, "--json"]);
    assert_eq!(r["portfolio"]["total_value"], "240842.40");
    // MSFT, AMZN, NVDA, AMD and AVGO have deal links (58260 + 45822 + 62237 + 17139.20 +
    // 23164.80 = 206623.00); JNJ and KO do not; VTI counts by the part of it in linked
    // companies (its value × each one's weight in data/funds), not in full.
    let (direct, via) = crate::reference::linked_value(&positions(&root().join(SAMPLE)));
    assert_eq!(direct, dec("206623.00"));
    assert!(via > Decimal::ZERO && via < dec("13366.40"), "{via}");
    assert_eq!(
        opt_dec(&r["portfolio"]["direct"]["linked_value"]),
        Some(direct)
    );
    assert_eq!(
        opt_dec(&r["portfolio"]["via_funds"]["linked_value"]),
        Some(via)
    );
    assert_eq!(opt_dec(&r["portfolio"]["linked_value"]), Some(direct + via));
    let unresolved: Vec<_> = r["by_holding"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|h| h["resolved"] == false)
        .map(|h| h["symbol"].as_str().expect("symbol").to_string())
        .collect();
    assert_eq!(unresolved, ["JNJ", "KO"]);
}

#[test]
fn holdings_json_follows_the_contract() {
    let r = json(&["holdings", SAMPLE, "--json"]);
    assert_eq!(r["broker"], "generic");
    assert_eq!(r["kind"], "positions");
    assert!(r["as_of"].is_null());
    let h = &r["holdings"][0];
    assert_eq!(h["symbol"], "MSFT");
    assert_eq!(h["quantity"], "120");
    assert_eq!(h["price"], "485.50");
    assert!(h["market_value"].is_null(), "not in the file, so unknown");
    assert!(h["isin"].is_null() && h["cusip"].is_null() && h["asset_class"].is_null());
    assert_eq!(h["account"], "Brokerage");
    assert_eq!(r["warnings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn deals_json_lists_every_deal() {
    let r = json(&["deals", "--json"]);
    // Every row of data/deals.csv (37 of 2025 and early 2026, 31 from the 2026 reference:
    // D33-D61 with the halves D47a/b and D50a/b, and D46a, SoftBank's part of the D46 round),
    // each with its dated events.
    let deals = r["deals"].as_array().expect("deals");
    assert_eq!(deals.len(), records("deals.csv").len());
    assert_eq!(deals.len(), 69);
    let events = records("deal_events.csv");
    for d in deals {
        let id = d["id"].as_str().expect("id");
        let got = d["events"].as_array().expect("events");
        assert_eq!(
            got.len(),
            events.iter().filter(|e| e["deal_id"] == id).count(),
            "{id}"
        );
        assert_eq!(got[0]["kind"], "announced", "{id}");
        assert_eq!(got[0]["on"], d["announced_on"], "{id}");
    }
    // The 2026 reference's rows are all there, new and changed.
    for id in [
        "D33", "D46", "D47a", "D47b", "D50a", "D50b", "D53", "D59", "D61",
    ] {
        assert!(deals.iter().any(|d| d["id"] == id), "{id}");
    }
    let s04 = deals.iter().find(|d| d["id"] == "S04").expect("S04");
    assert!(
        s04["events"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["on"] == "2026-04-27"),
        "the amended Microsoft-OpenAI agreement is an event of S04"
    );
    assert_eq!(r["dataset"]["as_of"], "2026-06-22", "D61, the newest event");
    let human = run(&["deals"]);
    assert!(human.status.success());
    assert!(String::from_utf8_lossy(&human.stdout).contains("S02"));
}

#[test]
fn human_exposure_output_is_a_table_with_the_disclaimer() {
    let out = run(&["exposure", SAMPLE]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Exposure by counterparty"));
    assert!(text.contains("$240,842.40"));
    assert!(text.contains("Not financial advice"));
}

#[test]
fn malformed_positions_file_gives_one_message_per_problem_with_lines() {
    let dir = tempdir();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "Symbol,Shares,Price\nMSFT,abc,10\n,5,1\nNVDA,1,$x\n").expect("write");
    let out = run(&["exposure", bad.to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout when the import fails"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:2:2: column 'Shares': \"abc\" is not a number"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:3:1: column 'Symbol': no symbol, ISIN or CUSIP"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:4:3: column 'Price': \"$x\" is not a number"),
        "{err}"
    );
}

#[test]
fn malformed_dataset_gives_file_line_column() {
    let dir = tempdir();
    crate::reference::copy_data(&dir);
    let deals = std::fs::read_to_string(dir.join("deals.csv")).expect("read");
    std::fs::write(
        dir.join("deals.csv"),
        deals.replacen(",38000000000,", ",38 billion,", 1),
    )
    .expect("write");
    let out = run(&["--dataset", dir.to_str().expect("utf8"), "deals"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // S02 is the second deal: line 3 of deals.csv; amount_usd is column 10.
    assert!(
        err.contains(
            "deals.csv:3:10: column 'amount_usd': \"38 billion\" is not a plain decimal number"
        ),
        "{err}"
    );
}

#[test]
fn unknown_options_are_refused() {
    let out = run(&["exposure", SAMPLE, "--weight", "maybe=0.5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a known status"));
    let out = run(&["exposure", SAMPLE, "--exclude-deal", "NOPE"]);
    assert_eq!(out.status.code(), Some(1));
}

/// A fresh directory under the system temp dir (no tempfile dependency needed for a handful of
/// files), removed when the guard is dropped.
pub fn tempdir() -> TempDir {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "ai-exposure-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tempdir");
    TempDir(dir)
}

pub struct TempDir(pub std::path::PathBuf);

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn prices_file_overrides_currency_selects_the_base_and_unknown_prices_are_listed() {
    let dir = tempdir();
    let portfolio = dir.0.join("p.csv");
    // MSFT priced in the file; NVDA and AMD without a price.
    std::fs::write(
        &portfolio,
        "Symbol,Shares,Price\nMSFT,10,400\nNVDA,20,\nAMD,5,\n",
    )
    .unwrap();
    let prices = dir.0.join("prices.csv");
    std::fs::write(
        &prices,
        "Symbol,Price,Currency,Date\nNVDA,150,USD,2026-11-30\nMSFT,500,USD,2026-11-30\n",
    )
    .unwrap();
    let (p, pr) = (portfolio.to_str().unwrap(), prices.to_str().unwrap());

    // Without prices: only MSFT is valued (10 × 400), NVDA and AMD are listed, not zero.
    let r = json(&["exposure", p, "--json"]);
    assert_eq!(opt_dec(&r["portfolio"]["total_value"]), Some(dec("4000")));
    assert_eq!(r["portfolio"]["valued_holdings_count"], 2 - 1);
    let unvalued: Vec<&str> = r["portfolio"]["unvalued_holdings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["symbol"].as_str().unwrap())
        .collect();
    assert_eq!(unvalued, ["NVDA", "AMD"]);

    // With the prices file: MSFT 10 × 500 (the given price wins) + NVDA 20 × 150 = 8,000.00;
    // AMD still has none.
    let r = json(&["exposure", p, "--prices", pr, "--json"]);
    assert_eq!(opt_dec(&r["portfolio"]["total_value"]), Some(dec("8000")));
    assert_eq!(r["portfolio"]["currency"], "USD");
    let row = |r: &Value, s: &str| {
        r["by_holding"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["symbol"] == s)
            .cloned()
            .unwrap()
    };
    let msft = row(&r, "MSFT");
    assert_eq!(
        (
            opt_dec(&msft["price"]),
            &msft["price_source"],
            &msft["price_date"],
            &msft["price_line"]
        ),
        (
            Some(dec("500")),
            &Value::from("prices_file"),
            &Value::from("2026-11-30"),
            &Value::from(3)
        )
    );
    assert_eq!(row(&r, "AMD")["market_value"], Value::Null);
    assert_eq!(r["portfolio"]["unvalued_holdings"][0]["symbol"], "AMD");

    // In EUR at the user's rate of 1.25 USD per euro: 8,000 ÷ 1.25 = 6,400.00 EUR, the rate
    // said; the look-through stays USD and is also given in EUR at 1 ÷ 1.25 = 0.8.
    let r = json(&[
        "exposure",
        p,
        "--prices",
        pr,
        "--currency",
        "eur",
        "--rate",
        "USD=1.25",
        "--json",
    ]);
    assert_eq!(r["portfolio"]["currency"], "EUR");
    assert_eq!(opt_dec(&r["portfolio"]["total_value"]), Some(dec("6400")));
    let fx = &r["portfolio"]["fx"][0];
    assert_eq!(
        (&fx["currency"], &fx["used_by"]),
        (&Value::from("USD"), &Value::from(2))
    );
    assert_eq!(opt_dec(&fx["rate"]), Some(dec("0.8")));
    let usd = dec(r["portfolio"]["weighted_look_through_usd"]
        .as_str()
        .unwrap());
    let eur = dec(r["portfolio"]["weighted_look_through_base"]
        .as_str()
        .unwrap());
    assert_eq!(eur, (usd * dec("0.8")).round_dp(2));

    // Bad input is a usage error naming the option.
    let out = run(&["exposure", p, "--currency", "euro"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--currency"));
    let out = run(&["exposure", p, "--rate", "USD=abc"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rate"));
}

/// The look-through split by the direction of the money, recomputed from `data/` with the
/// methodology's table of roles (ARCHITECTURE.md): the directions add up to the total.
#[test]
fn the_look_through_is_split_by_the_direction_of_the_money() {
    let direction = |role: &str| match role {
        "cloud_provider"
        | "chip_supplier"
        | "system_supplier"
        | "network_supplier"
        | "data_center_developer"
        | "lessor"
        | "licensor"
        | "seller" => "revenue",
        "investor" | "equity_funder" | "lender" | "guarantor" | "acquirer" | "warrant_holder" => {
            "investment"
        }
        "customer" | "buyer" | "lessee" | "licensee" | "backstop_buyer" => "purchase",
        "investee" | "target" | "warrant_issuer" => "funding_received",
        _ => "partnership",
    };
    let links = expected_links(&positions(&root().join(SAMPLE)));
    let mut by: std::collections::BTreeMap<&str, Decimal> = Default::default();
    for l in links.iter().filter(|l| l.in_totals) {
        if let Some(v) = l.look_through {
            *by.entry(direction(&l.role)).or_default() += v;
        }
    }
    let r = json(&["exposure", SAMPLE, "--json"]);
    let rows = r["portfolio"]["by_direction"]
        .as_array()
        .expect("by_direction");
    let got: std::collections::BTreeMap<String, Decimal> = rows
        .iter()
        .filter_map(|d| {
            Some((
                d["direction"].as_str()?.to_string(),
                opt_dec(&d["look_through_usd"])?,
            ))
        })
        .collect();
    for (d, want) in &by {
        let have = got.get(*d).copied().unwrap_or_default();
        assert!(
            (have - want).abs() < dec("0.05"),
            "{d}: {have} vs {want} by hand"
        );
    }
    // MSFT sells Azure to OpenAI (revenue) and invested in it (investment): both directions
    // exist in the sample, apart.
    assert!(
        got.contains_key("revenue") && got.contains_key("investment"),
        "{got:?}"
    );
    let total = opt_dec(&r["portfolio"]["look_through_usd"]).unwrap();
    let sum: Decimal = got.values().copied().sum();
    assert_eq!(sum, total, "the directions add up to the total");
    // Every link says its direction.
    assert!(r["links"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["direction"].is_string()));
}
