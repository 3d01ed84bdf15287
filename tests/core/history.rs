//! Deals by date: `exposure --as-of`, `timeline`, `changes --since`, "what's new" for a saved
//! portfolio, and the words for unknown figures. Figures are worked out by hand (arithmetic in
//! the comments) or read from `data/` by the independent reader of `reference.rs`.

use ai_exposure::exposure::{Exclusion, Unknown};
use ai_exposure::{compute, import_bytes, Dataset, Settings};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

use crate::cli::{run, tempdir};
use crate::reference::{dec as d, positions, root, weighted_total_at};

const SAMPLE: &str = "data/samples/sample_portfolio.csv";

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn text(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn file(dir: &std::path::Path, name: &str, body: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write");
    p.to_str().expect("utf8").to_string()
}

fn link<'a>(r: &'a Value, symbol: &str, deal: &str) -> Option<&'a Value> {
    r["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["symbol"] == symbol && l["deal_id"] == deal)
}

fn money(v: &Value) -> Option<Decimal> {
    v.as_str().map(d)
}

#[test]
fn orcl_d13_look_through_from_the_share_count_by_hand() {
    // data/companies.csv: Oracle 2,873,130,000 shares (Q2 FY2026 10-Q cover).
    // data/deals.csv: D13, OpenAI's ~$300B Oracle contract, signed; Oracle alone on its side.
    // 100 × 300,000,000,000 ÷ 2,873,130,000 = 10,441.5741... → $10,441.57 (weight 1).
    // D30, Meta's ~$20B Oracle deal, signed: 100 × 20e9 ÷ 2,873,130,000 = 696.104... → $696.10.
    let dir = tempdir();
    let f = file(&dir, "orcl.csv", "Symbol,Shares\nORCL,100\n");
    let r = json(&["exposure", &f, "--json"]);
    let d13 = link(&r, "ORCL", "D13").expect("D13");
    assert_eq!(money(&d13["look_through_usd"]), Some(dec!(10441.57)));
    assert_eq!(
        money(&d13["weighted_look_through_usd"]),
        Some(dec!(10441.57))
    );
    assert!(d13["look_through_unknown"].is_null());
    let d30 = link(&r, "ORCL", "D30").expect("D30");
    assert_eq!(money(&d30["look_through_usd"]), Some(dec!(696.10)));
}

#[test]
fn a_known_amount_without_a_share_count_says_share_count_unknown() {
    // Cerebras (CBRS) is listed but no share count could be sourced (companies.csv says why);
    // D37, OpenAI's Cerebras contract, has a disclosed amount ($20B after its enlargement).
    let dir = tempdir();
    let f = file(&dir, "cbrs.csv", "Symbol,Shares\nCBRS,5\n");
    let r = json(&["exposure", &f, "--json"]);
    let d37 = link(&r, "CBRS", "D37").expect("D37");
    assert_eq!(money(&d37["attributed_usd"]), Some(dec!(20000000000)));
    assert!(d37["look_through_usd"].is_null());
    assert_eq!(d37["look_through_unknown"], "share_count_unknown");
    let row = r["by_deal"]
        .as_array()
        .expect("deals")
        .iter()
        .find(|x| x["deal_id"] == "D37")
        .expect("D37 row");
    assert_eq!(row["look_through_label"], "share count unknown");
    let why = d37["why"].to_string();
    assert!(why.contains("share count unknown"), "{why}");
    assert!(!why.contains("Look-through: undisclosed"), "{why}");
    let human = text(&["exposure", &f]);
    let line = human
        .lines()
        .find(|l| l.starts_with("D37"))
        .expect("D37 line");
    assert!(line.contains("share count unknown"), "{line}");
    assert!(!line.contains("undisclosed"), "{line}");
}

