//! US history importers: Robinhood activity report, Merrill Edge transactions, TD Ameritrade
//! transactions, Webull orders. Each fixture is imported with format detection, and the positions
//! netted from it are checked field by field against quantities worked out by hand (in comments).

use ai_exposure::import::{AssetClass, Holding, Kind};
use ai_exposure::{import_bytes, import_file, Error, Portfolio};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::reference::root;
use crate::traded::{unpriced, Traded};

fn import(fixture: &str) -> Portfolio {
    let path = root().join("tests/fixtures/brokers").join(fixture);
    import_file(&path, None).unwrap_or_else(|e| panic!("{fixture}: {e}"))
}

fn problems(bytes: &[u8]) -> Vec<String> {
    match import_bytes("f.csv", bytes, None) {
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected an import error, got {other:?}"),
    }
}

/// A netted position in dollars, without a price (add one with `.traded(...)`) or a value.
fn held(
    line: u64,
    account: Option<&str>,
    symbol: Option<&str>,
    cusip: Option<&str>,
    name: Option<&str>,
    asset_class: Option<AssetClass>,
    quantity: Decimal,
) -> Holding {
    Holding {
        account: account.map(str::to_string),
        symbol: symbol.map(str::to_string),
        isin: None,
        cusip: cusip.map(str::to_string),
        name: name.map(str::to_string),
        asset_class,
        quantity,
        price: None,
        market_value: None,
        currency: Some("USD".into()),
        line,
        stated: Default::default(),
    }
}

fn warnings(p: &Portfolio) -> Vec<(Option<u64>, &str)> {
    p.warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect()
}

fn check_history(p: &Portfolio, broker: &str, transactions: usize) {
    assert_eq!(p.broker, broker);
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, None, "the exports state no date of their own");
    assert_eq!(p.cash, []);
    assert_eq!(p.transaction_count, transactions);
}

// ---------------------------------------------------------------- Robinhood

#[test]
fn robinhood_activity_report() {
    let p = import("robinhood/activity.csv");
    // 18 activity rows; the `""` line and the 10-field disclaimer are skipped.
    check_history(&p, "robinhood", 18);
    let option = Some(AssetClass::Option);
    assert_eq!(
        p.holdings,
        [
            // AMD 9/20/2024 Call $160.00: BTO 2 (line 9) − STC 1 (line 6) = 1 contract.
            held(
                6,
                None,
                Some("AMD 9/20/2024 Call $160.00"),
                None,
                Some("AMD 9/20/2024 Call $160.00"),
                option,
                dec!(1)
            ),
            // NVDA: Buy 0.5 (line 21) + SPL 4.5 (line 19) + Buy 10 (line 12) − Sell 2.25 (line 7) = 12.75;
            // the CUSIP comes from the description's second line. The NVDA put (STO 1, then OEXP
            // "1" closing the short) and the SOFI call (BTO 1, then OEXP "1S") net to zero.
            // Latest trade: Sell 2.25 @ $118.50 on 7/19/2024 (line 7), after the Buy of 7/12.
            held(
                7,
                None,
                Some("NVDA"),
                Some("67066G104"),
                Some("NVIDIA"),
                None,
                dec!(12.75)
            )
            .traded(dec!(118.50), "USD", "2024-07-19", 7),
            // ORCL: REC 2 shares received; no trade, so no price.
            held(
                15,
                None,
                Some("ORCL"),
                Some("68389X105"),
                Some("Oracle"),
                None,
                dec!(2)
            ),
            // MSFT: Buy 3.5; its CDIV on line 2 moves no shares. Its only trade: Buy 3.5 @ $415.00
            // on 6/3/2024 (line 23).
            held(
                23,
                None,
                Some("MSFT"),
                Some("594918104"),
                Some("Microsoft"),
                None,
                dec!(3.5)
            )
            .traded(dec!(415.00), "USD", "2024-06-03", 23),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            (
                Some(17),
                "unknown Robinhood Trans Code \"CCBR\" (\"Card Cashback Reward\"): the row is ignored"
            ),
            // The AMD call (options are not priced from a history) and ORCL.
            (None, unpriced(2).as_str()),
        ]
    );
}

