//! What the broker tests expect of a history's holding besides its quantity: the trade its price
//! is from (the latest by date, found by hand in each fixture) and the rate the file states.

use ai_exposure::import::{Holding, StatedRate, TradeRef};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A `YYYY-MM-DD` day.
pub fn day(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap_or_else(|e| panic!("{iso}: {e}"))
}

/// The trade of `line` on `date` (`YYYY-MM-DD`).
pub fn trade(date: &str, line: u64) -> Option<TradeRef> {
    Some(TradeRef {
        date: day(date),
        line,
    })
}

/// One `from` = `rate` `to`, as the file of `line` states it (dated `date` if it is).
pub fn rate(from: &str, to: &str, rate: Decimal, date: Option<&str>, line: u64) -> StatedRate {
    StatedRate {
        from: from.into(),
        to: to.into(),
        rate,
        date: date.map(day),
        line,
    }
}

/// The warning of a history whose holdings are not all priced by a trade in the file.
pub fn unpriced(n: usize) -> String {
    format!(
        "positions were computed from the transaction history; {n} of them had no trade at a price in the file, so their value is unknown until you give a price"
    )
}

pub trait Traded {
    /// Priced at `price` in `currency` by the trade of `line` on `date` (`YYYY-MM-DD`).
    fn traded(self, price: Decimal, currency: &str, date: &str, line: u64) -> Self;
}

impl Traded for Holding {
    fn traded(self, price: Decimal, currency: &str, date: &str, line: u64) -> Holding {
        let mut h = self;
        h.price = Some(price);
        h.currency = Some(currency.into());
        h.stated.trade = trade(date, line);
        h
    }
}
