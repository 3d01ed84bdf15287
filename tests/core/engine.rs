//! Exposure engine, with figures worked out by hand from the dataset's own share counts and
//! amounts (data/companies.csv, data/deals.csv); the arithmetic is in the comments.

use ai_exposure::dataset::Status;
use ai_exposure::exposure::{Exclusion, ExposureReport, Link};
use ai_exposure::{compute, import_bytes, Dataset, Settings};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn report(csv: &str, settings: &Settings) -> ExposureReport {
    let dataset = Dataset::bundled().expect("bundled dataset");
    let portfolio = import_bytes("test.csv", csv.as_bytes(), None).expect("import");
    compute(&dataset, &portfolio, settings).expect("compute")
}

fn link<'a>(r: &'a ExposureReport, symbol: &str, deal: &str) -> &'a Link {
    r.links
        .iter()
        .find(|l| l.symbol == symbol && l.deal_id == deal)
        .unwrap_or_else(|| panic!("no link {symbol} {deal}"))
}

#[test]
fn look_through_is_quantity_times_amount_over_shares_outstanding() {
    let r = report("Symbol,Shares\nMSFT,120\nAMZN,200\n", &Settings::default());
    // MSFT: 7,432,377,655 shares (10-Q cover, 2025-10-23). S04: $250B incremental Azure contract.
    // 120 / 7,432,377,655 = 0.0000000161455...; × 250,000,000,000 = 4,036.3904... → $4,036.39
    let s04 = link(&r, "MSFT", "S04");
    assert_eq!(s04.look_through_usd, Some(dec!(4036.39)));
    assert_eq!(s04.ownership_fraction, Some(dec!(120) / dec!(7432377655)));
    assert_eq!(s04.weight, dec!(1)); // signed
    assert_eq!(s04.weighted_look_through_usd, Some(dec!(4036.39)));
    // AMZN: 10,690,216,011 shares. S02: $38B AWS contract, signed.
    // 200 × 38,000,000,000 / 10,690,216,011 = 710.9313... → $710.93
    assert_eq!(link(&r, "AMZN", "S02").look_through_usd, Some(dec!(710.93)));
    // D29a: $50B, signed when the round closed on 2026-03-31 (weight 1).
    // 200 × 50e9 / 10,690,216,011 = 935.4340... → $935.43; × 1 = $935.43
    let d29a = link(&r, "AMZN", "D29a");
    assert_eq!(d29a.look_through_usd, Some(dec!(935.43)));
    assert_eq!(d29a.weighted_look_through_usd, Some(dec!(935.43)));
    // Announced deals weigh 0.75: D50b, Anthropic's >$100B AWS commitment of 2026-04-20:
    // 200 × 100e9 / 10,690,216,011 = 1,870.868... → $1,870.87; × 0.75 = 1,403.1525 → $1,403.15
    let d50b = link(&r, "AMZN", "D50b");
    assert_eq!(d50b.look_through_usd, Some(dec!(1870.87)));
    assert_eq!(d50b.weighted_look_through_usd, Some(dec!(1403.15)));
}

#[test]
fn aggregates_and_superseded_deals_are_shown_but_not_totalled() {
    let r = report("Symbol,Shares\nAMZN,200\nNVDA,350\n", &Settings::default());
    let s03 = link(&r, "AMZN", "S03");
    assert!(!s03.in_totals);
    assert_eq!(s03.excluded_reason, Some(Exclusion::Aggregate));
    let s01 = link(&r, "AMZN", "S01"); // rumoured $10B, superseded by D29a
    assert!(!s01.in_totals);
    assert_eq!(s01.excluded_reason, Some(Exclusion::Superseded));
    assert_eq!(s01.weight, Decimal::ZERO);
    // 200 × 10e9 / 10,690,216,011 = 187.0869 → shown as $187.09 but not added.
    assert_eq!(s01.look_through_usd, Some(dec!(187.09)));
    let d10 = link(&r, "NVDA", "D10");
    assert_eq!(d10.excluded_reason, Some(Exclusion::Superseded));
    let amzn = r
        .by_holding
        .iter()
        .find(|h| h.symbol == "AMZN")
        .expect("AMZN row");
    // In totals for AMZN: S02 710.93 + S07 8e9×200/10,690,216,011 = 149.67 + D26 11e9 → 205.80
    // + D29a 935.43 + D50a 25e9 → 467.72 + D50b 100e9 → 1,870.87 = 4,340.42 (S01, S03 and the
    // D46 round, an aggregate that contains D29a, left out).
    assert_eq!(amzn.look_through_usd, Some(dec!(4340.42)));
    assert_eq!(
        link(&r, "AMZN", "D46").excluded_reason,
        Some(Exclusion::Aggregate)
    );
    assert!(r.by_deal.iter().any(|d| d.deal_id == "S03" && !d.in_totals));
}

