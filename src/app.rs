//! What the desktop shell calls: preview an import (with progress and cancel), save it, and
//! analyse a saved portfolio under a what-if scenario, as the same JSON the CLI prints. Keeping
//! it here keeps the shell free of logic.

use std::path::Path;

use serde::Serialize;

use crate::exposure::{compute, ExposureReport, Settings};
use crate::import::Portfolio;
use crate::Dataset;

pub use crate::error::Error;

#[derive(Debug, Serialize)]
pub struct Source {
    pub file_name: String,
    pub broker: String,
    pub kind: crate::import::Kind,
}

#[derive(Debug, Serialize)]
pub struct Analysis {
    pub source: Source,
    pub holdings: Portfolio,
    pub exposure: ExposureReport,
    pub disclaimer: &'static str,
}

pub fn analyse(
    file_name: &str,
    portfolio: Portfolio,
    dataset: &Dataset,
    settings: &Settings,
) -> crate::Result<Analysis> {
    let exposure = compute(dataset, &portfolio, settings)?;
    Ok(Analysis {
        source: Source {
            file_name: file_name.to_string(),
            broker: portfolio.broker.clone(),
            kind: portfolio.kind,
        },
        holdings: portfolio,
        exposure,
        disclaimer: crate::DISCLAIMER,
    })
}

fn to_json(a: Analysis) -> Result<serde_json::Value, Error> {
    serde_json::to_value(a).map_err(|e| Error::Internal(e.to_string()))
}

// ------------------------------------------------------------------ desktop app

/// A stage of an import, as the progress bar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Reading,
    Parsing,
    Saving,
}

/// How a long import reports progress and learns it was cancelled.
pub struct Progress<'a> {
    /// (stage, bytes done, bytes in total); bytes only while reading.
    pub report: &'a (dyn Fn(Stage, Option<u64>, Option<u64>) + Sync),
    pub cancel: &'a std::sync::atomic::AtomicBool,
}

impl Progress<'_> {
    fn check(&self) -> crate::Result<()> {
        if self.cancel.load(std::sync::atomic::Ordering::Relaxed) {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// An imported file waiting for the user to confirm it (nothing is saved yet).
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub file_name: String,
    pub sha256: String,
    pub broker: String,
    pub broker_label: String,
    pub kind: crate::import::Kind,
    pub as_of: Option<chrono::NaiveDate>,
    pub holdings: Vec<crate::import::Holding>,
    pub cash: Vec<crate::import::Cash>,
    pub warnings: Vec<crate::import::Warning>,
    pub transaction_count: usize,
    /// The saved portfolio imported from a file with the same bytes, if any.
    pub duplicate_of: Option<crate::storage::Meta>,
}

/// Reads a file in 4 MB steps, reporting each and stopping when cancelled.
pub fn read_with_progress(path: &Path, progress: &Progress) -> crate::Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let total = file.metadata().map_err(io)?.len();
    let mut bytes = crate::mem::with_capacity(total as usize + 1);
    let mut chunk = vec![0u8; 4 << 20];
    loop {
        progress.check()?;
        let n = file.read(&mut chunk).map_err(io)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        (progress.report)(Stage::Reading, Some(bytes.len() as u64), Some(total));
    }
    Ok(bytes)
}

/// Imports `path` for the user to review: the holdings, the warnings, the detected format, and
/// whether the same file is already saved. The portfolio is returned for [`confirm`].
pub fn preview(
    path: &Path,
    store: &crate::storage::Store,
    profiles: Option<&crate::import::mapping::ProfileStore>,
    progress: &Progress,
) -> crate::Result<(Preview, Portfolio)> {
    preview_with(path, store, profiles, None, progress)
}

