//! Interactive Brokers: Activity Statement CSV (`ibkr-activity`) and Flex Query CSV
//! (`ibkr-flex`). Each fixture is imported through detection and its holdings compared in full;
//! the numbers are worked out by hand from the fixture lines.

use std::path::PathBuf;

use ai_exposure::import::{AssetClass, Kind, StatedRate, TradeRef};
use ai_exposure::{import_bytes, import_file, Error, Portfolio};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::traded::{rate, trade, unpriced};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/brokers/ibkr")
        .join(name)
}

fn import(name: &str) -> Portfolio {
    import_file(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A holding's fields, without its source line; `trade` and `rate` are what it states about its
/// price (the trade a history's price is from, IBKR's rate to the base currency).
#[derive(Debug, PartialEq)]
struct H {
    account: Option<String>,
    symbol: Option<String>,
    isin: Option<String>,
    cusip: Option<String>,
    name: Option<String>,
    class: Option<AssetClass>,
    quantity: Decimal,
    price: Option<Decimal>,
    value: Option<Decimal>,
    currency: Option<String>,
    trade: Option<TradeRef>,
    rate: Option<StatedRate>,
}

impl H {
    /// Priced by the trade of `line` on `date` (`YYYY-MM-DD`), in the holding's currency.
    fn traded(self, price: Decimal, date: &str, line: u64) -> H {
        H {
            price: Some(price),
            trade: trade(date, line),
            ..self
        }
    }

    /// With the statement's rate from the holding's currency to the base currency.
    fn rated(self, rate: StatedRate) -> H {
        H {
            rate: Some(rate),
            ..self
        }
    }
}

fn s(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_string())
}

/// `(account, symbol, isin, cusip, name)`: "" is none.
#[allow(clippy::too_many_arguments)]
fn h(
    ids: (&str, &str, &str, &str, &str),
    class: Option<AssetClass>,
    quantity: Decimal,
    price: Option<Decimal>,
    value: Option<Decimal>,
    currency: &str,
) -> H {
    H {
        account: s(ids.0),
        symbol: s(ids.1),
        isin: s(ids.2),
        cusip: s(ids.3),
        name: s(ids.4),
        class,
        quantity,
        price,
        value,
        currency: s(currency),
        trade: None,
        rate: None,
    }
}

fn holdings(p: &Portfolio) -> Vec<H> {
    p.holdings
        .iter()
        .map(|x| H {
            account: x.account.clone(),
            symbol: x.symbol.clone(),
            isin: x.isin.clone(),
            cusip: x.cusip.clone(),
            name: x.name.clone(),
            class: x.asset_class,
            quantity: x.quantity,
            price: x.price,
            value: x.market_value,
            currency: x.currency.clone(),
            trade: x.stated.trade,
            rate: x.stated.rate.clone(),
        })
        .collect()
}

/// `(account, label, amount, currency, line)`.
type CashRow = (Option<String>, String, Decimal, Option<String>, u64);

fn cash(p: &Portfolio) -> Vec<CashRow> {
    p.cash
        .iter()
        .map(|c| {
            (
                c.account.clone(),
                c.label.clone(),
                c.amount,
                c.currency.clone(),
                c.line,
            )
        })
        .collect()
}

fn warnings(p: &Portfolio) -> Vec<(Option<u64>, String)> {
    p.warnings
        .iter()
        .map(|w| (w.line, w.message.clone()))
        .collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

fn problems(bytes: &[u8], broker: Option<&str>) -> Vec<String> {
    match import_bytes("f.csv", bytes, broker) {
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected an import error, got {other:?}"),
    }
}

use AssetClass::{Bond, Crypto, Equity, Etf, Option as Opt};

// ---------------------------------------------------------------- Activity Statement

#[test]
#[rustfmt::skip]
fn activity_statement_positions_instruments_and_cash() {
    let p = import("activity-statement.csv");
    assert_eq!(p.broker, "ibkr-activity");
    assert_eq!(p.kind, Kind::Positions);
    // Statement,Data,Period,"January 1, 2025 - December 31, 2025": the period end.
    assert_eq!(p.as_of, date(2025, 12, 31));
    // Account Information,Data,Base Currency,USD (line 13).
    assert_eq!(p.account_currency.as_deref(), Some("USD"));
    let a = "U1234567";
    // Summary rows of the three Open Positions headers (Stocks, Options, Bonds); ISINs, CUSIPs,
    // names and the ETF type from Financial Instrument Information; Total rows skipped.
    assert_eq!(
        holdings(&p),
        [
            h((a, "AAPL", "US0378331005", "", "APPLE INC"), Some(Equity), dec!(10.0545), Some(dec!(266.43)), Some(dec!(2678.82)), "USD"),
            h((a, "CSPX", "IE00B5BMR087", "", "ISHARES CORE S&P 500"), Some(Etf), dec!(6), Some(dec!(640.12)), Some(dec!(3840.72)), "USD"),
            h((a, "MSFT", "US5949181045", "", "MICROSOFT CORP"), Some(Equity), dec!(25), Some(dec!(483.62)), Some(dec!(12090.50)), "USD"),
            h((a, "NVDA", "US67066G1040", "", "NVIDIA CORP"), Some(Equity), dec!(40.5), Some(dec!(186.50)), Some(dec!(7553.25)), "USD"),
            h((a, "NVDA 16JAN26 200 C", "", "", "NVDA 16JAN26 200 C"), Some(Opt), dec!(2), Some(dec!(1.25)), Some(dec!(250.00)), "USD"),
            h((a, "T 2 7/8 05/15/28", "", "9128284N7", "T 2 7/8 05/15/28"), Some(Bond), dec!(10000), Some(dec!(97.25)), Some(dec!(9725.00)), "USD"),
        ]
    );
    // 2678.82 + 3840.72 + 12090.50 + 7553.25 + 250.00 + 9725.00 = 36138.29, the "Total in USD" row.
    let total: Decimal = p.holdings.iter().filter_map(|x| x.value()).sum();
    assert_eq!(total, dec!(36138.29));
    // Ending Cash per currency; the Base Currency Summary line would count it twice.
    assert_eq!(
        cash(&p),
        [
            (s(a), "Ending Cash".into(), dec!(250.50), s("EUR"), 27),
            (s(a), "Ending Cash".into(), dec!(3282.00), s("USD"), 30),
        ]
    );
    assert_eq!(p.transaction_count, 0);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
#[rustfmt::skip]
fn activity_long_short_sections_lots_and_consolidated_accounts() {
    let p = import("activity-long-short-consolidated.csv");
    assert_eq!(p.broker, "ibkr-activity");
    assert_eq!(p.kind, Kind::Positions);
    // A one-day statement: Period "July 25, 2025".
    assert_eq!(p.as_of, date(2025, 7, 25));
    // Base Currency,CAD (line 11). The USD positions keep their own price, value and currency,
    // and carry no rate: the statement has no Base Currency Exchange Rate section.
    assert_eq!(p.account_currency.as_deref(), Some("CAD"));
    // Lot rows (with their Open date) are skipped; "1,200" has a thousands separator; the
    // Account column names each account of the consolidated statement.
    assert_eq!(
        holdings(&p),
        [
            h(("U1234567", "ENB", "", "", ""), Some(Equity), dec!(154), Some(dec!(49.35)), Some(dec!(7599.9)), "CAD"),
            h(("U7654321", "AMZN", "", "", ""), Some(Equity), dec!(1200), Some(dec!(231.44)), Some(dec!(277728.00)), "USD"),
            h(("U7654321", "AMD 15AUG25 180 P", "", "", ""), Some(Opt), dec!(-1), Some(dec!(3.10)), Some(dec!(-310.00)), "USD"),
        ]
    );
    // No Cash Report: the NAV "Cash " line (trailing space) in the base currency, no single account.
    assert_eq!(cash(&p), [(None, "Cash".into(), dec!(4210.75), s("CAD"), 13)]);
    assert_eq!(
        warnings(&p),
        [(
            Some(28),
            "AMD 15AUG25 180 P: negative quantity -1 (a short position) kept as is".into()
        )]
    );
}

#[test]
#[rustfmt::skip]
fn activity_without_open_positions_nets_the_trades() {
    let p = import("activity-trades-only.csv");
    assert_eq!(p.broker, "ibkr-activity");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, date(2025, 6, 30));
    // AVGO: Order +1,000 (line 14) − 250 (line 17) = 750; its Trade executions (15, 16) and
    //   ClosedLot (18) are not counted again.
    // GOOGL: no Order row, so its Trade row counts: +12.3456.
    // ORCL: −20 only (bought before the period): left out with a warning.
    // AVGO option (header repeated mid-section): +3 − 1 = 2.
    // EUR.USD Forex: a currency conversion, no shares.
    // META: Transfers In 15; the Cash transfer has no shares.
    // Prices: AVGO's latest Order is the sale of 250 @ 190.00 on 2025-03-03 (line 17), after the
    // buy of 2025-01-13 (line 14); GOOGL's Trade row @ 200.10 on 2025-02-03 (line 20). The option
    // is not priced from a history; META's transfer states an Xfer Price (600.00) but is no trade.
    assert_eq!(p.account_currency.as_deref(), Some("USD"));
    let a = "U1234567";
    assert_eq!(
        holdings(&p),
        [
            h((a, "AVGO", "US11135F1012", "", "BROADCOM INC"), Some(Equity), dec!(750), None, None, "USD")
                .traded(dec!(190.00), "2025-03-03", 17),
            h((a, "GOOGL", "US02079K3059", "", "ALPHABET INC-CL A"), Some(Equity), dec!(12.3456), None, None, "USD")
                .traded(dec!(200.10), "2025-02-03", 20),
            h((a, "AVGO 20JUN25 250 C", "", "", ""), Some(Opt), dec!(2), None, None, "USD"),
            h((a, "META", "", "", ""), Some(Equity), dec!(15), None, None, "USD"),
        ]
    );
    // 7 trades (2 AVGO orders, GOOGL, ORCL, 2 option orders, Forex) + 2 transfers.
    assert_eq!(p.transaction_count, 9);
    // Only a Base Currency Summary line: the base currency is the account's.
    assert_eq!(cash(&p), [(s(a), "Ending Cash".into(), dec!(74320.35), s("USD"), 12)]);
    assert_eq!(
        warnings(&p),
        [
            (Some(36), "the Corporate Actions section (splits, mergers, spin-offs) is not applied to the positions netted from the trades: check those holdings".into()),
            (Some(22), "ORCL: more shares leave than enter (-20); the history probably starts after they were bought, so this position is left out".into()),
            (None, unpriced(2)),
        ]
    );
}

#[test]
#[rustfmt::skip]
fn transaction_history_statement() {
    let p = import("transaction-history.csv");
    assert_eq!(p.broker, "ibkr-activity");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, date(2025, 12, 31));
    // MSFT: Buy 14.0 − Sell 4.0 = 10 (dividend and tax rows move no shares); NVDA: Buy 2.5.
    // The Forex Trade Component (amount -2.637591265E-4) is cash only.
    // Prices (Price Currency USD): MSFT's Sell @ 510.00 on 2025-09-15 (line 14), after the Buy of
    // 2025-03-14 (line 16); NVDA's Buy @ 135.20 on 2025-06-02 (line 15). The Stock Award has none.
    // Summary,Data,Base Currency,USD (line 6).
    assert_eq!(p.account_currency.as_deref(), Some("USD"));
    assert_eq!(
        holdings(&p),
        [
            h(("U***12345", "MSFT", "", "", "MICROSOFT CORP"), None, dec!(10), None, None, "USD")
                .traded(dec!(510.00), "2025-09-15", 14),
            h(("U***12345", "NVDA", "", "", "NVIDIA CORP"), None, dec!(2.5), None, None, "USD")
                .traded(dec!(135.20), "2025-06-02", 15),
        ]
    );
    assert_eq!(p.transaction_count, 9);
    assert_eq!(cash(&p), [(None, "Ending Cash".into(), dec!(6330.73), s("USD"), 9)]);
    assert_eq!(
        warnings(&p),
        // Both holdings are priced: no note about unpriced ones.
        [(Some(17), "unknown Transaction Type \"Stock Award\": the row is ignored".into())]
    );
}

#[test]
#[rustfmt::skip]
fn activity_base_currency_exchange_rates_are_stated_on_other_currencies() {
    // A synthetic fixture (its Notes row says so) in the documented layout: a EUR account with
    // EUR, GBP and USD positions and `Base Currency Exchange Rate,Header,Currency,Rate` rows
    // (1 CHF = 1.0712 EUR, 1 USD = 0.8510 EUR); GBP is deliberately missing from them.
    let p = import("activity-base-rates.csv");
    assert_eq!(p.broker, "ibkr-activity");
    assert_eq!(p.kind, Kind::Positions);
    assert_eq!(p.as_of, date(2025, 12, 31));
    // Account Information,Data,Base Currency,EUR (line 9).
    assert_eq!(p.account_currency.as_deref(), Some("EUR"));
    let a = "U2345678";
    // Each position keeps its own price, value and currency. SAP is in the base currency (no
    // rate); AZN's GBP has no rate in the file (none is made up); NVDA's USD rate is line 24,
    // dated the statement's end. 3730.00 USD × 0.8510 = 3174.23 EUR, the file's "Total" in EUR
    // (line 21).
    assert_eq!(
        holdings(&p),
        [
            h((a, "SAP", "", "", ""), Some(Equity), dec!(10), Some(dec!(210.50)), Some(dec!(2105.00)), "EUR"),
            h((a, "AZN", "", "", ""), Some(Equity), dec!(5), Some(dec!(110.20)), Some(dec!(551.00)), "GBP"),
            h((a, "NVDA", "", "", ""), Some(Equity), dec!(20), Some(dec!(186.50)), Some(dec!(3730.00)), "USD")
                .rated(rate("USD", "EUR", dec!(0.8510), Some("2025-12-31"), 24)),
        ]
    );
    assert_eq!(
        cash(&p),
        [
            (s(a), "Ending Cash".into(), dec!(900.00), s("EUR"), 12),
            (s(a), "Ending Cash".into(), dec!(494.47), s("USD"), 13),
        ]
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
#[rustfmt::skip]
fn trades_in_another_currency_carry_the_statement_rate() {
    // No Statement section, so the rate has no date.
    let text = "Account Information,Header,Field Name,Field Value\n\
                Account Information,Data,Base Currency,EUR\n\
                Trades,Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Quantity,T. Price,Proceeds,Comm/Fee,Code\n\
                Trades,Data,Order,Stocks,USD,AMD,\"2025-01-15, 16:20:00\",80,120.00,-9600,-1,O\n\
                Trades,Data,Order,Stocks,EUR,SAP,\"2025-02-03, 09:00:00\",4,250.00,-1000,-1,O\n\
                Base Currency Exchange Rate,Header,Currency,Rate\n\
                Base Currency Exchange Rate,Data,USD,0.9612\n";
    let p = import_bytes("f.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.account_currency.as_deref(), Some("EUR"));
    // AMD: its one Order, 80 @ 120.00 USD on 2025-01-15 (line 4), with the USD rate of line 7.
    // SAP: 4 @ 250.00 EUR on 2025-02-03 (line 5), in the base currency.
    assert_eq!(
        holdings(&p),
        [
            h(("", "AMD", "", "", ""), Some(Equity), dec!(80), None, None, "USD")
                .traded(dec!(120.00), "2025-01-15", 4)
                .rated(rate("USD", "EUR", dec!(0.9612), None, 7)),
            h(("", "SAP", "", "", ""), Some(Equity), dec!(4), None, None, "EUR")
                .traded(dec!(250.00), "2025-02-03", 5),
        ]
    );
    // A rate that is not positive is a located problem.
    let broken = text.replace("USD,0.9612", "USD,0");
    assert_eq!(
        problems(broken.as_bytes(), None),
        ["f.csv:7:4: column 'Rate': is not a positive exchange rate"]
    );
}

#[test]
#[rustfmt::skip]
fn activity_columns_follow_the_latest_header_of_the_section() {
    let text = "Open Positions,Header,DataDiscriminator,Asset Category,Currency,Symbol,Quantity,Close Price,Value\n\
                Open Positions,Data,Summary,Stocks,USD,MSFT,1,483.62,483.62\n\
                Open Positions,Header,Asset Category,Currency,Symbol,Value,Close Price,Quantity\n\
                Open Positions,Data,Stocks,USD,NVDA,372.00,186.00,2\n";
    let p = import_bytes("f.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.broker, "ibkr-activity");
    assert_eq!(
        holdings(&p),
        [
            h(("", "MSFT", "", "", ""), Some(Equity), dec!(1), Some(dec!(483.62)), Some(dec!(483.62)), "USD"),
            h(("", "NVDA", "", "", ""), Some(Equity), dec!(2), Some(dec!(186.00)), Some(dec!(372.00)), "USD"),
        ]
    );
}

#[test]
fn a_bare_trades_section_is_an_activity_statement() {
    // The Trades section alone, as tax tools cut it out of a statement.
    let text = "Trades,Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Exchange,Quantity,T. Price,Proceeds,Comm/Fee,Basis,Realized P/L,Code\n\
                Trades,Data,Order,Stocks,USD,AMD,\"2025-01-15, 16:20:00\",-,80,120.00,-9600,-1,9601,0,O\n\
                Trades,SubTotal,,Stocks,USD,AMD,,,,80,,-9600,-1,9601,0,\n";
    let p = import_bytes("f.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.broker, "ibkr-activity");
    // No Account Information: the base currency is not stated.
    assert_eq!(p.account_currency, None);
    // The Order row: 80 @ 120.00 on 2025-01-15 (line 2).
    assert_eq!(
        holdings(&p),
        [h(
            ("", "AMD", "", "", ""),
            Some(Equity),
            dec!(80),
            None,
            None,
            "USD"
        )
        .traded(dec!(120.00), "2025-01-15", 2)]
    );
}

#[test]
fn activity_bad_cells_are_located() {
    let text = "Statement,Header,Field Name,Field Value\n\
                Statement,Data,Period,\"January 1, 2025 - December 31, 2025\"\n\
                Open Positions,Header,DataDiscriminator,Asset Category,Currency,Symbol,Quantity,Mult,Cost Price,Cost Basis,Close Price,Value,Unrealized P/L,Code\n\
                Open Positions,Data,Summary,Stocks,USD,MSFT,25x,1,380.10,9502.50,483.62,12090.50,2588.00,\n\
                Open Positions,Data,Summary,Stocks,USD,,40.5,1,120.00,4860.00,186.50,7553.25,2693.25,\n\
                Open Positions,Data,Summary,Stocks,USD,NVDA,40.5,1,120.00,4860.00,abc,7553.25,2693.25,\n";
    assert_eq!(
        problems(text.as_bytes(), None),
        [
            "f.csv:4:7: column 'Quantity': \"25x\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "f.csv:5:6: column 'Symbol': is empty but required",
            "f.csv:6:11: column 'Close Price': \"abc\" is not a number: expected digits such as 1234.56 or $1,234.56",
        ]
    );
    assert_eq!(
        problems(
            b"Open Positions,Header,DataDiscriminator,Asset Category,Currency,Ticker,Quantity\nOpen Positions,Data,Summary,Stocks,USD,MSFT,1\n",
            None
        ),
        ["f.csv:1: the header has no \"Symbol\" column"]
    );
    assert_eq!(
        problems(b"Statement,Header,Field Name,Field Value\nStatement,Data,Title,Activity Statement\n", None),
        ["f.csv: this Interactive Brokers statement has no Open Positions, Trades or Transaction History section: choose an Activity Statement that includes Open Positions"]
    );
}

// ---------------------------------------------------------------- Flex Query

#[test]
#[rustfmt::skip]
fn flex_trades_all_columns() {
    let p = import("flex-trades.csv");
    assert_eq!(p.broker, "ibkr-flex");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, None);
    // VTI BUY 17; MSFT BUY 30, SELL −12 → 18 (its SYMBOL_SUMMARY row is not a trade); the
    // USD.CAD conversion (AssetClass CASH) moves no shares; bond BUY 5000; NVDA fractional
    // BUY 0.3754; NVDA call BUY 2.
    // Prices (TradeDate, TradePrice): VTI 204.3473 on 20250403 (line 2); MSFT the SELL @ 520.00
    // on 20250812 (line 8), after the BUY of 20250404 (line 3); the bond 98.125 percent of par on
    // 20250410 (line 5, Multiplier 0.01, NetCash -4911.25 for 5000 face): 0.98125 per dollar of
    // face value; NVDA 113.54 on 20250505 (line 6). The call is not priced.
    // FXRateToBase is given but the file never names its base currency.
    assert_eq!(p.account_currency, None);
    let a = "U1234567";
    assert_eq!(
        holdings(&p),
        [
            h((a, "VTI", "US9229087690", "922908769", "VANGUARD TOTAL STOCK MKT ETF"), Some(Etf), dec!(17), None, None, "USD")
                .traded(dec!(204.3473), "2025-04-03", 2),
            h((a, "MSFT", "US5949181045", "594918104", "MICROSOFT CORP"), Some(Equity), dec!(18), None, None, "USD")
                .traded(dec!(520.00), "2025-08-12", 8),
            h((a, "T 1 1/2 01/31/27", "US912828YV68", "912828YV6", "T 1 1/2 01/31/27"), Some(Bond), dec!(5000), None, None, "USD")
                .traded(dec!(0.98125), "2025-04-10", 5),
            h((a, "NVDA", "US67066G1040", "67066G104", "NVIDIA CORP"), Some(Equity), dec!(0.3754), None, None, "USD")
                .traded(dec!(113.54), "2025-05-05", 6),
            h((a, "NVDA  250919C00150000", "", "", "NVDA 19SEP25 150 C"), Some(Opt), dec!(2), None, None, "USD"),
        ]
    );
    assert_eq!(p.transaction_count, 7);
    assert!(p.cash.is_empty());
    assert_eq!(warnings(&p), [(None, unpriced(1))]);
}

#[test]
fn flex_trades_with_lower_case_ghostfolio_headers() {
    let p = import("flex-trades-lowercase.csv");
    assert_eq!(p.broker, "ibkr-flex");
    assert_eq!(p.kind, Kind::Transactions);
    // AMZN BUY 10, SELL 4 (written unsigned; the sign comes from buy/sell) → 6; GOOGL 5.5.
    // Prices: AMZN's SELL @ 205.00 on 20250601 (line 4), after the BUY of 20250102; GOOGL's BUY
    // @ 170.01 on 20250310 (line 3).
    assert_eq!(
        holdings(&p),
        [
            h(
                ("", "AMZN", "US0231351067", "", ""),
                None,
                dec!(6),
                None,
                None,
                "USD"
            )
            .traded(dec!(205.00), "2025-06-01", 4),
            h(
                ("", "GOOGL", "US02079K3059", "", ""),
                None,
                dec!(5.5),
                None,
                None,
                "USD"
            )
            .traded(dec!(170.01), "2025-03-10", 3),
        ]
    );
    assert_eq!(p.transaction_count, 3);
}

#[test]
#[rustfmt::skip]
fn flex_positions_summary_rows() {
    let p = import("flex-positions.csv");
    assert_eq!(p.broker, "ibkr-flex");
    assert_eq!(p.kind, Kind::Positions);
    // ReportDate 20251231.
    assert_eq!(p.as_of, date(2025, 12, 31));
    // No Account Information section: no stated base currency (SAP keeps its EUR value).
    assert_eq!(p.account_currency, None);
    // AVGO's two LOT rows (12 + 8) detail its SUMMARY row (20).
    let a = "U1234567";
    assert_eq!(
        holdings(&p),
        [
            h((a, "AVGO", "US11135F1012", "11135F101", "BROADCOM INC"), Some(Equity), dec!(20), Some(dec!(346.10)), Some(dec!(6922)), "USD"),
            h((a, "QQQ", "US46090E1038", "46090E103", "INVESCO QQQ TRUST SERIES 1"), Some(Etf), dec!(7.25), Some(dec!(614.31)), Some(dec!(4453.7475)), "USD"),
            h((a, "ORCL  260116C00250000", "", "", "ORCL 16JAN26 250 C"), Some(Opt), dec!(-1), Some(dec!(3.40)), Some(dec!(-340)), "USD"),
            h((a, "SAP", "DE0007164600", "", "SAP SE"), Some(Equity), dec!(10), Some(dec!(210.50)), Some(dec!(2105)), "EUR"),
        ]
    );
    assert!(p.cash.is_empty());
    assert_eq!(
        warnings(&p),
        [(
            Some(6),
            "ORCL  260116C00250000: negative quantity -1 (a short position) kept as is".into()
        )]
    );
}

#[test]
#[rustfmt::skip]
fn flex_positions_with_header_and_trailer_records_and_cash_report() {
    let p = import("flex-positions-trailer.csv");
    assert_eq!(p.broker, "ibkr-flex");
    assert_eq!(p.kind, Kind::Positions);
    // BOF period end (6th field) 20251231.
    assert_eq!(p.as_of, date(2025, 12, 31));
    let a = "U1234567";
    assert_eq!(
        holdings(&p),
        [
            h((a, "MSFT", "US5949181045", "", "MICROSOFT CORP"), Some(Equity), dec!(12), Some(dec!(483.62)), Some(dec!(5803.44)), "USD"),
            h((a, "AMD", "US0079031078", "", "ADVANCED MICRO DEVICES"), Some(Equity), dec!(33.5), Some(dec!(214.24)), Some(dec!(7177.04)), "USD"),
            h((a, "BTC", "", "", "BITCOIN"), Some(Crypto), dec!(0.015), Some(dec!(87000)), Some(dec!(1305)), "USD"),
        ]
    );
    // CRTT: per-currency EndingCash; the BASE_SUMMARY row is their total in the base currency.
    assert_eq!(
        cash(&p),
        [
            (s(a), "EndingCash".into(), dec!(200.5), s("EUR"), 12),
            (s(a), "EndingCash".into(), dec!(2110.75), s("USD"), 13),
        ]
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
#[rustfmt::skip]
fn flex_with_section_codes_prefers_positions() {
    let p = import("flex-sections-coded.csv");
    assert_eq!(p.broker, "ibkr-flex");
    // POST rows are the holdings; the TRNT and CTRN sections are history and not netted.
    assert_eq!(p.kind, Kind::Positions);
    assert_eq!(p.as_of, date(2025, 12, 31));
    // The ACCT section's CurrencyPrimary (line 5) is the account's base currency.
    assert_eq!(p.account_currency.as_deref(), Some("USD"));
    let a = "U7654321";
    assert_eq!(
        holdings(&p),
        [
            h((a, "META", "US30303M1027", "", "META PLATFORMS INC-CLASS A"), Some(Equity), dec!(8), Some(dec!(660.09)), Some(dec!(5280.72)), "USD"),
            h((a, "GOOGL", "US02079K3059", "", "ALPHABET INC-CL A"), Some(Equity), dec!(15.125), Some(dec!(313.51)), Some(dec!(4741.83875)), "USD"),
            // The bond's Symbol cell is its CUSIP.
            h((a, "", "", "912828YV6", "T 1 1/2 01/31/27"), Some(Bond), dec!(2000), Some(dec!(97.5)), Some(dec!(1950)), "USD"),
        ]
    );
    // Only a BaseCurrency row: it is the cash.
    assert_eq!(cash(&p), [(s(a), "EndingCash".into(), dec!(12000.25), s("USD"), 25)]);
}

#[test]
#[rustfmt::skip]
fn flex_sections_without_codes_start_with_their_own_header() {
    let p = import("flex-multi-section.csv");
    assert_eq!(p.broker, "ibkr-flex");
    assert_eq!(p.kind, Kind::Transactions);
    // META: ORDER +3 (its EXECUTION rows 2 + 1 are the same trade).
    // AMZN: no ORDER row, EXECUTIONs +10 − 4 = 6 (the CLOSED_LOT row repeats a lot).
    // NVDA: BUY 5 then "BUY (Ca.)" −5, the cancellation: 0, no holding.
    // Prices: META's ORDER @ 630.00 on 20251104 (line 2); AMZN's SELL execution @ 240.00 on
    // 20251120 (line 6), after the BUY of 20251105 (line 5; the CLOSED_LOT of line 7 is no trade).
    let a = "U7654321";
    assert_eq!(
        holdings(&p),
        [
            h((a, "META", "US30303M1027", "", "META PLATFORMS INC-CLASS A"), Some(Equity), dec!(3), None, None, "USD")
                .traded(dec!(630.00), "2025-11-04", 2),
            h((a, "AMZN", "US0231351067", "", "AMAZON.COM INC"), Some(Equity), dec!(6), None, None, "USD")
                .traded(dec!(240.00), "2025-11-20", 6),
        ]
    );
    // 5 trades (META order, 2 AMZN, 2 NVDA) + 3 cash transactions.
    assert_eq!(p.transaction_count, 8);
    // Every holding is priced.
    assert_eq!(warnings(&p), []);
}

#[test]
fn flex_bad_cells_are_located() {
    let text = "\"ClientAccountID\",\"CurrencyPrimary\",\"AssetClass\",\"Symbol\",\"ISIN\",\"ReportDate\",\"Quantity\",\"MarkPrice\",\"PositionValue\",\"LevelOfDetail\"\n\
                \"U1\",\"USD\",\"STK\",\"AMZN\",\"US0231351068\",\"20251231\",\"10\",\"231.44\",\"2314.40\",\"SUMMARY\"\n\
                \"U1\",\"USD\",\"STK\",\"NVDA\",\"US67066G1040\",\"12/31/2025\",\"5\",\"186.50\",\"932.50\",\"SUMMARY\"\n\
                \"U1\",\"USD\",\"STK\",\"MSFT\",\"US5949181045\",\"20251231\",\"\",\"483.62\",\"\",\"SUMMARY\"\n";
    assert_eq!(
        problems(text.as_bytes(), None),
        [
            "f.csv:2:5: column 'ISIN': \"US0231351068\" has a wrong check digit (expected 7)",
            "f.csv:3:6: column 'ReportDate': \"12/31/2025\" is not a date in the expected format (%Y%m%d or %Y-%m-%d)",
            "f.csv:4:7: column 'Quantity': is empty but required",
        ]
    );
    // Only a cash report: nothing to hold.
    assert_eq!(
        problems(b"\"CurrencyPrimary\",\"EndingCash\"\n\"USD\",\"100\"\n", None),
        ["f.csv: this Flex Query has no Open Positions or Trades section (its columns need Symbol and Quantity): add the Open Positions section to the query"]
    );
}

#[test]
fn flex_unknown_buy_sell_code_is_a_warning() {
    let text = "\"CurrencyPrimary\",\"Symbol\",\"TradeDate\",\"Quantity\",\"TradePrice\",\"Buy/Sell\",\"IBCommission\"\n\
                \"USD\",\"MSFT\",\"20250102\",\"5\",\"420\",\"BUY\",\"-1\"\n\
                \"USD\",\"MSFT\",\"20250103\",\"2\",\"421\",\"XFER\",\"-1\"\n";
    let p = import_bytes("f.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.broker, "ibkr-flex");
    // The BUY @ 420 on 20250102 (line 2); the ignored XFER row is no trade.
    assert_eq!(
        holdings(&p),
        [
            h(("", "MSFT", "", "", ""), None, dec!(5), None, None, "USD").traded(
                dec!(420),
                "2025-01-02",
                2
            )
        ]
    );
    assert_eq!(
        warnings(&p),
        [(
            Some(3),
            "unknown Buy/Sell code \"XFER\": the trade is ignored".into()
        )]
    );
}

// ---------------------------------------------------------------- detection

#[test]
fn the_generic_sample_is_not_claimed() {
    let sample =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/samples/sample_portfolio.csv");
    let p = import_file(&sample, None).expect("generic sample");
    assert_eq!(p.broker, "generic");
    for broker in ["ibkr-activity", "ibkr-flex"] {
        assert!(
            import_file(&sample, Some(broker)).is_err(),
            "{broker} must not read the generic sample"
        );
    }
    // A plain Symbol/Quantity file with an IBKR-looking column stays generic only without Flex
    // markers; with CurrencyPrimary it is a Flex query.
    let flex = import_bytes(
        "f.csv",
        b"Symbol,Quantity,CurrencyPrimary\nMSFT,2,USD\n",
        None,
    )
    .expect("flex");
    assert_eq!(flex.broker, "ibkr-flex");
    let generic =
        import_bytes("f.csv", b"Symbol,Quantity,Currency\nMSFT,2,USD\n", None).expect("generic");
    assert_eq!(generic.broker, "generic");
}

/// Random edits of every fixture (multi-byte characters included) give Ok or a located error,
/// never a panic.
#[test]
fn mutated_ibkr_files_never_panic() {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet: &[&[u8]] = &[
        b",",
        b"\"",
        b"\n",
        b"\r",
        b"-",
        b".",
        b"0",
        b"9",
        b"E",
        b" ",
        b";",
        b"\xc3\xa9",
        b"\xe2\x82\xac",
        b"Header",
        b"Data",
        b"Total",
        b"HEADER",
        b"DATA",
        b"BOS",
        b"EOS",
        b"Summary",
        b"LOT",
    ];
    let dir = fixture("");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for file in files {
        let base = std::fs::read(&file).expect("read");
        for _ in 0..200 {
            let mut bytes = base.clone();
            for _ in 0..(1 + next() % 6) {
                let pos = (next() as usize) % (bytes.len() + 1);
                let piece = alphabet[(next() as usize) % alphabet.len()];
                match next() % 3 {
                    0 if pos < bytes.len() => {
                        bytes.remove(pos);
                    }
                    _ => {
                        let tail = bytes.split_off(pos);
                        bytes.extend_from_slice(piece);
                        bytes.extend_from_slice(&tail);
                    }
                }
            }
            if let Ok(p) = import_bytes("m.csv", &bytes, None) {
                assert!(!p.holdings.is_empty());
            }
        }
    }
}
