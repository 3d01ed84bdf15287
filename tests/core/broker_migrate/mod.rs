//! Importers for migrating from other portfolio tools (Ghostfolio, Portfolio Performance) and
//! the column mapping for any other CSV: fixtures imported with detection, holdings checked in
//! full, errors checked to the line and column.

mod cli;
mod ghostfolio;
mod mapping;
mod portfolio_performance;

use std::path::PathBuf;

use ai_exposure::import::Holding;
use ai_exposure::{import_bytes, Error, Portfolio};
use rust_decimal::Decimal;

use crate::reference::root;

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures/brokers").join(rel)
}

/// Imports a fixture with format detection.
pub fn import(rel: &str) -> Portfolio {
    ai_exposure::import_file(&fixture(rel), None)
        .unwrap_or_else(|e| panic!("{rel} should import: {e}"))
}

/// A holding with the given line, symbol and quantity; other fields unknown.
pub fn holding(line: u64, symbol: Option<&str>, quantity: Decimal) -> Holding {
    let mut h = Holding::new(line, quantity);
    h.symbol = symbol.map(str::to_string);
    h
}

pub fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// The warnings as `line: message` strings ("-" for whole-file ones).
pub fn warnings(p: &Portfolio) -> Vec<String> {
    p.warnings
        .iter()
        .map(|w| match w.line {
            Some(l) => format!("{l}: {}", w.message),
            None => format!("-: {}", w.message),
        })
        .collect()
}

/// The whole-file warning of a history with `n` holdings no trade of the file prices.
pub fn unpriced(n: usize) -> String {
    format!("-: {}", crate::traded::unpriced(n))
}

/// The located problems of a failed import.
pub fn problems(name: &str, bytes: &[u8], broker: Option<&str>) -> Vec<String> {
    match import_bytes(name, bytes, broker) {
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected an import error, got {other:?}"),
    }
}

#[test]
fn the_generic_sample_is_still_generic() {
    let p = ai_exposure::import_file(&root().join("data/samples/sample_portfolio.csv"), None)
        .expect("sample");
    assert_eq!(p.broker, "generic");
    // Plain English `ISIN,Shares,Value` and `Symbol,Quantity,...` files stay generic too.
    let p =
        import_bytes("f.csv", b"ISIN,Shares,Value\nUS0231351067,3,687.30\n", None).expect("import");
    assert_eq!(p.broker, "generic");
    let p = import_bytes(
        "f.csv",
        b"Date,Symbol,Quantity,Price\n2024-01-02,MSFT,3,370.87\n",
        None,
    )
    .expect("import");
    assert_eq!(p.broker, "generic");
}

/// Random edits of every fixture (bounded, deterministic) give a result or a located error,
/// never a panic, through detection and through the mappings.
#[test]
fn mutated_fixtures_never_panic() {
    use ai_exposure::import::mapping::{import_with_mapping, ColumnMapping};
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = "{}[]:,;\"\n\r\t$().-+'0123456789abcXYZ äü€".as_bytes();
    let files = [
        ("ghostfolio/activities.csv", None),
        ("ghostfolio/aliases-semicolon.csv", None),
        ("ghostfolio/export.json", None),
        ("portfolio-performance/depot-de.csv", None),
        ("portfolio-performance/account-en.csv", None),
        ("portfolio-performance/konto-de.csv", None),
        ("portfolio-performance/holdings-de.csv", None),
        ("mapping/bank-depot.csv", Some("mapping/bank-depot.json")),
        (
            "mapping/brokerage-history.csv",
            Some("mapping/brokerage-history.json"),
        ),
        (
            "mapping/signed-trades.csv",
            Some("mapping/signed-trades.json"),
        ),
    ];
    for (file, map) in files {
        let base = std::fs::read(fixture(file)).expect("fixture");
        let mapping = map.map(|m| ColumnMapping::load(&fixture(m)).expect("mapping"));
        for _ in 0..120 {
            let mut bytes = base.clone();
            for _ in 0..(1 + next() % 6) {
                let pos = (next() as usize) % (bytes.len() + 1);
                match next() % 3 {
                    0 if pos < bytes.len() => {
                        bytes.remove(pos);
                    }
                    1 => bytes.insert(pos, alphabet[(next() as usize) % alphabet.len()]),
                    _ if pos < bytes.len() => {
                        bytes[pos] = alphabet[(next() as usize) % alphabet.len()]
                    }
                    _ => {}
                }
            }
            let result = match &mapping {
                Some(m) => import_with_mapping("m.csv", &bytes, m),
                None => import_bytes("m.csv", &bytes, None),
            };
            match result {
                Ok(p) => assert!(!p.holdings.is_empty()),
                Err(Error::Import { problems }) => assert!(!problems.is_empty()),
                Err(e) => panic!("{file}: unexpected error {e}"),
            }
        }
    }
}
