//! Saved portfolios (`ai_exposure::storage`): round trip, recognising a file imported again,
//! all-or-nothing writes, schema versions.

use ai_exposure::import::{import_file, Kind};
use ai_exposure::storage::{sha256_hex, Store, SCHEMA_VERSION};
use ai_exposure::Error;
use rust_decimal_macros::dec;

use crate::cli::tempdir;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/samples/sample_portfolio.csv"
);
/// `sha256sum data/samples/sample_portfolio.csv`
const SAMPLE_SHA256: &str = "5762d975e763735081baa4c26c46d4364dd63c333e897e9e11016944fc99ec8e";

fn sample() -> (Vec<u8>, ai_exposure::import::Portfolio) {
    let bytes = std::fs::read(SAMPLE).expect("sample");
    let portfolio = import_file(SAMPLE.as_ref(), None).expect("import");
    (bytes, portfolio)
}

#[test]
fn a_saved_portfolio_comes_back_exactly() {
    let dir = tempdir();
    let db = dir.join("nested/portfolios.sqlite");
    let (bytes, portfolio) = sample();
    assert_eq!(sha256_hex(&bytes), SAMPLE_SHA256);
    let id = {
        let mut store = Store::open(&db).expect("open");
        store
            .save(
                "My brokerage",
                "sample_portfolio.csv",
                SAMPLE_SHA256,
                &portfolio,
            )
            .expect("save")
    };
    // Reopened from disk, as the app does on its next start.
    let store = Store::open(&db).expect("reopen");
    let saved = store.load(id).expect("load");
    assert_eq!(saved.portfolio, portfolio);
    assert_eq!(saved.meta.name, "My brokerage");
    assert_eq!(saved.meta.source_file, "sample_portfolio.csv");
    assert_eq!(saved.meta.broker, "generic");
    assert_eq!(saved.meta.kind, Kind::Positions);
    // The sample has 8 holdings (9 lines, one of them the header).
    assert_eq!(saved.meta.holdings, 8);
    assert_eq!(saved.portfolio.holdings[0].symbol.as_deref(), Some("MSFT"));
    assert_eq!(saved.portfolio.holdings[0].quantity, dec!(120));
    assert_eq!(saved.portfolio.holdings[0].price, Some(dec!(485.50)));
    assert!(saved.scenario.is_none());
    assert_eq!(store.list().expect("list").len(), 1);
}

#[test]
fn the_same_file_imported_again_is_recognised() {
    let dir = tempdir();
    let mut store = Store::open(&dir.join("p.sqlite")).expect("open");
    let (bytes, portfolio) = sample();
    let id = store
        .save("A", "sample_portfolio.csv", &sha256_hex(&bytes), &portfolio)
        .expect("save");
    let found = store.find_by_sha256(SAMPLE_SHA256).expect("find");
    assert_eq!(found.map(|m| m.id), Some(id));
    let mut other = bytes.clone();
    other.extend_from_slice(b"TSLA,Tesla,1,400,USD,Brokerage\n");
    assert!(store
        .find_by_sha256(&sha256_hex(&other))
        .expect("find")
        .is_none());
    // Re-importing replaces the holdings and keeps the name.
    let mut fewer = portfolio.clone();
    fewer.holdings.truncate(3);
    store
        .replace(id, "sample_portfolio.csv", SAMPLE_SHA256, &fewer)
        .expect("replace");
    let saved = store.load(id).expect("load");
    assert_eq!((saved.meta.name.as_str(), saved.meta.holdings), ("A", 3));
}