#[test]
fn undisclosed_amounts_are_links_not_zero() {
    let r = report("Symbol,Shares\nAVGO,60\n", &Settings::default());
    let d12 = link(&r, "AVGO", "D12"); // Broadcom–OpenAI 10 GW: terms not disclosed
    assert_eq!(d12.amount_usd, None);
    assert_eq!(d12.look_through_usd, None);
    assert_eq!(d12.weighted_look_through_usd, None);
    assert!(d12.in_totals);
    let openai = r
        .by_counterparty
        .iter()
        .find(|c| c.counterparty == "openai")
        .expect("openai");
    // AVGO's OpenAI links: D12 (undisclosed) and S03 (aggregate, not in totals).
    assert_eq!(openai.look_through_usd, None);
    assert_eq!(openai.undisclosed_link_count, 1);
    let d12_row = r.by_deal.iter().find(|d| d.deal_id == "D12").expect("D12");
    assert_eq!(d12_row.look_through_usd, None);
    // D16: $21B TPU racks; AVGO 4,773,629,865 shares (10-Q cover of 2026-08-28):
    // 60 × 21e9 / 4,773,629,865 = 263.9500... → 263.95
    assert_eq!(link(&r, "AVGO", "D16").look_through_usd, Some(dec!(263.95)));
}

#[test]
fn linked_value_counts_each_holding_once_per_counterparty() {
    let r = report(
        "Symbol,Shares,Price\nMSFT,10,500\nKO,100,70\n",
        &Settings::default(),
    );
    // MSFT has several OpenAI deals (S04, S05, D19...) but its $5,000 counts once.
    let openai = r
        .by_counterparty
        .iter()
        .find(|c| c.counterparty == "openai")
        .expect("openai");
    assert_eq!(openai.linked_value, Some(dec!(5000.00)));
    // KO has no deal but is in the portfolio value: 5,000 + 7,000 = 12,000; share 5,000/12,000.
    assert_eq!(r.portfolio.total_value, Some(dec!(12000.00)));
    assert_eq!(r.portfolio.linked_value, Some(dec!(5000.00)));
    assert_eq!(openai.linked_share, Some(dec!(0.416667)));
    let ko = r.by_holding.iter().find(|h| h.symbol == "KO").expect("KO");
    assert!(!ko.resolved);
    assert_eq!(ko.look_through_usd, None);
}

#[test]
fn what_if_settings_change_the_totals() {
    let csv = "Symbol,Shares\nAMZN,200\nNVDA,350\n";
    let base = report(csv, &Settings::default());
    let mut s = Settings::default();
    s.status_weights.insert(Status::Signed, dec!(0.5));
    let half = report(csv, &s);
    // D29a (signed) weighted: 935.43 × 0.5 = 467.715 → 467.72 (half away from zero)
    assert_eq!(
        link(&half, "AMZN", "D29a").weighted_look_through_usd,
        Some(dec!(467.72))
    );
    // Raw look-through does not depend on weights.
    assert_eq!(
        half.portfolio.look_through_usd,
        base.portfolio.look_through_usd
    );

    let mut s = Settings::default();
    s.excluded_deals.insert("S02".into());
    let without = report(csv, &s);
    assert_eq!(
        link(&without, "AMZN", "S02").excluded_reason,
        Some(Exclusion::ExcludedByUser)
    );
    // Dropping S02 removes exactly AMZN's $710.93 (NVDA's S02 link is undisclosed).
    assert_eq!(
        base.portfolio.look_through_usd.expect("known")
            - without.portfolio.look_through_usd.expect("known"),
        dec!(710.93)
    );

    let s = Settings {
        include_indirect: false,
        ..Settings::default()
    };
    let direct = report(csv, &s);
    assert_eq!(
        link(&direct, "NVDA", "S02").excluded_reason,
        Some(Exclusion::IndirectOff)
    );
    assert!(link(&direct, "AMZN", "S02").in_totals);
}

