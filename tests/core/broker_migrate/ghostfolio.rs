//! Ghostfolio activities: its import CSV (with the header aliases of its importer) and its JSON
//! export.

use ai_exposure::import::{AssetClass, Cash, Holding, Kind};
use ai_exposure::import_bytes;
use chrono::NaiveDate;
use rust_decimal_macros::dec;

use super::{holding, import, problems, s, warnings, NET_WARNING};

#[test]
fn activities_csv_with_ghostfolio_header_and_date_formats() {
    let p = import("ghostfolio/activities.csv");
    assert_eq!(p.broker, "ghostfolio");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, None);
    assert_eq!(p.transaction_count, 12);
    let usd = |h: Holding| Holding {
        currency: s("USD"),
        ..h
    };
    // MSFT: buy 5 (line 3), dividend moves nothing. NVDA: 12 − 4.5 = 7.5. AMZN by ISIN: 10.
    // bitcoin (COINGECKO): 0.0125. Penthouse (MANUAL, ITEM): 1. AVGO: 2; the "split" row is
    // unknown to Ghostfolio and ignored. Fee, interest and liability rows move no shares.
    assert_eq!(
        p.holdings,
        [
            usd(holding(3, Some("MSFT"), dec!(5))),
            usd(holding(5, Some("NVDA"), dec!(7.5))),
            usd(Holding {
                isin: s("US0231351067"),
                ..holding(7, None, dec!(10))
            }),
            usd(Holding {
                asset_class: Some(AssetClass::Crypto),
                ..holding(8, Some("bitcoin"), dec!(0.0125))
            }),
            usd(Holding {
                name: s("Penthouse Apartment"),
                asset_class: Some(AssetClass::Other),
                ..holding(9, Some("Penthouse Apartment"), dec!(1))
            }),
            usd(holding(12, Some("AVGO"), dec!(2))),
        ]
    );
    assert!(p.cash.is_empty());
    assert_eq!(
        warnings(&p),
        [
            "11: Car loan is a LIABILITY (a debt): it is not a holding and is not subtracted from the portfolio",
            "13: unknown activity type \"split\": the row is ignored (Ghostfolio knows BUY, SELL, DIVIDEND, FEE, INTEREST, ITEM, LIABILITY)",
            NET_WARNING,
        ]
    );
}

#[test]
fn header_aliases_semicolons_and_crlf() {
    let p = import("ghostfolio/aliases-semicolon.csv");
    assert_eq!(p.broker, "ghostfolio");
    let h = |line, account: &str, sym: &str, q| Holding {
        account: s(account),
        currency: s("USD"),
        ..holding(line, Some(sym), q)
    };
    // AMD: buy 10, sell written as -4 (Ghostfolio takes the absolute value) → 6.
    assert_eq!(
        p.holdings,
        [
            h(2, "Roth IRA", "AMD", dec!(6)),
            h(3, "Roth IRA", "GOOGL", dec!(3.25)),
            h(6, "Taxable", "META", dec!(2)),
        ]
    );
    assert_eq!(warnings(&p), [NET_WARNING]);
}

#[test]
fn json_export_with_accounts_profiles_and_balances() {
    let p = import("ghostfolio/export.json");
    assert_eq!(p.broker, "ghostfolio");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2025, 3, 31));
    assert_eq!(p.transaction_count, 8);
    let ib = |h: Holding| Holding {
        account: s("Interactive Brokers"),
        currency: s("USD"),
        ..h
    };
    // Lines are where each activity object opens. NVDA: 10 − 2.5. The treasury is a custom
    // (MANUAL) asset whose profile gives its CUSIP and name; the ITEM is the old type of a
    // valuable, now BUY.
    assert_eq!(
        p.holdings,
        [
            ib(holding(73, Some("ORCL"), dec!(15))),
            ib(holding(87, Some("NVDA"), dec!(7.5))),
            ib(Holding {
                cusip: s("9128285B2"),
                name: s("US Treasury Note 2.875% 2025"),
                asset_class: Some(AssetClass::Bond),
                ..holding(129, None, dec!(5))
            }),
            Holding {
                name: s("Penthouse Apartment"),
                asset_class: Some(AssetClass::Other),
                currency: s("USD"),
                ..holding(143, Some("Penthouse Apartment"), dec!(1))
            },
            Holding {
                currency: s("USD"),
                ..holding(171, Some("MSFT"), dec!(3))
            },
        ]
    );
    // The latest of `balances`, and the single `balance` of older exports.
    assert_eq!(
        p.cash,
        [
            Cash {
                account: s("Interactive Brokers"),
                label: "Cash balance".into(),
                amount: dec!(1520.5),
                currency: s("USD"),
                line: 7,
                account_value: None,
            },
            Cash {
                account: s("Savings"),
                label: "Cash balance".into(),
                amount: dec!(250),
                currency: s("EUR"),
                line: 25,
                account_value: None,
            },
        ]
    );
    assert_eq!(warnings(&p), [NET_WARNING]);
}

