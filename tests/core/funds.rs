//! Funds seen through their holdings: the bundled snapshots checked like the deal tables, the
//! look-through worked out by hand from fixtures we wrote, the CLI contract, saved fund files.

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::cli::{run, tempdir};
use crate::reference::{dec, positions, records, root};

const IVV_FILE: &str = "tests/fixtures/funds/engine/IVV_holdings_2026-10-30.csv";
const IVV_OLD: &str = "tests/fixtures/funds/engine/IVV_holdings_2026-06-30.csv";
const IVV_200: &str = "tests/fixtures/funds/engine/ivv_portfolio.csv";
const NVDA_60: &str = "tests/fixtures/funds/engine/nvda_60.csv";
const INDEX_FUNDS: &str = "tests/fixtures/funds/engine/index_funds.csv";

fn json(args: &[&str]) -> (Value, String) {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        serde_json::from_slice(&out.stdout).expect("valid JSON"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn d(v: &Value) -> Option<Decimal> {
    v.as_str().map(dec)
}

/// CUSIP check digit, written out again from its definition (not the crate's code).
fn cusip_ok(c: &str) -> bool {
    let b = c.as_bytes();
    if b.len() != 9 {
        return false;
    }
    let mut sum = 0u32;
    for (i, ch) in b[..8].iter().enumerate() {
        let v = match ch {
            b'0'..=b'9' => u32::from(ch - b'0'),
            b'A'..=b'Z' => u32::from(ch - b'A') + 10,
            b'*' => 36,
            b'@' => 37,
            b'#' => 38,
            _ => return false,
        };
        let v = if i % 2 == 1 { v * 2 } else { v };
        sum += v / 10 + v % 10;
    }
    u32::from(b[8]) == u32::from(b'0') + (10 - sum % 10) % 10
}

/// ISIN check digit (Luhn over the letters as numbers).
fn isin_ok(s: &str) -> bool {
    if s.len() != 12 || !s.is_ascii() {
        return false;
    }
    let digits: String = s[..11]
        .chars()
        .map(|c| match c {
            '0'..='9' => c.to_string(),
            'A'..='Z' => (c as u32 - 'A' as u32 + 10).to_string(),
            _ => "?".into(),
        })
        .collect();
    if digits.contains('?') {
        return false;
    }
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let mut v = c.to_digit(10).unwrap_or(0);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    s[11..].parse::<u32>().ok() == Some((10 - sum % 10) % 10)
}

#[test]
fn bundled_snapshots_have_unique_ids_valid_identifiers_weights_and_sources() {
    let funds = records("funds/funds.csv");
    let holdings = records("funds/fund_holdings.csv");
    let companies: HashSet<String> = records("companies.csv")
        .into_iter()
        .map(|c| c["id"].clone())
        .collect();
    assert!(funds.len() >= 16, "{} funds", funds.len());
    let mut ids = HashSet::new();
    let mut tickers = HashSet::new();
    for f in &funds {
        assert!(ids.insert(f["id"].clone()), "duplicate id {}", f["id"]);
        for t in f["tickers"].split(';') {
            assert!(tickers.insert(t.to_string()), "ticker {t} of two funds");
        }
        for c in f["cusips"].split(';').filter(|c| !c.is_empty()) {
            assert!(cusip_ok(c), "{}: CUSIP {c}", f["id"]);
        }
        for i in f["isins"].split(';').filter(|c| !c.is_empty()) {
            assert!(isin_ok(i), "{}: ISIN {i}", f["id"]);
        }
        assert!(!f["source"].is_empty(), "{}: no source", f["id"]);
        assert!(
            f["source_date"] >= f["as_of"],
            "{}: source older than its holdings",
            f["id"]
        );
        if !f["shares_outstanding"].is_empty() {
            assert!(!f["shares_outstanding_as_of"].is_empty(), "{}", f["id"]);
        }
        if f["method"] == "proxy" {
            let basis = funds
                .iter()
                .find(|b| b["id"] == f["proxy_of"])
                .expect("proxy names a fund");
            assert_ne!(basis["method"], "proxy");
            assert!(!f["notes"].is_empty(), "{}: a proxy says why", f["id"]);
        }
    }
    // The funds the issue names are all there.
    for t in [
        "SPY", "IVV", "VOO", "VFIAX", "VTI", "VTSAX", "QQQ", "VGT", "XLK", "SMH", "SOXX", "SCHB",
        "FXAIX", "SWPPX", "FSKAX", "SWTSX",
    ] {
        assert!(tickers.contains(t), "{t} missing");
    }
    for f in funds.iter().filter(|f| f["method"] != "proxy") {
        let mine: Vec<_> = holdings
            .iter()
            .filter(|h| h["fund_id"] == f["id"])
            .collect();
        assert!(!mine.is_empty(), "{} has no constituents", f["id"]);
        let sum: Decimal = mine
            .iter()
            .filter_map(|h| h["weight"].parse::<Decimal>().ok())
            .sum();
        assert!(sum <= dec("100"), "{}: weights {sum}", f["id"]);
        for h in mine {
            assert!(companies.contains(&h["company_id"]), "{}", h["company_id"]);
            if !h["cusip"].is_empty() {
                assert!(cusip_ok(&h["cusip"]), "{}", h["cusip"]);
            }
            if h["weight"].is_empty() && h["shares_held"].is_empty() {
                assert!(
                    !h["notes"].is_empty(),
                    "{} {}: unknown needs a why",
                    f["id"],
                    h["symbol"]
                );
            }
            if let Ok(w) = h["weight"].parse::<Decimal>() {
                assert!(w > Decimal::ZERO, "a weight is never 0 for unknown");
            }
        }
    }
}

/// Copies data/ to a temp dir with one fund table edited, and returns the load error's lines.
fn broken(file: &str, edit: impl Fn(String) -> String) -> Vec<String> {
    let dir = tempdir();
    crate::reference::copy_data(&dir.0);
    let path = dir.0.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit must change {file}");
    std::fs::write(&path, edited).expect("write");
    match ai_exposure::Dataset::load(&dir.0) {
        Err(ai_exposure::Error::Dataset { problems }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("broken fund table accepted"),
    }
}

#[test]
fn broken_fund_tables_are_refused_with_file_line_and_column() {
    // IVV's CUSIP with its check digit changed (464287200 → 464287201).
    let p = broken("funds/funds.csv", |t| {
        t.replacen("464287200", "464287201", 1)
    });
    assert!(
        p.iter().any(|l| l.starts_with("funds/funds.csv:")
            && l.contains("cusips")
            && l.contains("464287201")),
        "{p:?}"
    );
    // A proxy of a fund that does not exist.
    let p = broken("funds/funds.csv", |t| {
        t.replacen(",proxy,ivv,", ",proxy,nosuchfund,", 1)
    });
    assert!(
        p.iter()
            .any(|l| l.contains("proxy_of") && l.contains("nosuchfund")),
        "{p:?}"
    );
    // A weight over 100 %.
    let p = broken("funds/fund_holdings.csv", |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        let header: Vec<&str> = lines[0].split(',').collect();
        let wi = header.iter().position(|h| *h == "weight").expect("weight");
        let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
        cells[wi] = "120".into();
        lines[1] = cells.join(",");
        lines.join("\n") + "\n"
    });
    assert!(
        p.iter()
            .any(|l| l.starts_with("funds/fund_holdings.csv:2:") && l.contains("120")),
        "{p:?}"
    );
    // A constituent that is not a company of the dataset.
    let p = broken("funds/fund_holdings.csv", |t| {
        t.replacen("\nivv,nvidia,", "\nivv,nvidiaa,", 1)
    });
    assert!(
        p.iter()
            .any(|l| l.contains("company_id") && l.contains("nvidiaa")),
        "{p:?}"
    );
}

#[test]
fn an_ishares_file_gives_each_constituent_exactly_quantity_times_held_over_fund_shares() {
    let (r, stderr) = json(&["exposure", IVV_200, "--funds", IVV_FILE, "--json"]);
    assert!(stderr.contains("replace the bundled snapshot"), "{stderr}");
    // By hand from the fixture: 1,000,000,000 IVV shares outstanding; 200 IVV held.
    //   NVDA 200 × 300,000,000 ÷ 1,000,000,000 = 60
    //   MSFT 200 ×  85,000,000 ÷ 1,000,000,000 = 17
    //   Alphabet: GOOGL 200 × 60,000,000 ÷ 1e9 = 12, GOOG 200 × 50,000,000 ÷ 1e9 = 10 → 22
    // AAPL and JNJ are no company of the dataset; cash and futures are no company at all.
    let links = r["links"].as_array().expect("links");
    let qty_of = |symbol: &str| -> Vec<Decimal> {
        links
            .iter()
            .filter(|l| l["symbol"] == symbol)
            .map(|l| {
                assert_eq!(l["via"], "IVV");
                assert_eq!(l["via_as_of"], "2026-10-30");
                d(&l["quantity"]).expect("quantity")
            })
            .collect()
    };
    for (symbol, q) in [("NVDA", "60"), ("MSFT", "17"), ("GOOGL+GOOG", "22")] {
        let got = qty_of(symbol);
        assert!(!got.is_empty(), "{symbol} has links");
        assert!(got.iter().all(|g| *g == dec(q)), "{symbol}: {got:?}");
    }
    assert!(links.iter().all(|l| l["via"] == "IVV"));
    let symbols: HashSet<&str> = links.iter().filter_map(|l| l["symbol"].as_str()).collect();
    assert_eq!(symbols, HashSet::from(["NVDA", "MSFT", "GOOGL+GOOG"]));

    let fund = &r["funds"][0];
    assert_eq!(fund["symbol"], "IVV");
    assert_eq!(fund["as_of"], "2026-10-30");
    assert_eq!(fund["source"], "IVV_holdings_2026-10-30.csv");
    assert_eq!(fund["method"], "shares");
    // 7.00 + 5.51 + 1.95 + 1.63 = 16.09 % of the fund is in the dataset's companies.
    assert_eq!(d(&fund["coverage"]), Some(dec("0.1609")));
    // The fund counts in the linked value by that part only: 200 × $500 = $100,000 × 16.09 %.
    assert_eq!(d(&r["portfolio"]["total_value"]), Some(dec("100000.00")));
    assert_eq!(d(&r["portfolio"]["linked_value"]), Some(dec("16090.00")));
    assert_eq!(d(&r["portfolio"]["linked_share"]), Some(dec("0.1609")));
    assert_eq!(r["portfolio"]["direct"]["link_count"], 0);

    // The trace shows the chain with the numbers.
    let why: Vec<String> = links.iter().find(|l| l["symbol"] == "NVDA").expect("NVDA")["why"]
        .as_array()
        .expect("why")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    assert!(
        why.iter()
            .any(|s| s.contains("200 IVV × 300,000,000 NVDA ÷ 1,000,000,000 IVV shares = 60 NVDA")),
        "{why:?}"
    );

    // 60 NVDA through IVV meet the deals exactly as 60 NVDA held directly.
    let (direct, _) = json(&["exposure", NVDA_60, "--json"]);
    let direct = direct["links"].as_array().expect("links").clone();
    let via: Vec<&Value> = links.iter().filter(|l| l["symbol"] == "NVDA").collect();
    assert_eq!(via.len(), direct.len());
    for l in &direct {
        let v = via
            .iter()
            .find(|v| v["deal_id"] == l["deal_id"])
            .expect("same deals");
        assert_eq!(
            v["look_through_usd"], l["look_through_usd"],
            "{}",
            l["deal_id"]
        );
        assert_eq!(
            v["weighted_look_through_usd"],
            l["weighted_look_through_usd"]
        );
        assert_eq!(l["via"], Value::Null);
    }
    // And one of them by hand: D29b, Nvidia's $30B in OpenAI, 60 × 30,000,000,000 ÷ NVIDIA's
    // shares outstanding (companies.csv), to the cent.
    let nvda_shares = records("companies.csv")
        .into_iter()
        .find(|c| c["id"] == "nvidia")
        .map(|c| dec(&c["shares_outstanding"]))
        .expect("nvidia");
    let d29b = via.iter().find(|l| l["deal_id"] == "D29b").expect("D29b");
    assert_eq!(
        d(&d29b["look_through_usd"]),
        Some(crate::reference::round_cents(
            dec("60") * dec("30000000000") / nvda_shares
        ))
    );
}

#[test]
fn share_classes_add_up_to_the_company_and_the_fund_row_expands() {
    let (r, _) = json(&["exposure", IVV_200, "--funds", IVV_FILE, "--json"]);
    let row = &r["by_holding"][0];
    assert_eq!(row["symbol"], "IVV");
    assert_eq!(row["resolved"], true);
    assert_eq!(row["fund"]["method"], "shares");
    let cs = row["constituents"].as_array().expect("constituents");
    let alphabet = cs
        .iter()
        .find(|c| c["company_id"] == "alphabet")
        .expect("alphabet");
    assert_eq!(alphabet["symbol"], "GOOGL+GOOG");
    assert_eq!(d(&alphabet["quantity"]), Some(dec("22")));
    // 1.95 % + 1.63 % of $100,000.
    assert_eq!(d(&alphabet["weight"]), Some(dec("0.0358")));
    assert_eq!(d(&alphabet["market_value"]), Some(dec("3580.00")));
    // The fund's look-through is the sum of its constituents'.
    let sum: Decimal = cs.iter().filter_map(|c| d(&c["look_through_usd"])).sum();
    assert_eq!(d(&row["look_through_usd"]), Some(sum));
}

#[test]
fn an_older_file_leaves_the_bundled_snapshot_in_use_and_says_so() {
    let (r, stderr) = json(&["exposure", IVV_200, "--funds", IVV_OLD, "--json"]);
    assert!(
        stderr.contains("older than the bundled snapshot"),
        "{stderr}"
    );
    let bundled = records("funds/funds.csv")
        .into_iter()
        .find(|f| f["id"] == "ivv")
        .expect("ivv");
    assert_eq!(r["funds"][0]["source"], "bundled");
    assert_eq!(r["funds"][0]["as_of"], bundled["as_of"].as_str());
}

#[test]
fn a_file_for_another_fund_is_refused() {
    let out = run(&["exposure", IVV_200, "--funds", &format!("QQQ={IVV_FILE}")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--funds QQQ=") && err.contains("not QQQ's"),
        "{err}"
    );
}

#[test]
fn index_funds_link_through_the_bundled_2026_snapshots() {
    let (r, _) = json(&["exposure", INDEX_FUNDS, "--json"]);
    let funds = records("funds/funds.csv");
    let as_of_of = |ticker: &str| -> String {
        let f = funds
            .iter()
            .find(|f| f["tickers"].split(';').any(|t| t == ticker))
            .expect("fund");
        f["as_of"].clone()
    };
    let links = r["links"].as_array().expect("links");
    // Quantities worked out from data/funds by the reference reader: value × weight ÷ price.
    let expected = positions(&root().join(INDEX_FUNDS));
    for fund in ["FXAIX", "VOO", "VTI", "QQQ"] {
        assert!(
            as_of_of(fund).starts_with("2026-"),
            "{fund} snapshot of 2026"
        );
        for company in ["NVDA", "MSFT", "AMZN"] {
            let mine: Vec<&Value> = links
                .iter()
                .filter(|l| l["via"] == fund && l["symbol"] == company)
                .collect();
            assert!(!mine.is_empty(), "{company} via {fund}");
            let want = expected
                .iter()
                .find(|p| p.via.as_deref() == Some(fund) && p.symbol == company)
                .and_then(|p| p.qty)
                .expect("reference quantity");
            for l in mine {
                assert_eq!(d(&l["quantity"]), Some(want), "{company} via {fund}");
                assert_eq!(l["via_as_of"], as_of_of(fund).as_str(), "{fund}");
                if !l["look_through_usd"].is_null() {
                    assert_eq!(l["approximate"], true, "weights are approximate");
                }
            }
        }
        let f = r["funds"]
            .as_array()
            .expect("funds")
            .iter()
            .find(|f| f["symbol"] == fund)
            .expect("fund listed");
        assert_eq!(f["source"], "bundled");
        assert_eq!(f["as_of"], as_of_of(fund).as_str());
    }
    let fxaix = r["funds"]
        .as_array()
        .expect("funds")
        .iter()
        .find(|f| f["symbol"] == "FXAIX")
        .expect("FXAIX");
    assert_eq!(fxaix["method"], "proxy");
    assert_eq!(fxaix["proxy_of"], "IVV");
    // The text output shows each snapshot's date.
    let text = String::from_utf8(run(&["exposure", INDEX_FUNDS]).stdout).expect("utf-8");
    for fund in ["FXAIX", "VOO", "VTI", "QQQ"] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(fund) && l.contains(&as_of_of(fund))),
            "{fund} with its date in:\n{text}"
        );
    }
    // --no-funds: every fund is a holding with no deal data again.
    let (plain, _) = json(&["exposure", INDEX_FUNDS, "--no-funds", "--json"]);
    assert!(plain["links"].as_array().expect("links").is_empty());
    assert!(plain["funds"].as_array().expect("funds").is_empty());
}