#[test]
fn amd_warrant_shows_the_potential_dilution() {
    let r = report("Symbol,Shares\nAMD,80\n", &Settings::default());
    let d11 = link(&r, "AMD", "D11");
    let dil = d11.dilution.as_ref().expect("dilution");
    // Warrant for up to 160,000,000 AMD shares; ~1,630,000,000 outstanding (approximate).
    assert_eq!(dil.new_shares, dec!(160000000));
    assert_eq!(dil.ownership_before, Some(dec!(80) / dec!(1630000000)));
    assert_eq!(dil.ownership_after, Some(dec!(80) / dec!(1790000000)));
    // 160 / 1,790 = 0.0893854748...
    assert_eq!(
        dil.relative_dilution.map(|d| d.round_dp(6)),
        Some(dec!(0.089385))
    );
    assert!(link(&r, "AMD", "D31b").dilution.is_none());
}

#[test]
fn holdings_resolve_by_isin_cusip_and_class_share_spellings() {
    let r = report(
        "Symbol,ISIN,CUSIP,Shares\n,US0231351067,,1\n,,67066G104,1\nGOOG,,,1\nbrk-b,,,1\n",
        &Settings::default(),
    );
    let ids: Vec<_> = r.by_holding.iter().map(|h| h.company_id.clone()).collect();
    assert_eq!(
        ids,
        [
            Some("amazon".into()),
            Some("nvidia".into()),
            Some("alphabet".into()),
            None
        ]
    );
}

/// Rates of one made-up day: 1 EUR = 1.25 USD = 0.80 GBP.
fn test_rates() -> ai_exposure::value::Rates {
    ai_exposure::value::Rates {
        table: ai_exposure::value::RateTable::parse(
            "rates.csv",
            "Date, USD, GBP, \n02 December 2026, 1.25, 0.80, \n",
        )
        .unwrap(),
        overrides: Default::default(),
    }
}