/// [`preview`] with a column mapping chosen by the user (for a file no format recognises);
/// with `save` the mapping is stored in `profiles` for files with the same header.
pub fn preview_with(
    path: &Path,
    store: &crate::storage::Store,
    profiles: Option<&crate::import::mapping::ProfileStore>,
    mapping: Option<(&crate::import::mapping::ColumnMapping, bool)>,
    progress: &Progress,
) -> crate::Result<(Preview, Portfolio)> {
    let bytes = read_with_progress(path, progress)?;
    progress.check()?;
    (progress.report)(Stage::Parsing, None, None);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let sha256 = crate::storage::sha256_hex(&bytes);
    let shown = path.display().to_string();
    let portfolio = match mapping {
        None => crate::import::mapping::import_or_saved_profile(&shown, &bytes, None, profiles)?,
        Some((m, save)) => {
            let portfolio = crate::import::mapping::import_with_mapping(&shown, &bytes, m)?;
            if let (true, Some(profiles)) = (save, profiles) {
                let header = crate::import::mapping::mapped_header(&shown, &bytes, m)?;
                profiles.save(&header, m)?;
            }
            portfolio
        }
    };
    progress.check()?;
    let broker_label = crate::import::formats()
        .iter()
        .find(|f| f.name() == portfolio.broker)
        .map_or_else(|| portfolio.broker.clone(), |f| f.label().to_string());
    let preview = Preview {
        file_name,
        duplicate_of: store.find_by_sha256(&sha256)?,
        sha256,
        broker: portfolio.broker.clone(),
        broker_label,
        kind: portfolio.kind,
        as_of: portfolio.as_of,
        holdings: portfolio.holdings.clone(),
        cash: portfolio.cash.clone(),
        warnings: portfolio.warnings.clone(),
        transaction_count: portfolio.transaction_count,
    };
    Ok((preview, portfolio))
}

/// Saves a previewed import: as a new portfolio called `name`, or, with `replace` and a
/// duplicate, in place of the duplicate's holdings.
pub fn confirm(
    store: &mut crate::storage::Store,
    preview: &Preview,
    portfolio: &Portfolio,
    name: &str,
    replace: bool,
) -> crate::Result<crate::storage::Meta> {
    let id = match (&preview.duplicate_of, replace) {
        (Some(dup), true) => {
            store.replace(dup.id, &preview.file_name, &preview.sha256, portfolio)?;
            dup.id
        }
        _ => store.save(name, &preview.file_name, &preview.sha256, portfolio)?,
    };
    store.set_setting(LAST_OPENED, &id.to_string())?;
    Ok(store.load(id)?.meta)
}

/// Setting key of the portfolio reopened at start.
pub const LAST_OPENED: &str = "last_opened";

/// The portfolio to show at start: the one opened last if it still exists, else the first saved.
pub fn current_id(
    store: &crate::storage::Store,
    portfolios: &[crate::storage::Meta],
) -> crate::Result<Option<i64>> {
    let last = store
        .setting(LAST_OPENED)?
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|id| portfolios.iter().any(|p| p.id == *id));
    Ok(last.or_else(|| portfolios.first().map(|p| p.id)))
}

/// `id`, else the portfolio to show at start ([`current_id`]); `None` when none is saved.
pub fn id_or_current(store: &crate::storage::Store, id: Option<i64>) -> crate::Result<Option<i64>> {
    match id {
        Some(id) => Ok(Some(id)),
        None => current_id(store, &store.list()?),
    }
}

/// The scenario to use: the one given, else the portfolio's saved one, else the defaults.
fn scenario_for(
    saved: &crate::storage::Saved,
    scenario: Option<crate::exposure::Scenario>,
    defaults: &crate::exposure::Scenario,
) -> crate::exposure::Scenario {
    scenario.unwrap_or_else(|| {
        saved
            .scenario
            .clone()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_else(|| defaults.clone())
    })
}

/// The day of the app's date control: `YYYY-MM-DD`, or none for "as of the dataset".
pub fn parse_day(text: Option<&str>) -> crate::Result<Option<chrono::NaiveDate>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Error::Usage(format!("{t:?} is not a date as YYYY-MM-DD"))),
    }
}

