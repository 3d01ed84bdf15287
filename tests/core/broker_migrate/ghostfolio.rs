//! Ghostfolio activities: its import CSV (with the header aliases of its importer) and its JSON
//! export.

use ai_exposure::import::{AssetClass, Cash, Holding, Kind};
use ai_exposure::import_bytes;
use chrono::NaiveDate;
use rust_decimal_macros::dec;

use super::{holding, import, problems, s, warnings};
use crate::traded::Traded;

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
    // Prices (dates day first): MSFT bought @ 298.580 on 16-09-2021 (line 3; the dividend's
    // 0.62 is no trade); NVDA's sell @ 158.90 on 2022-06-15 (line 6), after the buy of 03.01.2022
    // (line 5); AMZN @ 102.18 on 2023-02-01 (line 7); bitcoin @ 24500.00 on 20230315 (line 8);
    // the Penthouse ITEM (a buy) @ 500000.0 on 01.01.2022 (line 9); AVGO @ 1270.00 on
    // 2024-05-02 (line 12) — the ignored split of line 13 (price 0) changes neither its
    // quantity nor its price.
    assert_eq!(
        p.holdings,
        [
            usd(holding(3, Some("MSFT"), dec!(5))).traded(dec!(298.580), "USD", "2021-09-16", 3),
            usd(holding(5, Some("NVDA"), dec!(7.5))).traded(dec!(158.90), "USD", "2022-06-15", 6),
            usd(Holding {
                isin: s("US0231351067"),
                ..holding(7, None, dec!(10))
            })
            .traded(dec!(102.18), "USD", "2023-02-01", 7),
            usd(Holding {
                asset_class: Some(AssetClass::Crypto),
                ..holding(8, Some("bitcoin"), dec!(0.0125))
            })
            .traded(dec!(24500.00), "USD", "2023-03-15", 8),
            usd(Holding {
                name: s("Penthouse Apartment"),
                asset_class: Some(AssetClass::Other),
                ..holding(9, Some("Penthouse Apartment"), dec!(1))
            })
            .traded(dec!(500000.0), "USD", "2022-01-01", 9),
            usd(holding(12, Some("AVGO"), dec!(2))).traded(dec!(1270.00), "USD", "2024-05-02", 12),
        ]
    );
    assert!(p.cash.is_empty());
    // Every holding is priced: no note about unpriced ones. A CSV states no base currency.
    assert_eq!(p.account_currency, None);
    assert_eq!(
        warnings(&p),
        [
            "11: Car loan is a LIABILITY (a debt): it is not a holding and is not subtracted from the portfolio",
            "13: unknown activity type \"split\": the row is ignored (Ghostfolio knows BUY, SELL, DIVIDEND, FEE, INTEREST, ITEM, LIABILITY)",
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
    // AMD: buy 10, sell written as -4 (Ghostfolio takes the absolute value) → 6; latest trade the
    // SELL @ 202.64 on 2024-03-01 (line 4), after the buy of 2024-01-10 (line 2, CCY "usd").
    // GOOGL: BUY @ 148.73 on 2024-02-12 (line 3; its dividend of line 5 is no trade). META: buy
    // @ 491.35 on 2024-04-02 (line 6).
    assert_eq!(
        p.holdings,
        [
            h(2, "Roth IRA", "AMD", dec!(6)).traded(dec!(202.64), "USD", "2024-03-01", 4),
            h(3, "Roth IRA", "GOOGL", dec!(3.25)).traded(dec!(148.73), "USD", "2024-02-12", 3),
            h(6, "Taxable", "META", dec!(2)).traded(dec!(491.35), "USD", "2024-04-02", 6),
        ]
    );
    assert_eq!(warnings(&p), Vec::<String>::new());
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
    // Prices (unitPrice, date): ORCL's BUY @ 120.5 on 2023-05-02 (line 73; its DIVIDEND of line
    // 115 is no trade); NVDA's SELL @ 131.88 on 2024-07-01 (line 101), after the BUY of
    // 2023-06-01 (line 87); the treasury's BUY of 5 @ 990 on 2024-08-15 (line 129: Ghostfolio's
    // unitPrice is per unit, there is no amount to say otherwise); the ITEM @ 500000 on
    // 2022-01-01 (line 143); MSFT @ 410.32 on 2025-02-03 (line 171).
    assert_eq!(
        p.holdings,
        [
            ib(holding(73, Some("ORCL"), dec!(15))).traded(dec!(120.5), "USD", "2023-05-02", 73),
            ib(holding(87, Some("NVDA"), dec!(7.5))).traded(dec!(131.88), "USD", "2024-07-01", 101),
            ib(Holding {
                cusip: s("9128285B2"),
                name: s("US Treasury Note 2.875% 2025"),
                asset_class: Some(AssetClass::Bond),
                ..holding(129, None, dec!(5))
            })
            .traded(dec!(990), "USD", "2024-08-15", 129),
            Holding {
                name: s("Penthouse Apartment"),
                asset_class: Some(AssetClass::Other),
                currency: s("USD"),
                ..holding(143, Some("Penthouse Apartment"), dec!(1))
            }
            .traded(dec!(500000), "USD", "2022-01-01", 143),
            Holding {
                currency: s("USD"),
                ..holding(171, Some("MSFT"), dec!(3))
            }
            .traded(dec!(410.32), "USD", "2025-02-03", 171),
        ]
    );
    // user.settings.currency (line 188): the currency the user has Ghostfolio show figures in.
    assert_eq!(p.account_currency.as_deref(), Some("USD"));
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
    assert_eq!(warnings(&p), Vec::<String>::new());
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
    // Its latest trade: the SELL @ 152.0000 on 20240510 (line 3), after the BUY of 20240403.
    assert_eq!(
        p.holdings,
        [Holding {
            currency: s("USD"),
            ..holding(2, Some("AMD"), dec!(10))
        }
        .traded(dec!(152.0000), "USD", "2024-05-10", 3)]
    );
}
