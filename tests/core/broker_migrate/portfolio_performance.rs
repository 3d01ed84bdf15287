//! Portfolio Performance: the transactions CSV export (German and English locales, securities
//! and cash accounts), its CSV import format as converters write it, and its holdings import.

use ai_exposure::import::{Holding, Kind, StatedRate, TradeRef};
use ai_exposure::import_bytes;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{holding, import, problems, s, warnings};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a day")
}

/// `h` priced at its latest trade: `price` on `date`, line `line`, and the rate it states.
fn traded(mut h: Holding, price: Decimal, date: NaiveDate, line: u64) -> Holding {
    h.price = Some(price);
    h.stated.trade = Some(TradeRef { date, line });
    h
}

/// PP's `Wechselkurs`: 1 `from` (the gross amount's currency) = `rate` `to` (the booking's).
fn rate(mut h: Holding, from: &str, to: &str, rate: Decimal) -> Holding {
    let t = h.stated.trade.expect("a trade first");
    h.stated.rate = Some(StatedRate {
        from: from.to_string(),
        to: to.to_string(),
        rate,
        date: Some(t.date),
        line: t.line,
    });
    h
}

/// The warning of a history with `n` holdings that have no price in the file.
fn unpriced(n: usize) -> String {
    format!("-: positions were computed from the transaction history; {n} of them had no trade at a price in the file, so their value is unknown until you give a price")
}

#[test]
fn german_securities_account_export() {
    let p = import("portfolio-performance/depot-de.csv");
    assert_eq!(p.broker, "portfolio-performance");
    assert_eq!(p.kind, Kind::Transactions);
    assert_eq!(p.transaction_count, 8);
    let h = |line, sym: &str, isin: Option<&str>, name: &str, q, cur: &str| Holding {
        isin: isin.map(str::to_string),
        name: s(name),
        currency: s(cur),
        ..holding(line, Some(sym), q)
    };
    assert_eq!(
        p.account_currency.as_deref(),
        Some("EUR"),
        "Buchungswährung"
    );
    // MSFT: Einlieferung 30 − Auslieferung 5 = 25. NVDA: Kauf 10 − Verkauf 2 = 8, in the gross
    // amount's currency (USD). AMZN: 0,5. NEL: "1.250" Stück = 1250 (decimal comma file).
    // AMD: Umbuchung (Eingang) with shares = 4. The fund has only a WKN: 3,123.
    assert_eq!(
        p.holdings,
        [
            // Deliveries only, no trade: no price.
            h(
                2,
                "MSFT",
                Some("US5949181045"),
                "Microsoft Corp.",
                dec!(25),
                "EUR"
            ),
            // Lines 3 (2023-03-02, Kauf: 2.500,00 USD ÷ 10 = 250) and 5 (2023-09-20, Verkauf:
            // 1.130,00 USD ÷ 2 = 565 USD): line 5; its Wechselkurs 0,9311: 1 USD = 0,9311 EUR
            // (1.130,00 × 0,9311 = 1.052,14 ≈ its Wert 1.052,15).
            rate(
                traded(
                    h(
                        3,
                        "NVDA",
                        Some("US67066G1040"),
                        "NVIDIA Corp.",
                        dec!(8),
                        "USD",
                    ),
                    dec!(565),
                    day(2023, 9, 20),
                    5,
                ),
                "USD",
                "EUR",
                dec!(0.9311),
            ),
            // Line 4 (2023-06-12), no gross amount: (1.001,23 − 1,00 fees) ÷ 0,5 = 2.000,46 EUR.
            traded(
                h(
                    4,
                    "AMZN",
                    Some("US0231351067"),
                    "Amazon.com Inc.",
                    dec!(0.5),
                    "EUR",
                ),
                dec!(2000.46),
                day(2023, 6, 12),
                4,
            ),
            // Line 7 (2024-05-10): 1.000,00 ÷ 1.250 = 0,80 EUR.
            traded(
                h(
                    7,
                    "NEL.OL",
                    Some("NO0010081235"),
                    "Nel ASA",
                    dec!(1250),
                    "EUR",
                ),
                dec!(0.80),
                day(2024, 5, 10),
                7,
            ),
            // Umbuchung only, no trade: no price.
            h(
                8,
                "AMD",
                Some("US0079031078"),
                "Advanced Micro Devices Inc.",
                dec!(4),
                "EUR"
            ),
            // Line 9 (2024-08-01): 500,00 ÷ 3,123 = 160,1024655… EUR, to 6 places.
            traded(
                h(
                    9,
                    "A0RPWH",
                    None,
                    "iShares Core MSCI World",
                    dec!(3.123),
                    "EUR",
                ),
                dec!(160.102466),
                day(2024, 8, 1),
                9,
            ),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            "9: A0RPWH has only a WKN: it is kept as the symbol, but deals are matched by ticker, ISIN or CUSIP".to_string(),
            unpriced(2),
        ]
    );
}

