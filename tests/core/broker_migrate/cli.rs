//! The CLI with the new formats and `--mapping` / `--save-mapping`, run as a user would.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::fixture;
use crate::cli::tempdir;
use crate::reference::root;

/// Runs the binary with its saved profiles in `profiles` (never the user's own).
fn run(args: &[&str], profiles: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ai-exposure"))
        .args(args)
        .current_dir(root())
        .env("AI_EXPOSURE_PROFILES", profiles)
        .output()
        .expect("run ai-exposure")
}

fn json(args: &[&str], profiles: &Path) -> Value {
    let out = run(args, profiles);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn path(rel: &str) -> String {
    fixture(rel).display().to_string()
}

#[test]
fn holdings_of_the_new_formats() {
    let none = tempdir();
    for (file, broker, kind, n) in [
        ("ghostfolio/activities.csv", "ghostfolio", "transactions", 6),
        ("ghostfolio/export.json", "ghostfolio", "transactions", 5),
        (
            "portfolio-performance/depot-de.csv",
            "portfolio-performance",
            "transactions",
            6,
        ),
        (
            "portfolio-performance/holdings-de.csv",
            "portfolio-performance-holdings",
            "positions",
            4,
        ),
    ] {
        let r = json(&["holdings", &path(file), "--json"], &none);
        assert_eq!(r["broker"], broker, "{file}");
        assert_eq!(r["kind"], kind, "{file}");
        assert_eq!(r["holdings"].as_array().map(Vec::len), Some(n), "{file}");
    }
    let r = json(
        &[
            "holdings",
            &path("portfolio-performance/holdings-de.csv"),
            "--json",
        ],
        &none,
    );
    assert_eq!(r["as_of"], "2024-12-31");
    assert_eq!(r["holdings"][0]["symbol"], "NVDA");
    assert_eq!(r["holdings"][0]["quantity"], "100");
    assert_eq!(r["holdings"][0]["market_value"], "12960.00");
}

#[test]
fn holdings_and_exposure_with_a_mapping() {
    let none = tempdir();
    let (csv, map) = (
        path("mapping/bank-depot.csv"),
        path("mapping/bank-depot.json"),
    );
    let r = json(&["holdings", &csv, "--mapping", &map, "--json"], &none);
    assert_eq!(r["broker"], "mapping");
    assert_eq!(r["kind"], "positions");
    assert_eq!(r["as_of"], "2025-06-30");
    let h = &r["holdings"][0];
    assert_eq!(h["symbol"], "NVDA");
    assert_eq!(h["isin"], "US67066G1040");
    assert_eq!(h["quantity"], "25");
    assert_eq!(h["price"], "118.42");
    assert_eq!(h["market_value"], "2960.50");
    assert_eq!(r["holdings"][2]["cusip"], "59515R401");
    assert_eq!(r["holdings"][3]["asset_class"], "option");
    assert_eq!(r["cash"][0]["amount"], "5000.00");
    assert_eq!(r["warnings"].as_array().map(Vec::len), Some(4));

    let r = json(&["exposure", &csv, "--mapping", &map, "--json"], &none);
    assert!(
        r["links"].as_array().is_some_and(|l| !l.is_empty()),
        "NVDA and MSFT are in deals"
    );

    let out = run(&["holdings", &csv], &none);
    assert_eq!(
        out.status.code(),
        Some(1),
        "not detected without the mapping"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognised file format"));
}

#[test]
fn a_saved_mapping_is_used_for_the_next_file_with_the_same_header() {
    let root = tempdir();
    let profiles = root.join("profiles");
    let (csv, map) = (
        path("mapping/bank-depot.csv"),
        path("mapping/bank-depot.json"),
    );
    let out = run(
        &[
            "holdings",
            &csv,
            "--mapping",
            &map,
            "--save-mapping",
            "--json",
        ],
        &profiles,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved: Vec<_> = std::fs::read_dir(&profiles)
        .expect("profiles dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(saved.len(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved the column mapping"));
    serde_json::from_slice::<Value>(&out.stdout).expect("stdout is still the JSON alone");

    // Next month's file: other rows, same header.
    let dir = tempdir();
    let next = dir.join("depot-2025-07.csv");
    std::fs::write(
        &next,
        "Depotübersicht;;;;;;;\r\n\
         Bezeichnung;Kürzel;ISIN;Stück;Kurs;Kurswert;Währung;Stand\r\n\
         Broadcom Inc.;AVGO;US11135F1012;4;275,18;1.100,72;USD;31.07.2025\r\n",
    )
    .expect("write");
    let next = next.display().to_string();
    let r = json(&["holdings", &next, "--json"], &profiles);
    assert_eq!(r["broker"], "mapping");
    assert_eq!(r["holdings"][0]["symbol"], "AVGO");
    assert_eq!(r["holdings"][0]["market_value"], "1100.72");
    assert_eq!(r["as_of"], "2025-07-31");
    let first = r["warnings"][0]["message"].as_str().expect("warning");
    assert!(
        first.starts_with("no built-in format recognised the file: imported with the saved column mapping 'Musterbank Depot' ("),
        "{first}"
    );
    let r = json(&["exposure", &next, "--json"], &profiles);
    assert!(r["links"].is_array());

    // Another profile directory has no such mapping.
    let out = run(&["holdings", &next], &tempdir());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn flag_misuse_and_bad_mappings_are_refused() {
    let none = tempdir();
    let (csv, map) = (
        path("mapping/bank-depot.csv"),
        path("mapping/bank-depot.json"),
    );
    let out = run(&["holdings", &csv, "--save-mapping"], &none);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--mapping"));
    let out = run(
        &["holdings", &csv, "--mapping", &map, "--broker", "generic"],
        &none,
    );
    assert_eq!(out.status.code(), Some(2));

    let dir = tempdir();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        "{\"columns\": {\"symbol\": \"Kürzel\",\n \"quantity\": \"Menge\"}}\n",
    )
    .expect("write");
    let out = run(
        &["holdings", &csv, "--mapping", &bad.display().to_string()],
        &none,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bank-depot.csv:4: mapping column 'Menge' not found in the header on line 4; the header has: Bezeichnung, Kürzel, ISIN, Stück, Kurs, Kurswert, Währung, Stand"),
        "{err}"
    );
    std::fs::write(
        &bad,
        "{\"columns\": {\"symbol\": \"Kürzel\",\n \"qty\": \"Stück\"}}\n",
    )
    .expect("write");
    let out = run(
        &["holdings", &csv, "--mapping", &bad.display().to_string()],
        &none,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json:2:6: not a valid column mapping: unknown field `qty`, expected one of `symbol`"),
        "{err}"
    );
}