#[test]
fn other_currencies_are_converted_and_a_currency_without_a_rate_is_listed_not_zero() {
    let mut settings = Settings::default();
    settings.valuation.rates = test_rates();
    let r = report(
        "Symbol,Shares,Price,Currency\nMSFT,1,400,USD\nAMZN,1,200,EUR\nKO,2,10,BRL\n",
        &settings,
    );
    // 400 USD + 200 EUR × 1.25 = 650.00 USD; KO (BRL, no rate) is not in it.
    assert_eq!(r.portfolio.currency, "USD");
    assert_eq!(r.portfolio.total_value, Some(dec!(650.00)));
    assert_eq!(r.portfolio.valued_holdings_count, 2);
    let ko = &r.portfolio.unvalued_holdings;
    assert_eq!(ko.len(), 1);
    assert_eq!(ko[0].symbol, "KO");
    assert!(
        ko[0].reason.contains("no exchange rate from BRL to USD"),
        "{}",
        ko[0].reason
    );
    let fx = &r.portfolio.fx;
    assert_eq!(fx.len(), 1);
    assert_eq!(
        (fx[0].currency.as_str(), fx[0].rate, fx[0].used_by),
        ("EUR", dec!(1.25), 1)
    );
    assert_eq!(fx[0].date, chrono::NaiveDate::from_ymd_opt(2026, 12, 2));
    let amzn = r.by_holding.iter().find(|h| h.symbol == "AMZN").unwrap();
    assert_eq!(
        (amzn.market_value, amzn.local_value),
        (Some(dec!(250.00)), Some(dec!(200.00)))
    );
    assert!(
        amzn.why
            .iter()
            .any(|w| w.contains("1 EUR = 1.25 USD (ECB reference rate of 2026-12-02)")),
        "{:?}",
        amzn.why
    );
    // The look-through does not need a price: AMZN still has its links.
    assert!(link(&r, "AMZN", "S02").look_through_usd.is_some());

    // In EUR: 400 USD ÷ 1.25 = 320 + 200 = 520.00 EUR; the look-through is shown converted too.
    settings.valuation.base = Some("EUR".into());
    let e = report(
        "Symbol,Shares,Price,Currency\nMSFT,1,400,USD\nAMZN,1,200,EUR\n",
        &settings,
    );
    assert_eq!(e.portfolio.currency, "EUR");
    assert_eq!(e.portfolio.total_value, Some(dec!(520.00)));
    let usd = e.portfolio.weighted_look_through_usd.unwrap();
    let c = e.portfolio.usd_to_base.as_ref().unwrap();
    assert_eq!(c.rate, dec!(0.8));
    assert_eq!(
        e.portfolio.weighted_look_through_base,
        Some((usd * dec!(0.8)).round_dp(2))
    );
    // The share of the portfolio is the same in either currency when every value converts at
    // one rate: MSFT and AMZN are both linked.
    assert_eq!(e.portfolio.linked_share, Some(dec!(1)));
}

#[test]
fn every_figure_has_a_why_trace_with_the_numbers() {
    let r = report("Symbol,Shares\nMSFT,120\n", &Settings::default());
    let why = link(&r, "MSFT", "S04").why.join("\n");
    assert!(
        why.contains("120 ÷ 7,432,377,655 shares outstanding"),
        "{why}"
    );
    assert!(
        why.contains("120 × $250,000,000,000.00 ÷ 7,432,377,655 = $4,036.39"),
        "{why}"
    );
    assert!(why.contains("weight 1"), "{why}");
    assert!(why.contains("https://www.sec.gov/"), "{why}");
    assert!(r.by_counterparty.iter().all(|c| !c.why.is_empty()));
    assert!(r.by_holding.iter().all(|h| !h.why.is_empty()));
    assert!(!r.portfolio.why.is_empty());
}

#[test]
fn a_counterparty_haircut_scales_the_weight_of_its_links_only() {
    let csv = "Symbol,Shares\nMSFT,120\nAMZN,200\n";
    let base = report(csv, &Settings::default());
    let mut s = Settings::default();
    s.haircuts.insert("openai".into(), dec!(0.5));
    let cut = report(csv, &s);
    // Links whose counterparty is OpenAI (data/deals.csv), weighted with the haircut:
    //   S04 MSFT signed (1):      4,036.39 × 1 × 0.5    = 2,018.195   → 2,018.20
    //   S05 MSFT partially completed (1): 120 × $13B ÷ 7,432,377,655 = 209.89;
    //                               209.89 × 1 × 0.5    =   104.945   →   104.95
    //   S02 AMZN signed (1):        710.93 × 1 × 0.5    =   355.465   →   355.47
    //   D29a AMZN signed (1):       935.43 × 1 × 0.5    =   467.715   →   467.72
    assert_eq!(link(&cut, "MSFT", "S04").weight, dec!(0.5));
    assert_eq!(
        link(&cut, "MSFT", "S04").weighted_look_through_usd,
        Some(dec!(2018.20))
    );
    assert_eq!(
        link(&cut, "AMZN", "S02").weighted_look_through_usd,
        Some(dec!(355.47))
    );
    assert_eq!(link(&cut, "AMZN", "D29a").weight, dec!(0.5));
    assert_eq!(
        link(&cut, "AMZN", "D29a").weighted_look_through_usd,
        Some(dec!(467.72))
    );
    // (S03, D19, D27 with OpenAI have undisclosed amounts: nothing to scale.)
    assert_eq!(
        link(&cut, "MSFT", "S05").weighted_look_through_usd,
        Some(dec!(104.95))
    );
    // Base minus haircut: (4,036.39 − 2,018.20) + (209.89 − 104.95) + (710.93 − 355.47)
    //   + (935.43 − 467.72) = 2,018.19 + 104.94 + 355.46 + 467.71 = 2,946.30; nothing else
    //   moves (D46, OpenAI's 2026 round, is an aggregate and not in totals).
    assert_eq!(
        base.portfolio.weighted_look_through_usd.expect("known")
            - cut.portfolio.weighted_look_through_usd.expect("known"),
        dec!(2946.30)
    );
    assert_eq!(
        cut.portfolio.look_through_usd,
        base.portfolio.look_through_usd
    );
    for l in cut.links.iter().filter(|l| l.counterparty != "openai") {
        assert_eq!(l.haircut, None);
        let b = link(&base, &l.symbol, &l.deal_id);
        assert_eq!(
            (l.weight, l.weighted_look_through_usd),
            (b.weight, b.weighted_look_through_usd)
        );
    }
    let why = link(&cut, "MSFT", "S04").why.join("\n");
    assert!(
        why.contains("OpenAI delivers 50% of its commitments"),
        "{why}"
    );
}