/// What the app last showed for a portfolio: the dataset and (once shown) its figures.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct LastShown {
    pub dataset_version: String,
    pub dataset_as_of: chrono::NaiveDate,
    /// `None` when only the dataset is known (portfolios saved before this was recorded).
    #[serde(default)]
    pub figures: Option<crate::exposure::Figures>,
}

/// "What's new in the deals since you last looked": the changes of the deals the portfolio is
/// linked to, after the dataset the user last saw, with the figures then and now.
#[derive(Debug, Clone, Serialize)]
pub struct WhatsNew {
    pub previous_version: String,
    pub current_version: String,
    /// Whether "before" is what the app showed, or (for portfolios saved before the app kept
    /// it) the current dataset as of the previous one's date.
    pub before_is_last_shown: bool,
    pub changes: crate::exposure::Changes,
}

fn last_shown_now(
    dataset: &Dataset,
    portfolio: &Portfolio,
    settings: &Settings,
) -> crate::Result<LastShown> {
    Ok(LastShown {
        dataset_version: dataset.manifest.version.clone(),
        dataset_as_of: dataset.manifest.as_of,
        figures: Some(crate::exposure::history::figures(&compute(
            dataset, portfolio, settings,
        )?)),
    })
}

fn json_value<T: Serialize>(v: &T) -> crate::Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| Error::Internal(e.to_string()))
}

/// What is new for saved portfolio `id` since the dataset it was last shown, if the dataset in
/// use is newer. The first look at a portfolio records what it shows and has nothing new.
pub fn whats_new(
    store: &mut crate::storage::Store,
    dataset: &Dataset,
    id: i64,
    portfolio: &Portfolio,
    settings: &Settings,
) -> crate::Result<Option<WhatsNew>> {
    let last: Option<LastShown> = store
        .last_shown(id)?
        .and_then(|v| serde_json::from_value(v).ok());
    let Some(last) = last else {
        let now = last_shown_now(dataset, portfolio, settings)?;
        store.set_last_shown(id, &json_value(&now)?)?;
        return Ok(None);
    };
    if last.dataset_version == dataset.manifest.version
        || last.dataset_as_of >= dataset.manifest.as_of
    {
        return Ok(None);
    }
    let changes = crate::exposure::changes(
        dataset,
        Some(portfolio),
        settings,
        last.dataset_as_of,
        last.figures.as_ref(),
        true,
    )?;
    Ok(Some(WhatsNew {
        previous_version: last.dataset_version,
        current_version: dataset.manifest.version.clone(),
        before_is_last_shown: last.figures.is_some(),
        changes,
    }))
}

/// The user has seen what is new for saved portfolio `id`: remember the dataset and figures
/// shown now, so the panel goes until the next dataset.
pub fn dismiss_whats_new(
    store: &mut crate::storage::Store,
    dataset: &Dataset,
    id: i64,
    scenario: Option<crate::exposure::Scenario>,
    defaults: &crate::exposure::Scenario,
) -> crate::Result<()> {
    let saved = store.load(id)?;
    let settings = scenario_for(&saved, scenario, defaults).to_settings(dataset)?;
    let now = last_shown_now(dataset, &saved.portfolio, &settings)?;
    store.set_last_shown(id, &json_value(&now)?)
}