#[test]
fn english_cash_account_export() {
    let p = import("portfolio-performance/account-en.csv");
    assert_eq!(p.broker, "portfolio-performance");
    let h = |line, sym: &str, isin: &str, name: &str, q| Holding {
        isin: s(isin),
        name: s(name),
        currency: s("USD"),
        ..holding(line, Some(sym), q)
    };
    assert_eq!(
        p.account_currency.as_deref(),
        Some("USD"),
        "Transaction Currency"
    );
    // GOOGL: Buy 35 − Sell 10 = 25 (the dividend row's 35 shares move nothing). No gross
    // amounts: each trade's gross value is its Value less (buy) or plus (sell) fees and taxes.
    assert_eq!(
        p.holdings,
        [
            // Lines 3 (2024-01-03, Buy) and 7 (2024-06-03, Sell 10): line 7, (1,725.40 + 4.95
            // fees + 12.10 taxes) ÷ 10 = 174.245 USD.
            traded(
                h(
                    3,
                    "GOOGL",
                    "US02079K3059",
                    "Alphabet Inc. Class A",
                    dec!(25)
                ),
                dec!(174.245),
                day(2024, 6, 3),
                7,
            ),
            // Line 4 (2024-02-15): (2,291.85 − 1.00) ÷ 2.125 = 1078.0470588… USD.
            traded(
                h(4, "AVGO", "US11135F1012", "Broadcom Inc.", dec!(2.125)),
                dec!(1078.047059),
                day(2024, 2, 15),
                4,
            ),
            // Line 10 (2024-08-20): 982.40 ÷ 2 = 491.20 USD.
            traded(
                h(10, "META", "US30303M1027", "Meta Platforms Inc.", dec!(2)),
                dec!(491.20),
                day(2024, 8, 20),
                10,
            ),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            "-: this is the export of a cash account (Konto): securities delivered in or out (Einlieferung/Auslieferung) are only in the securities account's (Depot) export, so positions may be incomplete",
        ]
    );
}

#[test]
fn import_format_written_by_a_converter() {
    let p = import("portfolio-performance/import-format.csv");
    assert_eq!(p.broker, "portfolio-performance");
    assert_eq!(p.account_currency.as_deref(), Some("USD"));
    // AMD: Buy 8 − Sell 3 = 5 (newest first in the file). A CUSIP in the ticker column goes to
    // `cusip`. "Split" is no PP type: ignored with a warning.
    assert_eq!(
        p.holdings,
        [
            // Lines 2 (2025-05-06, Sell 3) and 4 (2024-11-12, Buy 8): line 2, (337.95 + $0.02
            // fees) ÷ 3 = 112.656666… USD.
            traded(
                Holding {
                    name: s("ADVANCED MICRO DEVICES INC"),
                    currency: s("USD"),
                    ..holding(2, Some("AMD"), dec!(5))
                },
                dec!(112.656667),
                day(2025, 5, 6),
                2,
            ),
            // Line 6 (2024-10-02): 1658.10 ÷ 10 = 165.81 USD.
            traded(
                Holding {
                    name: s("BROADCOM INC"),
                    currency: s("USD"),
                    ..holding(6, Some("AVGO"), dec!(10))
                },
                dec!(165.81),
                day(2024, 10, 2),
                6,
            ),
            // Line 7 (2024-10-02): 417.00 ÷ 1 = 417 USD.
            traded(
                Holding {
                    cusip: s("594918104"),
                    name: s("MICROSOFT CORP"),
                    currency: s("USD"),
                    ..holding(7, None, dec!(1))
                },
                dec!(417),
                day(2024, 10, 2),
                7,
            ),
        ]
    );
    assert_eq!(
        warnings(&p),
        ["8: unknown transaction type \"Split\": the row is ignored"]
    );
}