#[test]
fn funds_lists_the_bundled_snapshots() {
    let (list, _) = json(&["funds", "--json"]);
    let list = list.as_array().expect("array");
    let rows = records("funds/funds.csv");
    assert_eq!(list.len(), rows.len());
    for f in list {
        let row = rows.iter().find(|r| r["id"] == f["id"]).expect("row");
        assert_eq!(f["name"], row["name"].as_str());
        assert_eq!(f["issuer"], row["issuer"].as_str());
        assert_eq!(f["as_of"], row["as_of"].as_str());
        assert_eq!(f["method"], row["method"].as_str());
        assert_eq!(f["origin"], "bundled");
        let symbols: Vec<&str> = f["symbols"]
            .as_array()
            .expect("symbols")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(symbols, row["tickers"].split(';').collect::<Vec<_>>());
        assert!(f["source"].as_str().is_some_and(|s| !s.is_empty()));
    }
}

#[test]
fn saved_fund_files_are_used_for_every_portfolio_and_can_be_removed() {
    use ai_exposure::{app, storage::Store, Dataset};
    let dir = tempdir();
    let db = dir.0.join("portfolios.sqlite");
    let bytes = std::fs::read(root().join(IVV_FILE)).expect("fixture");
    {
        let mut store = Store::open(&db).expect("store");
        let mut d = Dataset::bundled().expect("dataset");
        let done = app::import_fund_file(&mut store, &mut d, "IVV_holdings.csv", &bytes, None)
            .expect("import");
        assert!(done.used, "{}", done.message);
        assert_eq!(done.symbol, "IVV");
        assert_eq!(done.as_of.to_string(), "2026-10-30");
        // An older copy changes nothing and is not saved.
        let old = std::fs::read(root().join(IVV_OLD)).expect("fixture");
        let no = app::import_fund_file(&mut store, &mut d, "old.csv", &old, None).expect("read");
        assert!(!no.used);
        assert_eq!(store.fund_files().expect("files").len(), 1);
    }
    // Reopened (a restart): the saved file is read again and used.
    let store = Store::open(&db).expect("reopen");
    let (d, notes) =
        app::with_saved_funds(&store, Dataset::bundled().expect("dataset")).expect("funds");
    assert!(notes.is_empty(), "{notes:?}");
    let ivv = d.funds.find(Some("IVV"), None, None).expect("IVV");
    assert_eq!(ivv.as_of.to_string(), "2026-10-30");
    assert_eq!(ivv.origin, "IVV_holdings.csv");
    let view = app::funds_view(&store, &d, &notes).expect("view");
    assert_eq!(view.files.len(), 1);
    assert!(view
        .snapshots
        .iter()
        .any(|s| s.id == "ivv" && s.origin == "IVV_holdings.csv"));
    // Removed: back to the bundled snapshot.
    let mut store = store;
    store.delete_fund_file(view.files[0].id).expect("delete");
    let (d, _) =
        app::with_saved_funds(&store, Dataset::bundled().expect("dataset")).expect("funds");
    assert!(d
        .funds
        .find(Some("IVV"), None, None)
        .expect("IVV")
        .is_bundled());
}