#[test]
fn robinhood_report_resaved_by_a_spreadsheet() {
    // Unquoted, CRLF, `11/28/23` dates, `$146.74 ` prices with a trailing space.
    let p = import("robinhood/resaved.csv");
    check_history(&p, "robinhood", 11);
    assert_eq!(
        p.holdings,
        [
            // BTO 2 contracts.
            held(
                2,
                None,
                Some("AMZN 12/1/2023 Call $150.00"),
                None,
                Some("AMZN 12/1/2023 Call $150.00"),
                Some(AssetClass::Option),
                dec!(2)
            ),
            // Buy 12.5 @ "$146.74 " (trailing space) on 11/24/23, line 4: its only trade.
            held(
                4,
                None,
                Some("AMZN"),
                Some("023135106"),
                Some("Amazon"),
                None,
                dec!(12.5)
            )
            .traded(dec!(146.74), "USD", "2023-11-24", 4),
            // Buy 4 (line 8) − Sell 1 (line 6) = 3. Latest trade: Sell 1 @ $339.97 on 11/22/23
            // (line 6), after the Buy of 11/20/23.
            held(
                6,
                None,
                Some("META"),
                Some("30303M102"),
                Some("Meta Platforms"),
                None,
                dec!(3)
            )
            .traded(dec!(339.97), "USD", "2023-11-22", 6),
            // GOOGL: Buy 100 − Sell 100 on assignment = 0; its call: STO 1 + OASGN 1 = 0.
        ]
    );
    // The AMZN call.
    assert_eq!(warnings(&p), [(None, unpriced(1).as_str())]);
}

#[test]
fn robinhood_s_suffix_means_the_quantity_leaves() {
    // A SPAC merger: the old shares and options leave ("S"), the new ones arrive.
    let csv = "\"Activity Date\",\"Process Date\",\"Settle Date\",\"Instrument\",\"Description\",\"Trans Code\",\"Quantity\",\"Price\",\"Amount\"\n\
\"6/15/2021\",\"6/15/2021\",\"6/15/2021\",\"PTRA\",\"PTRA 7/16/2021 Call $20.00\",\"OCA\",\"1\",\"\",\"\"\n\
\"6/15/2021\",\"6/15/2021\",\"6/15/2021\",\"ACTC\",\"ACTC 7/16/2021 Call $20.00\",\"OCA\",\"1S\",\"\",\"\"\n\
\"6/15/2021\",\"6/15/2021\",\"6/15/2021\",\"PTRA\",\"Proterra\nCUSIP: 74374T109\",\"SXCH\",\"140\",\"\",\"\"\n\
\"6/15/2021\",\"6/15/2021\",\"6/15/2021\",\"ACTC\",\"ArcLight Clean Transition\nCUSIP: G04561109\",\"SXCH\",\"140S\",\"\",\"\"\n\
\"5/3/2021\",\"5/3/2021\",\"5/4/2021\",\"ACTC\",\"ACTC 7/16/2021 Call $20.00\",\"BTO\",\"1\",\"$2.10\",\"($210.00)\"\n\
\"5/3/2021\",\"5/3/2021\",\"5/5/2021\",\"ACTC\",\"ArcLight Clean Transition\nCUSIP: G04561109\",\"Buy\",\"140\",\"$12.00\",\"($1,680.00)\"\n";
    let p = import_bytes("f.csv", csv.as_bytes(), None).expect("import");
    assert_eq!(
        p.holdings,
        [
            held(
                2,
                None,
                Some("PTRA 7/16/2021 Call $20.00"),
                None,
                Some("PTRA 7/16/2021 Call $20.00"),
                Some(AssetClass::Option),
                dec!(1)
            ),
            held(
                4,
                None,
                Some("PTRA"),
                Some("74374T109"),
                Some("Proterra"),
                None,
                dec!(140)
            ),
        ]
    );
}

