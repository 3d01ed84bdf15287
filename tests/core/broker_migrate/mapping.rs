//! Column mappings: any CSV described by a JSON profile, validated against the header, with
//! number and date formats guessed (and reported) when not given; saved profiles keyed by header.

use ai_exposure::import::mapping::{
    import_or_saved_profile, import_with_mapping, mapped_header, ColumnMapping, ProfileStore,
};
use ai_exposure::import::{AssetClass, Cash, Holding, Kind};
use ai_exposure::{Error, Portfolio};
use chrono::NaiveDate;
use rust_decimal_macros::dec;

use super::{fixture, holding, s, unpriced, warnings};
use crate::cli::tempdir;
use crate::traded::trade;

fn mapping(json: &str) -> ColumnMapping {
    ColumnMapping::from_json("m.json", json).unwrap_or_else(|e| panic!("mapping: {e}"))
}

fn mapped(csv: &str, json: &str) -> Portfolio {
    let bytes = std::fs::read(fixture(csv)).expect("fixture");
    let m = ColumnMapping::load(&fixture(json)).expect("mapping file");
    import_with_mapping(csv, &bytes, &m).unwrap_or_else(|e| panic!("{csv}: {e}"))
}

fn problems(csv: &str, json: &str) -> Vec<String> {
    match import_with_mapping("f.csv", csv.as_bytes(), &mapping(json)) {
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected an import error, got {other:?}"),
    }
}

#[test]
fn bank_depot_positions_with_preamble_cash_total_and_footer() {
    let p = mapped("mapping/bank-depot.csv", "mapping/bank-depot.json");
    assert_eq!(p.broker, "mapping");
    assert_eq!(p.kind, Kind::Positions);
    // Every row says "Stand 30.06.2025".
    assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2025, 6, 30));
    let h = |line, sym: Option<&str>, name: &str, q, px, mv| Holding {
        name: s(name),
        price: Some(px),
        market_value: Some(mv),
        currency: s("USD"),
        ..holding(line, sym, q)
    };
    assert_eq!(
        p.holdings,
        [
            Holding {
                isin: s("US67066G1040"),
                ..h(
                    5,
                    Some("NVDA"),
                    "NVIDIA Corp.",
                    dec!(25),
                    dec!(118.42),
                    dec!(2960.50)
                )
            },
            h(
                6,
                Some("MSFT"),
                "Microsoft Corp.",
                dec!(7.5),
                dec!(497.41),
                dec!(3730.58)
            ),
            // A CUSIP in the symbol column.
            Holding {
                cusip: s("59515R401"),
                ..h(
                    7,
                    None,
                    "Vanguard 500 Index Trust",
                    dec!(120),
                    dec!(510.00),
                    dec!(61200.00)
                )
            },
            Holding {
                asset_class: Some(AssetClass::Option),
                ..h(
                    8,
                    Some("MSFT  260116C00500000"),
                    "MSFT Jan 16 2026 500 Call",
                    dec!(1),
                    dec!(25.10),
                    dec!(2510.00)
                )
            },
        ]
    );
    assert_eq!(
        p.cash,
        [Cash {
            account: None,
            label: "CASH".into(),
            amount: dec!(5000.00),
            currency: s("EUR"),
            line: 9,
            account_value: None,
        }]
    );
    assert_eq!(
        warnings(&p),
        [
            "-: number_format not given: guessed 1.234,56 (decimal comma) from \"118,42\" on line 5",
            "-: date_format not given: every date reads as %d.%m.%Y (e.g. \"30.06.2025\"), so that format is used",
            "10: no symbol and no quantity (a subtotal or note starting \"Summe\"): skipped",
            "12: not a data row (only \"Erstellt am 01.07.2025 um 08:15 Uhr\"): skipped",
        ]
    );
}

