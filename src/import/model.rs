//! What every importer produces: holdings (positions files) or transactions (histories).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Whether the file is a snapshot of positions or a history of transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Positions,
    Transactions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetClass {
    Equity,
    Etf,
    Fund,
    Option,
    Bond,
    Cd,
    Crypto,
    Other,
}

/// One position, normalized. Unknown fields are `None`, never guessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    pub account: Option<String>,
    pub symbol: Option<String>,
    pub isin: Option<String>,
    pub cusip: Option<String>,
    pub name: Option<String>,
    pub asset_class: Option<AssetClass>,
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub market_value: Option<Decimal>,
    pub currency: Option<String>,
    /// What the file states beyond price and value: the trade a history's price is from, the
    /// value in the account's currency, the rate the broker used.
    #[serde(default)]
    pub stated: Stated,
    /// Line of the source file the holding came from (for traces and messages).
    #[serde(skip)]
    pub line: u64,
}

/// What a file states about a holding's value besides its price: kept so that a value can be
/// traced to its row and the broker's own figures come before any bundled rate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    /// For a history: the trade whose price is the holding's price (its day and line).
    pub trade: Option<TradeRef>,
    /// The value in the account's currency, as the file gives it (DEGIRO's `Waarde in EUR`).
    pub account_value: Option<Money>,
    /// The exchange rate the broker used between the holding's currency and the account's.
    pub rate: Option<StatedRate>,
}

/// The trade a price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeRef {
    pub date: NaiveDate,
    pub line: u64,
}

/// An amount and its currency code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub currency: String,
}

/// A rate a file states: one `from` = `rate` `to` (DEGIRO's `Wisselkoers` 1.16 in a EUR account
/// trading in USD: from EUR to USD; IBKR's base-currency rates: from the position's currency to
/// the base).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedRate {
    pub from: String,
    pub to: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    pub date: Option<NaiveDate>,
    pub line: u64,
}

impl Holding {
    /// A holding with only the required fields set.
    pub fn new(line: u64, quantity: Decimal) -> Holding {
        Holding {
            account: None,
            symbol: None,
            isin: None,
            cusip: None,
            name: None,
            asset_class: None,
            quantity,
            price: None,
            market_value: None,
            currency: None,
            stated: Stated::default(),
            line,
        }
    }

    /// The label shown for the holding: its symbol, else ISIN, else CUSIP, else its name
    /// (529 and plan funds have only a name).
    pub fn label(&self) -> &str {
        self.symbol
            .as_deref()
            .or(self.isin.as_deref())
            .or(self.cusip.as_deref())
            .or(self.name.as_deref())
            .unwrap_or("?")
    }

    /// Market value as given, else quantity × price (rounded to cents), else unknown.
    pub fn value(&self) -> Option<Decimal> {
        self.market_value.or_else(|| {
            self.price
                .and_then(|p| p.checked_mul(self.quantity))
                .map(crate::money::cents)
        })
    }
}

/// A cash, sweep or money-market balance reported by a positions file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cash {
    pub account: Option<String>,
    /// What the broker called it (`SPAXX**`, `Cash & Cash Investments`, `CASH`...).
    pub label: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub currency: Option<String>,
    /// The balance in the account's currency, as the file states it (DEGIRO's `Waarde in EUR`
    /// of a USD cash line).
    #[serde(default)]
    pub account_value: Option<Money>,
    pub line: u64,
}

/// What a transaction does to the share count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Buy,
    Sell,
    /// Dividend or capital-gain reinvestment: adds shares.
    Reinvest,
    /// Split or reverse split: the quantity is the change in shares.
    Split,
    /// Shares moved in or out of the account (transfer, delivery, journal, merger leg).
    Transfer,
    /// Dividends, interest, fees, taxes, deposits: no change in shares.
    CashOnly,
    /// Recognised as a row but ignored (options exercise text, unknown codes); a warning says so.
    Other,
}

/// One row of a history, with the share change already signed (+ in, − out) by its importer.
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    pub line: u64,
    pub date: Option<NaiveDate>,
    pub account: Option<String>,
    pub symbol: Option<String>,
    pub isin: Option<String>,
    pub cusip: Option<String>,
    pub name: Option<String>,
    pub asset_class: Option<AssetClass>,
    pub action: Action,
    /// Signed change in the number of shares (zero for cash-only rows).
    pub quantity: Decimal,
    pub price: Option<Decimal>,
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    /// The rate the broker used between `currency` and the account's currency.
    pub rate: Option<StatedRate>,
}

impl Transaction {
    pub fn new(line: u64, action: Action, quantity: Decimal) -> Transaction {
        Transaction {
            line,
            date: None,
            account: None,
            symbol: None,
            isin: None,
            cusip: None,
            name: None,
            asset_class: None,
            action,
            quantity,
            price: None,
            amount: None,
            currency: None,
            rate: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub line: Option<u64>,
    pub message: String,
}

impl Warning {
    pub fn at(line: u64, message: impl Into<String>) -> Warning {
        Warning {
            line: Some(line),
            message: message.into(),
        }
    }
}

/// What a [`super::Format`] hands back.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub kind: Kind,
    pub as_of: Option<NaiveDate>,
    pub holdings: Vec<Holding>,
    /// Share movements of a history, netted by [`super::net::positions`].
    pub transactions: super::net::Ledger,
    pub cash: Vec<Cash>,
    pub warnings: Vec<Warning>,
    /// The account's currency where the file states it (DEGIRO's `Waarde in EUR`, IBKR's base
    /// currency, Trading 212's `Currency (Total)`).
    pub account_currency: Option<String>,
}

impl Parsed {
    pub fn positions(holdings: Vec<Holding>) -> Parsed {
        Parsed {
            kind: Kind::Positions,
            as_of: None,
            holdings,
            transactions: Default::default(),
            cash: Vec::new(),
            warnings: Vec::new(),
            account_currency: None,
        }
    }

    pub fn transactions(transactions: Vec<Transaction>) -> Parsed {
        Parsed::ledger(transactions.into_iter().collect())
    }

    /// A history whose movements were collected while reading (large files).
    pub fn ledger(transactions: super::net::Ledger) -> Parsed {
        Parsed {
            kind: Kind::Transactions,
            as_of: None,
            holdings: Vec::new(),
            transactions,
            cash: Vec::new(),
            warnings: Vec::new(),
            account_currency: None,
        }
    }
}