#[test]
fn scenarios_are_checked_against_the_dataset() {
    use ai_exposure::exposure::Scenario;
    let dataset = Dataset::bundled().expect("dataset");
    let mut sc = Scenario::default();
    sc.status_weights.insert("announced".into(), "0.5".into());
    sc.haircuts.insert("openai".into(), "0.25".into());
    sc.excluded_deals.push("D16".into());
    sc.include_indirect = Some(false);
    let s = sc.to_settings(&dataset).expect("valid");
    assert_eq!(s.weight(Status::Announced), dec!(0.5));
    assert_eq!(s.weight(Status::Signed), dec!(1));
    assert_eq!(s.haircuts.get("openai"), Some(&dec!(0.25)));
    assert!(s.excluded_deals.contains("D16") && !s.include_indirect);
    // Round trip through the saved form.
    assert_eq!(
        Scenario::from_settings(&s)
            .to_settings(&dataset)
            .expect("again"),
        s
    );

    let mut bad = Scenario::default();
    bad.status_weights.insert("announced".into(), "1.5".into());
    bad.status_weights.insert("maybe".into(), "0.5".into());
    bad.excluded_deals.push("NOPE".into());
    bad.haircuts.insert("acme".into(), "0.5".into());
    let err = bad.to_settings(&dataset).expect_err("invalid").to_string();
    for part in [
        "\"1.5\" is not a fraction",
        "maybe",
        "\"NOPE\" is not in the dataset",
        "\"acme\": no such company",
    ] {
        assert!(err.contains(part), "{part} missing from: {err}");
    }
}

/// The bundled ECB rate of USD per euro, read from data/fx/eurofxref.csv itself (its header
/// names the currencies, its one row the rates).
fn bundled_usd_per_eur() -> rust_decimal::Decimal {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/fx/eurofxref.csv"),
    )
    .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
    let i = header.iter().position(|h| *h == "USD").unwrap();
    row[i].parse().unwrap()
}