/// A portfolio file without prices: its value and linked value are unknown, and nothing in the
/// CLI text, the JSON or the HTML report shows an unknown as $0.00 or as "undisclosed".
#[test]
fn unknown_values_are_never_zero_or_undisclosed() {
    let dir = tempdir();
    let f = file(
        &dir,
        "noprice.csv",
        "Symbol,Shares\nORCL,100\nMSFT,10\nCBRS,5\n",
    );
    let r = json(&["exposure", &f, "--json"]);
    let p = &r["portfolio"];
    assert!(p["total_value"].is_null());
    assert!(p["linked_value"].is_null());
    assert!(p["linked_share"].is_null());
    assert_eq!(p["linked_unvalued_count"], 3);
    for row in r["by_counterparty"].as_array().expect("rows") {
        assert!(row["linked_value"].is_null(), "{row}");
    }
    // Every money field that is a number is a real figure: no "0" stands for unknown.
    for l in r["links"].as_array().expect("links") {
        for key in ["look_through_usd", "weighted_look_through_usd"] {
            if let Some(v) = money(&l[key]) {
                assert!(v > Decimal::ZERO || l["weight"] == "0", "{key} {l}");
            }
        }
        if l["look_through_unknown"] == "share_count_unknown" {
            assert!(l["amount_usd"].is_string(), "{l}");
        }
    }
    let human = text(&["exposure", &f]);
    assert!(!human.contains("$0.00"), "{human}");
    assert!(human.contains("Portfolio value: unknown"), "{human}");
    assert!(
        human.contains("Linked to AI-infrastructure deals: unknown"),
        "{human}"
    );
    // "undisclosed" appears only on links and deals whose amount nobody disclosed.
    for line in human.lines().filter(|l| l.contains("undisclosed")) {
        let id = line.split_whitespace().next().unwrap_or("");
        if let Some(row) = r["by_deal"]
            .as_array()
            .expect("deals")
            .iter()
            .find(|x| x["deal_id"] == id)
        {
            assert_eq!(row["look_through_label"], "undisclosed", "{line}");
        }
    }
    let out = dir.join("r.html");
    text(&[
        "report",
        &f,
        "--out",
        out.to_str().expect("utf8"),
        "--paper",
        "a4",
    ]);
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(!html.contains("$0.00"));
    assert!(html.contains("share count unknown"));
    assert!(html.contains("unknown (no holding has a price)"));
}

#[test]
fn exposure_as_of_a_day_uses_the_deals_and_statuses_of_that_day() {
    // AMZN 200 (10,690,216,011 shares), by hand from data/deal_events.csv:
    // - on 2025-12-31, S01 (Amazon in talks to invest ≥ $10B in OpenAI, 2025-12-16) is in talks:
    //   200 × 10e9 ÷ 10,690,216,011 = 187.0869 → 187.09, × 0.25 = 46.7725 → 46.77, in totals;
    //   D29a ($50B, 2026-02-27) and D50b (2026-04-20) are not announced yet.
    // - on 2026-03-01, S01 is superseded by D29a (weight 0), and D29a is announced:
    //   200 × 50e9 ÷ 10,690,216,011 = 935.43, × 0.75 = 701.5725 → 701.57.
    // - on 2026-04-01, D29a is signed (the round closed on 2026-03-31): 935.43 × 1.
    let dir = tempdir();
    let f = file(&dir, "amzn.csv", "Symbol,Shares\nAMZN,200\n");
    let at = |day: &str| json(&["exposure", &f, "--json", "--as-of", day]);
    let dec31 = at("2025-12-31");
    assert_eq!(dec31["dataset"]["figures_as_of"], "2025-12-31");
    assert_eq!(dec31["dataset"]["as_of"], "2026-06-22");
    let s01 = link(&dec31, "AMZN", "S01").expect("S01");
    assert_eq!(s01["status"], "in_talks");
    assert_eq!(s01["in_totals"], true);
    assert_eq!(money(&s01["weighted_look_through_usd"]), Some(dec!(46.77)));
    assert!(link(&dec31, "AMZN", "D29a").is_none());
    assert!(link(&dec31, "AMZN", "D50b").is_none());
    let mar1 = at("2026-03-01");
    assert_eq!(
        link(&mar1, "AMZN", "S01").expect("S01")["status"],
        "superseded"
    );
    let d29a = link(&mar1, "AMZN", "D29a").expect("D29a");
    assert_eq!(d29a["status"], "announced");
    assert_eq!(
        money(&d29a["weighted_look_through_usd"]),
        Some(dec!(701.57))
    );
    let apr1 = at("2026-04-01");
    let d29a = link(&apr1, "AMZN", "D29a").expect("D29a");
    assert_eq!(d29a["status"], "signed");
    assert_eq!(
        money(&d29a["weighted_look_through_usd"]),
        Some(dec!(935.43))
    );

    // The whole sample on 2025-12-31, against the independent reading of data/.
    let sample = json(&["exposure", SAMPLE, "--json", "--as-of", "2025-12-31"]);
    let expected = weighted_total_at(&positions(&root().join(SAMPLE)), "2025-12-31");
    assert_eq!(
        money(&sample["portfolio"]["weighted_look_through_usd"]),
        Some(expected)
    );
    let bad = run(&["exposure", SAMPLE, "--as-of", "31.12.2025"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--as-of \"31.12.2025\""));
}

