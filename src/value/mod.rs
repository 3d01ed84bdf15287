//! What each holding is worth, in the base currency, and why.
//!
//! The price, in order: one the user gave (typed, or a prices file), else the file's own (a
//! positions file's price or value; a history's latest trade). The value in the base currency,
//! in order: the holding's own when it is in the base currency; the value the file states in
//! the account's currency when that is the base (DEGIRO's `Waarde in EUR`); the rate the file
//! states; the user's rate; the reference rates (bundled or loaded). A holding none of these
//! value is listed as unvalued with the reason, never counted as 0.
//!
//! Deal amounts and look-through figures are USD facts and do not depend on any price: prices
//! only give the portfolio's value, the linked share and each company's market value.

pub mod fx;
pub mod prices;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::fmt::{grouped, plain};
use crate::import::{Cash, Holding, Portfolio};
use crate::money::cents;
pub use fx::{Conversion, RateSource, RateTable, Rates};
pub use prices::{GivenPrice, Origin, Prices};

/// Prices older than this many days before the day of the figures are flagged.
pub const STALE_AFTER_DAYS: i64 = 30;

/// How holdings are valued: the base currency, the rates and the prices given.
#[derive(Debug, Clone, PartialEq)]
pub struct Valuation {
    /// `None`: the account's currency where the file states it, else USD.
    pub base: Option<String>,
    pub rates: Rates,
    pub prices: Prices,
    pub stale_after_days: i64,
    /// The day prices are judged stale against (today, for the app and the CLI).
    pub today: NaiveDate,
}

impl Default for Valuation {
    fn default() -> Self {
        Valuation {
            base: None,
            rates: Rates::default(),
            prices: Prices::default(),
            stale_after_days: STALE_AFTER_DAYS,
            today: chrono::Local::now().date_naive(),
        }
    }
}

impl Valuation {
    /// The currency figures are shown in for `portfolio`.
    pub fn base_for(&self, portfolio: &Portfolio) -> String {
        self.base
            .clone()
            .or_else(|| portfolio.account_currency.clone())
            .unwrap_or_else(|| "USD".into())
    }
}

/// Where a holding's price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// The positions file's own price or value.
    File,
    /// The latest trade of a history.
    LastTrade,
    /// A prices file the user gave.
    PricesFile,
    /// Typed by the user.
    Typed,
}

/// The price a holding is valued at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceUse {
    #[serde(with = "rust_decimal::serde::str")]
    pub price: Decimal,
    pub currency: String,
    pub source: PriceSource,
    /// The day of the price: the trade's, the prices file's, the positions file's.
    pub date: Option<NaiveDate>,
    /// The line it comes from (of the portfolio file, or of the prices file `file`).
    pub line: Option<u64>,
    pub file: Option<String>,
    /// Older than the stale limit (or of no known day, for a typed price never).
    pub stale: bool,
}

/// How the value in the base currency was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ValueBasis {
    /// Already in the base currency.
    Own,
    /// The value the file states in the account's currency, on `line`.
    Stated { line: u64 },
    /// Converted at a rate.
    Converted { conversion: Conversion },
}

/// A holding's value, with its basis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Valued {
    pub price: Option<PriceUse>,
    /// The value in the holding's (price's) currency.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub local_value: Option<Decimal>,
    pub local_currency: String,
    /// In the base currency, in cents; `None` when it cannot be known.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    pub basis: Option<ValueBasis>,
    /// In USD (fund weights and company market values are USD figures).
    #[serde(skip)]
    pub value_usd: Option<Decimal>,
    #[serde(skip)]
    pub price_usd: Option<Decimal>,
    /// Why there is no value, when there is none.
    pub unvalued: Option<String>,
}