/// The analysis of saved portfolio `id` under `scenario` (else its saved scenario, else the
/// defaults), with its metadata and the scenario used, its exposure over time up to `today`
/// and what is new since it was last shown. `as_of`: the figures as of that day (the app's
/// date control), else as of the dataset. Makes `id` the one reopened next time.
pub fn analyse_saved(
    store: &mut crate::storage::Store,
    dataset: &Dataset,
    id: i64,
    scenario: Option<crate::exposure::Scenario>,
    defaults: &crate::exposure::Scenario,
    as_of: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> crate::Result<serde_json::Value> {
    let saved = store.load(id)?;
    let scenario = scenario_for(&saved, scenario, defaults);
    let mut settings = scenario.to_settings(dataset)?;
    settings.valuation = valuation(store, Some(id), today)?;
    let whats_new = whats_new(store, dataset, id, &saved.portfolio, &settings)?;
    let timeline = crate::exposure::timeline(dataset, &saved.portfolio, &settings, None, today)?;
    let view;
    let dataset = match as_of {
        Some(day) => {
            view = dataset.at(day);
            &view
        }
        None => dataset,
    };
    // Skipped when unchanged: every start-up reopens the last portfolio, and a write waits for
    // the disk.
    if store.setting(LAST_OPENED)?.as_deref() != Some(id.to_string().as_str()) {
        store.set_setting(LAST_OPENED, &id.to_string())?;
    }
    let analysis = analyse(&saved.meta.source_file, saved.portfolio, dataset, &settings)?;
    let mut value = to_json(analysis)?;
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "meta".into(),
            serde_json::to_value(&saved.meta).map_err(|e| Error::Internal(e.to_string()))?,
        );
        map.insert(
            "scenario".into(),
            serde_json::to_value(crate::exposure::Scenario::from_settings(&settings))
                .map_err(|e| Error::Internal(e.to_string()))?,
        );
        map.insert("timeline".into(), json_value(&timeline)?);
        map.insert("whats_new".into(), json_value(&whats_new)?);
    }
    Ok(value)
}

/// The name a report of saved portfolio `id` is offered under
/// ([`crate::report::file_name`]: its name, the report's date and format).
pub fn report_file_name(
    store: &crate::storage::Store,
    id: i64,
    options: &crate::report::Options,
) -> crate::Result<String> {
    let meta = store
        .list()?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(Error::NotFound(id))?;
    Ok(crate::report::file_name(
        &meta.name,
        options.date,
        options.format,
    ))
}

/// The printable report of saved portfolio `id` under `scenario` (else its saved scenario, else
/// the defaults), in the format, paper and date of `options`. The desktop's Export commands
/// write it.
pub fn report_saved(
    store: &crate::storage::Store,
    dataset: &Dataset,
    id: i64,
    scenario: Option<crate::exposure::Scenario>,
    defaults: &crate::exposure::Scenario,
    options: &crate::report::Options,
) -> crate::Result<Vec<u8>> {
    let saved = store.load(id)?;
    let scenario = scenario_for(&saved, scenario, defaults);
    let mut settings = scenario.to_settings(dataset)?;
    settings.valuation = valuation(store, Some(id), options.date)?;
    let view = options.as_of.map(|day| dataset.at(day));
    let exposure = compute(
        view.as_ref().unwrap_or(dataset),
        &saved.portfolio,
        &settings,
    )?;
    let timeline =
        crate::exposure::timeline(dataset, &saved.portfolio, &settings, None, options.date)?;
    let last: Option<LastShown> = store
        .last_shown(id)?
        .and_then(|v| serde_json::from_value(v).ok());
    let changes = match last {
        Some(last) if last.dataset_as_of < dataset.manifest.as_of => {
            Some(crate::exposure::changes(
                dataset,
                Some(&saved.portfolio),
                &settings,
                last.dataset_as_of,
                last.figures.as_ref(),
                true,
            )?)
        }
        _ => None,
    };
    let meta = &saved.meta;
    let report = crate::report::Report {
        origin: crate::report::Origin {
            name: meta.name.clone(),
            file: meta.source_file.clone(),
            sha256: meta.sha256.clone(),
            broker: meta.broker.clone(),
            kind: crate::report::kind_name(meta.kind).into(),
            as_of: meta.as_of,
        },
        date: options.date,
        dataset,
        exposure: &exposure,
        timeline: Some(&timeline),
        changes: changes.as_ref(),
    };
    crate::report::render(&report, options.format, options.paper)
}

