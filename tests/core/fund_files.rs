//! Issuer holdings files (`ai_exposure::funds::files::read`): one hand-written fixture per layout
//! in `tests/fixtures/funds/` that copies the real layout and its quirks with made-up figures,
//! checked against figures worked out by hand; cut-off copies refused with a located problem;
//! mutations never panic. The real issuer downloads are read only from a directory named by
//! `AI_EXPOSURE_ETF_SAMPLES` (`#[ignore]`d: they are not ours to ship).

use std::path::{Path, PathBuf};

use ai_exposure::funds::files::{read, FileFormat, FundLine, HoldingsFile};
use ai_exposure::Error;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/funds")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).expect("fixture")
}

fn fixture(name: &str) -> HoldingsFile {
    match read(name, &bytes(name)) {
        Ok(f) => f,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn problems(name: &str, data: &[u8]) -> Vec<String> {
    match read(name, data) {
        Ok(f) => panic!(
            "{name}: read although it should not: {} lines",
            f.holdings.len()
        ),
        Err(Error::Import { problems }) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("{name}: not an import error: {other}"),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn by_symbol<'a>(f: &'a HoldingsFile, symbol: &str) -> &'a FundLine {
    f.holdings
        .iter()
        .find(|h| h.symbol.as_deref() == Some(symbol))
        .unwrap_or_else(|| panic!("no line {symbol}"))
}

fn weight_sum(f: &HoldingsFile) -> Decimal {
    f.holdings.iter().filter_map(|h| h.weight).sum()
}

#[test]
#[ignore = "reads the real issuer files from $AI_EXPOSURE_ETF_SAMPLES"]
fn real_issuer_samples() {
    let Ok(dir) = std::env::var("AI_EXPOSURE_ETF_SAMPLES") else {
        panic!("set AI_EXPOSURE_ETF_SAMPLES to the etf-samples directory");
    };
    let dir = PathBuf::from(dir);
    let real = |name: &str| -> HoldingsFile {
        let data = std::fs::read(dir.join(name)).expect("sample");
        let f = read(name, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!(
            "{name}: {:?} fund {:?} name {:?} as of {} lines {} weight sum {} shares out {:?} warnings {:?}",
            f.format,
            f.fund,
            f.fund_name,
            f.as_of,
            f.holdings.len(),
            weight_sum(&f),
            f.fund_shares_outstanding,
            f.warnings
        );
        f
    };
    let ivv = real("ishares_IVV_2024-12-06.csv");
    assert_eq!(ivv.format, FileFormat::IsharesUs);
    assert_eq!(ivv.as_of, day(2024, 12, 6));
    assert_eq!(ivv.fund_shares_outstanding, Some(dec!(957950000)));
    assert_eq!(ivv.fund_name.as_deref(), Some("iShares Core S&P 500 ETF"));
    let aapl = by_symbol(&ivv, "AAPL");
    assert_eq!(aapl.quantity, Some(dec!(171720766)));
    assert_eq!(aapl.weight, Some(dec!(0.0715)));
    assert_eq!(ivv.holdings.len(), 508);

    let eunl = real("ishares-ucits-de_EUNL_2026-01-20.csv");
    assert_eq!(eunl.format, FileFormat::IsharesUcits);
    assert_eq!(eunl.as_of, day(2026, 1, 20));
    let nvda = by_symbol(&eunl, "NVDA");
    assert_eq!(nvda.quantity, Some(dec!(38371210)));
    assert_eq!(nvda.weight, Some(dec!(0.0519)));
    assert_eq!(nvda.market_value, Some(dec!(6832761364.70)));

    let voo = real("vanguard_VOO_2025-09-30.csv");
    assert_eq!(voo.format, FileFormat::Vanguard);
    assert_eq!(voo.fund.as_deref(), Some("VOO"));
    assert_eq!(voo.as_of, day(2025, 9, 30));
    let nvda = by_symbol(&voo, "NVDA");
    assert_eq!(nvda.quantity, Some(dec!(601277005)));
    assert_eq!(nvda.weight, Some(dec!(0.0794)));
    let equity = voo
        .holdings
        .iter()
        .filter(|h| h.asset_class.as_deref() == Some("Equity"))
        .count();
    assert_eq!(equity, 504);

    let qqq = real("invesco_QQQ_2025-09-26.csv");
    assert_eq!(qqq.format, FileFormat::Invesco);
    assert_eq!(qqq.fund.as_deref(), Some("QQQ"));
    assert_eq!(qqq.as_of, day(2025, 9, 26));
    let nvda = by_symbol(&qqq, "NVDA");
    assert_eq!(nvda.quantity, Some(dec!(204259829)));
    assert_eq!(nvda.weight, Some(dec!(0.09507)));
    assert_eq!(nvda.cusip.as_deref(), Some("67066G104"));
    assert_eq!(qqq.holdings.len(), 101);
    assert_eq!(weight_sum(&qqq), dec!(0.99999));

    let schd = real("schwab_SCHD_2025-10-17.csv");
    assert_eq!(schd.format, FileFormat::Schwab);
    assert_eq!(schd.as_of, day(2025, 10, 17));
    let abbv = by_symbol(&schd, "ABBV");
    assert_eq!(abbv.quantity, Some(dec!(13438003)));
    assert_eq!(abbv.weight, Some(dec!(0.044145720413)));
    assert_eq!(abbv.figi.as_deref(), Some("BBG003P7K0B5"));

    let arkk = real("ark_ARKK_2024-06-04.csv");
    assert_eq!(arkk.format, FileFormat::Ark);
    assert_eq!(arkk.fund.as_deref(), Some("ARKK"));
    assert_eq!(arkk.as_of, day(2024, 6, 4));
    let tsla = by_symbol(&arkk, "TSLA");
    assert_eq!(tsla.quantity, Some(dec!(4125293)));
    assert_eq!(tsla.weight, Some(dec!(0.1175)));
    assert_eq!(tsla.cusip.as_deref(), Some("88160R101"));
}