#[test]
fn the_timeline_is_the_exposure_at_each_month_end() {
    // AMZN 200, OpenAI line (by hand, as in the test above; S02, $38B signed 2025-11-03, is
    // 200 × 38e9 ÷ 10,690,216,011 = 710.93 at weight 1):
    //   2026-01-31: S02 710.93 + S01 46.77 = 757.70
    //   2026-02-28: S02 710.93 + D29a 701.57 (S01 superseded) = 1,412.50
    //   2026-03-31: S02 710.93 + D29a 935.43 (signed) = 1,646.36
    let dir = tempdir();
    let f = file(&dir, "amzn.csv", "Symbol,Shares\nAMZN,200\n");
    let t = json(&[
        "timeline",
        &f,
        "--json",
        "--from",
        "2026-01-01",
        "--until",
        "2026-04-15",
    ]);
    let dates: Vec<&str> = t["dates"]
        .as_array()
        .expect("dates")
        .iter()
        .map(|v| v.as_str().expect("date"))
        .collect();
    assert_eq!(
        dates,
        ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-15"]
    );
    let openai = t["series"]
        .as_array()
        .expect("series")
        .iter()
        .find(|s| s["counterparty"] == "openai")
        .expect("openai");
    let values: Vec<Option<Decimal>> = openai["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(money)
        .collect();
    assert_eq!(
        &values[..3],
        [Some(dec!(757.70)), Some(dec!(1412.50)), Some(dec!(1646.36))]
    );
    // Every point's total is the exposure as of that day (the independent reader).
    let pos = positions(&root().join(SAMPLE));
    let t = json(&["timeline", SAMPLE, "--json", "--until", "2026-12-03"]);
    let dates = t["dates"].as_array().expect("dates");
    assert_eq!(dates.first().and_then(|v| v.as_str()), Some("2019-01-31"));
    for (i, day) in dates.iter().enumerate().step_by(7) {
        let day = day.as_str().expect("date");
        let total = money(&t["total"][i]).unwrap_or_default();
        assert_eq!(total, weighted_total_at(&pos, day), "{day}");
    }
    let now = json(&["exposure", SAMPLE, "--json"]);
    assert_eq!(
        t["total"].as_array().and_then(|v| v.last()),
        Some(&now["portfolio"]["weighted_look_through_usd"])
    );
}

#[test]
fn changes_since_a_day_list_the_events_and_move_the_figures() {
    // AMZN 200 since 2026-03-31: Anthropic's D50a (up to $25B, announced 2026-04-20) and D50b
    // (>$100B AWS commitment, announced) are new:
    //   D50a 200 × 25e9 ÷ 10,690,216,011 = 467.717 → 467.72, × 0.75 = 350.79
    //   D50b 200 × 100e9 ÷ 10,690,216,011 = 1,870.868 → 1,870.87, × 0.75 = 1,403.1525 → 1,403.15
    // so Anthropic moves by 350.79 + 1,403.15 = +1,753.94.
    let dir = tempdir();
    let f = file(&dir, "amzn.csv", "Symbol,Shares\nAMZN,200\n");
    let c = json(&["changes", "--since", "2026-03-31", &f, "--json"]);
    assert_eq!(c["since"], "2026-03-31");
    assert_eq!(c["until"], "2026-06-22");
    let changes = c["changes"].as_array().expect("changes");
    let new = |id: &str| {
        changes
            .iter()
            .any(|x| x["deal_id"] == id && x["kind"] == "new_deal")
    };
    assert!(new("D50a") && new("D50b") && new("D61"));
    assert!(changes
        .iter()
        .all(|x| x["on"].as_str() > Some("2026-03-31")));
    let anthropic = c["portfolio"]["by_counterparty"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|x| x["counterparty"] == "anthropic")
        .expect("anthropic");
    assert_eq!(money(&anthropic["change"]), Some(dec!(1753.94)));
    assert_eq!(
        money(&anthropic["after"])
            .zip(money(&anthropic["before"]))
            .map(|(a, b)| a - b),
        Some(dec!(1753.94))
    );
    let deals: Vec<&str> = anthropic["deals"]
        .as_array()
        .expect("deals")
        .iter()
        .map(|v| v.as_str().expect("id"))
        .collect();
    assert_eq!(deals, ["D50a", "D50b"]);
    // Status changes carry before and after: D30 (Oracle-Meta) went from talks to signed.
    let all = json(&["changes", "--since", "2025-01-01", "--json"]);
    let d30 = all["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|x| x["deal_id"] == "D30" && x["kind"] == "status")
        .expect("D30 status change");
    assert_eq!(d30["status_before"], "in_talks");
    assert_eq!(d30["status_after"], "signed");
    let human = text(&["changes", "--since", "2026-03-31", &f]);
    assert!(human.contains("+$1,753.94"), "{human}");
    assert!(human.contains("Not financial advice"));
}

#[test]
fn monthly_fees_and_cancellable_maximums_are_not_totals() {
    let dataset = Dataset::bundled().expect("dataset");
    let p = import_bytes("n.csv", b"Symbol,Shares\nNVDA,350\n", None).expect("import");
    let r = compute(&dataset, &p, &Settings::default()).expect("compute");
    for (deal, reason) in [
        ("D53", Exclusion::MonthlyFee),
        ("D59", Exclusion::MonthlyFee),
        ("D61", Exclusion::Maximum),
    ] {
        let l = r
            .links
            .iter()
            .find(|l| l.deal_id == deal)
            .unwrap_or_else(|| panic!("{deal}"));
        assert_eq!(l.excluded_reason, Some(reason), "{deal}");
        assert!(!l.in_totals);
    }
    // Nvidia is an undisclosed supplier behind D53: undisclosed, not "share count unknown".
    let d53 = r.links.iter().find(|l| l.deal_id == "D53").expect("D53");
    assert_eq!(d53.look_through_unknown, Some(Unknown::AmountUndisclosed));
}

#[test]
fn materiality_is_the_deal_over_the_company_market_value() {
    // MSFT at $485.50 × 7,432,377,655 shares = $3,608,419,351,502.50 of market value;
    // S04's $250B ÷ that = 0.069282... → 0.0693 (6.93 %).
    let dataset = Dataset::bundled().expect("dataset");
    let p = import_bytes("m.csv", b"Symbol,Shares,Price\nMSFT,120,485.50\n", None).expect("import");
    let r = compute(&dataset, &p, &Settings::default()).expect("compute");
    let s04 = r.links.iter().find(|l| l.deal_id == "S04").expect("S04");
    assert_eq!(s04.company_market_value_usd, Some(dec!(3608419351502.50)));
    assert_eq!(s04.materiality, Some(dec!(0.0693)));
    assert!(s04.why.iter().any(|w| w.contains("6.93%")), "{:?}", s04.why);
    // Without a price there is no market value and no materiality, never 0.
    let p = import_bytes("m.csv", b"Symbol,Shares\nMSFT,120\n", None).expect("import");
    let r = compute(&dataset, &p, &Settings::default()).expect("compute");
    let s04 = r.links.iter().find(|l| l.deal_id == "S04").expect("S04");
    assert_eq!(
        (s04.company_market_value_usd, s04.materiality),
        (None, None)
    );
}

#[test]
fn whats_new_shows_once_per_dataset_until_dismissed() {
    use ai_exposure::app::{analyse_saved, dismiss_whats_new};
    use ai_exposure::storage::Store;
    let dir = tempdir();
    let db = dir.join("p.sqlite");
    // A database of the previous app version (schema 1) with one saved portfolio.
    {
        let conn = rusqlite::Connection::open(&db).expect("db");
        conn.execute_batch(include_str!("../fixtures/storage/schema1.sql"))
            .expect("schema 1");
    }
    let mut store = Store::open(&db).expect("migrates");
    let dataset = Dataset::bundled().expect("dataset");
    let defaults = ai_exposure::exposure::Scenario::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("day");
    let a = analyse_saved(&mut store, &dataset, 1, None, &defaults, None, today).expect("analyse");
    let w = &a["whats_new"];
    assert_eq!(w["previous_version"], "2026.03.0");
    assert_eq!(w["current_version"], "2026.12.0");
    assert_eq!(w["before_is_last_shown"], false);
    assert_eq!(w["changes"]["since"], "2026-02-27");
    let ids: Vec<&str> = w["changes"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["deal_id"].as_str().expect("id"))
        .collect();
    // The portfolio is AMZN 200: Anthropic's D50a/D50b and the D29a round closing touch it;
    // deals of other companies (Oracle's, Meta's) are not listed.
    assert!(ids.contains(&"D50b") && ids.contains(&"D29a"), "{ids:?}");
    assert!(!ids.contains(&"D41"), "{ids:?}");
    // Before = the dataset as of 2026-02-27 (S01 already superseded by D29a that day, D29a
    // announced: 701.57); now D29a is signed (935.43): OpenAI moves by +233.86.
    let openai = w["changes"]["portfolio"]["by_counterparty"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|x| x["counterparty"] == "openai")
        .expect("openai");
    assert_eq!(money(&openai["change"]), Some(dec!(233.86)));
    // Still shown until dismissed, then gone for this dataset.
    let again =
        analyse_saved(&mut store, &dataset, 1, None, &defaults, None, today).expect("analyse");
    assert!(again["whats_new"].is_object());
    dismiss_whats_new(&mut store, &dataset, 1, None, &defaults).expect("dismiss");
    let after =
        analyse_saved(&mut store, &dataset, 1, None, &defaults, None, today).expect("analyse");
    assert!(after["whats_new"].is_null());
    // A portfolio saved now has nothing new: what it shows is what it last showed.
    let p = import_bytes("a.csv", b"Symbol,Shares\nAMZN,200\n", None).expect("import");
    let id = store
        .save("New", "a.csv", &"c".repeat(64), &p)
        .expect("save");
    let fresh =
        analyse_saved(&mut store, &dataset, id, None, &defaults, None, today).expect("analyse");
    assert!(fresh["whats_new"].is_null());
    assert!(fresh["timeline"]["dates"].is_array());
}

#[test]
fn figures_on_an_approximate_share_count_are_marked() {
    // AMD's count is an approximation (companies.csv, shares_approximate = true); Microsoft's
    // is a 10-Q cover count.
    let dataset = Dataset::bundled().expect("dataset");
    let p = import_bytes("a.csv", b"Symbol,Shares\nAMD,80\nMSFT,120\n", None).expect("import");
    let r = compute(&dataset, &p, &Settings::default()).expect("compute");
    let amd = r
        .by_holding
        .iter()
        .find(|h| h.symbol == "AMD")
        .expect("AMD");
    let msft = r
        .by_holding
        .iter()
        .find(|h| h.symbol == "MSFT")
        .expect("MSFT");
    assert!(amd.approximate && !msft.approximate);
    let dir = tempdir();
    let f = file(&dir, "a.csv", "Symbol,Shares\nAMD,80\nMSFT,120\n");
    let human = text(&["exposure", &f]);
    // D31b: HUMAIN's $10B with AMD: 80 × 10e9 ÷ 1,630,000,000 = 490.797... → ≈ $490.80.
    let d31b = human.lines().find(|l| l.starts_with("D31b")).expect("D31b");
    assert!(d31b.contains("≈ $490.80"), "{d31b}");
    let s04 = human.lines().find(|l| l.starts_with("S04")).expect("S04");
    assert!(s04.contains("$4,036.39") && !s04.contains('≈'), "{s04}");
}

#[test]
fn softbank_counts_its_own_share_of_the_round_and_valuations_are_not_totals() {
    let dataset = Dataset::bundled().expect("dataset");
    // SoftBank's $30B in OpenAI's $122B round (D46, an aggregate) is its own row D46a:
    // 1,000 × 30,000,000,000 ÷ 5,711,848,120 shares issued = 5,252.24 (signed, weight 1).
    let p = import_bytes("s.csv", b"Symbol,Shares\n9984.T,1000\nSPCX,10\n", None).expect("import");
    let r = compute(&dataset, &p, &Settings::default()).expect("compute");
    let d46a = r.links.iter().find(|l| l.deal_id == "D46a").expect("D46a");
    assert!(d46a.in_totals);
    assert_eq!(d46a.weighted_look_through_usd, Some(dec!(5252.24)));
    let d46 = r
        .links
        .iter()
        .find(|l| l.deal_id == "D46" && l.symbol == "9984.T")
        .expect("D46");
    assert_eq!(d46.excluded_reason, Some(Exclusion::Aggregate));
    // SpaceX's acquisition of xAI at a ~$250B valuation is shown, not added.
    let d38 = r.links.iter().find(|l| l.deal_id == "D38").expect("D38");
    assert_eq!(d38.excluded_reason, Some(Exclusion::Valuation));
}