/// What the column-mapping step starts from, for a file no format recognised: its first
/// records, and for each of them the columns its cells suggest were it the header row
/// ([`crate::import::mapping::guess_columns`]), so that the UI only shows and asks.
#[derive(Debug, Serialize)]
pub struct MappingStart {
    pub rows: Vec<Vec<String>>,
    pub guesses: Vec<std::collections::BTreeMap<&'static str, String>>,
}

/// [`MappingStart`] of a file: its first `n` records ([`first_rows`]) and their guesses.
pub fn mapping_start(file_name: &str, bytes: &[u8], n: usize) -> MappingStart {
    let rows = first_rows(file_name, bytes, n);
    let guesses = rows
        .iter()
        .map(|r| crate::import::mapping::guess_columns(r))
        .collect();
    MappingStart { rows, guesses }
}

/// The first `n` non-blank records of a file, cells trimmed, split at whichever of `,` `;` tab
/// `|` gives the widest record (a title line has one cell whatever the delimiter): what the
/// column-mapping step shows.
pub fn first_rows(file_name: &str, bytes: &[u8], n: usize) -> Vec<Vec<String>> {
    let text = match crate::import::decode_text(file_name, bytes) {
        Some(t) => t,
        None => return Vec::new(),
    };
    // Only the start of the file matters here.
    let head: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .collect::<Vec<_>>()
        .join("\n");
    let mut best: Vec<Vec<String>> = Vec::new();
    for d in [b',', b';', b'\t', b'|'] {
        let Ok(records) = crate::table::Records::parse_delimited(file_name, &head, d) else {
            continue;
        };
        let rows: Vec<Vec<String>> = records
            .iter()
            .take(n)
            .map(|(_, r)| r.iter().map(|c| c.trim().to_string()).collect())
            .collect();
        let width = |rows: &[Vec<String>]| rows.iter().map(Vec::len).max().unwrap_or(0);
        if width(&rows) > width(&best) {
            best = rows;
        }
    }
    best
}

// ------------------------------------------------------------------ fund holdings files

/// `dataset` with the fund files saved in `store` in place of its snapshots (a file as new as
/// or newer than the snapshot wins). A saved file that no longer reads (a changed dataset, say)
/// is left out and said so in the returned notes; nothing is deleted.
pub fn with_saved_funds(
    store: &crate::storage::Store,
    mut dataset: Dataset,
) -> crate::Result<(Dataset, Vec<String>)> {
    let mut notes = Vec::new();
    for f in store.fund_files()? {
        match crate::funds::import_file(&dataset, &f.file_name, &f.content, f.symbol.as_deref()) {
            Ok(fund) => {
                let applied = dataset.funds.apply(fund);
                if !applied.used {
                    notes.push(applied.message);
                }
            }
            Err(e) => notes.push(format!(
                "the saved holdings file {} can no longer be used: {e}",
                f.file_name
            )),
        }
    }
    Ok((dataset, notes))
}

/// What importing a fund holdings file did.
#[derive(Debug, Serialize)]
pub struct FundImported {
    /// The file's holdings are now in use (and saved for every portfolio).
    pub used: bool,
    pub fund_id: String,
    pub symbol: String,
    pub as_of: chrono::NaiveDate,
    pub message: String,
}

/// Reads an issuer holdings file, puts it in place of its fund's snapshot in `dataset` when it
/// is as new or newer, and saves it in `store` so every portfolio uses it from now on. An older
/// file changes nothing and is not saved. `symbol`: the holding the file is for, when it does not
/// name its fund.
pub fn import_fund_file(
    store: &mut crate::storage::Store,
    dataset: &mut Dataset,
    file_name: &str,
    bytes: &[u8],
    symbol: Option<&str>,
) -> crate::Result<FundImported> {
    let fund = crate::funds::import_file(dataset, file_name, bytes, symbol)?;
    let (fund_id, shown, as_of) = (fund.id.clone(), fund.symbol().to_string(), fund.as_of);
    // Saved first: a fund in use is always one that will be there after a restart.
    let older = dataset.funds.get(&fund_id).is_some_and(|f| f.as_of > as_of);
    if !older {
        store.save_fund_file(&crate::storage::NewFundFile {
            fund_id: fund_id.clone(),
            symbol: symbol.map(str::to_string),
            file_name: file_name.to_string(),
            as_of,
            content: bytes,
        })?;
    }
    let applied = dataset.funds.apply(fund);
    Ok(FundImported {
        used: applied.used,
        fund_id,
        symbol: shown,
        as_of,
        message: applied.message,
    })
}