#[test]
fn german_holdings_import() {
    let p = import("portfolio-performance/holdings-de.csv");
    assert_eq!(p.broker, "portfolio-performance-holdings");
    assert_eq!(p.kind, Kind::Positions);
    assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2024, 12, 31));
    assert_eq!(
        p.account_currency.as_deref(),
        Some("EUR"),
        "one Währung throughout"
    );
    let h = |line, sym: &str, isin: Option<&str>, name: &str, q, px, mv| Holding {
        account: s("Comdirect"),
        isin: isin.map(str::to_string),
        name: s(name),
        price: Some(px),
        market_value: Some(mv),
        currency: s("EUR"),
        ..holding(line, Some(sym), q)
    };
    assert_eq!(
        p.holdings,
        [
            h(
                2,
                "NVDA",
                Some("US67066G1040"),
                "NVIDIA Corp.",
                dec!(100),
                dec!(129.60),
                dec!(12960.00)
            ),
            h(
                3,
                "MSFT",
                Some("US5949181045"),
                "Microsoft Corp.",
                dec!(10),
                dec!(406.75),
                dec!(4067.50)
            ),
            h(
                4,
                "EUNL.DE",
                Some("IE00B4L5Y983"),
                "iShares Core MSCI World UCITS ETF",
                dec!(95.5),
                dec!(100.25),
                dec!(9573.88)
            ),
            h(
                5,
                "A1JWVX",
                None,
                "Meta Platforms Inc.",
                dec!(5),
                dec!(568.42),
                dec!(2842.10)
            ),
        ]
    );
    assert_eq!(
        warnings(&p),
        ["5: A1JWVX has only a WKN: it is kept as the symbol, but deals are matched by ticker, ISIN or CUSIP"]
    );
}

#[test]
fn english_holdings_import() {
    let p = import("portfolio-performance/holdings-en.csv");
    assert_eq!(p.broker, "portfolio-performance-holdings");
    assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2025, 6, 30));
    assert_eq!(p.account_currency.as_deref(), Some("USD"));
    let h = |line, sym: &str, isin: Option<&str>, name: &str, q, px, mv| Holding {
        account: s("Broker"),
        isin: isin.map(str::to_string),
        name: s(name),
        price: Some(px),
        market_value: Some(mv),
        currency: s("USD"),
        ..holding(line, Some(sym), q)
    };
    assert_eq!(
        p.holdings,
        [
            h(
                2,
                "AMZN",
                Some("US0231351067"),
                "Amazon.com Inc.",
                dec!(20),
                dec!(219.39),
                dec!(4387.80)
            ),
            h(
                3,
                "ORCL",
                Some("US68389X1054"),
                "Oracle Corp.",
                dec!(10),
                dec!(218.63),
                dec!(2186.30)
            ),
            h(
                4,
                "AVGO",
                None,
                "Broadcom Inc.",
                dec!(14.5),
                dec!(265.88),
                dec!(3855.26)
            ),
        ]
    );
    assert!(p.warnings.is_empty());
}

const DE_HEADER: &str = "Datum;Typ;Wert;Buchungswährung;Bruttobetrag;Währung Bruttobetrag;Wechselkurs;Gebühren;Steuern;Stück;ISIN;WKN;Ticker-Symbol;Wertpapiername;Notiz";