#[test]
fn a_file_that_names_no_fund_is_used_for_the_holding_the_user_names() {
    const SCHD: &str = "tests/fixtures/funds/engine/schd_portfolio.csv";
    const FILE: &str = "tests/fixtures/funds/schwab.csv";
    // Schwab's file names no fund: refused, saying what to do.
    let out = run(&["exposure", SCHD, "--funds", FILE]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not say which fund") && err.contains("SYMBOL=FILE"),
        "{err}"
    );
    // SCHD=FILE: 100 SCHD at $27.00 = $2,700.00; CSCO is 54.88 % of it, $1,481.76. The file has
    // no prices, so CSCO's is the one of the first bundled snapshot holding it (funds.csv order).
    let (r, _) = json(&[
        "exposure",
        SCHD,
        "--funds",
        &format!("SCHD={FILE}"),
        "--json",
    ]);
    let price = bundled_price("CSCO");
    let want = dec("2700.00") * dec("0.548800000000") / price;
    let cs = r["by_holding"][0]["constituents"]
        .as_array()
        .expect("constituents")
        .clone();
    assert_eq!(
        cs.len(),
        1,
        "ABBV is no company of the dataset; the future is no company"
    );
    assert_eq!(cs[0]["symbol"], "CSCO");
    assert_eq!(d(&cs[0]["quantity"]), Some(want));
    assert_eq!(d(&cs[0]["market_value"]), Some(dec("1481.76")));
    assert_eq!(r["funds"][0]["method"], "weight");
    assert_eq!(r["funds"][0]["as_of"], "2025-10-17");
}