/// The Funds page: every snapshot in use (bundled or imported), the files saved, and the saved
/// files that could not be used (`notes`, from [`with_saved_funds`]).
#[derive(Debug, Serialize)]
pub struct FundsView {
    pub snapshots: Vec<crate::funds::Summary>,
    pub files: Vec<crate::storage::FundFile>,
    pub notes: Vec<String>,
}

pub fn funds_view(
    store: &crate::storage::Store,
    dataset: &Dataset,
    notes: &[String],
) -> crate::Result<FundsView> {
    Ok(FundsView {
        snapshots: dataset.funds.summaries(),
        files: store.fund_files()?,
        notes: notes.to_vec(),
    })
}

/// Whether a file on disk is laid out as a fund issuer's holdings file rather than a broker
/// export (a file opened or dropped on the window goes to the right import). Decided on its
/// first 256 KB, where every layout's header is; a file that cannot be read is not one (the
/// portfolio import then reports on it).
pub fn is_fund_path(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(256 << 10).read_to_end(&mut head).is_err() {
        return false;
    }
    crate::funds::files::detect(&head).is_some()
}

/// Reads a fund holdings file, refusing a special file or one over
/// [`crate::funds::files::MAX_FILE_BYTES`] before reading it.
pub fn read_fund_file(path: &Path) -> crate::Result<Vec<u8>> {
    read_bounded(
        path,
        crate::funds::files::MAX_FILE_BYTES,
        "a fund holdings file",
    )
}

/// The name a file is shown under: its last component, not its full path.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads a file of at most `max` bytes (`what` it is, for the message), refusing a special
/// file or a larger one before reading anything.
pub fn read_bounded(path: &Path, max: usize, what: &str) -> crate::Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    // Named by its file name, not its full path: the message is for the person who chose it.
    if !meta.is_file() {
        return Err(Error::Usage(format!("{} is not a file", file_name(path))));
    }
    if meta.len() > max as u64 {
        return Err(Error::Usage(format!(
            "{} is {} bytes: {what} is at most {max} bytes",
            file_name(path),
            meta.len(),
        )));
    }
    std::fs::read(path).map_err(io)
}

// ------------------------------------------------------------------ values: currency, rates, prices

const BASE_CURRENCY: &str = "base_currency";
const RATE_OVERRIDES: &str = "fx_overrides";
const RATES_FILE: &str = "fx_rates_file";
const STALE_DAYS: &str = "stale_after_days";

/// A rates file the user loaded, kept as its text (re-read at start, like fund files).
#[derive(Debug, Serialize, serde::Deserialize)]
struct SavedRates {
    name: String,
    text: String,
}

/// The valuation the app's settings give, for portfolio `id` (its prices) or none. A saved
/// rates file that no longer reads falls back on the bundled rates (said in
/// [`currency_settings`]), never stops an analysis.
pub fn valuation(
    store: &crate::storage::Store,
    id: Option<i64>,
    today: chrono::NaiveDate,
) -> crate::Result<crate::value::Valuation> {
    let mut v = crate::value::Valuation {
        today,
        ..Default::default()
    };
    v.base = store.setting(BASE_CURRENCY)?;
    if let Some(text) = store.setting(RATE_OVERRIDES)? {
        let map: std::collections::BTreeMap<String, String> =
            serde_json::from_str(&text).unwrap_or_default();
        for (code, rate) in map {
            if let Ok(r) = rust_decimal::Decimal::from_str_exact(&rate) {
                v.rates.overrides.insert(code, r);
            }
        }
    }
    if let Some(table) = saved_rates(store)?.and_then(Result::ok) {
        v.rates.table = table;
    }
    if let Some(days) = store.setting(STALE_DAYS)?.and_then(|d| d.parse().ok()) {
        v.stale_after_days = days;
    }
    if let Some(id) = id {
        v.prices.list = store.prices(id)?;
    }
    Ok(v)
}

