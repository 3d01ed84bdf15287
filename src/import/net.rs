//! Transaction histories become positions: the signed share changes are collected per account
//! and security in a [`Ledger`] while a file is read, then summed with a polars group-by (the
//! part of an import that scales with file size).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use polars::prelude::*;
use rust_decimal::Decimal;

use super::{Action, AssetClass, Holding, Stated, StatedRate, TradeRef, Transaction, Warning};
use crate::error::Result;
use crate::identifiers::normalize_symbol;

/// Quantities are summed as `Decimal(38, 10)`: brokers report fractional shares to at most 8
/// places, so no precision is lost, and 28 integer digits leave room for any sum.
const SCALE: u32 = 10;

/// Whether `symbol` is already in the normal form [`normalize_symbol`] gives (most are).
fn is_normal_symbol(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.')
}

/// The security a row is about: its symbol, else ISIN, else CUSIP.
fn security_key(t: &Transaction) -> Option<Cow<'_, str>> {
    match t.symbol.as_deref() {
        Some(s) if is_normal_symbol(s) => Some(Cow::Borrowed(s)),
        Some(s) => Some(Cow::Owned(normalize_symbol(s))),
        None => t.isin.as_deref().or(t.cusip.as_deref()).map(Cow::Borrowed),
    }
}

/// The share movements of a history, kept as two numbers per row (a group id and the quantity)
/// plus one full [`Transaction`] per account × security, whose descriptive fields become the
/// holding's. A million-row history is never held as a million `Transaction`s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    ids: HashMap<Box<str>, i64, BuildHasherDefault<Fnv>>,
    /// The key of each group, by group id.
    keys: Vec<Box<str>>,
    /// The first transaction of each group (account × security), by group id.
    firsts: Vec<Transaction>,
    /// The latest trade with a price of each group, by group id: the holding's price.
    lasts: Vec<Option<LastTrade>>,
    group: Vec<i64>,
    /// Group ids and quantities of ledgers appended with [`Ledger::append`], kept as they are
    /// (they become further chunks of the same polars columns, without being copied).
    appended: Vec<(Vec<i64>, Vec<i128>)>,
    /// Quantities at scale [`SCALE`].
    mantissas: Vec<i128>,
    /// Rows read, including those that move no shares.
    count: usize,
    /// Lines of share movements that name no security.
    keyless: Vec<u64>,
    scratch: String,
}

/// The trade a history's holding is priced at: the latest by date with a price (on one day, the
/// first read, as files do not say which of a day's trades came last).
///
/// A split changes what one share is: a split that states the price after it (Trading 212's
/// `Stock split open`) prices the new shares; any other split, later than the last trade,
/// leaves the holding without a price (`price` zero), since that trade's price is per share
/// before the split. On the day of a split, a price is kept over no price.
#[derive(Debug, Clone, PartialEq)]
struct LastTrade {
    date: chrono::NaiveDate,
    /// Zero: a split without a price, after which no earlier price holds.
    price: Decimal,
    currency: Option<String>,
    rate: Option<StatedRate>,
    line: u64,
    /// For a split without a price: the day and line of the latest trade before it, whose
    /// price it made unusable.
    replaced: Option<(chrono::NaiveDate, u64)>,
}

impl LastTrade {
    /// The price a row gives, if it is a trade at a price: buys, sells and reinvestments of
    /// shares (an option's price is per share of a contract whose size a history does not give),
    /// and splits that add shares at a stated price; other splits give no price (see above).
    fn of(t: &Transaction) -> Option<LastTrade> {
        let price = t.price.filter(|p| p.is_sign_positive() && !p.is_zero());
        let share = t.asset_class != Some(AssetClass::Option);
        let price = match t.action {
            Action::Buy | Action::Sell | Action::Reinvest if share => price?,
            Action::Split if share && t.quantity.is_sign_positive() && price.is_some() => price?,
            Action::Split => Decimal::ZERO,
            _ => return None,
        };
        Some(LastTrade {
            date: t.date?,
            price,
            currency: t.currency.clone(),
            rate: t.rate.clone(),
            line: t.line,
            replaced: None,
        })
    }

    fn is_priced(&self) -> bool {
        !self.price.is_zero()
    }

    /// Whether `new`, of `date`, replaces `old`: when later, or on the same day when it has a
    /// price and `old` has none.
    fn supersedes(date: chrono::NaiveDate, priced: bool, old: &LastTrade) -> bool {
        date > old.date || (date == old.date && priced && !old.is_priced())
    }