#[test]
fn robinhood_broken_cells_are_located() {
    let csv = "\"Activity Date\",\"Process Date\",\"Settle Date\",\"Instrument\",\"Description\",\"Trans Code\",\"Quantity\",\"Price\",\"Amount\"\n\
\"7/32/2024\",\"7/31/2024\",\"8/2/2024\",\"NVDA\",\"NVIDIA\nCUSIP: 67066G104\",\"Buy\",\"1\",\"$1.00\",\"($1.00)\"\n\
\"7/30/2024\",\"7/30/2024\",\"8/1/2024\",\"NVDA\",\"NVIDIA\nCUSIP: 67066G104\",\"Buy\",\"2x\",\"$1.00\",\"($2.00)\"\n\
\"7/29/2024\",\"7/29/2024\",\"7/31/2024\",\"NVDA\",\"NVIDIA\nCUSIP: 67066G104\",\"Sell\",\"\",\"$1.00\",\"$1.00\"\n";
    assert_eq!(
        problems(csv.as_bytes()),
        [
            "f.csv:2:1: column 'Activity Date': \"7/32/2024\" is not a date in the expected format (%m/%d/%Y or %m/%d/%y)",
            "f.csv:4:7: column 'Quantity': \"2x\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:6:7: column 'Quantity': is empty but required for Sell",
        ]
    );
}

// ---------------------------------------------------------------- Merrill Edge

#[test]
fn merrill_edge_transactions() {
    let p = import("merrill/transactions.csv");
    check_history(&p, "merrill", 19);
    let (ira, cma) = (Some("51X-98940"), Some("812-43946"));
    assert_eq!(
        p.holdings,
        [
            // IRA NVDA: a pending Purchase 5 (trade-date basis) @ 119.10 on 07/15/2024, line 2.
            held(
                2,
                ira,
                Some("NVDA"),
                None,
                Some("NVIDIA CORP"),
                None,
                dec!(5)
            )
            .traded(dec!(119.10), "USD", "2024-07-15", 2),
            // IRA MSFT: Purchase 12 (line 19) + Sale "-2" (line 6) + Reinvestment Share(s) .0200
            // (line 5) = 10.02; the Dividend and the Reinvestment Program rows are cash. Latest
            // trade: the reinvestment @ 450.00 on 07/12/2024 (line 5), after the Sale of 07/10.
            held(
                5,
                ira,
                Some("MSFT"),
                None,
                Some("MICROSOFT CORP"),
                None,
                dec!(10.02)
            )
            .traded(dec!(450.00), "USD", "2024-07-12", 5),
            // The IRA's TSLA call: Option Sale -1 (line 18), Option Expired closes it (+1) = 0.
            // CMA option: Option Purchase 1.
            held(
                8,
                cma,
                Some("AVGO#A1725D18000000"),
                None,
                Some("CALL AVGO 01/17/25 1800 BROADCOM INC"),
                Some(AssetClass::Option),
                dec!(1)
            ),
            // CMA NVDA: Purchase 10 (line 15) + due bill 90 (line 12) − due bill 90 (line 11)
            // + stock dividend 90 for $0.00 (line 10) = 100 (the 10-for-1 split). Its only trade
            // is the Purchase @ 1,150.00 on 06/03/2024 (line 15), before the split: at the old
            // share count, so it does not price the 100 shares (a warning says so).
            held(
                10,
                cma,
                Some("NVDA"),
                None,
                Some("NVIDIA CORP"),
                None,
                dec!(100)
            ),
            // CMA GOOGL: Transfer / Adjustment 15 (ACAT in); no trade, no price.
            held(
                13,
                cma,
                Some("GOOGL"),
                None,
                Some("ALPHABET INC CL A"),
                None,
                dec!(15)
            ),
            // A CD bought by CUSIP: 10,000 (par) on 06/04/2024 (line 14) at 100.00 percent of par,
            // (10,000.00) paid: 1.00 per unit of face value.
            held(
                14,
                cma,
                None,
                Some("06051GHF9"),
                Some("BANK OF AMERICA NA CD 5.000% JUL 15 2025"),
                None,
                dec!(10000)
            )
            .traded(dec!(1.00), "USD", "2024-06-04", 14),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            (
                Some(17),
                "unknown Merrill activity \"SecurityTransactions\" / \"Conversion\": its quantity 10 is not counted; the row is ignored"
            ),
            (
                Some(10),
                "NVDA: the split of 2024-06-10 comes after its last trade (line 15), whose price is per share before the split, so its value is unknown until you give a price"
            ),
            // The AVGO call, NVDA (priced before its split) and GOOGL.
            (None, unpriced(3).as_str()),
        ]
    );
}