fn saved_rates(
    store: &crate::storage::Store,
) -> crate::Result<Option<Result<crate::value::RateTable, String>>> {
    let Some(text) = store.setting(RATES_FILE)? else {
        return Ok(None);
    };
    let saved: SavedRates = match serde_json::from_str(&text) {
        Ok(s) => s,
        Err(e) => return Ok(Some(Err(e.to_string()))),
    };
    Ok(Some(
        crate::value::RateTable::parse(&saved.name, &saved.text).map_err(|p| {
            p.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        }),
    ))
}

/// Settings → Currency: the base currency chosen (`None`: each portfolio's account currency,
/// else USD), the currencies with a rate, the reference rates in use with their day and source,
/// the user's own rates, and the stale-price limit.
#[derive(Debug, Serialize)]
pub struct CurrencySettings {
    pub base: Option<String>,
    pub currencies: Vec<String>,
    pub rates: crate::value::RateTable,
    /// The user's rates: units per euro.
    pub overrides: std::collections::BTreeMap<String, String>,
    pub stale_after_days: i64,
    /// A saved rates file that could not be read (the bundled rates are used instead).
    pub note: Option<String>,
}

pub fn currency_settings(store: &crate::storage::Store) -> crate::Result<CurrencySettings> {
    let v = valuation(store, None, chrono::Local::now().date_naive())?;
    let note = match saved_rates(store)? {
        Some(Err(e)) => Some(format!(
            "the rates file you loaded can no longer be read ({e}); the bundled rates are used"
        )),
        _ => None,
    };
    Ok(CurrencySettings {
        base: v.base.clone(),
        currencies: v.rates.currencies(),
        overrides: v
            .rates
            .overrides
            .iter()
            .map(|(c, r)| (c.clone(), r.to_string()))
            .collect(),
        rates: v.rates.table,
        stale_after_days: v.stale_after_days,
        note,
    })
}

/// Sets the base currency (`None` or empty: the account's currency, else USD). A code with no
/// rate is refused: every figure would be unknown.
pub fn set_base_currency(
    store: &mut crate::storage::Store,
    code: Option<&str>,
) -> crate::Result<()> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => store.delete_setting(BASE_CURRENCY),
        Some(c) => {
            let c = crate::value::fx::parse_code(c).map_err(Error::Usage)?;
            let v = valuation(store, None, chrono::Local::now().date_naive())?;
            if !v.rates.currencies().contains(&c) {
                return Err(Error::Usage(format!(
                    "there is no exchange rate for {c}: add one (units per euro) first"
                )));
            }
            store.set_setting(BASE_CURRENCY, &c)
        }
    }
}

/// Sets how many days old a price may be before it is marked stale (1 to 3,650).
pub fn set_stale_days(store: &mut crate::storage::Store, days: &str) -> crate::Result<()> {
    let d: i64 = days
        .trim()
        .parse()
        .ok()
        .filter(|d| (1..=3650).contains(d))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{days:?} is not a number of days between 1 and 3650"
            ))
        })?;
    store.set_setting(STALE_DAYS, &d.to_string())
}