#[test]
fn a_failed_write_changes_nothing() {
    let dir = tempdir();
    let mut store = Store::open(&dir.join("p.sqlite")).expect("open");
    let (_, portfolio) = sample();
    let id = store
        .save("Kept", "sample_portfolio.csv", SAMPLE_SHA256, &portfolio)
        .expect("save");
    // A blank name and a malformed digest are refused by the schema: nothing is written.
    assert!(matches!(
        store.save("  ", "x.csv", SAMPLE_SHA256, &portfolio),
        Err(Error::Storage { .. })
    ));
    assert!(matches!(
        store.save("B", "x.csv", "abc", &portfolio),
        Err(Error::Storage { .. })
    ));
    // Replacing a portfolio that does not exist leaves the others alone.
    assert!(matches!(
        store.replace(id + 1, "x.csv", SAMPLE_SHA256, &portfolio),
        Err(Error::NotFound(_))
    ));
    let list = store.list().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].name.as_str(), list[0].holdings), ("Kept", 8));
    // No orphan holdings from the refused writes.
    let conn = rusqlite::Connection::open(dir.join("p.sqlite")).expect("sqlite");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM holding", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 8);
}

#[test]
fn rename_scenario_delete_and_settings() {
    let dir = tempdir();
    let db = dir.join("p.sqlite");
    let mut store = Store::open(&db).expect("open");
    let (_, portfolio) = sample();
    let id = store
        .save("A", "s.csv", SAMPLE_SHA256, &portfolio)
        .expect("save");
    store.rename(id, "  Retirement ").expect("rename");
    assert!(matches!(store.rename(id, " "), Err(Error::Usage(_))));
    let scenario =
        serde_json::json!({"status_weights": {"announced": "0.5"}, "excluded_deals": ["D16"]});
    store.set_scenario(id, &scenario).expect("scenario");
    let saved = store.load(id).expect("load");
    assert_eq!(saved.meta.name, "Retirement");
    assert_eq!(saved.scenario, Some(scenario));
    store
        .set_setting("last_opened", &id.to_string())
        .expect("set");
    store.set_setting("last_opened", "7").expect("overwrite");
    assert_eq!(
        store.setting("last_opened").expect("get").as_deref(),
        Some("7")
    );
    assert_eq!(store.setting("missing").expect("get"), None);
    store.delete(id).expect("delete");
    assert!(matches!(store.load(id), Err(Error::NotFound(_))));
    assert!(matches!(store.delete(id), Err(Error::NotFound(_))));
    let conn = rusqlite::Connection::open(&db).expect("sqlite");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM holding", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0, "holdings go with their portfolio");
}

#[test]
fn schema_versions() {
    let dir = tempdir();
    let db = dir.join("p.sqlite");
    drop(Store::open(&db).expect("create"));
    let conn = rusqlite::Connection::open(&db).expect("sqlite");
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(v as usize, SCHEMA_VERSION);
    // A file from a newer app is refused with a message that says so, and left untouched.
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    let err = Store::open(&db).err().expect("refused").to_string();
    assert!(err.contains("newer version of AI Exposure"), "{err}");
    assert!(err.contains("schema 99"), "{err}");
    // Not a database at all.
    let junk = dir.join("junk.sqlite");
    std::fs::write(
        &junk,
        b"this is not sqlite, just text that is long enough to be read",
    )
    .expect("write");
    assert!(matches!(Store::open(&junk), Err(Error::Storage { .. })));
}

/// Not a test on its own: the writer process that `killed_mid_write_keeps_every_saved_portfolio`
/// starts and kills. It saves 5,000-holding portfolios until it is killed.
#[test]
#[ignore]
fn child_writer() {
    let Ok(db) = std::env::var("AI_EXPOSURE_CHILD_DB") else {
        return;
    };
    let (_, portfolio) = sample();
    let mut big = portfolio.clone();
    big.holdings = (0..5_000)
        .map(|i| portfolio.holdings[i % portfolio.holdings.len()].clone())
        .collect();
    let mut store = Store::open(db.as_ref()).expect("open");
    for i in 0.. {
        store
            .save(&format!("P{i}"), "big.csv", SAMPLE_SHA256, &big)
            .expect("save");
    }
}