impl Valued {
    /// The sentence that says where the value comes from.
    pub fn why(&self, base: &str) -> Option<String> {
        let price = self.price.as_ref()?;
        let from = match price.source {
            PriceSource::File => "your file".to_string(),
            PriceSource::LastTrade => match price.date {
                Some(d) => format!("your file's last trade, of {d}"),
                None => "your file's last trade".to_string(),
            },
            PriceSource::PricesFile => format!(
                "{}{}",
                price.file.as_deref().unwrap_or("your prices file"),
                price.date.map(|d| format!(" of {d}")).unwrap_or_default()
            ),
            PriceSource::Typed => "the price you typed".to_string(),
        };
        let line = price
            .line
            .map(|l| format!(", line {l}"))
            .unwrap_or_default();
        let stale = if price.stale { " (stale)" } else { "" };
        let value = self.value?;
        Some(match &self.basis {
            Some(ValueBasis::Own) | None => format!(
                "Price {} {} from {from}{line}{stale}; value {} {base}.",
                plain(price.price),
                price.currency,
                grouped(value, 2)
            ),
            Some(ValueBasis::Stated { line: l }) => format!(
                "Price {} {} from {from}{line}{stale}; value {} {base} as your file states it (line {l}).",
                plain(price.price),
                price.currency,
                grouped(value, 2)
            ),
            Some(ValueBasis::Converted { conversion }) => format!(
                "Price {} {} from {from}{line}{stale}; {} {} × {} = {} {base}.",
                plain(price.price),
                price.currency,
                grouped(self.local_value.unwrap_or_default(), 2),
                self.local_currency,
                conversion.describe(),
                grouped(value, 2)
            ),
        })
    }
}

/// The conversion of `from` to `to` for a holding: the file's own rate first, then the rates.
fn conversion(h: Option<&Holding>, from: &str, to: &str, rates: &Rates) -> Option<Conversion> {
    if let Some(r) = h.and_then(|h| h.stated.rate.as_ref()) {
        let (f, t) = (fx::major(from).0, fx::major(to).0);
        let (rf, rt) = (fx::major(&r.from).0, fx::major(&r.to).0);
        let file = |rate| Conversion {
            from: from.to_string(),
            to: to.to_string(),
            rate,
            source: RateSource::File {
                line: r.line,
                date: r.date,
            },
        };
        // Pence stated in pounds: the rate is per pound.
        let unit = |code: &str| fx::major(code).1;
        if rf == f && rt == t && !r.rate.is_zero() {
            return Some(file(r.rate * unit(from) / unit(to)));
        }
        if rf == t && rt == f && !r.rate.is_zero() {
            return Decimal::ONE
                .checked_div(r.rate)
                .map(|x| file(x * unit(from) / unit(to)));
        }
    }
    rates.conversion(from, to)
}