/// Sets the user's own rate for `code` (units per euro, as the ECB writes them), or removes it
/// (`None`).
pub fn set_rate(
    store: &mut crate::storage::Store,
    code: &str,
    per_eur: Option<&str>,
) -> crate::Result<()> {
    let mut map: std::collections::BTreeMap<String, String> = store
        .setting(RATE_OVERRIDES)?
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    match per_eur.map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            map.remove(&crate::value::fx::parse_code(code).map_err(Error::Usage)?);
        }
        Some(t) => {
            let (code, rate) = crate::value::fx::parse_override(code, t).map_err(Error::Usage)?;
            map.insert(code, rate.to_string());
        }
    }
    store.set_setting(RATE_OVERRIDES, &json_text(&map)?)
}

/// Loads a newer ECB rates file (read and checked before anything is saved); `None` goes back
/// to the bundled rates. Returns the rates now in use.
pub fn load_rates_file(
    store: &mut crate::storage::Store,
    file: Option<(&str, &[u8])>,
) -> crate::Result<crate::value::RateTable> {
    let Some((name, bytes)) = file else {
        store.delete_setting(RATES_FILE)?;
        return Ok(crate::value::RateTable::bundled().clone());
    };
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if bytes.len() > crate::value::fx::MAX_FILE_BYTES {
        return Err(Error::Usage(format!(
            "{name} is too large for a rates file"
        )));
    }
    let text = crate::import::decode_text(name, bytes).ok_or_else(|| {
        Error::Usage(format!(
            "{name} is not a text file: the ECB's rates are CSV or XML"
        ))
    })?;
    let table = crate::value::RateTable::parse(name, &text)
        .map_err(|problems| Error::Import { problems })?;
    store.set_setting(
        RATES_FILE,
        &json_text(&SavedRates {
            name: name.to_string(),
            text,
        })?,
    )?;
    Ok(table)
}

/// Saves a price the user typed for a holding of portfolio `id` (`price` as written, `$1,234.50`
/// or `1234.5`; `currency` empty: the holding's own). An empty `price` removes the typed one.
pub fn set_price(
    store: &mut crate::storage::Store,
    id: i64,
    symbol: Option<&str>,
    isin: Option<&str>,
    price: &str,
    currency: Option<&str>,
    date: Option<chrono::NaiveDate>,
) -> crate::Result<()> {
    let clean = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (symbol, isin) = (clean(symbol), clean(isin).map(|i| i.to_ascii_uppercase()));
    if symbol.is_none() && isin.is_none() {
        return Err(Error::Usage(
            "a price needs the holding's symbol or ISIN".into(),
        ));
    }
    if price.trim().is_empty() {
        return store.remove_typed_price(id, symbol.as_deref(), isin.as_deref());
    }
    let value = crate::money::parse(price)
        .ok()
        .flatten()
        .filter(|p| *p > rust_decimal::Decimal::ZERO)
        .ok_or_else(|| Error::Usage(format!("{price:?} is not a price (a number above zero)")))?;
    let currency = clean(currency)
        .map(|c| crate::value::fx::parse_price_currency(&c))
        .transpose()
        .map_err(Error::Usage)?;
    store.add_prices(
        id,
        &[crate::value::GivenPrice {
            symbol,
            isin,
            price: value,
            currency,
            date,
            origin: crate::value::Origin::Typed,
        }],
    )
}

/// What loading a prices file for a portfolio did.
#[derive(Debug, Serialize)]
pub struct PricesImported {
    pub file_name: String,
    pub format: String,
    pub count: usize,
    pub warnings: Vec<String>,
}

/// Reads a prices file ([`crate::value::prices::read`]) and saves its prices for portfolio `id`
/// (replacing those of a file of the same name). Nothing is saved if the file is refused.
pub fn import_prices(
    store: &mut crate::storage::Store,
    id: i64,
    file_name: &str,
    bytes: &[u8],
) -> crate::Result<PricesImported> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let f = crate::value::prices::read(name, bytes)?;
    store.add_prices(id, &f.prices)?;
    Ok(PricesImported {
        file_name: name.to_string(),
        format: f.format,
        count: f.prices.len(),
        warnings: f.warnings,
    })
}

fn json_text<T: Serialize>(v: &T) -> crate::Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Internal(e.to_string()))
}