#[test]
fn brokerage_history_with_header_line_formats_and_actions() {
    let p = mapped(
        "mapping/brokerage-history.csv",
        "mapping/brokerage-history.json",
    );
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.transaction_count, 8);
    let h = |line, acct: &str, sym: &str, name: &str, q| Holding {
        account: s(acct),
        name: s(name),
        ..holding(line, Some(sym), q)
    };
    // ORCL: BOT 20 − SLD 5 + REINV 0.046 = 15.046 (DIV moves nothing). GOOGL: XFER IN 15.
    // The AMD call is an option (its description says CALL). JRNL is no listed action.
    // Prices: ORCL's REINV @ 173.91 on 06/13/2025 (line 9), after the SLD of 06/10 (line 7) and
    // the BOT of 06/02 (line 5); AMZN's BOT @ 207.91 on 06/05/2025 (line 6). GOOGL (a transfer)
    // and the call (an option) are not priced. The mapping names no currency column, so the
    // prices' currency stays unknown (never guessed).
    let priced = |h: Holding, price, date, line| Holding {
        price: Some(price),
        stated: ai_exposure::import::Stated {
            trade: trade(date, line),
            ..Default::default()
        },
        ..h
    };
    assert_eq!(
        p.holdings,
        [
            priced(
                h(5, "X-1001", "ORCL", "ORACLE CORP", dec!(15.046)),
                dec!(173.91),
                "2025-06-13",
                9
            ),
            priced(
                h(6, "X-1001", "AMZN", "AMAZON.COM INC", dec!(12.5)),
                dec!(207.91),
                "2025-06-05",
                6
            ),
            h(10, "X-2002", "GOOGL", "ALPHABET INC CL A", dec!(15)),
            Holding {
                asset_class: Some(AssetClass::Option),
                ..h(
                    12,
                    "X-1001",
                    "AMD 07/18/2025 120.00 C",
                    "AMD JUL 18 2025 120 CALL",
                    dec!(2)
                )
            },
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            "11: unknown action \"JRNL\": the row is ignored (add it to \"actions\" in the mapping)"
                .to_string(),
            unpriced(2),
        ]
    );
}

#[test]
fn signed_quantities_without_an_action_column_tab_separated() {
    let p = mapped("mapping/signed-trades.csv", "mapping/signed-trades.json");
    // NVIDIA: 10 − 4 = 6; its latest trade the sale of 4 @ 135,00 on 2025-02-11 (line 3), after
    // the purchase of 2025-01-10 (line 2). Broadcom: 3 @ 210,00 on 2025-03-12 (line 4). No
    // currency column: the currency is unknown.
    let stated = |date, line| ai_exposure::import::Stated {
        trade: trade(date, line),
        ..Default::default()
    };
    assert_eq!(
        p.holdings,
        [
            Holding {
                isin: s("US67066G1040"),
                name: s("NVIDIA"),
                price: Some(dec!(135.00)),
                stated: stated("2025-02-11", 3),
                ..holding(2, None, dec!(6))
            },
            Holding {
                isin: s("US11135F1012"),
                name: s("Broadcom"),
                price: Some(dec!(210.00)),
                stated: stated("2025-03-12", 4),
                ..holding(4, None, dec!(3))
            },
        ]
    );
    // Both are priced: no note about unpriced holdings.
    assert_eq!(
        warnings(&p),
        [
            "-: number_format not given: guessed 1.234,56 (decimal comma) from \"130,50\" on line 2",
            "-: date_format not given: every date reads as %Y-%m-%d (e.g. \"2025-01-10\"), so that format is used",
        ]
    );
}

const SIMPLE: &str = r#"{"columns": {"symbol": "Ticker", "quantity": "Units", "price": "Px"}}"#;

#[test]
fn a_mapped_column_missing_from_the_header_is_located() {
    assert_eq!(
        problems("Ticker,Qty,Px\nNVDA,3,120.5\n", SIMPLE),
        ["f.csv:1: mapping column 'Units' not found in the header on line 1; the header has: Ticker, Qty, Px"]
    );
    // The header found on line 3 (after a title) lacks two columns.
    assert_eq!(
        problems(
            "Positions\n\nTicker,Menge,Kurs\nNVDA,3,120.5\n",
            SIMPLE
        ),
        [
            "f.csv:3: mapping column 'Units' not found in the header on line 3; the header has: Ticker, Menge, Kurs",
            "f.csv:3: mapping column 'Px' not found in the header on line 3; the header has: Ticker, Menge, Kurs",
        ]
    );
    // header_line given: that line is the header.
    assert_eq!(
        problems(
            "Ticker,Units,Px\nNVDA,3,120.5\n",
            r#"{"header_line": 2, "columns": {"symbol": "Ticker", "quantity": "Units"}}"#
        ),
        [
            "f.csv:2: mapping column 'Ticker' not found in the header on line 2; the header has: NVDA, 3, 120.5",
            "f.csv:2: mapping column 'Units' not found in the header on line 2; the header has: NVDA, 3, 120.5",
        ]
    );
}

