//! The positions CSV importer: quirks accepted, every problem reported with its place, and no
//! panic whatever the bytes.

use ai_exposure::{import_bytes, Error};
use rust_decimal_macros::dec;

fn problems(bytes: &[u8]) -> Vec<String> {
    match import_bytes("f.csv", bytes, None) {
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected an import error, got {other:?}"),
    }
}

#[test]
fn headers_match_case_insensitively_with_aliases_bom_and_crlf() {
    let p = import_bytes(
        "f.csv",
        "\u{feff} symbol ,QUANTITY,Market Value,account\r\nmsft,\"1,200\",\"$581,400.00\",IRA\r\n"
            .as_bytes(),
        None,
    )
    .expect("import");
    let h = &p.holdings[0];
    assert_eq!(h.symbol.as_deref(), Some("msft"));
    assert_eq!(h.quantity, dec!(1200));
    assert_eq!(h.market_value, Some(dec!(581400.00)));
    assert_eq!(h.account.as_deref(), Some("IRA"));
    assert_eq!(h.line, 2);
}

#[test]
fn value_is_price_times_quantity_when_not_given() {
    let p = import_bytes("f.csv", b"Symbol,Shares,Price\nKO,3,70.125\n", None).expect("import");
    // 3 × 70.125 = 210.375 → 210.38
    assert_eq!(p.holdings[0].value(), Some(dec!(210.38)));
}

#[test]
fn a_holding_without_price_is_kept_with_a_warning() {
    let p = import_bytes("f.csv", b"Symbol,Shares\nKO,3\n", None).expect("import");
    assert_eq!(p.holdings[0].value(), None);
    assert_eq!(p.warnings[0].line, Some(2));
}

#[test]
fn every_problem_is_reported_at_once() {
    let got = problems(b"Symbol,Shares,ISIN\nMSFT,,\nAMZN,1,US0231351068\nNVDA,1e3,\n");
    assert_eq!(
        got,
        [
            "f.csv:2:2: column 'Shares': is empty but required",
            "f.csv:3:3: column 'ISIN': \"US0231351068\" has a wrong check digit (expected 7)",
            "f.csv:4:2: column 'Shares': \"1e3\" is not a number: expected digits such as 1234.56 or $1,234.56",
        ]
    );
}

#[test]
fn broken_files_get_clear_errors() {
    assert_eq!(problems(b""), ["f.csv: the file is empty"]);
    assert_eq!(
        problems(b"Symbol,Shares\n"),
        ["f.csv: the file contains no holdings (only a header, or only cash/total rows)"]
    );
    assert!(problems(b"Date,Amount\n2024-01-01,5\n")[0].contains("unrecognised file format"));
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
    assert_eq!(
        problems(png),
        ["f.csv:1: this is not a text (CSV) file: it contains binary data; export the positions or history as CSV from your broker"]
    );
    assert!(problems(&[b'x'; 3_000_000])[0].contains("unrecognised file format"));
    assert_eq!(
        problems(b"Symbol,Shares\nKO,1\n\"MSFT,1\n"),
        ["f.csv:3: a quoted field is never closed (odd number of '\"' characters): it runs to the end of the file"]
    );
}

#[test]
fn encodings_utf16_and_windows_1252() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Symbol,Shares,Name\r\nMSFT,3,Microsoft\r\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let p = import_bytes("f.csv", &utf16, None).expect("utf-16");
    assert_eq!(p.holdings[0].quantity, dec!(3));
    // "Société" in Windows-1252: é = 0xE9.
    let p = import_bytes(
        "f.csv",
        b"Symbol,Shares,Name\nGLE,2,Soci\xe9t\xe9 G\xe9n\xe9rale\n",
        None,
    )
    .expect("1252");
    assert_eq!(p.holdings[0].name.as_deref(), Some("Société Générale"));
    assert_eq!(p.warnings[0].line, Some(2));
    assert!(p.warnings[0].message.contains("Windows-1252"));
}

#[test]
fn unknown_broker_override_lists_the_known_formats() {
    match import_bytes("f.csv", b"Symbol,Shares\nMSFT,1\n", Some("nope")) {
        Err(e) => {
            let m = e.to_string();
            assert!(
                m.contains("known formats: ") && m.contains("generic"),
                "{m}"
            );
        }
        Ok(_) => panic!("accepted an unknown format"),
    }
}

/// Bounded mutation test on stable Rust: random edits of a valid file must give Ok or a located
/// error, never a panic. (xorshift keeps it deterministic without a dependency.)
#[test]
fn mutated_files_never_panic() {
    let base = include_bytes!("../../data/samples/sample_portfolio.csv");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let dataset = ai_exposure::Dataset::bundled().expect("dataset");
    let alphabet = b",\"\n\r$().-+0123456789abcXYZ \t\xff\xfe\x00";
    for _ in 0..2000 {
        let mut bytes = base.to_vec();
        for _ in 0..(1 + next() % 8) {
            let pos = (next() as usize) % (bytes.len() + 1);
            match next() % 3 {
                0 if pos < bytes.len() => {
                    bytes.remove(pos);
                }
                1 => bytes.insert(pos, alphabet[(next() as usize) % alphabet.len()]),
                _ if pos < bytes.len() => bytes[pos] = alphabet[(next() as usize) % alphabet.len()],
                _ => {}
            }
        }
        if let Ok(p) = import_bytes("m.csv", &bytes, None) {
            assert!(!p.holdings.is_empty());
            ai_exposure::compute(&dataset, &p, &ai_exposure::Settings::default()).expect("compute");
        }
    }
}