/// Values one holding of `portfolio` in `base`.
pub fn value_holding(h: &Holding, portfolio: &Portfolio, base: &str, v: &Valuation) -> Valued {
    let given = v.prices.find(h.symbol.as_deref(), h.isin.as_deref());
    let own_currency = h
        .currency
        .clone()
        .or_else(|| portfolio.account_currency.clone())
        .unwrap_or_else(|| "USD".into());
    let stale =
        |d: Option<NaiveDate>| d.is_some_and(|d| (v.today - d).num_days() > v.stale_after_days);
    let (price, local_value) = match given {
        Some(g) => {
            let (file, line) = match &g.origin {
                Origin::File { file, line } => (Some(file.clone()), Some(*line)),
                Origin::Typed => (None, None),
            };
            let p = PriceUse {
                price: g.price,
                currency: g.currency.clone().unwrap_or_else(|| own_currency.clone()),
                source: if g.origin == Origin::Typed {
                    PriceSource::Typed
                } else {
                    PriceSource::PricesFile
                },
                date: g.date,
                line,
                file,
                stale: stale(g.date),
            };
            let value = g.price.checked_mul(h.quantity).map(cents);
            (Some(p), value)
        }
        None => {
            let price = h
                .price
                .or_else(|| h.market_value.and_then(|m| m.checked_div(h.quantity)));
            let (source, date, line) = match h.stated.trade {
                Some(t) => (PriceSource::LastTrade, Some(t.date), Some(t.line)),
                None => (PriceSource::File, portfolio.as_of, Some(h.line)),
            };
            let p = price.map(|price| PriceUse {
                price,
                currency: own_currency.clone(),
                source,
                date,
                line,
                file: None,
                stale: stale(date),
            });
            (p, h.value().map(cents))
        }
    };
    let local_currency = price
        .as_ref()
        .map_or(own_currency.clone(), |p| p.currency.clone());
    let Some(local) = local_value else {
        let why = if given.is_some() {
            "the value is too large to compute".to_string()
        } else if h.stated.trade.is_none() && portfolio.kind == crate::import::Kind::Transactions {
            "no trade at a price in your file: give a price".to_string()
        } else {
            "no price or value in your file: give a price".to_string()
        };
        return Valued {
            price,
            local_value: None,
            local_currency,
            value: None,
            basis: None,
            value_usd: None,
            price_usd: None,
            unvalued: Some(why),
        };
    };
    // The broker's own figure in the base currency, when the price is still the file's.
    let stated = h
        .stated
        .account_value
        .as_ref()
        .filter(|m| given.is_none() && m.currency.eq_ignore_ascii_case(base));
    let holding = given.is_none().then_some(h);
    let (value, basis, unvalued) = if fx::major(&local_currency) == fx::major(base) {
        (Some(local), Some(ValueBasis::Own), None)
    } else if let Some(m) = stated {
        (
            Some(cents(m.amount)),
            Some(ValueBasis::Stated { line: h.line }),
            None,
        )
    } else {
        match conversion(holding, &local_currency, base, &v.rates) {
            Some(c) => match c.apply(local) {
                Some(x) => (
                    Some(cents(x)),
                    Some(ValueBasis::Converted { conversion: c }),
                    None,
                ),
                None => (
                    None,
                    None,
                    Some("the value is too large to convert".to_string()),
                ),
            },
            None => (
                None,
                None,
                Some(format!(
                    "no exchange rate from {local_currency} to {base}: give a rate in Settings"
                )),
            ),
        }
    };
    let to_usd = |x: Decimal| {
        if fx::major(&local_currency) == fx::major("USD") {
            Some(x)
        } else {
            conversion(holding, &local_currency, "USD", &v.rates).and_then(|c| c.apply(x))
        }
    };
    // USD figures: the base value itself when the base is USD, so the two never disagree.
    let value_usd = if base == "USD" {
        value
    } else {
        to_usd(local).map(cents)
    };
    let price_usd = price.as_ref().and_then(|p| to_usd(p.price));
    Valued {
        price,
        local_value: Some(local),
        local_currency,
        value,
        basis,
        value_usd,
        price_usd,
        unvalued,
    }
}