/// The price of `symbol` in the first bundled snapshot that gives one (funds.csv order): what a
/// holdings file without prices borrows.
fn bundled_price(symbol: &str) -> Decimal {
    let holdings = records("funds/fund_holdings.csv");
    records("funds/funds.csv")
        .iter()
        .find_map(|f| {
            holdings
                .iter()
                .find(|h| {
                    h["fund_id"] == f["id"] && h["symbol"] == symbol && !h["price"].is_empty()
                })
                .map(|h| dec(&h["price"]))
        })
        .expect("a bundled price")
}

#[test]
fn every_issuer_layout_becomes_company_shares_worked_out_by_hand() {
    let dir = tempdir();
    // (fund symbol given, fixture, shares held of the fund at $200.00, company, the company
    // shares expected, method). Figures from the fixtures' own lines:
    let f = |name: &str| format!("tests/fixtures/funds/{name}");
    let v = dec("2000.00"); // 10 fund shares × $200.00
    let cases: Vec<(&str, String, Decimal, &str, Decimal, &str)> = vec![
        // iShares US: 1,234,500 fund shares outstanding, NVDA 25,000 held: 10 × 25,000 ÷ 1,234,500.
        (
            "IXMP",
            f("ishares_us.csv"),
            dec("10"),
            "NVDA",
            dec("10") * dec("25000") / dec("1234500"),
            "shares",
        ),
        // iShares UCITS (German numbers): NVDA 51,19 % at Kurs 188,68.
        (
            "EUXM",
            f("ishares_ucits_de.csv"),
            dec("10"),
            "NVDA",
            v * dec("0.5119") / dec("188.68"),
            "weight",
        ),
        // iShares UCITS (English): NVDA 35 % at 175.00.
        (
            "UKXM",
            f("ishares_ucits_en.csv"),
            dec("10"),
            "NVDA",
            v * dec("0.35") / dec("175.00"),
            "weight",
        ),
        // Vanguard: NVDA 50.10 %, $5,010,000.00 ÷ 40,080 shares = $125.00 each.
        (
            "EXMP",
            f("vanguard.csv"),
            dec("10"),
            "NVDA",
            v * dec("0.5010") / dec("125.0000"),
            "weight",
        ),
        // Invesco: NVDA 30.000 %, $60,000,000.00 ÷ 333,000 = $180.1802 (to 4 places).
        (
            "QQQX",
            f("invesco.csv"),
            dec("10"),
            "NVDA",
            v * dec("0.300") / dec("180.1802"),
            "weight",
        ),
        // ... and Alphabet, both classes at $250.00: 20.000 % + 19.999 %.
        (
            "QQQX",
            f("invesco.csv"),
            dec("10"),
            "GOOGL+GOOG",
            v * dec("0.200") / dec("250.0000") + v * dec("0.19999") / dec("250.0000"),
            "weight",
        ),
        // ARK: NVDA 45.00 %, $9,000,000.00 ÷ 50,000 = $180.00.
        (
            "ARKQ",
            "tests/fixtures/funds/engine/ARKQ_holdings.csv".into(),
            dec("10"),
            "NVDA",
            v * dec("0.45") / dec("180.0000"),
            "weight",
        ),
        // N-PORT: NVDA in two slices, 22.5 % together, $2,250,000 ÷ 15,000 shares = $150.00.
        (
            "EXAI",
            f("nport.xml"),
            dec("10"),
            "NVDA",
            v * dec("0.225") / dec("150.0000"),
            "weight",
        ),
        // SPDR .xlsx: NVDA 40.5 %, no price in the file: the bundled snapshots' price.
        (
            "SPYX",
            f("spdr.xlsx"),
            dec("10"),
            "NVDA",
            v * dec("0.405") / bundled_price("NVDA"),
            "weight",
        ),
        // Schwab: CSCO 54.88 %, no price in the file: likewise.
        (
            "SCHD",
            f("schwab.csv"),
            dec("10"),
            "CSCO",
            v * dec("0.5488") / bundled_price("CSCO"),
            "weight",
        ),
    ];
    for (symbol, file, shares, company, want, method) in cases {
        let portfolio = dir.0.join(format!("{symbol}.csv"));
        std::fs::write(
            &portfolio,
            format!("Symbol,Shares,Price\n{symbol},{shares},200.00\n"),
        )
        .expect("write");
        let (r, _) = json(&[
            "exposure",
            portfolio.to_str().expect("utf-8"),
            "--funds",
            &format!("{symbol}={file}"),
            "--json",
        ]);
        let row = &r["by_holding"][0];
        let c = row["constituents"]
            .as_array()
            .expect("constituents")
            .iter()
            .find(|c| c["symbol"] == company)
            .unwrap_or_else(|| panic!("{file}: no {company} in {row}"));
        assert_eq!(d(&c["quantity"]), Some(want), "{file}: {company}");
        assert_eq!(r["funds"][0]["method"], method, "{file}");
        assert_eq!(
            r["funds"][0]["source"],
            std::path::Path::new(&file)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
        );
        // Every link of the company carries the same shares and says through which fund.
        for l in r["links"]
            .as_array()
            .expect("links")
            .iter()
            .filter(|l| l["symbol"] == company)
        {
            assert_eq!(l["via"], symbol);
            assert_eq!(d(&l["quantity"]), Some(want));
        }
    }
}
