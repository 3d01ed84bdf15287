//! Schwab importers (`schwab-positions`, `schwab-transactions`, `schwab-json`): every fixture in
//! `tests/fixtures/brokers/schwab/` is imported with format detection and checked holding by
//! holding against numbers worked out by hand from the file.

use std::path::{Path, PathBuf};

use ai_exposure::import::{AssetClass, Cash, Holding, Kind, Portfolio};
use ai_exposure::{import_bytes, import_file, Error};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::traded::Traded;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/brokers/schwab")
        .join(name)
}

fn import(name: &str) -> Portfolio {
    match import_file(&fixture(name), None) {
        Ok(p) => p,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A Schwab holding: USD, no ISIN. `id` is a ticker or, when `cusip` is set, a CUSIP.
#[allow(clippy::too_many_arguments)]
fn holding(
    line: u64,
    account: Option<&str>,
    id: &str,
    name: Option<&str>,
    class: Option<AssetClass>,
    quantity: Decimal,
    price: Option<Decimal>,
    value: Option<Decimal>,
) -> Holding {
    let is_cusip = id.len() == 9 && id.chars().next().is_some_and(|c| c.is_ascii_digit());
    Holding {
        account: account.map(str::to_string),
        symbol: (!is_cusip).then(|| id.to_string()),
        isin: None,
        cusip: is_cusip.then(|| id.to_string()),
        name: name.map(str::to_string),
        asset_class: class,
        quantity,
        price,
        market_value: value,
        currency: Some("USD".into()),
        line,
        stated: Default::default(),
    }
}

fn cash(line: u64, account: Option<&str>, label: &str, amount: Decimal) -> Cash {
    Cash {
        account: account.map(str::to_string),
        label: label.into(),
        amount,
        currency: Some("USD".into()),
        line,
        account_value: None,
    }
}

fn warnings(p: &Portfolio) -> Vec<(Option<u64>, String)> {
    p.warnings
        .iter()
        .map(|w| (w.line, w.message.clone()))
        .collect()
}

/// The note of a history with `n` holdings no trade of the file prices.
fn unpriced(n: usize) -> String {
    crate::traded::unpriced(n)
}

fn problems(file: &str, text: &str, broker: Option<&str>) -> Vec<String> {
    match import_bytes(file, text.as_bytes(), broker) {
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected an import error, got {other:?}"),
    }
}

use AssetClass::{Bond, Equity, Etf, Fund, Option as Opt};

// ---------------------------------------------------------------- positions

#[test]
fn positions_2021_single_account_crlf_trailing_commas() {
    let p = import("positions-2021-individual.csv");
    assert_eq!(p.broker, "schwab-positions");
    assert_eq!(p.kind, Kind::Positions);
    assert_eq!(p.as_of, date(2021, 9, 26));
    // The title's padded label "Individual      XXXX-1234" with its spaces collapsed.
    let a = Some("Individual XXXX-1234");
    assert_eq!(
        p.holdings,
        [
            // 12.5 × 299.35 = 3,741.875 → "$3,741.88" as written.
            holding(
                4,
                a,
                "MSFT",
                Some("MICROSOFT CORP"),
                Some(Equity),
                dec!(12.5),
                Some(dec!(299.35)),
                Some(dec!(3741.88))
            ),
            holding(
                5,
                a,
                "NVDA",
                Some("NVIDIA CORP"),
                Some(Equity),
                dec!(40),
                Some(dec!(220.50)),
                Some(dec!(8820.00))
            ),
            // Cost basis "Incomplete" is not read; "ETFs & Closed End Funds" → ETF.
            holding(
                6,
                a,
                "SCHB",
                Some("SCHWAB US BROAD MARKET ETF"),
                Some(Etf),
                dec!(961),
                Some(dec!(117.42)),
                Some(dec!(112840.62))
            ),
            holding(
                7,
                a,
                "NVDA 01/21/2022 250.00 C",
                Some("CALL NVIDIA CORP $250 EXP 01/21/22"),
                Some(Opt),
                dec!(1),
                Some(dec!(5.10)),
                Some(dec!(510.00))
            ),
            // A Treasury CUSIP in the Symbol column; "10,000" face value.
            holding(
                8,
                a,
                "9128285B2",
                Some("US TREASURY NOTE 2.875% 10/31/23"),
                Some(Bond),
                dec!(10000),
                Some(dec!(101.25)),
                Some(dec!(10125.00))
            ),
        ]
    );
    assert_eq!(
        p.cash,
        [cash(9, a, "Cash & Cash Investments", dec!(1042.82))]
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn positions_2021_all_accounts_blocks() {
    let p = import("positions-2021-all-accounts.csv");
    assert_eq!(p.broker, "schwab-positions");
    assert_eq!(p.as_of, date(2021, 9, 26));
    let (a, b) = (Some("Individual XXXX-1234"), Some("Roth IRA XXXX-5678"));
    assert_eq!(
        p.holdings,
        [
            holding(
                5,
                a,
                "AMZN",
                Some("AMAZON.COM INC"),
                Some(Equity),
                dec!(3),
                Some(dec!(3425.52)),
                Some(dec!(10276.56))
            ),
            holding(
                6,
                a,
                "SCHB",
                Some("SCHWAB US BROAD MARKET ETF"),
                Some(Etf),
                dec!(100.25),
                Some(dec!(117.42)),
                Some(dec!(11771.36))
            ),
            holding(
                12,
                b,
                "GOOGL",
                Some("ALPHABET INC CLASS A"),
                Some(Equity),
                dec!(2),
                Some(dec!(2836.53)),
                Some(dec!(5673.06))
            ),
            // A money-market fund is an ordinary holding, not cash.
            holding(
                13,
                b,
                "SWVXX",
                Some("SCHWAB VALUE ADVANTAGE MONEY INV"),
                Some(Fund),
                dec!(2500),
                Some(dec!(1.00)),
                Some(dec!(2500.00))
            ),
        ]
    );
    assert_eq!(
        p.cash,
        [
            cash(7, a, "Cash & Cash Investments", dec!(42.82)),
            cash(14, b, "Cash & Cash Investments", dec!(310.00)),
        ]
    );
    assert!(p.warnings.is_empty());
}

#[test]
fn positions_early_2023_custaccs_blocks() {
    let p = import("positions-2023-02-custaccs.csv");
    assert_eq!(p.as_of, date(2023, 2, 4));
    assert_eq!(
        p.holdings,
        [
            holding(
                5,
                Some("Brokerage ...301"),
                "META",
                Some("META PLATFORMS INC CLASS A"),
                Some(Equity),
                dec!(15),
                Some(dec!(186.53)),
                Some(dec!(2797.95))
            ),
            holding(
                11,
                Some("Roth Contributory IRA ...803"),
                "ORCL",
                Some("ORACLE CORP"),
                Some(Equity),
                dec!(20),
                Some(dec!(88.74)),
                Some(dec!(1774.80))
            ),
        ]
    );
    assert_eq!(
        p.cash,
        [cash(
            6,
            Some("Brokerage ...301"),
            "Cash & Cash Investments",
            dec!(12.40)
        )]
    );
}

#[test]
fn positions_2023_padded_rows_and_iso_title_date() {
    let p = import("positions-2023-06-padded.csv");
    assert_eq!(p.broker, "schwab-positions");
    assert_eq!(p.as_of, date(2023, 6, 4));
    let a = Some("Personal ...977");
    assert_eq!(
        p.holdings,
        [
            holding(
                4,
                a,
                "AVGO",
                Some("BROADCOM INC"),
                Some(Equity),
                dec!(4),
                Some(dec!(872.27)),
                Some(dec!(3489.08))
            ),
            // "1,250.25" × 117.76 = 147,229.44.
            holding(
                5,
                a,
                "AMD",
                Some("ADVANCED MICRO DEVICES INC"),
                Some(Equity),
                dec!(1250.25),
                Some(dec!(117.76)),
                Some(dec!(147229.44))
            ),
            holding(
                6,
                a,
                "VTI",
                Some("VANGUARD TOTAL STOCK MARKET ETF"),
                Some(Etf),
                dec!(0.5),
                Some(dec!(214.84)),
                Some(dec!(107.42))
            ),
            // Price "N/A", value "--": kept, value unknown.
            holding(
                7,
                a,
                "FXAIX",
                Some("FIDELITY 500 INDEX FUND"),
                Some(Fund),
                dec!(7.321),
                None,
                None
            ),
        ]
    );
    assert_eq!(
        p.cash,
        [cash(8, a, "Cash & Cash Investments", dec!(500.00))]
    );
    assert_eq!(
        warnings(&p),
        [(
            Some(7),
            "FXAIX has no price or market value: its value is unknown and not in the portfolio total"
                .to_string()
        )]
    );
}

#[test]
fn positions_2025_abbreviated_headers_option_and_money_market() {
    let p = import("positions-2025-05-abbreviated.csv");
    assert_eq!(p.as_of, date(2025, 5, 4));
    let a = Some("Individual ...123");
    assert_eq!(
        p.holdings,
        [
            holding(
                4,
                a,
                "NVDA",
                Some("NVIDIA CORP"),
                Some(Equity),
                dec!(25.5),
                Some(dec!(135.40)),
                Some(dec!(3452.70))
            ),
            holding(
                5,
                a,
                "MSFT",
                Some("MICROSOFT CORP"),
                Some(Equity),
                dec!(10),
                Some(dec!(425.10)),
                Some(dec!(4251.00))
            ),
            // A short put: −2 contracts × 3.15 × 100 = −630.00.
            holding(
                6,
                a,
                "IBIT 02/20/2026 52.50 P",
                Some("PUT ISHARES BITCOIN TRUST $52.5 EXP 02/20/26"),
                Some(Opt),
                dec!(-2),
                Some(dec!(3.15)),
                Some(dec!(-630.00))
            ),
            holding(
                7,
                a,
                "SWVXX",
                Some("SCHWAB VALUE ADVANTAGE MONEY INV"),
                Some(Fund),
                dec!(1000),
                Some(dec!(1.00)),
                Some(dec!(1000.00))
            ),
        ]
    );
    assert_eq!(
        p.cash,
        [cash(8, a, "Cash & Cash Investments", dec!(2345.67))]
    );
    assert_eq!(
        warnings(&p),
        [(
            Some(6),
            "IBIT 02/20/2026 52.50 P: negative quantity -2 (a short position) kept as is"
                .to_string()
        )]
    );
}

#[test]
fn positions_dec_2025_empty_third_header() {
    let p = import("positions-2025-12-empty-header.csv");
    assert_eq!(p.broker, "schwab-positions");
    assert_eq!(p.as_of, date(2025, 12, 8));
    let a = Some("Roth Contributory IRA ...803");
    assert_eq!(
        p.holdings,
        [
            holding(
                4,
                a,
                "AMZN",
                Some("AMAZON.COM INC"),
                Some(Equity),
                dec!(12),
                Some(dec!(226.89)),
                Some(dec!(2722.68))
            ),
            holding(
                5,
                a,
                "GOOGL",
                Some("ALPHABET INC CLASS A"),
                Some(Equity),
                dec!(8.75),
                Some(dec!(320.21)),
                Some(dec!(2801.84))
            ),
            // A brokered CD by CUSIP; the file calls it "Fixed Income".
            holding(
                6,
                a,
                "06051GHD4",
                Some("BANK OF AMERICA NA CD 4.50000% 06/15/2026"),
                Some(Bond),
                dec!(5000),
                Some(dec!(100.12)),
                Some(dec!(5006.00))
            ),
        ]
    );
    assert_eq!(
        p.cash,
        [cash(7, a, "Cash & Cash Investments", dec!(1200.00))]
    );
    assert!(p.warnings.is_empty());
}

#[test]
fn positions_apr_2026_asset_type_and_positions_total() {
    let p = import("positions-2026-04-asset-type.csv");
    assert_eq!(p.as_of, date(2026, 4, 27));
    let a = Some("Individual ...632");
    assert_eq!(
        p.holdings,
        [
            holding(
                4,
                a,
                "META",
                Some("META PLATFORMS INC CLASS CLASS A"),
                Some(Equity),
                dec!(111),
                Some(dec!(601.2701)),
                Some(dec!(66740.98))
            ),
            holding(
                5,
                a,
                "ORCL",
                Some("ORACLE CORP"),
                Some(Equity),
                dec!(50.125),
                Some(dec!(160.00)),
                Some(dec!(8020.00))
            ),
            holding(
                6,
                a,
                "NVDA 06/18/2026 200.00 C",
                Some("CALL NVIDIA CORP $200 EXP 06/18/26"),
                Some(Opt),
                dec!(1),
                Some(dec!(12.35)),
                Some(dec!(1235.00))
            ),
            holding(
                7,
                a,
                "91282CJL6",
                Some("US TREASURY NOTE 4.50% 11/15/2033"),
                Some(Bond),
                dec!(10000),
                Some(dec!(99.875)),
                Some(dec!(9987.50))
            ),
            holding(
                8,
                a,
                "QQQ",
                Some("INVESCO QQQ TRUST"),
                Some(Etf),
                dec!(2),
                Some(dec!(560.10)),
                Some(dec!(1120.20))
            ),
        ]
    );
    assert_eq!(p.cash, [cash(9, a, "Cash and Money Market", dec!(3210.45))]);
    assert!(p.warnings.is_empty());
}

#[test]
fn positions_spreadsheet_resave_unquoted_title_and_parenthesised_negatives() {
    let p = import("positions-resaved-unquoted.csv");
    assert_eq!(p.broker, "schwab-positions");
    assert_eq!(p.as_of, date(2024, 3, 15));
    let a = Some("Individual ...123");
    assert_eq!(
        p.holdings,
        [
            // "$550.50 " with a trailing space; Gain/Loss "($126.93)" is not read.
            holding(
                4,
                a,
                "NVDA",
                Some("NVIDIA CORP"),
                Some(Equity),
                dec!(100),
                Some(dec!(550.50)),
                Some(dec!(55050.00))
            ),
            holding(
                5,
                a,
                "INTC",
                Some("INTEL CORP"),
                Some(Equity),
                dec!(50),
                Some(dec!(42.80)),
                Some(dec!(2140.00))
            ),
        ]
    );
    assert_eq!(p.cash, [cash(6, a, "Cash & Cash Investments", dec!(80.12))]);
}

#[test]
fn positions_problems_are_located() {
    let text = "\"Positions for account Individual ...123 as of 12:33 PM ET, 2025/13/04\"\n\n\
\"Symbol\",\"Description\",\"Qty (Quantity)\",\"Price\",\"Mkt Val (Market Value)\",\"Security Type\"\n\
\"NVDA\",\"NVIDIA CORP\",\"25.5x\",\"$135.40\",\"$3452.70\",\"Equity\"\n\
\"MSFT\",\"MICROSOFT CORP\",\"10\",\"$4x25.10\",\"$4251.00\",\"Equity\"\n\
\"\",\"ORPHAN ROW\",\"1\",\"$1.00\",\"$1.00\",\"Equity\"\n\
\"Account Total\",\"--\",\"--\",\"--\",\"$7703.70\",\"\"\n";
    assert_eq!(
        problems("f.csv", text, None),
        [
            "f.csv:1: the title's date: \"2025/13/04\" is not a date in the expected format (%m/%d/%Y or %Y/%m/%d)",
            "f.csv:4:3: column 'Qty (Quantity)': \"25.5x\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:5:4: column 'Price': \"$4x25.10\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:6:1: column 'Symbol': is empty but required",
        ]
    );
}

// ---------------------------------------------------------------- transactions (CSV)

#[test]
fn transactions_2021_two_accounts_trailing_commas_unquoted_total() {
    let p = import("transactions-2021-two-accounts.csv");
    assert_eq!(p.broker, "schwab-transactions");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, date(2021, 9, 27));
    assert_eq!(p.transaction_count, 10);
    let (a, b) = (Some("XXXX-1234"), Some("XXXX-5678"));
    // MSFT: +15.5 (line 6) − 5 (line 3, "Sell" written positive) = 10.5; latest trade the Sell
    //   @ $299.87 on 09/20/2021 (line 3), after the Buy of 07/01.
    // SCHB: +961, bought @ $105.0736 on 07/02/2021 (line 5). The ACAT "Security Transfer" has no
    //   quantity: cash only.
    // VOO: +25 − 10 = 15; latest trade the Sell @ $412.1222 on 09/27/2021 (line 12), after the
    //   Buy of 09/01 (line 13).
    // NVDA: Stock Plan Activity +8, Stock Split +24 = 32; no trade at a price.
    assert_eq!(
        p.holdings,
        [
            holding(
                3,
                a,
                "MSFT",
                Some("MICROSOFT CORP"),
                None,
                dec!(10.5),
                None,
                None
            )
            .traded(dec!(299.87), "USD", "2021-09-20", 3),
            holding(
                5,
                a,
                "SCHB",
                Some("SCHWAB US BROAD MARKET ETF"),
                None,
                dec!(961),
                None,
                None
            )
            .traded(dec!(105.0736), "USD", "2021-07-02", 5),
            holding(
                12,
                b,
                "VOO",
                Some("VANGUARD S&P 500"),
                None,
                dec!(15),
                None,
                None
            )
            .traded(dec!(412.1222), "USD", "2021-09-27", 12),
            holding(
                15,
                b,
                "NVDA",
                Some("NVIDIA CORP"),
                None,
                dec!(32),
                None,
                None
            ),
        ]
    );
    assert_eq!(warnings(&p), [(None, unpriced(1))]);
}

#[test]
fn transactions_2023_title_total_and_as_of_dates() {
    let p = import("transactions-2023-title-total.csv");
    assert_eq!(p.broker, "schwab-transactions");
    assert_eq!(p.as_of, date(2023, 5, 3));
    assert_eq!(p.transaction_count, 12);
    let a = Some("General Investing ...XXX");
    // NVDA +12, bought @ $277.49 on 04/27/2023 (line 3). BND: +45 − 10.065 + 0.0249 (Reinvest
    // Shares) = 34.9599 (Reinvest Dividend is cash); latest trade the Sell @ $73.4049 on
    // 04/18/2023 (line 5), after the reinvestment of 04/10 (line 7) and the Buy of 03/15 (line 9).
    // SWVXX +"1,000" bought @ $1.00 on 01/12/2023 (line 12); its Cash Dividend adds nothing. MSFT
    // only has a dividend.
    assert_eq!(
        p.holdings,
        [
            holding(
                3,
                a,
                "NVDA",
                Some("NVIDIA CORP"),
                None,
                dec!(12),
                None,
                None
            )
            .traded(dec!(277.49), "USD", "2023-04-27", 3),
            holding(
                5,
                a,
                "BND",
                Some("VANGUARD TOTAL BOND MARKET ETF"),
                None,
                dec!(34.9599),
                None,
                None
            )
            .traded(dec!(73.4049), "USD", "2023-04-18", 5),
            holding(
                12,
                a,
                "SWVXX",
                Some("SCHWAB VALUE ADVANTAGE MONEY INV"),
                None,
                dec!(1000),
                None,
                None
            )
            .traded(dec!(1.00), "USD", "2023-01-12", 12),
        ]
    );
}

#[test]
fn transactions_without_title_full_action_list() {
    let p = import("transactions-2024-no-title.csv");
    assert_eq!(p.broker, "schwab-transactions");
    assert_eq!(p.as_of, None);
    assert_eq!(p.transaction_count, 30);
    // IBIT put: Buy to Open +2.            AMD: +50 − 20 = 30.
    // SCHD: Reinvest Shares +1.2345 (the dividends are cash).
    // MSFT: Security Transfer +30, Journaled Shares −4 = 26 (first share row: line 15).
    // AMC: Conversion +34; 00165C203 (CUSIP): Buy +34, Conversion −34 = 0, dropped.
    // AVGO: Buy +3, Stock Split +27 = 30.  NVDA: Stock Plan Activity +5.5; the unknown action
    // (line 28) and the expired call (line 29) are not applied.  ARCC: +100.
    // Latest trades: AMD the Sell @ $125.50 on 12/16/2024 (line 4), after the Buy of 12/02;
    // SCHD the Reinvest Shares @ $28.50 on 11/15/2024 (line 6); ARCC the Buy @ $20.10 on
    // 03/01/2024 (line 31); AVGO's Buy of 3 @ $1680.00 on 06/13/2024 (line 23) is before the Stock
    // Split of 07/15/2024 (line 21), so it does not price the 30 shares: AVGO is unpriced. The put, MSFT (transfer and journal),
    // AMC (conversion) and NVDA (stock plan) have no trade at a price.
    assert_eq!(
        p.holdings,
        [
            holding(
                3,
                None,
                "IBIT 02/20/2026 52.50 P",
                Some("PUT ISHARES BITCOIN TRUST $52.5 EXP 02/20/26"),
                Some(Opt),
                dec!(2),
                None,
                None
            ),
            holding(
                4,
                None,
                "AMD",
                Some("ADVANCED MICRO DEVICES INC"),
                None,
                dec!(30),
                None,
                None
            )
            .traded(dec!(125.50), "USD", "2024-12-16", 4),
            holding(
                6,
                None,
                "SCHD",
                Some("SCHWAB US DIVIDEND EQUITY ETF"),
                None,
                dec!(1.2345),
                None,
                None
            )
            .traded(dec!(28.50), "USD", "2024-11-15", 6),
            holding(
                15,
                None,
                "MSFT",
                Some("MICROSOFT CORP"),
                None,
                dec!(26),
                None,
                None
            ),
            holding(
                19,
                None,
                "AMC",
                Some("AMC ENTERTAINMENT CLASS A"),
                None,
                dec!(34),
                None,
                None
            ),
            holding(
                21,
                None,
                "AVGO",
                Some("BROADCOM INC"),
                None,
                dec!(30),
                None,
                None
            ),
            holding(
                27,
                None,
                "NVDA",
                Some("NVIDIA CORP"),
                None,
                dec!(5.5),
                None,
                None
            ),
            holding(
                31,
                None,
                "ARCC",
                Some("ARES CAPITAL CORP"),
                None,
                dec!(100),
                None,
                None
            )
            .traded(dec!(20.10), "USD", "2024-03-01", 31),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            (Some(28), "unknown Schwab action \"Frobnicate Shares\": the row is ignored (no change in shares)".to_string()),
            (Some(29), "option action \"Expired\" is not applied (the file does not say whether a long or a short contract left the account): check the option and its underlying".to_string()),
            (Some(21), "AVGO: the split of 2024-07-15 comes after its last trade (line 23), whose price is per share before the split, so its value is unknown until you give a price".to_string()),
            (None, unpriced(5)),
        ]
    );
}

#[test]
fn transactions_price_before_quantity_unquoted() {
    let p = import("transactions-price-before-quantity.csv");
    assert_eq!(p.broker, "schwab-transactions");
    assert_eq!(p.transaction_count, 5);
    // GOOGL +2.5; META +40 − 10 = 30 (columns found by name, not position). Latest trades: GOOGL
    // the Buy @ $1450.20 on 07/02/2020 (line 3); META the Sell @ $230.00 on 06/06/2020 (line 4),
    // after the Buy of 06/03.
    assert_eq!(
        p.holdings,
        [
            holding(
                3,
                None,
                "GOOGL",
                Some("ALPHABET INC CLASS A"),
                None,
                dec!(2.5),
                None,
                None
            )
            .traded(dec!(1450.20), "USD", "2020-07-02", 3),
            holding(
                4,
                None,
                "META",
                Some("FACEBOOK INC CLASS A"),
                None,
                dec!(30),
                None,
                None
            )
            .traded(dec!(230.00), "USD", "2020-06-06", 4),
        ]
    );
}

#[test]
fn transactions_resaved_mix_of_quoted_and_unquoted_rows() {
    let p = import("transactions-resaved-mixed.csv");
    assert_eq!(p.broker, "schwab-transactions");
    assert_eq!(p.transaction_count, 11);
    // SPY +1.6531; SNSXX +"1,259.59"; SNAXX +"600,000" − "500,135" = 99,865;
    // AVGO +1, split +9 = 10; Reverse Split: TNXP +1, old CUSIP 890260854 −1 (never bought in
    // this history: left out with a warning).
    // Latest trades: SPY Reinvest Shares @ $420.10 on 11/01/2023 (line 2); SNSXX Reinvest Shares
    // @ $1.00 on 10/16/2023 (line 4); SNAXX the Sell @ $1.00 on 09/08/2023 (line 6), after the Buy
    // of 09/01; AVGO's Buy @ $1680.00 on 06/13/2024 (line 9) is before its split (line 10): no price. TNXP has no trade.
    assert_eq!(
        p.holdings,
        [
            holding(
                2,
                None,
                "SPY",
                Some("SPDR S&P 500 ETF"),
                None,
                dec!(1.6531),
                None,
                None
            )
            .traded(dec!(420.10), "USD", "2023-11-01", 2),
            holding(
                4,
                None,
                "SNSXX",
                Some("SCHWAB US TREASURY MONEY INVESTOR"),
                None,
                dec!(1259.59),
                None,
                None
            )
            .traded(dec!(1.00), "USD", "2023-10-16", 4),
            holding(
                6,
                None,
                "SNAXX",
                Some("SCHWAB VALUE ADVANTAGE MONEY ULTRA"),
                None,
                dec!(99865),
                None,
                None
            )
            .traded(dec!(1.00), "USD", "2023-09-08", 6),
            holding(
                9,
                None,
                "AVGO",
                Some("BROADCOM INC"),
                None,
                dec!(10),
                None,
                None
            ),
            holding(
                11,
                None,
                "TNXP",
                Some("TONIX PHARMA HLDGS"),
                None,
                dec!(1),
                None,
                None
            ),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            (Some(10), "AVGO: the split of 2024-07-15 comes after its last trade (line 9), whose price is per share before the split, so its value is unknown until you give a price".to_string()),
            (Some(12), "890260854: more shares leave than enter (-1); the history probably starts after they were bought, so this position is left out".to_string()),
            (None, unpriced(2)),
        ]
    );
}

#[test]
fn transactions_problems_are_located() {
    let text = "\"Date\",\"Action\",\"Symbol\",\"Description\",\"Quantity\",\"Price\",\"Fees & Comm\",\"Amount\"\n\
\"13/45/2024\",\"Buy\",\"NVDA\",\"NVIDIA CORP\",\"10\",\"$100.00\",\"\",\"-$1000.00\"\n\
\"12/02/2024\",\"Buy\",\"AMD\",\"ADVANCED MICRO DEVICES INC\",\"\",\"$137.18\",\"\",\"-$6859.00\"\n\
\"12/03/2024\",\"Sell\",\"AMD\",\"ADVANCED MICRO DEVICES INC\",\"1O\",\"$137.18\",\"\",\"$1371.80\"\n\
\"12/04/2024\",\"\",\"AMD\",\"ADVANCED MICRO DEVICES INC\",\"\",\"\",\"\",\"$1.00\"\n";
    assert_eq!(
        problems("f.csv", text, None),
        [
            "f.csv:2:1: column 'Date': \"13/45/2024\" is not a date in the expected format (%m/%d/%Y or %m/%d/%y)",
            "f.csv:3:5: column 'Quantity': is empty but required for \"Buy\"",
            "f.csv:4:5: column 'Quantity': \"1O\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:5:2: column 'Action': is empty but required",
        ]
    );
}

// ---------------------------------------------------------------- transactions (JSON)

#[test]
fn json_brokerage_transactions() {
    let p = import("transactions-brokerage.json");
    assert_eq!(p.broker, "schwab-json");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, date(2025, 12, 31));
    assert_eq!(p.transaction_count, 9);
    // Lines are those of each transaction's "{".
    // IBIT put: Buy to Open +1.  MSFT +10.  NVDA: +0.0123 (Reinvest Shares) + 20 − 5 = 15.0123.
    // GOOGL: Journaled Shares +7 (no negative quantity or amount).
    // Latest trades: MSFT the Buy @ $480.00 on 12/01/2025 ("{" on line 31); NVDA the Reinvest
    // Shares @ $190.00 dated "11/14/2025 as of 11/13/2025" (line 43: the booking day, the first
    // date), after the Buy of 10/01 and the Sell of 09/15. GOOGL's journal states $190.00 but is
    // not a trade; the put is an option.
    assert_eq!(
        p.holdings,
        [
            holding(
                19,
                None,
                "IBIT 02/20/2026 52.50 P",
                Some("PUT ISHARES BITCOIN TRUST $52.5 EXP 02/20/26"),
                Some(Opt),
                dec!(1),
                None,
                None
            ),
            holding(
                31,
                None,
                "MSFT",
                Some("MICROSOFT CORP"),
                None,
                dec!(10),
                None,
                None
            )
            .traded(dec!(480.00), "USD", "2025-12-01", 31),
            holding(
                43,
                None,
                "NVDA",
                Some("NVIDIA CORP"),
                None,
                dec!(15.0123),
                None,
                None
            )
            .traded(dec!(190.00), "USD", "2025-11-14", 43),
            holding(
                91,
                None,
                "GOOGL",
                Some("ALPHABET INC CLASS A"),
                None,
                dec!(7),
                None,
                None
            ),
        ]
    );
    assert_eq!(warnings(&p), [(None, unpriced(2))]);
}

#[test]
fn json_equity_award_transactions() {
    let p = import("transactions-equity-awards.json");
    assert_eq!(p.broker, "schwab-json");
    assert_eq!(p.as_of, date(2024, 12, 31));
    assert_eq!(p.transaction_count, 7);
    // GOOG: Deposit +13.6, Journal (shares out to the brokerage account) −5, Sale −4.4,
    // Deposit +10 = 14.2. Lapse, Dividend and Tax Withholding change no shares. The Sale states
    // no price (only its amount, $720.50) and a vest's fair market value is not a trade: no price.
    assert_eq!(
        p.holdings,
        [holding(5, None, "GOOG", None, None, dec!(14.2), None, None)]
    );
}

#[test]
fn json_problems_are_located_on_the_key_line() {
    let text = r#"{
  "FromDate": "01/01/2025",
  "ToDate": "12/31/2025",
  "BrokerageTransactions": [
    {
      "Date": "12/01/2025",
      "Action": "Buy",
      "Symbol": "MSFT",
      "Quantity": "1O",
      "Price": "$480.00",
      "Amount": "-$4,800.00"
    },
    {"Date": "2025-12-02", "Action": "Sell", "Symbol": "MSFT", "Quantity": "1", "Amount": "$480.00"},
    {"Date": "12/03/2025", "Action": "Buy", "Symbol": "NVDA", "Quantity": null, "Amount": "-$1.00"}
  ]
}"#;
    assert_eq!(
        problems("f.json", text, None),
        [
            "f.json:9: transaction 1: field \"Quantity\": \"1O\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.json:13: transaction 2: field \"Date\": \"2025-12-02\" is not a date in the expected format (%m/%d/%Y or %m/%d/%y)",
            "f.json:14: transaction 3: field \"Quantity\": is empty but required for \"Buy\"",
        ]
    );
    let broken = "{\n  \"BrokerageTransactions\": [\n    {\"Date\": \"12/01/2025\",}\n  ]\n}";
    let got = problems("f.json", broken, None);
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with("f.json:3: not valid JSON: "), "{got:?}");
}