#[test]
fn merrill_edge_header_without_trailing_space() {
    // `Description 1` without its trailing space, unpadded dates, CRLF.
    let p = import("merrill/no-trailing-space.csv");
    check_history(&p, "merrill", 7);
    let acct = Some("812-43946");
    assert_eq!(
        p.holdings,
        [
            // Purchase 3 @ 1,774.26 on 3/26/2019 (line 5); dividends, fees, withdrawals, checks
            // and deposits move no shares.
            held(
                5,
                acct,
                Some("AMZN"),
                None,
                Some("AMAZON COM INC"),
                None,
                dec!(3)
            )
            .traded(dec!(1774.26), "USD", "2019-03-26", 5),
            // Purchase 2069 @ 42.10 on 3/4/2019 (line 8); the dividend and fee rows are cash.
            held(
                8,
                acct,
                Some("BP"),
                None,
                Some("BP PLC SPON ADR"),
                None,
                dec!(2069)
            )
            .traded(dec!(42.10), "USD", "2019-03-04", 8),
        ]
    );
    // Every holding is priced: no note.
    assert_eq!(warnings(&p), []);
}

#[test]
fn merrill_broken_cells_are_located() {
    let csv = "\"Trade Date\",\"Settlement Date\",\"Pending/Settled\",\"Account Nickname\",\"Account Registration\",\"Account #\",\"Type\",\"Description 1 \",\"Description 2\",\"Symbol/CUSIP #\",\"Quantity\",\"Price ($)\",\"Amount ($)\"\n\
\"07/15/2024\",\"07/16/2024\",\"Settled\",\"R\",\"IRRA-Edge\",\"51X-98940\",\"SecurityTransactions\",\"Purchase \",\"NVIDIA CORP\",\"NVDA\",\"5\",\"119.10\",\"(59x.50)\"\n\
\"2024-07-12\",\"07/16/2024\",\"Settled\",\"R\",\"IRRA-Edge\",\"51X-98940\",\"SecurityTransactions\",\"Sale \",\"NVIDIA CORP\",\"NVDA\",\"--\",\"119.10\",\"595.50\"\n";
    assert_eq!(
        problems(csv.as_bytes()),
        [
            "f.csv:2:13: column 'Amount ($)': \"(59x.50)\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:3:1: column 'Trade Date': \"2024-07-12\" is not a date in the expected format (%m/%d/%Y)",
            "f.csv:3:11: column 'Quantity': is empty but required for \"Sale\"",
        ]
    );
}

// ---------------------------------------------------------------- TD Ameritrade