#[test]
fn killed_mid_write_keeps_every_saved_portfolio() {
    let dir = tempdir();
    let db = dir.join("p.sqlite");
    let mut child = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args([
            "--exact",
            "storage::child_writer",
            "--ignored",
            "--nocapture",
        ])
        .env("AI_EXPOSURE_CHILD_DB", &db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Let it commit a few portfolios and be in the middle of another one, then SIGKILL it.
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let saved = Store::open(&db)
            .ok()
            .and_then(|s| s.list().ok())
            .map_or(0, |l| l.len());
        if saved >= 3 {
            break;
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(37));
    child.kill().expect("kill");
    child.wait().expect("wait");
    let store = Store::open(&db).expect("reopen after kill");
    let list = store.list().expect("list");
    assert!(list.len() >= 3, "only {} saved before the kill", list.len());
    for meta in &list {
        assert_eq!(meta.holdings, 5_000, "{} is incomplete", meta.name);
        assert_eq!(
            store.load(meta.id).expect("load").portfolio.holdings.len(),
            5_000
        );
    }
}

#[test]
fn an_unknown_file_offers_its_first_rows_for_the_mapping_step() {
    let text = "Kontoauszug Depot\nDatum;Ticker;Anzahl;Kurs\n01.02.2024;NVDA;3;120,50\n\n02.02.2024;AMD;2;150,00\n";
    let err = ai_exposure::import_bytes("k.csv", text.as_bytes(), None).expect_err("unknown");
    assert!(ai_exposure::import::is_unrecognised(&err), "{err}");
    // Split at ';' (the delimiter giving the most cells); blank lines skipped; at most n rows.
    let rows = ai_exposure::app::first_rows("k.csv", text.as_bytes(), 3);
    assert_eq!(
        rows,
        vec![
            vec!["Kontoauszug Depot".to_string()],
            vec![
                "Datum".into(),
                "Ticker".into(),
                "Anzahl".into(),
                "Kurs".into()
            ],
            vec![
                "01.02.2024".into(),
                "NVDA".into(),
                "3".into(),
                "120,50".into()
            ],
        ]
    );
    // The mapping step also gets, for each row, the columns it suggests as the header: the
    // second row's German header words, and in the title "Kontoauszug" holds "konto" (account,
    // a part-of-word match); the data row suggests nothing.
    let start = ai_exposure::app::mapping_start("k.csv", text.as_bytes(), 3);
    assert_eq!(start.rows, rows);
    let guessed: Vec<Vec<(&str, &str)>> = start
        .guesses
        .iter()
        .map(|g| g.iter().map(|(f, h)| (*f, h.as_str())).collect())
        .collect();
    assert_eq!(
        guessed,
        vec![
            vec![("account", "Kontoauszug Depot")],
            vec![
                ("date", "Datum"),
                ("price", "Kurs"),
                ("quantity", "Anzahl"),
                ("symbol", "Ticker")
            ],
            vec![],
        ]
    );
    let bad =
        ai_exposure::import_bytes("b.csv", b"Symbol,Shares\nMSFT,abc\n", None).expect_err("bad");
    assert!(!ai_exposure::import::is_unrecognised(&bad));
}

#[test]
fn the_app_reopens_the_portfolio_opened_last_else_the_first_saved() {
    use ai_exposure::app::{analyse_saved, current_id, LAST_OPENED};
    let dir = tempdir();
    let mut store = Store::open(&dir.join("p.sqlite")).expect("open");
    assert_eq!(
        current_id(&store, &store.list().expect("list")).expect("id"),
        None
    );
    let (_, portfolio) = sample();
    let first = store
        .save("A", "a.csv", &"a".repeat(64), &portfolio)
        .expect("save");
    let second = store
        .save("B", "b.csv", &"b".repeat(64), &portfolio)
        .expect("save");
    let now = |store: &Store| current_id(store, &store.list().expect("list")).expect("id");
    // Nothing opened yet: the first saved one.
    let listed_first = store.list().expect("list")[0].id;
    assert_eq!(now(&store), Some(listed_first));
    // Analysing a portfolio makes it the one reopened.
    let dataset = ai_exposure::dataset::Dataset::bundled().expect("dataset");
    let defaults = ai_exposure::exposure::Scenario::default();
    let analysis = analyse_saved(&mut store, &dataset, second, None, &defaults, None, today())
        .expect("analyse");
    assert_eq!(analysis["meta"]["id"], serde_json::json!(second));
    assert_eq!(
        store.setting(LAST_OPENED).expect("get"),
        Some(second.to_string())
    );
    assert_eq!(now(&store), Some(second));
    analyse_saved(&mut store, &dataset, first, None, &defaults, None, today()).expect("analyse");
    assert_eq!(now(&store), Some(first));
    // Once deleted, it is not reopened: back to the first one listed.
    store.delete(first).expect("delete");
    assert_eq!(now(&store), Some(second));
    store.delete(second).expect("delete");
    assert_eq!(now(&store), None);
}

#[test]
fn a_report_is_offered_under_the_portfolio_name_and_date() {
    use ai_exposure::report::{Format, Options, Paper};
    let dir = tempdir();
    let mut store = Store::open(&dir.join("p.sqlite")).expect("open");
    let (_, portfolio) = sample();
    let id = store
        .save("Family/IRA: 2026", "a.csv", &"a".repeat(64), &portfolio)
        .expect("save");
    let options = Options {
        format: Format::Pdf,
        paper: Paper::A4,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"),
        as_of: None,
    };
    // '/' and ':' are refused by some file systems: both become '_'.
    assert_eq!(
        ai_exposure::app::report_file_name(&store, id, &options).expect("name"),
        "AI exposure - Family_IRA_ 2026 - 2026-11-26.pdf"
    );
    let missing = ai_exposure::app::report_file_name(&store, id + 1, &options)
        .expect_err("no such portfolio")
        .to_string();
    assert!(missing.contains(&(id + 1).to_string()), "{missing}");
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("date")
}

/// Typed prices, the base currency, your rates and the stale limit are saved and come back after
/// the store is opened again; bad values are refused and change nothing.
#[test]
fn currency_settings_and_typed_prices_survive_a_reopen() {
    use ai_exposure::app;
    let dir = crate::cli::tempdir();
    let db = dir.join("p.sqlite");
    let (_, portfolio) = sample();
    let id;
    {
        let mut store = Store::open(&db).expect("open");
        id = store
            .save("s", "sample.csv", &"0".repeat(64), &portfolio)
            .expect("save");
        app::set_base_currency(&mut store, Some("eur")).expect("EUR");
        app::set_rate(&mut store, "USD", Some("1.25")).expect("rate");
        app::set_stale_days(&mut store, "7").expect("days");
        app::set_price(&mut store, id, Some("MSFT"), None, "$500.00", None, None).expect("price");
        assert!(app::set_stale_days(&mut store, "0").is_err());
        assert!(app::set_base_currency(&mut store, Some("XYZ")).is_err());
        assert!(app::set_price(&mut store, id, Some("MSFT"), None, "-3", None, None).is_err());
    }
    let store = Store::open(&db).expect("reopen");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let v = app::valuation(&store, Some(id), today).expect("valuation");
    assert_eq!(v.base.as_deref(), Some("EUR"));
    assert_eq!(
        v.rates.overrides.get("USD").copied(),
        Some(rust_decimal_macros::dec!(1.25))
    );
    assert_eq!(v.stale_after_days, 7);
    let msft = v.prices.find(Some("MSFT"), None).expect("typed price");
    assert_eq!(
        (msft.price, msft.origin.clone()),
        (
            rust_decimal_macros::dec!(500.00),
            ai_exposure::value::Origin::Typed
        )
    );
}
