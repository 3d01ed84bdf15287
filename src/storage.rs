//! Saved portfolios: one SQLite file (in the OS app-data directory for the desktop app) holding
//! every imported portfolio (name, source file name and SHA-256, broker format, import time,
//! holdings, cash, warnings), the what-if scenario saved with it, and app settings.
//!
//! Every write is one SQLite transaction: an import that fails, is cancelled, or whose process is
//! killed half-way leaves the saved portfolios exactly as they were (SQLite rolls the unfinished
//! transaction back when the file is next opened). The schema is versioned with
//! `PRAGMA user_version` and upgraded by the migrations below, in order, each in a transaction.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::import::{AssetClass, Cash, Holding, Kind, Portfolio, Stated, Warning};
use crate::value::{GivenPrice, Origin};

/// Schema migrations; `MIGRATIONS[n]` takes the database from version `n` to `n + 1`. Never edit
/// a released one: add the next.
const MIGRATIONS: &[&str] = &[
    // 1: portfolios and their holdings, settings.
    "CREATE TABLE portfolio (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        source_file TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        broker TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('positions', 'transactions')),
        as_of TEXT,
        imported_at TEXT NOT NULL,
        transaction_count INTEGER NOT NULL DEFAULT 0,
        cash TEXT NOT NULL DEFAULT '[]',
        warnings TEXT NOT NULL DEFAULT '[]',
        scenario TEXT
     );
     CREATE INDEX portfolio_sha256 ON portfolio (sha256);
     CREATE TABLE holding (
        portfolio_id INTEGER NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        account TEXT, symbol TEXT, isin TEXT, cusip TEXT, name TEXT, asset_class TEXT,
        quantity TEXT NOT NULL,
        price TEXT, market_value TEXT, currency TEXT,
        line INTEGER NOT NULL,
        PRIMARY KEY (portfolio_id, position)
     );
     CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: what the app last showed for each portfolio (dataset version and figures), for
    // "what's new since you last looked".
    // Portfolios saved before it were last shown the only dataset before it (2026.03.0, as of
    // 2026-02-27): recorded so that their first look after the update says what is new.
    "ALTER TABLE portfolio ADD COLUMN last_shown TEXT;
     UPDATE portfolio SET last_shown = '{\"dataset_version\":\"2026.03.0\",\"dataset_as_of\":\"2026-02-27\"}';",
    // 3: fund issuer holdings files the user imported, kept as the bytes they were (re-read at
    // start, so a newer reader or dataset sees them afresh) and used for every portfolio.
    "CREATE TABLE fund_file (
        id INTEGER PRIMARY KEY,
        fund_id TEXT NOT NULL,
        symbol TEXT,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        as_of TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        content BLOB NOT NULL
     );",
    // 4: what a file states about each holding's value (the trade a history's price is from,
    // the account-currency value, the broker's rate), the account's currency, and the prices
    // the user gave (typed, or from a prices file) for a portfolio's holdings.
    "ALTER TABLE holding ADD COLUMN stated TEXT;
     ALTER TABLE portfolio ADD COLUMN account_currency TEXT;
     CREATE TABLE price (
        id INTEGER PRIMARY KEY,
        portfolio_id INTEGER NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
        symbol TEXT,
        isin TEXT,
        price TEXT NOT NULL,
        currency TEXT,
        date TEXT,
        origin TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        CHECK (symbol IS NOT NULL OR isin IS NOT NULL)
     );
     CREATE INDEX price_portfolio ON price (portfolio_id);",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// What the list of saved portfolios shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub id: i64,
    pub name: String,
    pub source_file: String,
    pub sha256: String,
    pub broker: String,
    pub kind: Kind,
    pub as_of: Option<NaiveDate>,
    /// RFC 3339, UTC.
    pub imported_at: String,
    pub holdings: usize,
    pub transaction_count: usize,
}