#[test]
fn td_ameritrade_transactions() {
    let p = import("tdameritrade/transactions.csv");
    // 17 rows before `***END OF FILE***`.
    check_history(&p, "tdameritrade", 17);
    assert_eq!(
        p.holdings,
        [
            // "Bought 10 MSFT @ 316.38" on 01/05/2022 (line 3); the dividend of line 12 is cash.
            held(3, None, Some("MSFT"), None, None, None, dec!(10)).traded(
                dec!(316.38),
                "USD",
                "2022-01-05",
                3,
            ),
            // Bought 20 − Sold 4. Latest trade: "Sold 4 NVDA @ 250.00" on 03/10/2022 (line 13).
            held(4, None, Some("NVDA"), None, None, None, dec!(16)).traded(
                dec!(250.00),
                "USD",
                "2022-03-10",
                13,
            ),
            // The AMD call: Bought 2 − Sold 1, its expiration removes the last one (−1) = 0.
            // AVGO: "Bought 0.0845 AVGO @ 600.30" on 01/12/2022 (line 6).
            held(6, None, Some("AVGO"), None, None, None, dec!(0.0845)).traded(
                dec!(600.30),
                "USD",
                "2022-01-12",
                6,
            ),
            // The ORCL put sold short (−1) is closed by its expiration (+1) = 0.
            held(
                10,
                None,
                Some("AMZN Jun 17 2022 3000.0 Call"),
                None,
                None,
                Some(AssetClass::Option),
                dec!(1)
            ),
            // A Treasury bill bought by CUSIP: "Bought 5000 912797LB1 @ 99.52" on 03/15/2022
            // (line 14), 4976.00 paid: 99.52 percent of par, 0.9952 per dollar of face value.
            held(14, None, None, Some("912797LB1"), None, None, dec!(5000)).traded(
                dec!(0.9952),
                "USD",
                "2022-03-15",
                14,
            ),
            // Transfer in 3 + stock split 57 = 60; no trade, no price.
            held(16, None, Some("GOOGL"), None, None, None, dec!(60)),
        ]
    );
    // The AMZN call and GOOGL.
    assert_eq!(warnings(&p), [(None, unpriced(2).as_str())]);
}

#[test]
fn td_ameritrade_net_cash_balance_variant() {
    let p = import("tdameritrade/net-cash-balance.csv");
    check_history(&p, "tdameritrade", 7);
    assert_eq!(
        p.holdings,
        [
            // The MMDA10 money-market purchase is the cash sweep, not a holding.
            // HDV: "Bought 40 HDV @ 64.80" on 07/01/2013 (line 3), its only trade.
            held(3, None, Some("HDV"), None, None, None, dec!(40)).traded(
                dec!(64.80),
                "USD",
                "2013-07-01",
                3,
            ),
            // ORCL: "Bought 10 ORCL @ 32.50" on 08/15/2013 (line 7).
            held(7, None, Some("ORCL"), None, None, None, dec!(10)).traded(
                dec!(32.50),
                "USD",
                "2013-08-15",
                7,
            ),
        ]
    );
    // Both are priced: no note about unpriced holdings.
    assert_eq!(
        warnings(&p),
        [(
            Some(8),
            "\"MANDATORY - EXCHANGE (HDV)\": a movement of 40 shares that is not understood; the row is ignored"
        )]
    );
}

#[test]
fn td_ameritrade_broken_cells_are_located() {
    let csv = "DATE,TRANSACTION ID,DESCRIPTION,QUANTITY,SYMBOL,PRICE,COMMISSION,AMOUNT,REG FEE,SHORT-TERM RDM FEE,FUND REDEMPTION FEE, DEFERRED SALES CHARGE\n\
2021-06-11,35XXXXXXXXX,Bought 30 BP @ 27.71,30,BP,27.71,0.00,-831.30,,,,\n\
06/11/2021,35XXXXXXXXX,Bought 50 LUV @ 57.44,5O,LUV,57.44,0.00,-2872.00,,,,\n\
***END OF FILE***\n";
    assert_eq!(
        problems(csv.as_bytes()),
        [
            "f.csv:2:1: column 'DATE': \"2021-06-11\" is not a date in the expected format (%m/%d/%Y)",
            "f.csv:3:4: column 'QUANTITY': \"5O\" is not a number: expected digits such as 1234.56 or $1,234.56",
        ]
    );
}

// ---------------------------------------------------------------- Webull