/// tests/fixtures/brokers/degiro/portfolio-nl.csv, a Dutch account: NVDA 40 (USD 7,250.00 =
/// €6,327.01), CoreWeave 96 (USD 11,323.20 = €9,880.62), ASML 8 (€13,262.40), iShares Core S&P
/// 500 UCITS 24 (€16,884.48); cash €1,250.40 and USD −35.12 (= €−30.65).
#[test]
fn a_degiro_account_totals_in_eur_from_its_own_values_and_in_usd_at_the_bundled_rate() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/brokers/degiro/portfolio-nl.csv"),
    )
    .unwrap();
    // The S&P 500 UCITS fund is looked through (a proxy of IVV, below); without funds the
    // linked value is the two companies held directly.
    let dataset = Dataset::bundled().unwrap().without_funds();
    let portfolio = import_bytes("portfolio-nl.csv", &bytes, None).unwrap();
    assert_eq!(portfolio.account_currency.as_deref(), Some("EUR"));

    // EUR, the account's currency (the default): the file's own EUR column.
    // 6,327.01 + 9,880.62 + 13,262.40 + 16,884.48 = 46,354.51; cash 1,250.40 − 30.65 = 1,219.75.
    let r = compute(&dataset, &portfolio, &Settings::default()).unwrap();
    let p = &r.portfolio;
    assert_eq!(p.currency, "EUR");
    assert_eq!(p.total_value, Some(dec!(46354.51)));
    assert_eq!(p.cash_value, Some(dec!(1219.75)));
    assert_eq!(p.total_with_cash, Some(dec!(47574.26)));
    // No rate was needed: every figure is the broker's.
    assert!(p.fx.is_empty(), "{:?}", p.fx);
    // NVDA and CoreWeave have deals: 6,327.01 + 9,880.62 = 16,207.63 = 34.9645 % of 46,354.51.
    assert_eq!(p.linked_value, Some(dec!(16207.63)));
    assert_eq!(p.linked_share, Some(dec!(0.349645)));
    let nvda = r
        .by_holding
        .iter()
        .find(|h| h.symbol == "US67066G1040")
        .unwrap();
    assert_eq!(
        nvda.value_basis,
        Some(ai_exposure::value::ValueBasis::Stated { line: 4 })
    );

    // USD at the bundled ECB rate of 30 October 2026, 1 EUR = 1.1172 USD: the USD lines at
    // their own value, the EUR lines converted.
    let usd = bundled_usd_per_eur();
    assert_eq!(usd, dec!(1.1172));
    // ASML 13,262.40 × 1.1172 = 14,816.75328 → 14,816.75; the S&P 500 fund 16,884.48 × 1.1172
    // = 18,863.341056 → 18,863.34; + 7,250.00 + 11,323.20 = 52,253.29.
    let mut settings = Settings::default();
    settings.valuation.base = Some("USD".into());
    let r = compute(&dataset, &portfolio, &settings).unwrap();
    let p = &r.portfolio;
    assert_eq!(p.currency, "USD");
    assert_eq!(p.total_value, Some(dec!(52253.29)));
    // Cash: 1,250.40 × 1.1172 = 1,396.94688 → 1,396.95, − 35.12 = 1,361.83.
    assert_eq!(p.cash_value, Some(dec!(1361.83)));
    // Linked: 7,250.00 + 11,323.20 = 18,573.20 = 35.5446 % of 52,253.29.
    assert_eq!(p.linked_value, Some(dec!(18573.20)));
    assert_eq!(p.linked_share, Some(dec!(0.355446)));
    let eur = p.fx.iter().find(|f| f.currency == "EUR").unwrap();
    assert_eq!((eur.rate, eur.used_by), (usd, 3));
    assert_eq!(eur.date, chrono::NaiveDate::from_ymd_opt(2026, 10, 30));
    // The look-through does not depend on the currency or any price.
    let eur_report = compute(&dataset, &portfolio, &Settings::default()).unwrap();
    assert_eq!(
        eur_report.portfolio.weighted_look_through_usd,
        p.weighted_look_through_usd
    );

    // With the bundled funds, IE00B5BMR087 is seen through IVV's weights (a proxy, ≈): its EUR
    // value counts by its part in linked companies, so the linked value grows, but by less than
    // the fund's whole 16,884.48.
    let with_funds = Dataset::bundled().unwrap();
    let r = compute(&with_funds, &portfolio, &Settings::default()).unwrap();
    let f = &r.funds[0];
    assert_eq!(
        (f.fund_id.as_str(), f.proxy_of.as_deref()),
        ("cspx", Some("IVV"))
    );
    let grown = r.portfolio.linked_value.unwrap() - dec!(16207.63);
    assert!(grown > dec!(0) && grown < dec!(16884.48), "{grown}");
    assert_eq!(r.portfolio.total_value, Some(dec!(46354.51)));
}