// ---------------------------------------------------------------- detection

#[test]
fn schwab_formats_do_not_claim_the_generic_sample() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/sample_portfolio.csv");
    let p = import_file(&sample, None).expect("generic sample");
    assert_eq!(p.broker, "generic");
    let p = import_bytes("f.csv", b"Symbol,Shares,Price\nMSFT,3,400\n", None).expect("generic");
    assert_eq!(p.broker, "generic");
    // A Date/Action/Symbol/Quantity/Amount history without Schwab's "Fees & Comm" is not
    // claimed as a Schwab history (the generic Symbol + Quantity CSV reads it).
    let p = import_bytes(
        "f.csv",
        b"Date,Action,Symbol,Quantity,Amount\n01/02/2024,Buy,MSFT,1,-400\n",
        None,
    )
    .expect("generic");
    assert_eq!(p.broker, "generic");
}

#[test]
fn forcing_a_schwab_format_on_another_file_is_a_clear_error() {
    assert_eq!(
        problems("f.csv", "Symbol,Shares\nMSFT,3\n", Some("schwab-transactions")),
        ["f.csv: no header row with Date, Action, Symbol, Quantity, Fees & Comm and Amount columns"]
    );
    assert_eq!(
        problems(
            "f.csv",
            "Date,Amount\n01/02/2024,5\n",
            Some("schwab-positions")
        ),
        ["f.csv: no header row with \"Symbol\" and \"Quantity\" (or \"Qty (Quantity)\") columns"]
    );
}

#[test]
fn title_less_positions_export_is_still_schwab() {
    let text = "\"Symbol\",\"Description\",\"Qty (Quantity)\",\"Price\",\"Mkt Val (Market Value)\",\"% of Acct (% of Account)\",\"Security Type\"\n\
\"AVGO\",\"BROADCOM INC\",\"2\",\"$170.00\",\"$340.00\",\"100%\",\"Equity\"\n";
    let p = import_bytes("f.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.broker, "schwab-positions");
    assert_eq!(p.as_of, None);
    assert_eq!(
        p.holdings,
        [holding(
            2,
            None,
            "AVGO",
            Some("BROADCOM INC"),
            Some(Equity),
            dec!(2),
            Some(dec!(170.00)),
            Some(dec!(340.00))
        )]
    );
}