#[test]
fn every_bad_cell_is_located() {
    assert_eq!(
        problems(
            "Ticker,Units,Px\nNVDA,3,120.5\nMSFT,abc,1\n,2,3\nAMD,1,$x\n",
            SIMPLE
        ),
        [
            "f.csv:3:2: column 'Units': \"abc\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:4:1: column 'Ticker': no symbol, ISIN or CUSIP on this row",
            "f.csv:5:3: column 'Px': \"$x\" is not a number: expected digits such as 1234.56 or $1,234.56",
        ]
    );
}

#[test]
fn number_and_date_formats_are_guessed_or_asked_for() {
    // Both decimal styles in one file: ask.
    assert_eq!(
        problems("Ticker,Units,Px\nNVDA,1.5,120\nMSFT,\"2,5\",3\n", SIMPLE),
        ["f.csv: numbers are written both as \"1.5\" (line 2) and as \"2,5\" (line 3): set number_format (\"1,234.56\" or \"1.234,56\") in the mapping"]
    );
    // Nothing decides: decimal point, said in a warning.
    let p = import_with_mapping("f.csv", b"Ticker,Units,Px\nNVDA,3,120\n", &mapping(SIMPLE))
        .expect("import");
    assert_eq!(
        warnings(&p),
        ["-: number_format not given and no value decides it: assumed 1,234.56 (decimal point); set number_format in the mapping if that is wrong"]
    );
    let dated = r#"{"columns": {"symbol": "Ticker", "quantity": "Units", "date": "Day"}, "number_format": "1,234.56"}"#;
    // 01/02 and 03/04 read both month first and day first: ask.
    assert_eq!(
        problems("Ticker,Units,Day\nNVDA,3,01/02/2025\nAMD,1,03/04/2025\n", dated),
        ["f.csv:1: the dates of column 'Day' (e.g. \"01/02/2025\") read in several formats (%m/%d/%Y, %d/%m/%Y): set date_format in the mapping"]
    );
    // 13/04 decides it: day first.
    let p = import_with_mapping(
        "f.csv",
        b"Ticker,Units,Day\nNVDA,3,01/02/2025\nAMD,1,13/04/2025\n",
        &mapping(dated),
    )
    .expect("import");
    assert_eq!(
        warnings(&p),
        [
            "-: date_format not given: every date reads as %d/%m/%Y (e.g. \"01/02/2025\"), so that format is used",
            "2: NVDA has no price or market value: its value is unknown and not in the portfolio total",
            "3: AMD has no price or market value: its value is unknown and not in the portfolio total",
        ]
    );
    assert_eq!(p.as_of, None, "the rows disagree on the date");
    assert_eq!(
        problems("Ticker,Units,Day\nNVDA,3,Q1 2025\n", dated),
        ["f.csv:1: the dates of column 'Day' (e.g. \"Q1 2025\") are in no usual format: set date_format in the mapping (e.g. \"%d.%m.%Y\")"]
    );
}