#[test]
fn webull_orders() {
    let p = import("webull/orders.csv");
    // 6 executed orders; 3 cancelled or failed ones are left out.
    check_history(&p, "webull", 6);
    assert_eq!(
        p.holdings,
        [
            // OCC option: Buy 2 (line 3) − Sell 1 (line 2) = 1 contract.
            held(
                2,
                None,
                Some("NVDA240816C00120000"),
                None,
                Some("NVDA 08/16/2024 120.00 Call"),
                Some(AssetClass::Option),
                dec!(1)
            ),
            // Buy 10 − the 3 of a Partial Filled sell of 5 = 7. Latest trade: that sell, filled
            // 07/18/2024 at Avg Price 131.00 (line 4), after the Buy filled 07/15/2024.
            held(
                4,
                None,
                Some("NVDA"),
                None,
                Some("NVIDIA Corp"),
                None,
                dec!(7)
            )
            .traded(dec!(131.00), "USD", "2024-07-18", 4),
            // Buy 0.75 filled 07/16/2024 (line 7) at Avg Price 415.18, not the limit "@415.20".
            held(
                7,
                None,
                Some("MSFT"),
                None,
                Some("Microsoft Corp"),
                None,
                dec!(0.75)
            )
            .traded(dec!(415.18), "USD", "2024-07-16", 7),
            // Placed 12/04/2023, filled 12/05/2023 09:30:02 EST (line 10) at Avg Price 289.95: the
            // fill's day is the trade's.
            held(
                10,
                None,
                Some("META"),
                None,
                Some("Meta Platforms Inc"),
                None,
                dec!(4)
            )
            .traded(dec!(289.95), "USD", "2023-12-05", 10),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            (
                None,
                "3 orders that did not execute (2 Cancelled, 1 Failed) are left out"
            ),
            // The NVDA call.
            (None, unpriced(1).as_str()),
        ]
    );
}

#[test]
fn webull_options_orders_with_plain_prices() {
    let p = import("webull/options-orders.csv");
    check_history(&p, "webull", 4);
    let option = Some(AssetClass::Option);
    assert_eq!(
        p.holdings,
        [
            // Partial Filled: 2 of 4 contracts.
            held(
                2,
                None,
                Some("MSFT251219C00520000"),
                None,
                Some("MSFT251219C00520000"),
                option,
                dec!(2)
            ),
            held(
                3,
                None,
                Some("AMZN251219P00220000"),
                None,
                Some("AMZN251219P00220000"),
                option,
                dec!(1)
            ),
            // The SPY call bought and sold the same day nets to zero.
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            (
                None,
                "1 order that did not execute (1 Cancelled) is left out"
            ),
            // Both holdings are options, which a history does not price.
            (None, unpriced(2).as_str()),
        ]
    );
}

#[test]
fn webull_broken_cells_are_located() {
    let csv = "Name,Symbol,Side,Status,Filled,Total Qty,Price,Avg Price,Time-in-Force,Placed Time,Filled Time\n\
Apple Inc,AAPL,Buy,Filled,2,2,@310.05,310.O5,DAY,06/01/2026 07:21:12 EDT,06/01/2026 07:21:32 EDT\n\
Apple Inc,AAPL,Buy,Filled,2,2,@310.05,310.05,DAY,06/01/2026 07:21:12 EDT,06/31/2026 07:21:32 EDT\n\
Apple Inc,AAPL,Buy,Cancelled,0,2,@abc,,DAY,garbage,\n";
    assert_eq!(
        problems(csv.as_bytes()),
        [
            "f.csv:2:8: column 'Avg Price': \"310.O5\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:3:11: column 'Filled Time': \"06/31/2026 07:21:32\" is not a date in the expected format (%m/%d/%Y %H:%M:%S or %m/%d/%Y %H:%M or %m/%d/%Y)",
        ]
    );
}

// ---------------------------------------------------------------- detection