#[test]
fn absurd_magnitudes_are_refused_not_overflowed() {
    let got = problems(
        b"Symbol,Shares,Price\nMSFT,99999999999999999999999999,99999999999999999999999999\n",
    );
    assert_eq!(got.len(), 2);
    assert!(
        got[0].starts_with(
            "f.csv:2:2: column 'Shares': \"99999999999999999999999999\" is implausibly large"
        ),
        "{got:?}"
    );
}

/// A history's holding is priced at its latest trade: the buy, sell or reinvestment with a
/// positive price and a date that is latest by date (whatever the order of the rows), the first
/// read on a tie; rows without a price or date, transfers and options never price a holding.
#[test]
fn a_history_is_priced_at_its_latest_trade() {
    use ai_exposure::import::net::{positions, Ledger, Mark};
    use ai_exposure::import::{Action, AssetClass, StatedRate, Transaction};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    let tx = |line, symbol: &str, action, quantity: Decimal, price: Option<Decimal>, date| {
        let mut t = Transaction::new(line, action, quantity);
        t.symbol = Some(symbol.to_string());
        t.price = price;
        t.date = date;
        t.currency = Some("USD".into());
        t
    };
    let usd_eur = StatedRate {
        from: "USD".into(),
        to: "EUR".into(),
        rate: dec!(0.9),
        date: None,
        line: 3,
    };
    let mut later = tx(
        3,
        "AAA",
        Action::Sell,
        dec!(-2),
        Some(dec!(120)),
        Some(day("2024-03-01")),
    );
    later.rate = Some(usd_eur.clone());
    let mut option = tx(
        12,
        "DDD 240621C00100000",
        Action::Buy,
        dec!(1),
        Some(dec!(5)),
        Some(day("2024-12-01")),
    );
    option.asset_class = Some(AssetClass::Option);
    let ledger: Ledger = [
        // AAA, oldest first: the later row (line 3) is the later trade, with its rate.
        tx(
            2,
            "AAA",
            Action::Buy,
            dec!(10),
            Some(dec!(100)),
            Some(day("2024-01-10")),
        ),
        later,
        // BBB, newest first: the earlier row (line 4) is the later trade.
        tx(
            4,
            "BBB",
            Action::Sell,
            dec!(-1),
            Some(dec!(50)),
            Some(day("2024-05-01")),
        ),
        tx(
            5,
            "BBB",
            Action::Buy,
            dec!(5),
            Some(dec!(40)),
            Some(day("2024-02-01")),
        ),
        // CCC: two trades on one day; the first read (line 6) wins.
        tx(
            6,
            "CCC",
            Action::Buy,
            dec!(1),
            Some(dec!(10)),
            Some(day("2024-06-03")),
        ),
        tx(
            7,
            "CCC",
            Action::Buy,
            dec!(1),
            Some(dec!(11)),
            Some(day("2024-06-03")),
        ),
        // DDD: only line 8 counts; later rows have no price, a zero price, or are a transfer.
        tx(
            8,
            "DDD",
            Action::Buy,
            dec!(3),
            Some(dec!(20)),
            Some(day("2024-01-01")),
        ),
        tx(
            9,
            "DDD",
            Action::Buy,
            dec!(1),
            None,
            Some(day("2024-09-09")),
        ),
        tx(
            10,
            "DDD",
            Action::Reinvest,
            dec!(0.5),
            Some(dec!(0)),
            Some(day("2024-10-10")),
        ),
        tx(
            11,
            "DDD",
            Action::Transfer,
            dec!(1),
            Some(dec!(99)),
            Some(day("2024-11-11")),
        ),
        // An option is never priced from a history; a trade without a date prices nothing.
        option,
        tx(13, "EEE", Action::Buy, dec!(1), Some(dec!(30)), None),
    ]
    .into_iter()
    .collect();
    let (holdings, warnings) = positions(ledger).expect("positions");
    let got: Vec<_> = holdings
        .iter()
        .map(|h| {
            (
                h.label().to_string(),
                h.price,
                h.stated.trade.map(|t| (t.date, t.line)),
                h.stated.rate.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "AAA".to_string(),
                Some(dec!(120)),
                Some((day("2024-03-01"), 3)),
                Some(usd_eur)
            ),
            (
                "BBB".to_string(),
                Some(dec!(50)),
                Some((day("2024-05-01"), 4)),
                None
            ),
            (
                "CCC".to_string(),
                Some(dec!(10)),
                Some((day("2024-06-03"), 6)),
                None
            ),
            (
                "DDD".to_string(),
                Some(dec!(20)),
                Some((day("2024-01-01"), 8)),
                None
            ),
            ("DDD 240621C00100000".to_string(), None, None, None),
            ("EEE".to_string(), None, None, None),
        ]
    );
    assert_eq!(
        warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>(),
        ["positions were computed from the transaction history; 2 of them had no trade at a price in the file, so their value is unknown until you give a price"]
    );

    // The same rule when a file is read in parts (`push_with`, then `append`): a tie across
    // parts keeps the earlier part's trade, a later day in a later part wins.
    let make =
        |line, symbol: &'static str| move || tx(line, symbol, Action::Buy, dec!(1), None, None);
    let mut first = Ledger::default();
    first.push_with(
        None,
        "CCC",
        dec!(1),
        Some(Mark::Trade {
            date: day("2024-06-03"),
            price: dec!(10),
            currency: "USD",
            line: 2,
        }),
        make(2, "CCC"),
    );
    first.push_with(
        None,
        "FFF",
        dec!(1),
        Some(Mark::Trade {
            date: day("2024-01-01"),
            price: dec!(7),
            currency: "USD",
            line: 3,
        }),
        make(3, "FFF"),
    );
    let mut second = Ledger::default();
    second.push_with(
        None,
        "CCC",
        dec!(1),
        Some(Mark::Trade {
            date: day("2024-06-03"),
            price: dec!(11),
            currency: "USD",
            line: 4,
        }),
        make(4, "CCC"),
    );
    second.push_with(
        None,
        "FFF",
        dec!(1),
        Some(Mark::Trade {
            date: day("2024-02-01"),
            price: dec!(8),
            currency: "USD",
            line: 5,
        }),
        make(5, "FFF"),
    );
    first.append(second);
    let (holdings, _) = positions(first).expect("positions");
    let got: Vec<_> = holdings
        .iter()
        .map(|h| {
            (
                h.label().to_string(),
                h.price,
                h.stated.trade.map(|t| t.line),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("CCC".to_string(), Some(dec!(10)), Some(2)),
            ("FFF".to_string(), Some(dec!(8)), Some(5)),
        ]
    );
}

/// A trade before a split is at the old share count: after NVDA's 10-for-1, a buy at $1,200
/// would value the ten times as many shares at ten times their price. The split drops that
/// price (said in a warning) until a later trade or a given price; in parts too.
#[test]
fn a_split_after_the_last_trade_drops_its_price() {
    use ai_exposure::import::net::{positions, Ledger, Mark};
    use ai_exposure::import::{Action, Transaction};
    use chrono::NaiveDate;

    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    let tx = |line, action, q, price, d: &str| {
        let mut t = Transaction::new(line, action, q);
        t.symbol = Some("NVDA".into());
        t.price = price;
        t.date = Some(day(d));
        t.currency = Some("USD".into());
        t
    };
    // Buy 2 at 1,200 on 2024-05-01; split +18 on 2024-06-10: 20 shares, no price.
    let ledger: Ledger = [
        tx(2, Action::Buy, dec!(2), Some(dec!(1200)), "2024-05-01"),
        tx(3, Action::Split, dec!(18), None, "2024-06-10"),
    ]
    .into_iter()
    .collect();
    let (h, w) = positions(ledger).unwrap();
    assert_eq!((h[0].quantity, h[0].price), (dec!(20), None));
    assert!(w.iter().any(|w| w.line == Some(3)
        && w.message
            .contains("the split of 2024-06-10 comes after its last trade (line 2)")));
    // A buy after the split prices it again: 125 on 2024-07-01.
    let ledger: Ledger = [
        tx(2, Action::Buy, dec!(2), Some(dec!(1200)), "2024-05-01"),
        tx(3, Action::Split, dec!(18), None, "2024-06-10"),
        tx(4, Action::Buy, dec!(1), Some(dec!(125)), "2024-07-01"),
    ]
    .into_iter()
    .collect();
    let (h, _) = positions(ledger).unwrap();
    assert_eq!((h[0].quantity, h[0].price), (dec!(21), Some(dec!(125))));
    // Read in parts: the trade in the first, the split in the second.
    let make = |line| move || tx(line, Action::Buy, dec!(2), Some(dec!(1200)), "2024-05-01");
    let mut first = Ledger::default();
    first.push_with(
        None,
        "NVDA",
        dec!(2),
        Some(Mark::Trade {
            date: day("2024-05-01"),
            price: dec!(1200),
            currency: "USD",
            line: 2,
        }),
        make(2),
    );
    let mut second = Ledger::default();
    second.push_with(
        None,
        "NVDA",
        dec!(18),
        Some(Mark::Split {
            date: day("2024-06-10"),
            line: 3,
        }),
        make(3),
    );
    first.append(second);
    let (h, _) = positions(first).unwrap();
    assert_eq!((h[0].quantity, h[0].price), (dec!(20), None));
}