#[test]
fn the_mapping_itself_is_checked() {
    let err = |json: &str| match ColumnMapping::from_json("m.json", json) {
        Err(e) => e.to_string(),
        Ok(m) => panic!("accepted {m:?}"),
    };
    assert_eq!(
        err(r#"{"columns": {"symbol": "Ticker", "quantitiy": "Units"}}"#),
        "m.json:1:44: not a valid column mapping: unknown field `quantitiy`, expected one of `symbol`, `quantity`, `price`, `market_value`, `isin`, `cusip`, `name`, `account`, `currency`, `date`, `action`"
    );
    assert_eq!(
        err(r#"{"columns": {"quantity": "Q"}, "number_format": "1 234,56"}"#),
        "m.json:1:58: not a valid column mapping: unknown variant `1 234,56`, expected `1,234.56` or `1.234,56`"
    );
    assert_eq!(
        err(r#"{"columns": {"name": "Name"}, "kind": "transactions", "date_format": "%Q"}"#),
        "m.json: the mapping has no \"quantity\" column (columns.quantity)\n\
         m.json: the mapping needs a \"symbol\", \"isin\" or \"cusip\" column to identify the securities\n\
         m.json: date_format \"%Q\" is not a valid chrono format (such as \"%d.%m.%Y\")\n\
         m.json: a transactions mapping needs an \"action\" column, or \"sell_quantities_negative\": true when the quantities are signed"
    );
    assert_eq!(
        err(
            r#"{"columns": {"symbol": "S", "quantity": "Q", "action": "A"}, "actions": {"buy": ["Kauf"], "sell": ["kauf"]}}"#
        ),
        "m.json: action \"kauf\" is listed under both \"buy\" and \"sell\""
    );
}

#[test]
fn profiles_are_saved_atomically_and_found_by_header() {
    let root = tempdir();
    let dir = root.join("profiles");
    let store = ProfileStore::new(&dir);
    let m = mapping(SIMPLE);
    let header = ["Ticker", "Units", "Px"];
    assert_eq!(store.find(&header), None);
    let path = store.save(&header, &m).expect("save");
    assert_eq!(path.parent(), Some(dir.as_path()));
    // Same header, other case, spacing and a trailing delimiter: same profile.
    assert_eq!(store.find(&[" ticker", "UNITS", "px", ""]), Some(m.clone()));
    assert_eq!(store.find(&["Ticker", "Px", "Units"]), None);
    // Only the profile is left in the directory (the temporary file was renamed).
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, [format!("{}.json", ProfileStore::key(&header))]);
    // A profile stored under this key for another header (a hash collision) is not used.
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("\"ticker\"", "\"symbol\"")).expect("write");
    assert_eq!(store.find(&header), None);
}

#[test]
fn a_file_no_format_recognises_uses_the_profile_saved_for_its_header() {
    let csv = b"Kontoauszug Depot\nTicker;Units;Px\nNVDA;3;120,50\nAMD;2;150,00\n";
    let m = mapping(SIMPLE);
    let dir = tempdir();
    let store = ProfileStore::new(dir.to_path_buf());
    let unrecognised = |r: ai_exposure::Result<Portfolio>| match r {
        Err(Error::Import { problems }) => problems[0].message.starts_with("unrecognised"),
        _ => false,
    };
    assert!(unrecognised(import_or_saved_profile(
        "f.csv",
        csv,
        None,
        Some(&store)
    )));
    assert!(unrecognised(import_or_saved_profile(
        "f.csv", csv, None, None
    )));
    let header = mapped_header("f.csv", csv, &m).expect("header");
    assert_eq!(header, ["Ticker", "Units", "Px"]);
    store.save(&header, &m).expect("save");
    let p = import_or_saved_profile("f.csv", csv, None, Some(&store)).expect("profile");
    assert_eq!(p.broker, "mapping");
    assert_eq!(p.holdings[0].price, Some(dec!(120.50)));
    assert_eq!(p.holdings.len(), 2);
    assert!(
        p.warnings[0].message.starts_with(
            "no built-in format recognised the file: imported with the saved column mapping 'unnamed' ("
        ),
        "{:?}",
        p.warnings
    );
    // A forced broker is not second-guessed, and a detected file ignores the profiles.
    assert!(import_or_saved_profile("f.csv", csv, Some("generic"), Some(&store)).is_err());
    let generic = import_or_saved_profile(
        "g.csv",
        b"Ticker,Units,Px,Shares\nKO,1,2,3\n",
        None,
        Some(&store),
    )
    .expect("generic");
    assert_eq!(generic.broker, "generic");
}