#[test]
fn broken_cells_are_located() {
    let text = format!(
        "{DE_HEADER}\r\n\
         2024-01-02T00:00;Kauf;1.000,00;EUR;;;;;;zehn;US5949181045;870747;MSFT;Microsoft Corp.;\r\n\
         02/01/2024;Kauf;1.000,00;EUR;;;;;;1;US5949181046;870747;MSFT;Microsoft Corp.;\r\n\
         2024-01-03T00:00;Verkauf;-500,00;EUR;;;;;;;US5949181045;870747;MSFT;Microsoft Corp.;\r\n"
    );
    assert_eq!(
        problems("pp.csv", text.as_bytes(), None),
        [
            "pp.csv:2:10: column 'Stück': \"zehn\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "pp.csv:3:11: column 'ISIN': \"US5949181046\" has a wrong check digit (expected 5)",
            "pp.csv:3:1: column 'Datum': \"02/01/2024\" is not a date in the expected format (%Y-%m-%dT%H:%M or %Y-%m-%dT%H:%M:%S or %Y-%m-%dT%H:%M:%S%.f or %Y-%m-%d or %d.%m.%Y or %d.%m.%y or %Y/%m/%d or %Y.%m.%d or %Y%m%d)",
            "pp.csv:4:10: column 'Stück': is empty but required for a Verkauf",
        ]
    );
}

