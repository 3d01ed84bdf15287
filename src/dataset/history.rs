//! Deals by date: the dataset as it stood on any day, and what changed after a day. Both read
//! only `deal_events.csv`, whose rows each carry a deal's whole state after the event, so the
//! state on a day is simply the deal's last event on or before it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{AmountBasis, Dataset, DatePrecision, Event, EventKind, Status};

/// What one event changed, for the "what changed" lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The deal was announced (it is new to a reader who looked before).
    NewDeal,
    Status,
    Amount,
    Superseded,
    /// A dated fact that changed neither status nor amount (an amendment, a confirmation).
    Update,
}

/// One event after a date, with the deal's state before and after it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub deal_id: String,
    pub title: String,
    pub counterparty: String,
    pub on: NaiveDate,
    pub precision: DatePrecision,
    pub kind: ChangeKind,
    /// `None` for a new deal.
    pub status_before: Option<Status>,
    pub status_after: Status,
    /// `None` for a new deal or an amount undisclosed before (`basis_before` tells which).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount_before: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount_after: Option<Decimal>,
    pub basis_before: Option<AmountBasis>,
    pub basis_after: AmountBasis,
    pub related_deal: Option<String>,
    pub detail: String,
    pub sources: Vec<String>,
    pub source_date: NaiveDate,
    /// What it did, in a few words: "new deal: signed, $7B", "status: announced → signed".
    pub summary: String,
}

impl Change {
    /// The amount before the event: empty for a new deal, else "$10B" or "undisclosed".
    fn before_text(&self) -> String {
        match self.basis_before {
            None => String::new(),
            Some(_) => crate::fmt::amount_short(self.amount_before),
        }
    }

    /// What a change did, in a few words: "new: signed, $7B", "status: announced → signed".
    pub fn summary(&self) -> String {
        let c = self;

        let amount = |a: Option<Decimal>| crate::fmt::amount_short(a);
        let status = |s: crate::dataset::Status| s.as_str().replace('_', " ");
        match c.kind {
            ChangeKind::NewDeal => format!(
                "new deal: {}, {}",
                status(c.status_after),
                amount(c.amount_after)
            ),
            ChangeKind::Status | ChangeKind::Superseded => {
                let mut t = format!(
                    "status: {} → {}",
                    c.status_before.map(status).unwrap_or_default(),
                    status(c.status_after)
                );
                if let Some(r) = &c.related_deal {
                    if c.kind == ChangeKind::Superseded {
                        t.push_str(&format!(" (by {r})"));
                    }
                }
                if (c.amount_before, c.basis_before) != (c.amount_after, Some(c.basis_after)) {
                    t.push_str(&format!(
                        "; amount: {} → {}",
                        c.before_text(),
                        amount(c.amount_after)
                    ));
                }
                t
            }
            ChangeKind::Amount => {
                format!("amount: {} → {}", c.before_text(), amount(c.amount_after))
            }
            ChangeKind::Update => {
                let first: String = c.detail.chars().take(70).collect();
                if first.len() < c.detail.len() {
                    format!("update: {}…", first.trim_end())
                } else {
                    format!("update: {first}")
                }
            }
        }
    }
}

impl Dataset {
    /// The dataset as it stood on `date`: only the deals announced by then, each in the state
    /// of its last event on or before `date` (a date known to the month counts from the first
    /// of the month, as everywhere in the dataset). Companies and securities are unchanged:
    /// share counts are denominators, not deal facts. `view_date` records the day.
    pub fn at(&self, date: NaiveDate) -> Dataset {
        let mut out = self.clone();
        out.deals = self
            .deals
            .iter()
            .filter_map(|d| {
                let last = self
                    .events_of_deal(&d.id)
                    .take_while(|e| e.on <= date)
                    .last()?;
                let mut d = d.clone();
                if (last.status, last.amount_usd, last.amount_basis)
                    != (d.status, d.amount_usd, d.amount_basis)
                {
                    d.status_detail = format!("as of {date}: {}", last.detail);
                }
                d.status = last.status;
                d.amount_usd = last.amount_usd;
                d.amount_basis = last.amount_basis;
                d.status_as_of = d.status_as_of.min(date);
                if d.status != Status::Superseded {
                    d.superseded_by = None;
                }
                Some(d)
            })
            .collect();
        let kept: std::collections::HashSet<&str> =
            out.deals.iter().map(|d| d.id.as_str()).collect();
        out.parties = self
            .parties
            .iter()
            .filter(|p| kept.contains(p.deal_id.as_str()))
            .cloned()
            .collect();
        out.events = self
            .events
            .iter()
            .filter(|e| e.on <= date)
            .cloned()
            .collect();
        out.view_date = Some(date);
        out.index()
    }

    /// The day of the first announcement in the dataset.
    pub fn first_event(&self) -> Option<NaiveDate> {
        self.events.iter().map(|e| e.on).min()
    }

    /// Every event after `since` (new deals, status and amount changes, supersessions,
    /// updates), newest first, each with the deal's state before and after it.
    pub fn changes_since(&self, since: NaiveDate) -> Vec<Change> {
        let mut out = Vec::new();
        for d in &self.deals {
            let mut before: Option<&Event> = None;
            for e in self.events_of_deal(&d.id) {
                if e.on > since {
                    out.push(Change {
                        deal_id: d.id.clone(),
                        title: d.title.clone(),
                        counterparty: d.counterparty.clone(),
                        on: e.on,
                        precision: e.precision,
                        kind: match e.kind {
                            EventKind::Announced => ChangeKind::NewDeal,
                            EventKind::Status => ChangeKind::Status,
                            EventKind::Amount => ChangeKind::Amount,
                            EventKind::Superseded => ChangeKind::Superseded,
                            EventKind::Update => ChangeKind::Update,
                        },
                        status_before: before.map(|b| b.status),
                        status_after: e.status,
                        amount_before: before.and_then(|b| b.amount_usd),
                        amount_after: e.amount_usd,
                        basis_before: before.map(|b| b.amount_basis),
                        basis_after: e.amount_basis,
                        related_deal: e.related_deal.clone(),
                        detail: e.detail.clone(),
                        sources: e.sources.clone(),
                        source_date: e.source_date,
                        summary: String::new(),
                    });
                    if let Some(c) = out.last_mut() {
                        c.summary = c.summary();
                    }
                }
                before = Some(e);
            }
        }
        out.sort_by(|a, b| b.on.cmp(&a.on).then(a.deal_id.cmp(&b.deal_id)));
        out
    }
}