#[test]
fn each_fixture_is_detected_as_its_format_and_the_generic_sample_stays_generic() {
    for (fixture, broker) in [
        ("robinhood/activity.csv", "robinhood"),
        ("robinhood/resaved.csv", "robinhood"),
        ("merrill/transactions.csv", "merrill"),
        ("merrill/no-trailing-space.csv", "merrill"),
        ("tdameritrade/transactions.csv", "tdameritrade"),
        ("tdameritrade/net-cash-balance.csv", "tdameritrade"),
        ("webull/orders.csv", "webull"),
        ("webull/options-orders.csv", "webull"),
    ] {
        assert_eq!(import(fixture).broker, broker, "{fixture}");
    }
    let sample = root().join("data/samples/sample_portfolio.csv");
    assert_eq!(
        import_file(&sample, None).expect("sample").broker,
        "generic"
    );
    // Forcing one of these formats on the generic sample is a clear error, not a misread.
    for broker in ["robinhood", "merrill", "tdameritrade", "webull"] {
        match import_file(&sample, Some(broker)) {
            Err(e) => assert!(e.to_string().contains("header"), "{broker}: {e}"),
            Ok(p) => panic!("{broker} read the generic sample: {p:?}"),
        }
    }
}

#[test]
fn non_ascii_symbols_do_not_panic() {
    // `toolkit::is_option` slices symbols by bytes; a long non-ASCII symbol must not reach it.
    let merrill = "\"Trade Date\",\"Settlement Date\",\"Pending/Settled\",\"Account Nickname\",\"Account Registration\",\"Account #\",\"Type\",\"Description 1 \",\"Description 2\",\"Symbol/CUSIP #\",\"Quantity\",\"Price ($)\",\"Amount ($)\"\n\
\"07/15/2024\",\"07/16/2024\",\"Settled\",\"R\",\"IRRA-Edge\",\"51X-98940\",\"SecurityTransactions\",\"Purchase \",\"SOCIÉTÉ\",\"ÄÄÄÄÄÄÄÄÄ\",\"5\",\"1.00\",\"(5.00)\"\n";
    let p = import_bytes("f.csv", merrill.as_bytes(), None).expect("import");
    assert_eq!(p.holdings[0].symbol.as_deref(), Some("ÄÄÄÄÄÄÄÄÄ"));
    let webull = "Name,Symbol,Side,Status,Filled,Total Qty,Price,Avg Price,Time-in-Force,Placed Time,Filled Time\n\
Société,ÉÉÉÉÉÉÉÉÉ,Buy,Filled,2,2,@1,1,DAY,06/01/2026 07:21:12 EDT,06/01/2026 07:21:32 EDT\n";
    let p = import_bytes("f.csv", webull.as_bytes(), None).expect("import");
    assert_eq!(p.holdings[0].asset_class, None);
    let tda = "DATE,TRANSACTION ID,DESCRIPTION,QUANTITY,SYMBOL,PRICE,COMMISSION,AMOUNT\n\
06/11/2021,1,Bought 3 ÖÖÖÖÖÖÖÖÖ @ 1,3,ÖÖÖÖÖÖÖÖÖ,1,0.00,-3.00\n";
    let p = import_bytes("f.csv", tda.as_bytes(), None).expect("import");
    assert_eq!(p.holdings[0].quantity, dec!(3));
}

/// Random edits of each fixture give an import or a located error, never a panic (the same
/// deterministic xorshift mutation as the generic importer's test).
#[test]
fn mutated_fixtures_never_panic() {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = "\",\n\r$().-+0123456789SCPabcXYZ@# \tÄ".as_bytes();
    for fixture in [
        "robinhood/activity.csv",
        "robinhood/resaved.csv",
        "merrill/transactions.csv",
        "tdameritrade/transactions.csv",
        "webull/orders.csv",
    ] {
        let base =
            std::fs::read(root().join("tests/fixtures/brokers").join(fixture)).expect("fixture");
        for _ in 0..400 {
            let mut bytes = base.clone();
            for _ in 0..(1 + next() % 8) {
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
            if let Ok(p) = import_bytes("m.csv", &bytes, None) {
                assert!(!p.holdings.is_empty());
            }
        }
    }
}
