//! Vanguard `OfxDownload.csv` and E*TRADE `PortfolioDownload.csv`: every fixture imported through
//! detection, with the exact holdings, cash, date and warnings worked out by hand from the file.

use std::path::{Path, PathBuf};

use ai_exposure::import::{AssetClass, Cash, Holding, Kind, Portfolio};
use ai_exposure::{import_bytes, import_file, Error};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/brokers")
        .join(name)
}

fn import(name: &str) -> Portfolio {
    import_file(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn problems(bytes: &[u8]) -> Vec<String> {
    match import_bytes("f.csv", bytes, None) {
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected an import error, got {other:?}"),
    }
}

/// The fields a test states for a holding; the rest is `None`, the currency is USD (both brokers
/// keep US-dollar accounts).
struct H {
    line: u64,
    account: Option<&'static str>,
    symbol: Option<&'static str>,
    cusip: Option<&'static str>,
    name: Option<&'static str>,
    class: Option<AssetClass>,
    quantity: Decimal,
    price: Option<Decimal>,
    value: Option<Decimal>,
}

impl From<H> for Holding {
    fn from(h: H) -> Holding {
        Holding {
            account: h.account.map(Into::into),
            symbol: h.symbol.map(Into::into),
            isin: None,
            cusip: h.cusip.map(Into::into),
            name: h.name.map(Into::into),
            asset_class: h.class,
            quantity: h.quantity,
            price: h.price,
            market_value: h.value,
            currency: Some("USD".into()),
            line: h.line,
            stated: Default::default(),
        }
    }
}

fn holdings(list: Vec<H>) -> Vec<Holding> {
    list.into_iter().map(Holding::from).collect()
}

fn cash(line: u64, account: Option<&str>, label: &str, amount: Decimal) -> Cash {
    Cash {
        account: account.map(Into::into),
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

#[test]
fn the_generic_sample_is_not_claimed() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/sample_portfolio.csv");
    let p = import_file(&sample, None).expect("import");
    assert_eq!(p.broker, "generic");
    // A plain Symbol/Quantity/Value CSV is not E*TRADE's positions header either.
    let p = import_bytes("f.csv", b"Symbol,Quantity,Value\nNVDA,2,365.56\n", None).expect("import");
    assert_eq!(p.broker, "generic");
}

mod vanguard {
    use super::*;

    const TX_NOTE: &str =
        "transactions of the history sections were checked but not applied: the positions come from the holdings section";

    #[test]
    fn brokerage_with_trailing_commas_iso_dates_and_a_mutual_fund_section() {
        let p = import("vanguard/brokerage_trailing_commas.csv");
        assert_eq!(p.broker, "vanguard");
        assert_eq!(p.kind, Kind::Positions);
        assert_eq!(p.as_of, None);
        let acct = Some("57821940");
        assert_eq!(
            p.holdings,
            holdings(vec![
                H {
                    line: 2,
                    account: acct,
                    symbol: Some("NVDA"),
                    cusip: None,
                    name: Some("NVIDIA CORP"),
                    class: None,
                    quantity: dec!(25.5),
                    price: Some(dec!(182.78)),
                    value: Some(dec!(4660.89)),
                },
                H {
                    line: 3,
                    account: acct,
                    symbol: Some("MSFT"),
                    cusip: None,
                    name: Some("MICROSOFT CORP"),
                    class: None,
                    quantity: dec!(10),
                    price: Some(dec!(485.50)),
                    value: Some(dec!(4855.00)),
                },
                H {
                    line: 4,
                    account: acct,
                    symbol: Some("VTI"),
                    cusip: None,
                    name: Some("VANGUARD TOTAL STOCK MARKET ETF"),
                    class: Some(AssetClass::Etf),
                    quantity: dec!(12.3456),
                    price: Some(dec!(334.16)),
                    value: Some(dec!(4125.41)),
                },
                // The settlement money-market fund is an ordinary holding in this format.
                H {
                    line: 5,
                    account: acct,
                    symbol: Some("VMFXX"),
                    cusip: None,
                    name: Some("VANGUARD FEDERAL MONEY MARKET INVESTOR CL"),
                    class: Some(AssetClass::Fund),
                    quantity: dec!(515000),
                    price: Some(dec!(1)),
                    value: Some(dec!(515000)),
                },
                // A Treasury note listed by CUSIP in the Symbol column.
                H {
                    line: 6,
                    account: acct,
                    symbol: None,
                    cusip: Some("91282CJL6"),
                    name: Some("UNITED STATES TREAS NTS 4.375% 12/15/2026"),
                    class: None,
                    quantity: dec!(5000),
                    price: Some(dec!(99.875)),
                    value: Some(dec!(4993.75)),
                },
                H {
                    line: 7,
                    account: Some("88812345"),
                    symbol: Some("VFIAX"),
                    cusip: None,
                    name: Some("Vanguard 500 Index Fund Admiral Shares"),
                    class: Some(AssetClass::Fund),
                    quantity: dec!(3.217),
                    price: Some(dec!(612.40)),
                    value: Some(dec!(1970.09)),
                },
            ])
        );
        assert!(p.cash.is_empty());
        // 5 brokerage rows (lines 12-16) + 1 mutual-fund row (line 20); none changes a holding.
        assert_eq!(p.transaction_count, 0);
        assert_eq!(warnings(&p), [(Some(11), format!("6 {TX_NOTE}"))]);
    }

    #[test]
    fn brokerage_with_us_dates_dollar_signs_and_parenthesised_negatives() {
        let p = import("vanguard/brokerage_us_dates.csv");
        assert_eq!(p.broker, "vanguard");
        assert_eq!(p.kind, Kind::Positions);
        let acct = Some("12345678");
        assert_eq!(
            p.holdings,
            holdings(vec![
                H {
                    line: 2,
                    account: acct,
                    symbol: Some("AMZN"),
                    cusip: None,
                    name: Some("AMAZON.COM INC"),
                    class: None,
                    quantity: dec!(20),
                    price: Some(dec!(229.11)),
                    value: Some(dec!(4582.20)),
                },
                H {
                    line: 3,
                    account: acct,
                    symbol: Some("VTI"),
                    cusip: None,
                    name: Some("VANGUARD TOTAL STOCK MARKET ETF"),
                    class: Some(AssetClass::Etf),
                    quantity: dec!(10),
                    price: Some(dec!(240.00)),
                    value: Some(dec!(2400.00)),
                },
                H {
                    line: 4,
                    account: acct,
                    symbol: Some("VMFXX"),
                    cusip: None,
                    name: Some("VANGUARD FEDERAL MONEY MARKET FUND"),
                    class: Some(AssetClass::Fund),
                    quantity: dec!(500),
                    price: Some(dec!(1)),
                    value: Some(dec!(500)),
                },
            ])
        );
        // The AMZN sale of 2 shares (line 11) is history: the holdings section already says 20.
        assert_eq!(warnings(&p), [(Some(6), format!("5 {TX_NOTE}"))]);
    }

    #[test]
    fn holdings_only_2018_without_trailing_commas_or_final_newline() {
        let p = import("vanguard/holdings_only_2018.csv");
        assert_eq!(p.broker, "vanguard");
        let acct = Some("48305555");
        let row = |line, symbol, name, class, quantity, price, value| H {
            line,
            account: acct,
            symbol: Some(symbol),
            cusip: None,
            name: Some(name),
            class,
            quantity,
            price: Some(price),
            value: Some(value),
        };
        assert_eq!(
            p.holdings,
            holdings(vec![
                row(
                    2,
                    "GOOGL",
                    "ALPHABET INC CL A",
                    None,
                    dec!(15),
                    dec!(1101.16),
                    dec!(16517.4)
                ),
                row(
                    3,
                    "AVGO",
                    "BROADCOM INC",
                    None,
                    dec!(12.406),
                    dec!(246.13),
                    dec!(3053.49)
                ),
                row(
                    4,
                    "BRK-B",
                    "BERKSHIRE HATHAWAY INC DE CL B NEW",
                    None,
                    dec!(30),
                    dec!(197.63),
                    dec!(5928.9)
                ),
                row(
                    5,
                    "VTIAX",
                    "Vanguard Total International Stock Index Fund Admiral Shares",
                    Some(AssetClass::Fund),
                    dec!(168.52),
                    dec!(30.12),
                    dec!(5075.82)
                ),
                row(
                    6,
                    "VOO",
                    "VANGUARD S&P 500 INDEX ETF",
                    Some(AssetClass::Etf),
                    dec!(20.096),
                    dec!(243.27),
                    dec!(4888.75)
                ),
                row(
                    7,
                    "VMFXX",
                    "VANGUARD FEDERAL MONEY MARKET INVESTOR CL",
                    Some(AssetClass::Fund),
                    dec!(1250.37),
                    dec!(1),
                    dec!(1250.37)
                ),
            ])
        );
        assert!(p.cash.is_empty());
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn plan_529_lists_funds_by_name() {
        let p = import("vanguard/529.csv");
        assert_eq!(p.broker, "vanguard");
        assert_eq!(
            p.holdings,
            holdings(vec![
                H {
                    line: 2,
                    account: Some("591234567-01"),
                    symbol: None,
                    cusip: None,
                    name: Some("Vanguard Target Enrollment 2042/2043 Portfolio"),
                    class: Some(AssetClass::Fund),
                    quantity: dec!(512.3456),
                    price: Some(dec!(10.12)),
                    value: Some(dec!(5184.94)),
                },
                H {
                    line: 3,
                    account: Some("591234567-02"),
                    symbol: None,
                    cusip: None,
                    name: Some("Vanguard Total Stock Market Index Portfolio"),
                    class: Some(AssetClass::Fund),
                    quantity: dec!(20.5),
                    price: Some(dec!(48.30)),
                    value: Some(dec!(990.15)),
                },
            ])
        );
        assert_eq!(warnings(&p), [(Some(5), format!("3 {TX_NOTE}"))]);
    }

    #[test]
    fn repeated_holdings_headers_cash_total_and_option_rows() {
        let text = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value\n\
                    111,ADVANCED MICRO DEVICES INC,AMD,3,214.24,642.72\n\
                    111,CASH,,250.00,1.00,250.00\n\
                    111,Total,,,,892.72\n\
                    \n\
                    Account Number,Investment Name,Symbol,Shares,Share Price,Total Value\n\
                    222,ORACLE CORP,ORCL,4,159.42,637.68\n\
                    222,CALL ORACLE CORP JAN 16 26 $200,ORCL  260116C00200000,-1,3.10,-310.00\n";
        let p = import_bytes("f.csv", text.as_bytes(), None).expect("import");
        assert_eq!(p.broker, "vanguard");
        let row = |line, account, symbol, name, class, quantity, price, value| H {
            line,
            account: Some(account),
            symbol: Some(symbol),
            cusip: None,
            name: Some(name),
            class,
            quantity,
            price: Some(price),
            value: Some(value),
        };
        assert_eq!(
            p.holdings,
            holdings(vec![
                row(
                    2,
                    "111",
                    "AMD",
                    "ADVANCED MICRO DEVICES INC",
                    None,
                    dec!(3),
                    dec!(214.24),
                    dec!(642.72)
                ),
                row(
                    7,
                    "222",
                    "ORCL",
                    "ORACLE CORP",
                    None,
                    dec!(4),
                    dec!(159.42),
                    dec!(637.68)
                ),
                row(
                    8,
                    "222",
                    "ORCL  260116C00200000",
                    "CALL ORACLE CORP JAN 16 26 $200",
                    Some(AssetClass::Option),
                    dec!(-1),
                    dec!(3.10),
                    dec!(-310.00)
                ),
            ])
        );
        assert_eq!(p.cash, [cash(3, Some("111"), "CASH", dec!(250.00))]);
        assert_eq!(
            warnings(&p),
            [(
                Some(8),
                "negative quantity -1 (a short position) kept as is".to_string()
            )]
        );
    }

    #[test]
    fn bad_cells_in_holdings_and_transactions_are_all_located() {
        let text = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,\n\
                    57821940,NVIDIA CORP,NVDA,25.5x,182.78,4660.89,\n\
                    57821940,MICROSOFT CORP,MSFT,,485.50,4855.00,\n\
                    \n\
                    Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,Investment Name,Symbol,Shares,Share Price,Principal Amount,Commissions and Fees,Net Amount,Accrued Interest,Account Type,\n\
                    57821940,2026-13-01,2026-04-30,Dividend,Dividend Received,MICROSOFT CORP,MSFT,0.0,0.0,12.34,0.0,12.34,0.0,CASH,\n\
                    57821940,2026-04-15,2026-04-16,Buy,Buy,NVIDIA CORP,NVDA,5.5,180.0,(990.00,0.0,-990.00,0.0,CASH,\n";
        assert_eq!(
            problems(text.as_bytes()),
            [
                "f.csv:2:4: column 'Shares': \"25.5x\" is not a number: expected digits such as 1234.56 or $1,234.56",
                "f.csv:3:4: column 'Shares': is empty but required",
                "f.csv:6:2: column 'Trade Date': \"2026-13-01\" is not a date in the expected format (%Y-%m-%d or %m/%d/%Y)",
                "f.csv:7:10: column 'Principal Amount': \"(990.00\" is not a number: expected digits such as 1234.56 or $1,234.56",
            ]
        );
    }

    #[test]
    fn a_download_without_holdings_says_so() {
        let text = "Account Number,Trade Date,Run Date,Transaction Activity,Transaction Description,Investment Name,Share Price,Transaction Shares,Dollar Amount,\n\
                    88812345,2026-03-31,2026-03-31,Dividend Reinvestment,Dividend Reinvestment,Vanguard 500 Index Fund Admiral Shares,598.20,0.117,70.00,\n";
        let got = problems(text.as_bytes());
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("f.csv: no holdings section in this Vanguard download"),
            "{got:?}"
        );
    }
}

mod etrade {
    use super::*;

    #[test]
    fn portfolio_2026_with_account_filters_cusip_option_cd_and_crlf() {
        let p = import("etrade/portfolio_2026.csv");
        assert_eq!(p.broker, "etrade-positions");
        assert_eq!(p.kind, Kind::Positions);
        assert_eq!(
            p.as_of,
            Some(chrono::NaiveDate::from_ymd_opt(2026, 2, 15).unwrap())
        );
        let acct = Some("Individual Brokerage -4821");
        let ticker = |line, symbol, quantity, price, value| H {
            line,
            account: acct,
            symbol: Some(symbol),
            cusip: None,
            name: None,
            class: None,
            quantity,
            price: Some(price),
            value: Some(value),
        };
        let cd = "KEY BANK CD CLEVELAND OH CD 3.85% 08/24/2026";
        let call = "NVDA Mar 20 '26 $200 Call";
        assert_eq!(
            p.holdings,
            holdings(vec![
                // `.0000` is zero, not a placeholder.
                ticker(12, "ALFIQ", dec!(3), dec!(0), dec!(0)),
                H {
                    line: 13,
                    account: acct,
                    symbol: None,
                    cusip: Some("629999590"),
                    name: None,
                    class: None,
                    quantity: dec!(2),
                    price: Some(dec!(0)),
                    value: Some(dec!(0)),
                },
                ticker(14, "SPY", dec!(0.125), dec!(681.74), dec!(85.2175)),
                ticker(15, "AMD", dec!(0.132), dec!(214.24), dec!(28.2797)),
                ticker(16, "MSFT", dec!(4), dec!(485.50), dec!(1942)),
                ticker(17, "NVDA", dec!(10.008), dec!(182.78), dec!(1829.2622)),
                // One short call: negative quantity and value.
                H {
                    line: 18,
                    account: acct,
                    symbol: Some(call),
                    cusip: None,
                    name: Some(call),
                    class: Some(AssetClass::Option),
                    quantity: dec!(-1),
                    price: Some(dec!(1.35)),
                    value: Some(dec!(-135)),
                },
                H {
                    line: 19,
                    account: acct,
                    symbol: Some(cd),
                    cusip: None,
                    name: Some(cd),
                    class: Some(AssetClass::Cd),
                    quantity: dec!(5000),
                    price: Some(dec!(100.12)),
                    value: Some(dec!(5006)),
                },
            ])
        );
        // CASH goes to cash (line 20); TOTAL (line 21) is skipped.
        assert_eq!(p.cash, [cash(20, acct, "CASH", dec!(67.83))]);
        assert_eq!(
            warnings(&p),
            [(
                Some(18),
                "negative quantity -1.0000 (a short position) kept as is".to_string()
            )]
        );
    }

    #[test]
    fn portfolio_2019_lots_are_not_added_again() {
        let p = import("etrade/portfolio_2019_lots.csv");
        assert_eq!(p.broker, "etrade-positions");
        assert_eq!(
            p.as_of,
            Some(chrono::NaiveDate::from_ymd_opt(2019, 1, 18).unwrap())
        );
        let acct = Some("Alex -7631");
        let ticker = |line, symbol, quantity, price, value| H {
            line,
            account: acct,
            symbol: Some(symbol),
            cusip: None,
            name: None,
            class: None,
            quantity,
            price: Some(price),
            value: Some(value),
        };
        let call = "TWTR Feb 15 '19 $41 Call";
        assert_eq!(
            p.holdings,
            holdings(vec![
                // 12 = lots 8 + 4 (lines 9-10), counted once.
                ticker(8, "AVGO", dec!(12), dec!(254.81), dec!(3057.72)),
                // The same symbol twice, each position with its own lot (`--` and a date).
                ticker(11, "GOOGL", dec!(3), dec!(1098.26), dec!(3294.78)),
                ticker(13, "GOOGL", dec!(2.5), dec!(1098.26), dec!(2745.65)),
                H {
                    line: 15,
                    account: acct,
                    symbol: Some(call),
                    cusip: None,
                    name: Some(call),
                    class: Some(AssetClass::Option),
                    quantity: dec!(-35),
                    price: Some(dec!(0.22)),
                    value: Some(dec!(-927.5)),
                },
                // 999 = .0003 + 333 + 332.9997 + 333 (lines 18-21).
                ticker(17, "UTSI", dec!(999), dec!(3.09), dec!(3086.91)),
                // Apple's CUSIP in the Symbol column.
                H {
                    line: 22,
                    account: acct,
                    symbol: None,
                    cusip: Some("037833100"),
                    name: None,
                    class: None,
                    quantity: dec!(1.25),
                    price: Some(dec!(157.76)),
                    value: Some(dec!(197.2)),
                },
            ])
        );
        assert_eq!(p.cash, [cash(23, acct, "CASH", dec!(4302.58))]);
        assert_eq!(
            warnings(&p),
            [(
                Some(15),
                "negative quantity -35.0000 (a short position) kept as is".to_string()
            )]
        );
    }

    #[test]
    fn portfolio_without_account_row() {
        let p = import("etrade/portfolio_no_account_row.csv");
        assert_eq!(p.broker, "etrade-positions");
        assert_eq!(
            p.as_of,
            Some(chrono::NaiveDate::from_ymd_opt(2026, 2, 15).unwrap())
        );
        let ticker = |line, symbol, quantity, price, value| H {
            line,
            account: None,
            symbol: Some(symbol),
            cusip: None,
            name: None,
            class: None,
            quantity,
            price: Some(price),
            value: Some(value),
        };
        assert_eq!(
            p.holdings,
            holdings(vec![
                ticker(11, "ORCL", dec!(2), dec!(159.42), dec!(318.84)),
                ticker(12, "AMZN", dec!(1.512), dec!(229.11), dec!(346.4143)),
            ])
        );
        assert_eq!(p.cash, [cash(13, None, "CASH", dec!(12.50))]);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn portfolio_resaved_with_comma_padding_ira_summary() {
        let p = import("etrade/portfolio_resaved_ira.csv");
        assert_eq!(p.broker, "etrade-positions");
        assert_eq!(
            p.as_of,
            Some(chrono::NaiveDate::from_ymd_opt(2023, 9, 24).unwrap())
        );
        let acct = Some("Roth IRA -5590");
        let ticker = |line, symbol, quantity, price, value| H {
            line,
            account: acct,
            symbol: Some(symbol),
            cusip: None,
            name: None,
            class: None,
            quantity,
            price: Some(price),
            value: Some(value),
        };
        assert_eq!(
            p.holdings,
            holdings(vec![
                ticker(12, "VTTSX", dec!(122.599), dec!(42.49), dec!(5209.2315)),
                ticker(14, "META", dec!(2.58), dec!(300.31), dec!(774.7998)),
            ])
        );
        assert_eq!(p.cash, [cash(16, acct, "CASH", dec!(137.88))]);
        assert!(p.warnings.is_empty());
    }

    const HEAD: &str = "Account Summary\n\
        Account,Net Account Value,Total Gain $,Total Gain %,Day's Gain Unrealized $,Day's Gain Unrealized %,Available For Withdrawal,Cash Purchasing Power\n\
        \n\
        View Summary - All Positions\n\
        Symbol,Last Price $,Change $,Change %,Quantity,Price Paid $,Day's Gain $,Total Gain $,Total Gain %,Value $\n";

    #[test]
    fn bad_cells_and_footer_are_all_located() {
        let text = format!(
            "{HEAD}NVDA,182.78,-4.16,-2.23,1O.0080,76.5078,-41.6333,1063.5722,138.9038,1829.2622\n\
             MSFT,485.50,2.10,0.43,4.0000,310.25,8.4000,701.0000,56.4867,\n\
             AMD,214.2.4,-0.05,-0.02,.1320,150.00,-.0066,8.4797,42.8267,28.2797\n\
             ,1.00,0,0,1,1,0,0,0,1\n\
             CASH,,,,,,,,,abc,\n\
             \n\
             Generated at yesterday\n"
        );
        assert_eq!(
            problems(text.as_bytes()),
            [
                "f.csv:6:5: column 'Quantity': \"1O.0080\" is not a number: expected digits such as 1234.56 or $1,234.56",
                "f.csv:8:2: column 'Last Price $': \"214.2.4\" is not a number: expected digits such as 1234.56 or $1,234.56",
                "f.csv:9:1: column 'Symbol': no symbol on this row",
                "f.csv:10:10: column 'Value $': \"abc\" is not a number: expected digits such as 1234.56 or $1,234.56",
                "f.csv:12: the footer \"Generated at yesterday\" has no date in a known style (\"Generated at 01/18/2019 10:23:53 AM ET\" or \"Generated at Feb 15 2026 09:24 PM ET\")",
            ]
        );
    }

    #[test]
    fn several_accounts_in_the_summary_are_not_guessed() {
        let text = "Account Summary\n\
            Account,Net Account Value,Total Gain $,Total Gain %,Day's Gain Unrealized $,Day's Gain Unrealized %,Available For Withdrawal,Cash Purchasing Power\n\
            \"Alex -7631\",100,0,0,0,0,0,0\n\
            Roth IRA -5590,100,0,0,0,0,0,0\n\
            View Summary - All Positions\n\
            Symbol,Last Price $,Change $,Change %,Quantity,Price Paid $,Day's Gain $,Total Gain $,Total Gain %,Value $\n\
            AVGO,386.08,0,0,1.0000,300.00,0,86.08,28.69,386.08\n";
        let p = import_bytes("f.csv", text.as_bytes(), None).expect("import");
        assert_eq!(p.holdings[0].account, None);
        assert_eq!(p.as_of, None);
        assert_eq!(
            warnings(&p),
            [(
                Some(6),
                "the Account Summary lists 2 accounts (Alex -7631, Roth IRA -5590): the positions are not attributed to one of them".to_string()
            )]
        );
    }
}