    /// The trade (day, line) or the trade a split replaced, whichever is later.
    fn latest_trade(
        &self,
        other: Option<(chrono::NaiveDate, u64)>,
    ) -> Option<(chrono::NaiveDate, u64)> {
        let mine = if self.is_priced() {
            Some((self.date, self.line))
        } else {
            self.replaced
        };
        match (mine, other) {
            (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    /// Keeps the later of the two (the one already kept on the same day, a price before none).
    fn merge(slot: &mut Option<LastTrade>, new: Option<LastTrade>) {
        let Some(mut new) = new else { return };
        if let Some(old) = slot.as_mut() {
            if !Self::supersedes(new.date, new.is_priced(), old) {
                // An earlier trade read after a split: the split still voids its price.
                if !old.is_priced() {
                    old.replaced = new.latest_trade(old.replaced);
                }
                return;
            }
            if !new.is_priced() {
                new.replaced = old.latest_trade(new.replaced);
            }
        }
        *slot = Some(new);
    }
}

impl Ledger {
    /// A ledger with room for `rows` movements.
    pub fn with_capacity(rows: usize) -> Ledger {
        Ledger {
            group: crate::mem::with_capacity(rows),
            mantissas: crate::mem::with_capacity(rows),
            ..Ledger::default()
        }
    }

    /// Number of transactions read.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The first transaction of every account × security, in order of appearance.
    pub fn firsts(&self) -> &[Transaction] {
        &self.firsts
    }

    fn group_of(&mut self, account: Option<&str>, key: &str) -> Option<i64> {
        self.scratch.clear();
        self.scratch.push_str(account.unwrap_or(""));
        self.scratch.push('\u{1f}');
        self.scratch.push_str(key);
        self.ids.get(self.scratch.as_str()).copied()
    }

    fn add(&mut self, id: i64, quantity: Decimal) {
        let mut q = quantity;
        q.rescale(SCALE);
        self.group.push(id);
        self.mantissas.push(q.mantissa());
    }

    fn new_group(&mut self, first: Transaction) -> i64 {
        let id = self.firsts.len() as i64;
        let key: Box<str> = self.scratch.as_str().into();
        self.ids.insert(key.clone(), id);
        self.keys.push(key);
        self.firsts.push(first);
        self.lasts.push(None);
        id
    }

    /// Appends the movements of `later`, read from the rows after this ledger's (a file parsed
    /// in parallel parts): the same security keeps one group, whose first transaction is the
    /// earliest.
    pub fn append(&mut self, later: Ledger) {
        let Ledger {
            keys,
            firsts,
            lasts,
            mut group,
            mantissas,
            appended,
            count,
            keyless,
            ..
        } = later;
        let remap: Vec<i64> = keys
            .into_iter()
            .zip(firsts)
            .zip(lasts)
            .map(|((key, first), last)| match self.ids.get(&key) {
                Some(&id) => {
                    if let Some(slot) = self.lasts.get_mut(id as usize) {
                        LastTrade::merge(slot, last);
                    }
                    id
                }
                None => {
                    let id = self.firsts.len() as i64;
                    self.ids.insert(key.clone(), id);
                    self.keys.push(key);
                    self.firsts.push(first);
                    self.lasts.push(last);
                    id
                }
            })
            .collect();
        for (mut g, m) in std::iter::once((std::mem::take(&mut group), mantissas)).chain(appended) {
            for id in &mut g {
                *id = remap[*id as usize];
            }
            self.appended.push((g, m));
        }
        self.count += count;
        self.keyless.extend(keyless);
    }

    pub fn push(&mut self, t: Transaction) {
        self.count += 1;
        if t.quantity.is_zero() {
            return;
        }
        let Some(key) = security_key(&t).map(Cow::into_owned) else {
            self.keyless.push(t.line);
            return;
        };
        let quantity = t.quantity;
        let last = LastTrade::of(&t);
        let id = match self.group_of(t.account.as_deref(), &key) {
            Some(id) => id,
            None => self.new_group(t),
        };
        self.note_trade(id, last);
        self.add(id, quantity);
    }

    fn note_trade(&mut self, id: i64, last: Option<LastTrade>) {
        if let Some(slot) = self.lasts.get_mut(id as usize) {
            LastTrade::merge(slot, last);
        }
    }

    /// [`Ledger::push`] for hot loops: the row's account, its security key in normal form
    /// (an upper-case symbol, ISIN or CUSIP as [`is_normal_symbol`] accepts) and its quantity;
    /// the full transaction is only built when the security is new. `trade`: the day and price
    /// of a buy, sell or reinvestment in `currency` (the holding's price if it is the latest).
    pub fn push_with(
        &mut self,
        account: Option<&str>,
        key: &str,
        quantity: Decimal,
        mark: Option<Mark>,
        make: impl FnOnce() -> Transaction,
    ) {
        debug_assert!(is_normal_symbol(key));
        self.count += 1;
        if quantity.is_zero() {
            return;
        }
        let id = match self.group_of(account, key) {
            Some(id) => id,
            None => {
                let t = make();
                debug_assert_eq!(security_key(&t).as_deref(), Some(key));
                self.new_group(t)
            }
        };
        match mark {
            // A split without a price voids the trades before it (see [`LastTrade`]).
            Some(Mark::Split { date, line }) => self.note_trade(
                id,
                Some(LastTrade {
                    date,
                    price: Decimal::ZERO,
                    currency: None,
                    rate: None,
                    line,
                    replaced: None,
                }),
            ),
            Some(Mark::Trade {
                date,
                price,
                currency,
                line,
            }) => {
                // Compared before anything is allocated: most rows are not the latest.
                let newer = self.lasts.get(id as usize).is_some_and(|l| {
                    l.as_ref()
                        .is_none_or(|old| LastTrade::supersedes(date, true, old))
                });
                let priced = price.is_sign_positive() && !price.is_zero();
                if !newer && priced {
                    // An earlier trade than a split already read: the split voids its price.
                    if let Some(Some(old)) = self.lasts.get_mut(id as usize) {
                        if !old.is_priced() && old.replaced.is_none_or(|(d, _)| date > d) {
                            old.replaced = Some((date, line));
                        }
                    }
                }
                if newer && priced {
                    self.note_trade(
                        id,
                        Some(LastTrade {
                            date,
                            price,
                            currency: Some(currency.to_string()),
                            rate: None,
                            line,
                            replaced: None,
                        }),
                    );
                }
            }
            None => {}
        }
        self.add(id, quantity);
    }
}

/// What a hot-loop row tells [`Ledger::push_with`] about the holding's price.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    /// A buy, sell or reinvestment at `price`.
    Trade {
        date: chrono::NaiveDate,
        price: Decimal,
        currency: &'static str,
        line: u64,
    },
    /// A split that states no price after it.
    Split { date: chrono::NaiveDate, line: u64 },
}

impl FromIterator<Transaction> for Ledger {
    fn from_iter<I: IntoIterator<Item = Transaction>>(iter: I) -> Ledger {
        let mut ledger = Ledger::default();
        for t in iter {
            ledger.push(t);
        }
        ledger
    }
}

/// FNV-1a: security keys are short, and a history looks one up per row (the standard SipHash
/// guards against crafted keys, which a user's own file is not).
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Whether `key` can go to [`Ledger::push_with`] as it is.
pub fn is_key(key: &str) -> bool {
    is_normal_symbol(key)
}

pub fn positions(ledger: Ledger) -> Result<(Vec<Holding>, Vec<Warning>)> {
    let Ledger {
        firsts,
        lasts,
        group,
        mantissas,
        appended,
        keyless,
        ..
    } = ledger;
    let mut warnings: Vec<Warning> = keyless
        .into_iter()
        .map(|line| {
            Warning::at(
                line,
                "a share movement without symbol, ISIN or CUSIP is ignored",
            )
        })
        .collect();
    let mut groups = Int64Chunked::from_vec("group".into(), group);
    let mut qty = Int128Chunked::from_vec("qty".into(), mantissas);
    for (g, m) in appended {
        groups.append_owned(Int64Chunked::from_vec("group".into(), g))?;
        qty.append_owned(Int128Chunked::from_vec("qty".into(), m))?;
    }
    if groups.is_empty() {
        return Ok((Vec::new(), warnings));
    }
    let qty = qty
        .into_decimal(38, SCALE as usize)?
        .into_series()
        .into_column();
    let frame = DataFrame::new_infer_height(vec![groups.into_series().into_column(), qty])?;
    let out = frame
        .lazy()
        .group_by([col("group")])
        .agg([col("qty").sum()])
        .sort(["group"], Default::default())
        .collect()?;
    let group = out.column("group")?.i64()?.clone();
    let qty = out.column("qty")?.decimal()?.clone();
    let scale = qty.scale() as u32;
    let mut holdings = Vec::new();
    for i in 0..out.height() {
        let (Some(g), Some(q)) = (group.get(i), qty.physical().get(i)) else {
            continue;
        };
        let q = Decimal::from_i128_with_scale(q, scale).normalize();
        let Some(t) = usize::try_from(g).ok().and_then(|g| firsts.get(g)) else {
            continue;
        };
        if q.is_zero() {
            continue;
        }
        if q.is_sign_negative() {
            let k = security_key(t).unwrap_or_default();
            warnings.push(Warning::at(
                t.line,
                format!(
                    "{k}: more shares leave than enter ({q}); the history probably starts after they were bought, so this position is left out"
                ),
            ));
            continue;
        }
        let kept = usize::try_from(g)
            .ok()
            .and_then(|g| lasts.get(g))
            .and_then(Option::as_ref);
        let last = kept.filter(|l| l.is_priced());
        if let Some((split, (_, trade))) = kept.and_then(|l| Some((l, l.replaced?))) {
            let k = security_key(t).unwrap_or_default();
            warnings.push(Warning::at(
                split.line,
                format!(
                    "{k}: the split of {} comes after its last trade (line {trade}), whose price is per share before the split, so its value is unknown until you give a price",
                    split.date
                ),
            ));
        }
        holdings.push(Holding {
            account: t.account.clone(),
            symbol: t.symbol.clone(),
            isin: t.isin.clone(),
            cusip: t.cusip.clone(),
            name: t.name.clone(),
            asset_class: t.asset_class,
            quantity: q,
            price: last.map(|l| l.price),
            market_value: None,
            currency: last
                .and_then(|l| l.currency.clone())
                .or_else(|| t.currency.clone()),
            stated: Stated {
                trade: last.map(|l| TradeRef {
                    date: l.date,
                    line: l.line,
                }),
                account_value: None,
                rate: last.and_then(|l| l.rate.clone()),
            },
            line: t.line,
        });
    }
    let unpriced = holdings.iter().filter(|h| h.price.is_none()).count();
    if unpriced > 0 {
        warnings.push(Warning {
            line: None,
            message: format!(
                "positions were computed from the transaction history; {unpriced} of them had no trade at a price in the file, so their value is unknown until you give a price"
            ),
        });
    }
    Ok((holdings, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(line: u64, action: Action, q: Decimal, price: Option<Decimal>, day: u32) -> Transaction {
        let mut t = Transaction::new(line, action, q);
        t.symbol = Some("NVDA".into());
        t.price = price;
        t.currency = Some("USD".into());
        t.date = chrono::NaiveDate::from_ymd_opt(2024, 6, day);
        t
    }

    fn priced(rows: Vec<Transaction>) -> (Option<Decimal>, Option<u64>, Vec<Warning>) {
        let (h, w) = positions(rows.into_iter().collect()).expect("net");
        (h[0].price, h[0].stated.trade.map(|t| t.line), w)
    }

    #[test]
    fn a_split_after_the_last_trade_leaves_no_price_unless_it_states_one() {
        // 2 bought at 1200 on the 3rd, then 10 for 1: 20 shares are not worth 20 × 1200.
        let buy = || row(2, Action::Buy, dec!(2), Some(dec!(1200)), 3);
        let split = |line, day| row(line, Action::Split, dec!(18), None, day);
        let (price, trade, w) = priced(vec![buy(), split(3, 10)]);
        assert_eq!((price, trade), (None, None));
        assert_eq!(
            w[0],
            Warning::at(
                3,
                "NVDA: the split of 2024-06-10 comes after its last trade (line 2), whose price is per share before the split, so its value is unknown until you give a price"
            )
        );
        // Newest first: the same.
        let (price, _, w) = priced(vec![split(3, 10), buy()]);
        assert_eq!(price, None);
        assert_eq!(w[0].line, Some(3));
        // A split that states the price after it prices the new shares (Trading 212's close
        // and open pair: the close voids, the open of the same day prices).
        let close = row(3, Action::Split, dec!(-2), Some(dec!(1200)), 10);
        let open = row(4, Action::Split, dec!(20), Some(dec!(120)), 10);
        assert_eq!(
            priced(vec![buy(), close, open]).0.zip(Some(4)),
            Some((dec!(120), 4))
        );
        // A trade after the split, or on its day, prices it again.
        let later = row(5, Action::Buy, dec!(1), Some(dec!(121)), 11);
        assert_eq!(priced(vec![buy(), split(3, 10), later]).1, Some(5));
        let same_day = row(5, Action::Buy, dec!(1), Some(dec!(119)), 10);
        assert_eq!(priced(vec![split(3, 10), same_day, buy()]).1, Some(5));
        // A split before the last trade changes nothing.
        assert_eq!(priced(vec![split(3, 1), buy()]).1, Some(2));
    }
}