/// A cash line in the base currency.
pub fn value_cash(
    c: &Cash,
    portfolio: &Portfolio,
    base: &str,
    v: &Valuation,
) -> Option<(Decimal, Option<Conversion>)> {
    let currency = c
        .currency
        .clone()
        .or_else(|| portfolio.account_currency.clone())
        .unwrap_or_else(|| "USD".into());
    if fx::major(&currency) == fx::major(base) {
        return Some((c.amount, None));
    }
    // The broker's own figure in the account's currency comes first, as for holdings.
    if let Some(m) = c
        .account_value
        .as_ref()
        .filter(|m| m.currency.eq_ignore_ascii_case(base))
    {
        return Some((m.amount, None));
    }
    let conv = v.rates.conversion(&currency, base)?;
    conv.apply(c.amount).map(|x| (cents(x), Some(conv)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Kind, Money, StatedRate, TradeRef};
    use rust_decimal_macros::dec;
    use std::collections::BTreeMap;

    fn rates() -> Rates {
        Rates {
            table: RateTable::parse(
                "r.csv",
                "Date, USD, GBP, CHF, \n02 December 2026, 1.2000, 0.8000, 0.9600, \n",
            )
            .unwrap(),
            overrides: BTreeMap::new(),
        }
    }

    fn valuation() -> Valuation {
        Valuation {
            base: None,
            rates: rates(),
            prices: Prices::default(),
            stale_after_days: 30,
            today: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        }
    }

    fn portfolio(kind: Kind, account: Option<&str>) -> Portfolio {
        Portfolio {
            broker: "test".into(),
            kind,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 1),
            holdings: Vec::new(),
            cash: Vec::new(),
            transaction_count: 0,
            warnings: Vec::new(),
            account_currency: account.map(str::to_string),
        }
    }

    fn holding(symbol: &str, q: Decimal, price: Option<Decimal>, currency: &str) -> Holding {
        let mut h = Holding::new(7, q);
        h.symbol = Some(symbol.into());
        h.price = price;
        h.currency = Some(currency.into());
        h
    }

    #[test]
    fn a_usd_holding_in_eur_is_converted_at_the_reference_rate() {
        let p = portfolio(Kind::Positions, None);
        let h = holding("NVDA", dec!(10), Some(dec!(120)), "USD");
        let v = value_holding(&h, &p, "EUR", &valuation());
        // 1,200 USD ÷ 1.20 USD per EUR = 1,000 EUR.
        assert_eq!(v.value, Some(dec!(1000.00)));
        assert_eq!(v.value_usd, Some(dec!(1200.00)));
        assert!(matches!(v.basis, Some(ValueBasis::Converted { .. })));
        assert_eq!(v.price.unwrap().source, PriceSource::File);
    }

    #[test]
    fn the_files_own_eur_value_comes_first() {
        let p = portfolio(Kind::Positions, Some("EUR"));
        let mut h = holding("NVDA", dec!(40), Some(dec!(181.25)), "USD");
        h.stated.account_value = Some(Money {
            amount: dec!(6327.01),
            currency: "EUR".into(),
        });
        let v = value_holding(&h, &p, "EUR", &valuation());
        assert_eq!(v.value, Some(dec!(6327.01)));
        assert_eq!(v.basis, Some(ValueBasis::Stated { line: 7 }));
        // In USD the holding is its own value.
        let v = value_holding(&h, &p, "USD", &valuation());
        assert_eq!(v.value, Some(dec!(7250.00)));
    }

    #[test]
    fn a_history_is_valued_at_its_last_trade_and_flagged_stale() {
        let p = portfolio(Kind::Transactions, None);
        let mut h = holding("NVDA", dec!(3), Some(dec!(145.20)), "USD");
        h.stated.trade = Some(TradeRef {
            date: NaiveDate::from_ymd_opt(2025, 6, 17).unwrap(),
            line: 2,
        });
        let v = value_holding(&h, &p, "USD", &valuation());
        assert_eq!(v.value, Some(dec!(435.60)));
        let price = v.price.unwrap();
        assert_eq!(
            (price.source, price.line, price.stale),
            (PriceSource::LastTrade, Some(2), true)
        );
    }

    #[test]
    fn the_files_rate_wins_over_the_reference_rate_and_pence_are_pounds() {
        let p = portfolio(Kind::Transactions, Some("EUR"));
        let mut h = holding("RR.", dec!(30), Some(dec!(2.954)), "GBP");
        h.stated.rate = Some(StatedRate {
            from: "EUR".into(),
            to: "GBP".into(),
            rate: dec!(0.8615),
            date: None,
            line: 3,
        });
        let v = value_holding(&h, &p, "EUR", &valuation());
        // 30 × 2.954 = 88.62 GBP ÷ 0.8615 GBP per EUR = 102.8671… EUR
        assert_eq!(v.value, Some(dec!(102.87)));
        // A typed price in pence: 300 GBX = 3 GBP; the file's rate is no longer the price's.
        let mut val = valuation();
        val.prices.list.push(GivenPrice {
            symbol: Some("RR.".into()),
            isin: None,
            price: dec!(300),
            currency: Some("GBX".into()),
            date: None,
            origin: Origin::Typed,
        });
        let v = value_holding(&h, &p, "GBP", &val);
        assert_eq!(v.value, Some(dec!(90.00)));
        assert_eq!(v.price.unwrap().source, PriceSource::Typed);
    }

    #[test]
    fn no_price_and_no_rate_are_unvalued_with_the_reason() {
        let p = portfolio(Kind::Transactions, None);
        let h = holding("NVDA", dec!(3), None, "USD");
        let v = value_holding(&h, &p, "USD", &valuation());
        assert_eq!(v.value, None);
        assert!(v.unvalued.unwrap().contains("give a price"));
        let h = holding("XYZ", dec!(3), Some(dec!(2)), "BRL");
        let v = value_holding(&h, &portfolio(Kind::Positions, None), "EUR", &valuation());
        assert_eq!(v.value, None);
        assert!(v
            .unvalued
            .unwrap()
            .contains("no exchange rate from BRL to EUR"));
    }
}