/// A saved portfolio, as imported, and the scenario saved with it (if any).
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub meta: Meta,
    pub portfolio: Portfolio,
    pub scenario: Option<serde_json::Value>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Hex SHA-256 of a file's bytes: how the same file imported again is recognised.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn kind_str(kind: Kind) -> &'static str {
    match kind {
        Kind::Positions => "positions",
        Kind::Transactions => "transactions",
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let fail = |message: String| Error::Storage {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| fail(format!("cannot create the folder: {e}")))?;
        }
        let conn = Connection::open(path).map_err(|e| fail(e.to_string()))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store
            .conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
            .map_err(|e| store.err(e))?;
        store.migrate()?;
        Ok(store)
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Storage {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let version = usize::try_from(version).unwrap_or(usize::MAX);
        if version > SCHEMA_VERSION {
            return Err(self.err(format!(
                "the file was written by a newer version of AI Exposure (schema {version}, this version reads up to {SCHEMA_VERSION}); update the app, or move the file away to start afresh"
            )));
        }
        for (n, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let path = self.path.clone();
            let err = |e: rusqlite::Error| Error::Storage {
                path: path.clone(),
                message: format!("upgrading to schema {}: {e}", n + 1),
            };
            let tx = self.conn.transaction().map_err(err)?;
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(None, "user_version", (n + 1) as i64)
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    /// Saves an imported portfolio as a new entry; returns its id.
    pub fn save(
        &mut self,
        name: &str,
        source_file: &str,
        sha256: &str,
        portfolio: &Portfolio,
    ) -> Result<i64> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Storage {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let id = insert_portfolio(&tx, name, source_file, sha256, portfolio).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Replaces the holdings of portfolio `id` with a new import of its file (name and
    /// scenario kept), in one transaction.
    pub fn replace(
        &mut self,
        id: i64,
        source_file: &str,
        sha256: &str,
        portfolio: &Portfolio,
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Storage {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let changed = tx
            .execute(
                "UPDATE portfolio SET source_file = ?2, sha256 = ?3, broker = ?4, kind = ?5,
                 as_of = ?6, imported_at = ?7, transaction_count = ?8, cash = ?9, warnings = ?10,
                 account_currency = ?11
                 WHERE id = ?1",
                params![
                    id,
                    source_file,
                    sha256,
                    portfolio.broker,
                    kind_str(portfolio.kind),
                    portfolio.as_of.map(|d| d.to_string()),
                    now(),
                    portfolio.transaction_count as i64,
                    json(&portfolio.cash),
                    json(&portfolio.warnings),
                    portfolio.account_currency,
                ],
            )
            .map_err(err)?;
        if changed == 0 {
            return Err(Error::NotFound(id));
        }
        tx.execute("DELETE FROM holding WHERE portfolio_id = ?1", [id])
            .map_err(err)?;
        insert_holdings(&tx, id, &portfolio.holdings).map_err(err)?;
        tx.commit().map_err(err)
    }

    /// The saved portfolio imported from a file with these bytes, if any.
    pub fn find_by_sha256(&self, sha256: &str) -> Result<Option<Meta>> {
        Ok(self
            .metas("WHERE p.sha256 = ?1", [sha256])?
            .into_iter()
            .next())
    }

    /// Every saved portfolio, most recently imported first.
    pub fn list(&self) -> Result<Vec<Meta>> {
        self.metas("", [])
    }

    fn metas<P: rusqlite::Params>(&self, filter: &str, p: P) -> Result<Vec<Meta>> {
        let sql = format!(
            "SELECT p.id, p.name, p.source_file, p.sha256, p.broker, p.kind, p.as_of,
                    p.imported_at, p.transaction_count,
                    (SELECT count(*) FROM holding h WHERE h.portfolio_id = p.id)
             FROM portfolio p {filter} ORDER BY p.imported_at DESC, p.id DESC"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(p, |r| {
                Ok(Meta {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    source_file: r.get(2)?,
                    sha256: r.get(3)?,
                    broker: r.get(4)?,
                    kind: match r.get::<_, String>(5)?.as_str() {
                        "transactions" => Kind::Transactions,
                        _ => Kind::Positions,
                    },
                    as_of: r
                        .get::<_, Option<String>>(6)?
                        .and_then(|d| NaiveDate::from_str(&d).ok()),
                    imported_at: r.get(7)?,
                    transaction_count: r.get::<_, i64>(8)?.max(0) as usize,
                    holdings: r.get::<_, i64>(9)?.max(0) as usize,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Portfolio `id` with its holdings, in the order they were imported.
    pub fn load(&self, id: i64) -> Result<Saved> {
        let meta = self
            .metas("WHERE p.id = ?1", [id])?
            .into_iter()
            .next()
            .ok_or(Error::NotFound(id))?;
        let (cash, warnings, scenario, account_currency): (
            String,
            String,
            Option<String>,
            Option<String>,
        ) = self
            .conn
            .query_row(
                "SELECT cash, warnings, scenario, account_currency FROM portfolio WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT account, symbol, isin, cusip, name, asset_class, quantity, price,
                        market_value, currency, line, stated
                 FROM holding WHERE portfolio_id = ?1 ORDER BY position",
            )
            .map_err(|e| self.err(e))?;
        let raw = stmt
            .query_map([id], |r| {
                Ok((
                    Holding {
                        account: r.get(0)?,
                        symbol: r.get(1)?,
                        isin: r.get(2)?,
                        cusip: r.get(3)?,
                        name: r.get(4)?,
                        asset_class: None,
                        quantity: Decimal::ZERO,
                        price: None,
                        market_value: None,
                        currency: r.get(9)?,
                        line: r.get::<_, i64>(10)?.max(0) as u64,
                        stated: Default::default(),
                    },
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(11)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        let decimal = |text: &str| {
            Decimal::from_str_exact(text)
                .map_err(|e| self.err(format!("portfolio {id}: stored number {text:?}: {e}")))
        };
        let mut holdings = Vec::with_capacity(raw.len());
        for (mut h, class, quantity, price, value, stated) in raw {
            if let Some(stated) = stated {
                h.stated = serde_json::from_str(&stated)
                    .map_err(|e| self.err(format!("portfolio {id}: stored holding: {e}")))?;
            }
            h.asset_class =
                class.and_then(|c| serde_json::from_value(serde_json::Value::String(c)).ok());
            h.quantity = decimal(&quantity)?;
            h.price = price.as_deref().map(decimal).transpose()?;
            h.market_value = value.as_deref().map(decimal).transpose()?;
            holdings.push(h);
        }
        let cash: Vec<Cash> = serde_json::from_str(&cash).map_err(|e| self.err(e))?;
        let warnings: Vec<Warning> = serde_json::from_str(&warnings).map_err(|e| self.err(e))?;
        let scenario = scenario
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| self.err(e))?;
        let portfolio = Portfolio {
            broker: meta.broker.clone(),
            kind: meta.kind,
            as_of: meta.as_of,
            holdings,
            cash,
            transaction_count: meta.transaction_count,
            warnings,
            account_currency,
        };
        Ok(Saved {
            meta,
            portfolio,
            scenario,
        })
    }

    pub fn rename(&mut self, id: i64, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Usage("a portfolio needs a name".into()));
        }
        self.update(id, "UPDATE portfolio SET name = ?2 WHERE id = ?1", name)
    }

    /// Saves the what-if scenario (any JSON the app chooses) with portfolio `id`.
    pub fn set_scenario(&mut self, id: i64, scenario: &serde_json::Value) -> Result<()> {
        self.update(
            id,
            "UPDATE portfolio SET scenario = ?2 WHERE id = ?1",
            &scenario.to_string(),
        )
    }

    /// What the app last showed for portfolio `id` (any JSON the app chooses), if anything.
    pub fn last_shown(&self, id: i64) -> Result<Option<serde_json::Value>> {
        let text: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT last_shown FROM portfolio WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match text {
            None => Err(Error::NotFound(id)),
            // Unreadable JSON counts as nothing shown: the worst case is one "what's new" less.
            Some(t) => Ok(t.and_then(|t| serde_json::from_str(&t).ok())),
        }
    }

    /// Records what the app showed for portfolio `id`.
    pub fn set_last_shown(&mut self, id: i64, value: &serde_json::Value) -> Result<()> {
        self.update(
            id,
            "UPDATE portfolio SET last_shown = ?2 WHERE id = ?1",
            &value.to_string(),
        )
    }

    fn update(&mut self, id: i64, sql: &str, value: &str) -> Result<()> {
        match self.conn.execute(sql, params![id, value]) {
            Ok(0) => Err(Error::NotFound(id)),
            Ok(_) => Ok(()),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Deletes portfolio `id` and its holdings.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        match self
            .conn
            .execute("DELETE FROM portfolio WHERE id = ?1", [id])
        {
            Ok(0) => Err(Error::NotFound(id)),
            Ok(_) => Ok(()),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Saves an imported fund holdings file in place of any earlier one of the same fund (one
    /// transaction); returns its id.
    pub fn save_fund_file(&mut self, file: &NewFundFile) -> Result<i64> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Storage {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("DELETE FROM fund_file WHERE fund_id = ?1", [&file.fund_id])
            .map_err(err)?;
        tx.execute(
            "INSERT INTO fund_file (fund_id, symbol, file_name, sha256, as_of, imported_at, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                file.fund_id,
                file.symbol,
                file.file_name,
                sha256_hex(file.content),
                file.as_of.to_string(),
                now(),
                file.content,
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Every saved fund holdings file, oldest import first (so later ones win on re-reading).
    pub fn fund_files(&self) -> Result<Vec<FundFile>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, fund_id, symbol, file_name, sha256, as_of, imported_at, content
                 FROM fund_file ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(FundFile {
                    id: r.get(0)?,
                    fund_id: r.get(1)?,
                    symbol: r.get(2)?,
                    file_name: r.get(3)?,
                    sha256: r.get(4)?,
                    as_of: r.get::<_, String>(5)?,
                    imported_at: r.get(6)?,
                    content: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Deletes saved fund file `id` (its fund goes back to the bundled snapshot).
    pub fn delete_fund_file(&mut self, id: i64) -> Result<()> {
        match self
            .conn
            .execute("DELETE FROM fund_file WHERE id = ?1", [id])
        {
            Ok(0) => Err(Error::NotFound(id)),
            Ok(_) => Ok(()),
            Err(e) => Err(self.err(e)),
        }
    }

    /// The prices given for portfolio `id`'s holdings, in the order given.
    pub fn prices(&self, id: i64) -> Result<Vec<GivenPrice>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT symbol, isin, price, currency, date, origin FROM price
                 WHERE portfolio_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(symbol, isin, price, currency, date, origin)| {
                Ok(GivenPrice {
                    symbol,
                    isin,
                    price: Decimal::from_str_exact(&price).map_err(|e| {
                        self.err(format!("portfolio {id}: stored price {price:?}: {e}"))
                    })?,
                    currency,
                    date: date.and_then(|d| NaiveDate::from_str(&d).ok()),
                    origin: serde_json::from_str(&origin).map_err(|e| {
                        self.err(format!("portfolio {id}: stored price origin: {e}"))
                    })?,
                })
            })
            .collect()
    }

    /// Adds `prices` to portfolio `id`, in one transaction: a typed price replaces the one
    /// typed before for the same security; a file's prices replace those of the same file.
    pub fn add_prices(&mut self, id: i64, prices: &[GivenPrice]) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Storage {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let exists: bool = tx
            .query_row("SELECT count(*) FROM portfolio WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(err)?
            > 0;
        if !exists {
            return Err(Error::NotFound(id));
        }
        let mut files = BTreeSet::new();
        for p in prices {
            match &p.origin {
                Origin::Typed => {
                    tx.execute(
                        "DELETE FROM price WHERE portfolio_id = ?1 AND origin = ?2
                         AND symbol IS ?3 AND isin IS ?4",
                        params![id, json(&p.origin), p.symbol, p.isin],
                    )
                    .map_err(err)?;
                }
                Origin::File { file, .. } => {
                    if files.insert(file.clone()) {
                        tx.execute(
                            "DELETE FROM price WHERE portfolio_id = ?1
                             AND json_extract(origin, '$.file') = ?2",
                            params![id, file],
                        )
                        .map_err(err)?;
                    }
                }
            }
            tx.execute(
                "INSERT INTO price (portfolio_id, symbol, isin, price, currency, date, origin, entered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    p.symbol,
                    p.isin,
                    p.price.to_string(),
                    p.currency,
                    p.date.map(|d| d.to_string()),
                    json(&p.origin),
                    now(),
                ],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Removes the typed price of a security of portfolio `id` (a file's prices stay).
    pub fn remove_typed_price(
        &mut self,
        id: i64,
        symbol: Option<&str>,
        isin: Option<&str>,
    ) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM price WHERE portfolio_id = ?1 AND origin = ?2
                 AND symbol IS ?3 AND isin IS ?4",
                params![id, json(&Origin::Typed), symbol, isin],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Removes the prices that came from the prices file `file` for portfolio `id`.
    pub fn remove_file_prices(&mut self, id: i64, file: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM price WHERE portfolio_id = ?1 AND json_extract(origin, '$.file') = ?2",
                params![id, file],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    pub fn delete_setting(&mut self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM setting WHERE key = ?1", [key])
            .map(drop)
            .map_err(|e| self.err(e))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }
}

/// A fund holdings file to save.
pub struct NewFundFile<'a> {
    pub fund_id: String,
    /// The holding the user said the file is for, when the file does not name its fund.
    pub symbol: Option<String>,
    pub file_name: String,
    pub as_of: NaiveDate,
    pub content: &'a [u8],
}

/// A saved fund holdings file.
#[derive(Debug, Clone, Serialize)]
pub struct FundFile {
    pub id: i64,
    pub fund_id: String,
    pub symbol: Option<String>,
    pub file_name: String,
    pub sha256: String,
    /// The holdings' day as read when it was imported (YYYY-MM-DD).
    pub as_of: String,
    pub imported_at: String,
    #[serde(skip)]
    pub content: Vec<u8>,
}

fn now() -> String {
    chrono::DateTime::<Utc>::from(std::time::SystemTime::now())
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn json<T: Serialize>(value: &T) -> String {
    // Vectors of plain structs always serialise.
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

fn insert_portfolio(
    tx: &Transaction,
    name: &str,
    source_file: &str,
    sha256: &str,
    portfolio: &Portfolio,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO portfolio (name, source_file, sha256, broker, kind, as_of, imported_at,
                                transaction_count, cash, warnings, account_currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            name.trim(),
            source_file,
            sha256,
            portfolio.broker,
            kind_str(portfolio.kind),
            portfolio.as_of.map(|d| d.to_string()),
            now(),
            portfolio.transaction_count as i64,
            json(&portfolio.cash),
            json(&portfolio.warnings),
            portfolio.account_currency,
        ],
    )?;
    let id = tx.last_insert_rowid();
    insert_holdings(tx, id, &portfolio.holdings)?;
    Ok(id)
}

fn insert_holdings(tx: &Transaction, id: i64, holdings: &[Holding]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO holding (portfolio_id, position, account, symbol, isin, cusip, name,
                              asset_class, quantity, price, market_value, currency, line,
                              stated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, h) in holdings.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            h.account,
            h.symbol,
            h.isin,
            h.cusip,
            h.name,
            h.asset_class.map(asset_class_str),
            h.quantity.to_string(),
            h.price.map(|d| d.to_string()),
            h.market_value.map(|d| d.to_string()),
            h.currency,
            h.line as i64,
            (h.stated != Stated::default()).then(|| json(&h.stated)),
        ])?;
    }
    Ok(())
}

fn asset_class_str(class: AssetClass) -> String {
    match serde_json::to_value(class) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