#[test]
fn broken_cells_are_located() {
    let csv = "Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note\n\
               16-09-2021,MSFT,YAHOO,USD,298.58,5x,buy,19.00,\n\
               12/31/2021,NVDA,YAHOO,USD,1.0,1,buy,abc,\n\
               2022-01-03,,YAHOO,USD,1.0,1,buy,0,\n";
    assert_eq!(
        problems("g.csv", csv.as_bytes(), None),
        [
            "g.csv:2:6: column 'Quantity': \"5x\" is not a number: expected digits such as 1234.56 or $1,234.56",
            // Ghostfolio reads dates day first: there is no month 31.
            "g.csv:3:8: column 'Fee': \"abc\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "g.csv:3:1: column 'Date': \"12/31/2021\" is not a date in the expected format (%Y-%m-%d or %d-%m-%Y or %d/%m/%Y or %d.%m.%Y or %Y/%m/%d or %Y.%m.%d or %Y%m%d or %Y-%m-%dT%H:%M:%S%.fZ or %Y-%m-%dT%H:%M:%S%.f%:z or %Y-%m-%dT%H:%M:%S%.f or %Y-%m-%dT%H:%M)",
            "g.csv:4:2: column 'Code': is empty but required (the security bought or sold)",
        ]
    );
    let json = "{\n  \"activities\": [\n    {\"type\": \"BUY\", \"symbol\": \"MSFT\", \"quantity\": 1},\n    {\"type\": \"BUY\", \"symbol\": \"NVDA\",\n     \"quantity\": \"ten\"}\n  ]\n}\n";
    assert_eq!(
        problems("g.json", json.as_bytes(), None),
        ["g.json:4: activities[1].quantity: \"ten\" is not a number: expected digits such as 1234.56 or $1,234.56"]
    );
    assert_eq!(
        problems(
            "g.json",
            b"{\"activities\": [\n  {\"type\": \"BUY\",}\n]}",
            None
        ),
        ["g.json:2: not valid JSON: trailing comma (column 18)"]
    );
}

#[test]
fn an_ibkr_flex_trades_file_is_left_to_its_importer_but_can_be_forced() {
    // The Flex Query columns Ghostfolio's aliases read (CurrencyPrimary, TradeDate, TradePrice,
    // Buy/Sell, IBCommission), as in an IBKR trades export.
    let flex = "\"CurrencyPrimary\",\"Symbol\",\"TradeDate\",\"Quantity\",\"TradePrice\",\"Buy/Sell\",\"ClientAccountID\",\"Conid\",\"IBCommission\"\n\
                \"USD\",\"AMD\",\"20240403\",\"17\",\"171.2500\",\"BUY\",\"U1234567\",\"4391\",\"-1\"\n\
                \"USD\",\"AMD\",\"20240510\",\"-7\",\"152.0000\",\"SELL\",\"U1234567\",\"4391\",\"-1\"\n";
    let detected = import_bytes("flex.csv", flex.as_bytes(), None).map(|p| p.broker);
    assert_ne!(detected.ok().as_deref(), Some("ghostfolio"));
    let p = import_bytes("flex.csv", flex.as_bytes(), Some("ghostfolio")).expect("forced");
    assert_eq!(
        p.holdings,
        [Holding {
            currency: s("USD"),
            ..holding(2, Some("AMD"), dec!(10))
        }]
    );
}