#[test]
fn an_older_cash_account_export_without_shares_on_trades() {
    // PP before 2024 wrote a cash account's Buy/Sell bookings without shares.
    let text = "Date,Type,Value,Transaction Currency,Taxes,Shares,ISIN,WKN,Ticker Symbol,Security Name,Note\n\
                2020-01-02T00:00,Deposit,\"5,000.00\",EUR,,,,,,,\n\
                2020-01-02T00:00,Buy,-500.00,EUR,,,US5949181045,,MSFT,Microsoft,\n\
                2021-05-01T00:00,Buy,-400.00,EUR,,2,US67066G1040,,NVDA,NVIDIA,\n";
    let p = import_bytes("a.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.broker, "portfolio-performance");
    // Line 4 (2021-05-01): 400.00 ÷ 2 = 200 EUR.
    assert_eq!(
        p.holdings,
        [traded(
            Holding {
                isin: s("US67066G1040"),
                name: s("NVIDIA"),
                currency: s("EUR"),
                ..holding(4, Some("NVDA"), dec!(2))
            },
            dec!(200),
            day(2021, 5, 1),
            4,
        )]
    );
    assert_eq!(
        warnings(&p),
        [
            "3: Buy/Sell without shares on line 3 (a cash account's export from an older Portfolio Performance): no shares are moved for it; the securities account's (Depot) export has them",
        ]
    );
}

#[test]
fn swiss_grouping_apostrophes() {
    let text = "Datum;Typ;Wert;Buchungswährung;Stück;ISIN;Wertpapiername\r\n\
                2024-01-02T00:00;Kauf;-1'234.50;CHF;1'000;CH0012032048;Roche\r\n";
    let p = import_bytes("ch.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.holdings[0].quantity, dec!(1000));
    assert_eq!(p.holdings[0].isin.as_deref(), Some("CH0012032048"));
}

#[test]
fn pytr_exports_are_not_claimed() {
    // pytr (Trade Republic) borrows PP's German names but adds ISIN2/Stück2 and has no
    // Buchungswährung: it is not a PP export.
    let pytr = "Datum;Typ;Wert;Notiz;ISIN;Stück;Gebühren;Steuern;ISIN2;Stück2\n\
                2024-02-20T16:32:07;Kauf;-3.002,8;Euro Stoxx 50 EUR (Dist);IE00B4K6B022;60;1;;;\n";
    let broker = import_bytes("pytr.csv", pytr.as_bytes(), None).map(|p| p.broker);
    assert!(
        !broker
            .as_deref()
            .is_ok_and(|b| b.starts_with("portfolio-performance")),
        "{broker:?}"
    );
}

#[test]
fn german_cash_account_export() {
    let p = import("portfolio-performance/konto-de.csv");
    assert_eq!(p.broker, "portfolio-performance");
    assert_eq!(p.transaction_count, 8);
    assert_eq!(p.account_currency.as_deref(), Some("EUR"));
    // NVDA: Kauf 20 − Verkauf 8 = 12 (the Dividende row's 20 Stück move nothing), in the gross
    // amount's currency. AMZN: 0,75. Einlage, Gebühren, Zinsen and the cash Umbuchung move none.
    assert_eq!(
        p.holdings,
        [
            // Lines 3 (2024-01-05, Kauf: 10.000,00 USD ÷ 20 = 500) and 7 (2024-09-16, Verkauf:
            // 1.160,00 USD ÷ 8 = 145 USD): line 7; 1 USD = 0,8972 EUR (1.160,00 × 0,8972 =
            // 1.040,75, its Wert).
            rate(
                traded(
                    Holding {
                        isin: s("US67066G1040"),
                        name: s("NVIDIA Corp."),
                        currency: s("USD"),
                        ..holding(3, Some("NVDA"), dec!(12))
                    },
                    dec!(145),
                    day(2024, 9, 16),
                    7,
                ),
                "USD",
                "EUR",
                dec!(0.8972),
            ),
            // Line 6 (2024-06-11): (2.105,00 − 5,00 fees) ÷ 0,75 = 2.800 EUR.
            traded(
                Holding {
                    isin: s("US0231351067"),
                    name: s("Amazon.com Inc."),
                    currency: s("EUR"),
                    ..holding(6, Some("AMZN"), dec!(0.75))
                },
                dec!(2800),
                day(2024, 6, 11),
                6,
            ),
        ]
    );
    assert_eq!(
        warnings(&p),
        [
            "-: this is the export of a cash account (Konto): securities delivered in or out (Einlieferung/Auslieferung) are only in the securities account's (Depot) export, so positions may be incomplete",
        ]
    );
}

#[test]
fn broken_holdings_cells_are_located() {
    let text = "Datum Wert;ISIN;Ticker-Symbol;WKN;Wertpapiername;Wert;Währung;Stück;Kurs;Depot\r\n\
                31.12.2024;US67066G1040;NVDA;918422;NVIDIA Corp.;12.960,00;EUR;;129,60;Comdirect\r\n\
                31.12.2024;US5949181045;MSFT;870747;Microsoft Corp.;viel;EUR;10;406,75;Comdirect\r\n\
                31.12.2024;;;;Cash;100,00;EUR;1;;Comdirect\r\n";
    assert_eq!(
        problems("h.csv", text.as_bytes(), None),
        [
            "h.csv:2:8: column 'Stück': is empty but required",
            "h.csv:3:6: column 'Wert': \"viel\" is not a number: expected digits such as 1234.56 or $1,234.56",
            "h.csv:4:2: column 'ISIN': no ISIN, Ticker Symbol or WKN on this row",
        ]
    );
}

#[test]
fn account_currency_only_when_the_file_has_one() {
    // Two booking currencies: no account currency; each trade keeps its own.
    let text = format!(
        "{DE_HEADER}\r\n\
         2024-01-02T00:00;Kauf;1.000,00;EUR;;;;;;10;US5949181045;870747;MSFT;Microsoft Corp.;\r\n\
         2024-01-03T00:00;Kauf;2.000,00;CHF;;;;;;10;CH0012032048;;ROG;Roche;\r\n"
    );
    let p = import_bytes("pp.csv", text.as_bytes(), None).expect("import");
    assert_eq!(p.account_currency, None);
    // 1.000,00 ÷ 10 = 100 EUR; 2.000,00 ÷ 10 = 200 CHF.
    let priced: Vec<_> = p
        .holdings
        .iter()
        .map(|h| (h.price, h.currency.as_deref()))
        .collect();
    assert_eq!(
        priced,
        [
            (Some(dec!(100)), Some("EUR")),
            (Some(dec!(200)), Some("CHF"))
        ]
    );
}
