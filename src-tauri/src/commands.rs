//! Commands exposed to the webview (see `docs/desktop-api.md`), and the state they share.
//!
//! Every command delegates to the core (`ai_exposure::app`, `ai_exposure::storage`). The webview
//! never names a file: files come from the native dialog shown here, a file dropped on the
//! window, or the command line. Imports run on a background thread and report through events.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use ai_exposure::app::{self, Preview, Progress, Stage};
use ai_exposure::exposure::Scenario;
use ai_exposure::import::mapping::{ColumnMapping, ProfileStore};
use ai_exposure::import::Portfolio;
use ai_exposure::storage::{Meta, Store};
use ai_exposure::{Dataset, Error};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

/// The portfolio file given on the command line, if any (imported once the UI is ready).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaunchFile(pub Option<PathBuf>);

impl LaunchFile {
    /// The first argument that is not a flag (does not start with `-`) is the file; everything
    /// after a literal `--` is positional.
    pub fn from_args<I>(args: I) -> Self
    where
        I: IntoIterator<Item = OsString>,
    {
        let mut only_positional = false;
        for arg in args {
            if !only_positional {
                if arg == "--" {
                    only_positional = true;
                    continue;
                }
                if arg.to_string_lossy().starts_with('-') {
                    continue;
                }
            }
            if !arg.is_empty() {
                return LaunchFile(Some(PathBuf::from(arg)));
            }
        }
        LaunchFile(None)
    }
}

/// Setting keys.
const ACKNOWLEDGED: &str = "disclaimer_acknowledged";
const DEFAULTS: &str = "default_scenario";
const DATASET_DIR: &str = "dataset_dir";

/// Everything the commands share.
pub struct Shared {
    pub store: Mutex<Store>,
    /// The bundled dataset, or a newer one the user loaded (Settings).
    dataset: std::sync::RwLock<Dataset>,
    /// Why a previously loaded dataset could not be used at start (the bundled one is).
    dataset_note: Option<String>,
    pub profiles: Option<ProfileStore>,
    launch: Mutex<Option<PathBuf>>,
    pending: Mutex<Option<(Preview, Portfolio)>>,
    /// The last file no format recognised, for the column-mapping step.
    unrecognised: Mutex<Option<PathBuf>>,
    importing: AtomicBool,
    cancel: Arc<AtomicBool>,
    /// The HTML of the report being printed, served to the print window (`serve_report`).
    print_html: Mutex<Option<Vec<u8>>>,
    /// Saved fund files that could not be used at the last (re)load, and why.
    fund_notes: Mutex<Vec<String>>,
    /// The last holdings file refused because it names no fund, read again with the holding
    /// the user then names (`import_fund_again`).
    unnamed_fund: Mutex<Option<PathBuf>>,
}

impl Shared {
    pub fn open(db: &Path, launch: LaunchFile) -> Result<Shared, Error> {
        Ok(Shared::with_saved_dataset(Shared {
            store: Mutex::new(Store::open(db)?),
            dataset: std::sync::RwLock::new(Dataset::bundled()?),
            dataset_note: None,
            profiles: ProfileStore::open_default(),
            launch: Mutex::new(launch.0),
            pending: Mutex::new(None),
            unrecognised: Mutex::new(None),
            importing: AtomicBool::new(false),
            cancel: Arc::new(AtomicBool::new(false)),
            print_html: Mutex::new(None),
            fund_notes: Mutex::new(Vec::new()),
            unnamed_fund: Mutex::new(None),
        })
        .with_saved_funds())
    }

    /// Applies the fund holdings files saved in the store (imported earlier, for every
    /// portfolio) to the dataset in use.
    fn with_saved_funds(self) -> Shared {
        // `.ok()`: the read guard (also inside a poison error) is dropped before `self` moves.
        let current = self.dataset.read().ok().map(|d| d.clone());
        if let Some(d) = current {
            if let Err(e) = self.use_dataset(d) {
                if let Ok(mut n) = self.fund_notes.lock() {
                    n.push(format!(
                        "the saved fund holdings files could not be read: {e}"
                    ));
                }
            }
        }
        self
    }

    fn store(&self) -> Result<std::sync::MutexGuard<'_, Store>, CommandError> {
        self.store
            .lock()
            .map_err(|_| CommandError::internal("the portfolio store is unavailable"))
    }

    /// Uses the dataset directory the user loaded before, if it still loads.
    fn with_saved_dataset(mut self) -> Shared {
        let dir = self
            .store()
            .ok()
            .and_then(|s| s.setting(DATASET_DIR).ok().flatten())
            .filter(|d| !d.is_empty());
        if let Some(dir) = dir {
            match Dataset::load(Path::new(&dir)) {
                Ok(d) => {
                    if let Ok(mut slot) = self.dataset.write() {
                        *slot = d;
                    }
                }
                Err(e) => {
                    self.dataset_note = Some(format!(
                        "the dataset loaded from {dir} can no longer be read, so the bundled one is used: {e}"
                    ))
                }
            }
        }
        self
    }

    /// The dataset before any fund file: the one loaded from the folder the user chose, else the
    /// bundled one.
    fn base_dataset(&self) -> Result<Dataset, CommandError> {
        let dir = self
            .store()?
            .setting(DATASET_DIR)?
            .filter(|d| !d.is_empty());
        Ok(match dir {
            Some(dir) => Dataset::load(Path::new(&dir))?,
            None => Dataset::bundled()?,
        })
    }

    /// Puts `dataset`, with the saved fund files in place of its snapshots, in use.
    fn use_dataset(&self, dataset: Dataset) -> Result<(), CommandError> {
        let (dataset, notes) = app::with_saved_funds(&*self.store()?, dataset)?;
        if let Ok(mut n) = self.fund_notes.lock() {
            *n = notes;
        }
        *self
            .dataset
            .write()
            .map_err(|_| CommandError::internal("the dataset is unavailable"))? = dataset;
        Ok(())
    }

    fn dataset(&self) -> Result<std::sync::RwLockReadGuard<'_, Dataset>, CommandError> {
        self.dataset
            .read()
            .map_err(|_| CommandError::internal("the dataset is unavailable"))
    }

    /// The scenario new portfolios start with, every weight spelled out (the saved defaults
    /// over the methodology's).
    fn defaults(&self) -> Scenario {
        let saved: Scenario = self
            .store()
            .ok()
            .and_then(|s| s.setting(DEFAULTS).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        match self.dataset() {
            Ok(dataset) => saved
                .to_settings(&dataset)
                .map(|settings| Scenario::from_settings(&settings))
                .unwrap_or(saved),
            Err(_) => saved,
        }
    }
}

/// A problem as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UiProblem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<usize>,
    pub header: Option<String>,
    pub message: String,
}

/// Error returned to the UI: `{ kind, message, problems }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub kind: &'static str,
    pub message: String,
    pub problems: Vec<UiProblem>,
}

impl CommandError {
    fn internal(message: impl Into<String>) -> CommandError {
        CommandError {
            kind: "internal",
            message: message.into(),
            problems: Vec::new(),
        }
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> CommandError {
        let kind = match &e {
            Error::Import { .. } | Error::Io { .. } => "import",
            Error::Dataset { .. } => "dataset",
            Error::Storage { .. } => "storage",
            Error::NotFound(_) => "not_found",
            Error::Usage(_) => "usage",
            Error::FundNotNamed { .. } => "fund_not_named",
            Error::Cancelled => "cancelled",
            _ => "internal",
        };
        let problems = match &e {
            Error::Import { problems } | Error::Dataset { problems } => problems
                .iter()
                .map(|p| UiProblem {
                    file: p.file.clone(),
                    line: p.line,
                    column: p.column.as_ref().map(|c| c.0),
                    header: p.column.as_ref().map(|c| c.1.clone()),
                    message: p.message.clone(),
                })
                .collect(),
            other => vec![UiProblem {
                file: String::new(),
                line: None,
                column: None,
                header: None,
                message: other.to_string(),
            }],
        };
        CommandError {
            kind,
            message: e.to_string(),
            problems,
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}

type Reply<T> = Result<T, CommandError>;

#[derive(Serialize)]
pub struct DatasetInfo {
    name: String,
    version: String,
    as_of: chrono::NaiveDate,
    /// The bundled copy (else one the user loaded).
    bundled: bool,
    note: Option<String>,
}

#[derive(Serialize)]
pub struct Counterparty {
    id: String,
    name: String,
}

#[derive(Serialize)]
pub struct AppState {
    portfolios: Vec<Meta>,
    current_id: Option<i64>,
    disclaimer_acknowledged: bool,
    dataset: DatasetInfo,
    defaults: Scenario,
    statuses: Vec<String>,
    counterparties: Vec<Counterparty>,
    /// `a4` or `letter`: the paper usual for this computer's locale (Settings can change it).
    default_paper: &'static str,
    importing: bool,
    preview: Option<Preview>,
}

/// `locale`: the webview's locale (BCP 47), used for the default paper where the environment
/// names none (Windows, macOS).
#[tauri::command]
pub fn app_state<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
    locale: Option<String>,
) -> Reply<AppState> {
    let store = shared.store()?;
    let portfolios = store.list()?;
    let current_id = app::current_id(&store, &portfolios)?;
    let acknowledged = store.setting(ACKNOWLEDGED)?.is_some();
    drop(store);
    let defaults = shared.defaults();
    let dataset = shared.dataset()?;
    let mut counterparties: Vec<Counterparty> = Vec::new();
    for deal in &dataset.deals {
        if !counterparties.iter().any(|c| c.id == deal.counterparty) {
            counterparties.push(Counterparty {
                id: deal.counterparty.clone(),
                name: dataset.company_name(&deal.counterparty).to_string(),
            });
        }
    }
    let state = AppState {
        portfolios,
        current_id,
        disclaimer_acknowledged: acknowledged,
        dataset: DatasetInfo {
            name: dataset.manifest.name.clone(),
            version: dataset.manifest.version.clone(),
            as_of: dataset.manifest.as_of,
            bundled: dataset_is_bundled(&shared),
            note: shared.dataset_note.clone(),
        },
        defaults,
        statuses: ai_exposure::dataset::Status::ALL
            .iter()
            .map(ToString::to_string)
            .collect(),
        counterparties,
        default_paper: ai_exposure::report::Paper::from_environment(
            locale.as_deref().unwrap_or(""),
        )
        .name(),
        importing: shared.importing.load(Ordering::SeqCst),
        preview: shared
            .pending
            .lock()
            .ok()
            .and_then(|p| p.as_ref().map(|(preview, _)| preview.clone())),
    };
    // The file named on the command line is imported once the UI asks for its state: its
    // listeners are in place by then, and the state above is taken before, so the import's
    // events are the only news of it (no preview arrives before a stale "importing" state).
    if let Some(path) = shared.launch.lock().ok().and_then(|mut l| l.take()) {
        open_path(&app, &shared, path);
    }
    Ok(state)
}

#[tauri::command]
pub fn acknowledge_disclaimer(shared: State<'_, Arc<Shared>>) -> Reply<()> {
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).to_rfc3339();
    Ok(shared.store()?.set_setting(ACKNOWLEDGED, &now)?)
}

/// Shows the native open dialog; a chosen file starts importing in the background.
#[tauri::command]
pub async fn open_file<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
) -> Reply<bool> {
    use tauri_plugin_dialog::DialogExt;
    let shared = Arc::clone(&shared);
    let picked = app
        .dialog()
        .file()
        .set_title("Open a broker export")
        .add_filter(
            "Broker exports and fund holdings files",
            &["csv", "CSV", "txt", "json", "tsv", "xlsx", "xml"],
        )
        .add_filter("All files", &["*"])
        .blocking_pick_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => {
            open_path(&app, &shared, path);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// A file opened (dialog, command line, dropped on the window): a fund's holdings file refreshes
/// that fund (`fund-*` events); anything else is imported as a portfolio (`import-*` events).
pub fn open_path<R: Runtime>(app: &AppHandle<R>, shared: &Arc<Shared>, path: PathBuf) {
    if app::is_fund_path(&path) {
        import_dropped_fund_file(app, shared, path);
    } else {
        start_import(app, shared, path);
    }
}

/// Imports `path` on a background thread, reporting through `import-*` events. One at a time.
pub fn start_import<R: Runtime>(app: &AppHandle<R>, shared: &Arc<Shared>, path: PathBuf) {
    start(app, shared, path, None);
}

fn start<R: Runtime>(
    app: &AppHandle<R>,
    shared: &Arc<Shared>,
    path: PathBuf,
    mapping: Option<(ColumnMapping, bool)>,
) {
    if shared.importing.swap(true, Ordering::SeqCst) {
        let _ = app.emit(
            "import-failed",
            serde_json::json!({"file_name": path.display().to_string(), "problems": [
                {"file": path.display().to_string(), "line": null, "column": null, "header": null,
                 "message": "another import is still running: wait for it or cancel it first"}]}),
        );
        return;
    }
    shared.cancel.store(false, Ordering::SeqCst);
    if let Ok(mut pending) = shared.pending.lock() {
        *pending = None;
    }
    let app = app.clone();
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let emit_progress = |stage: Stage, done: Option<u64>, total: Option<u64>| {
            let _ = app.emit(
                "import-progress",
                serde_json::json!({"stage": stage, "done": done, "total": total}),
            );
        };
        let cancel = Arc::clone(&shared.cancel);
        let progress = Progress {
            report: &emit_progress,
            cancel: &cancel,
        };
        let mut unrecognised = false;
        let result = match shared.store() {
            Ok(store) => app::preview_with(
                &path,
                &store,
                shared.profiles.as_ref(),
                mapping.as_ref().map(|(m, save)| (m, *save)),
                &progress,
            )
            .map_err(|e| {
                unrecognised = ai_exposure::import::is_unrecognised(&e);
                CommandError::from(e)
            }),
            Err(e) => Err(e),
        };
        match result {
            Ok((preview, portfolio)) => {
                if let Ok(mut pending) = shared.pending.lock() {
                    *pending = Some((preview.clone(), portfolio));
                }
                shared.importing.store(false, Ordering::SeqCst);
                let _ = app.emit("import-preview", preview);
            }
            Err(e) if e.kind == "cancelled" => {
                shared.importing.store(false, Ordering::SeqCst);
                let _ = app.emit(
                    "import-cancelled",
                    serde_json::json!({"file_name": file_name}),
                );
            }
            Err(e) => {
                // A file no format knows: offer the column-mapping step with its first rows
                // and the columns they suggest.
                let start = if unrecognised {
                    std::fs::read(&path)
                        .ok()
                        .map(|bytes| app::mapping_start(&file_name, &bytes, 12))
                } else {
                    None
                };
                if let Ok(mut u) = shared.unrecognised.lock() {
                    *u = start.as_ref().map(|_| path.clone());
                }
                shared.importing.store(false, Ordering::SeqCst);
                let _ = app.emit(
                    "import-failed",
                    serde_json::json!({
                        "file_name": file_name,
                        "problems": e.problems,
                        "unrecognised": start,
                    }),
                );
            }
        }
    });
}

/// Imports the last unrecognised file again with the user's column mapping.
#[tauri::command]
pub fn import_with_mapping<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
    mapping: ColumnMapping,
    save_profile: bool,
) -> Reply<bool> {
    let path = shared
        .unrecognised
        .lock()
        .map_err(|_| CommandError::internal("the import is unavailable"))?
        .clone();
    let Some(path) = path else {
        return Err(
            Error::Usage("there is no unrecognised file to map: open it again".into()).into(),
        );
    };
    start(&app, &shared, path, Some((mapping, save_profile)));
    Ok(true)
}

#[tauri::command]
pub fn cancel_import(shared: State<'_, Arc<Shared>>) {
    shared.cancel.store(true, Ordering::SeqCst);
}

#[tauri::command]
pub async fn confirm_import(
    shared: State<'_, Arc<Shared>>,
    name: String,
    replace: bool,
) -> Reply<Meta> {
    let shared = Arc::clone(&shared);
    run(move || {
        let taken = shared
            .pending
            .lock()
            .map_err(|_| CommandError::internal("the import is unavailable"))?
            .take();
        let Some((preview, portfolio)) = taken else {
            return Err(CommandError::from(Error::Usage(
                "there is no import waiting to be saved".into(),
            )));
        };
        let name = if name.trim().is_empty() {
            preview.file_name.clone()
        } else {
            name
        };
        let mut store = shared.store()?;
        match app::confirm(&mut store, &preview, &portfolio, &name, replace) {
            Ok(meta) => Ok(meta),
            Err(e) => {
                // Keep the preview so the user can try again (another name...).
                drop(store);
                if let Ok(mut pending) = shared.pending.lock() {
                    *pending = Some((preview, portfolio));
                }
                Err(e.into())
            }
        }
    })
    .await
}

#[tauri::command]
pub fn discard_import(shared: State<'_, Arc<Shared>>) {
    if let Ok(mut pending) = shared.pending.lock() {
        *pending = None;
    }
}

/// `id` null: the portfolio `app_state` names as current (null if none is saved), so that the UI
/// can ask for both at once when it starts.
#[tauri::command]
pub async fn analyse(
    shared: State<'_, Arc<Shared>>,
    id: Option<i64>,
    scenario: Option<Scenario>,
    as_of: Option<String>,
) -> Reply<serde_json::Value> {
    let shared = Arc::clone(&shared);
    run(move || {
        let defaults = shared.defaults();
        let as_of = app::parse_day(as_of.as_deref())?;
        let mut store = shared.store()?;
        let Some(id) = app::id_or_current(&store, id)? else {
            return Ok(serde_json::Value::Null);
        };
        Ok(app::analyse_saved(
            &mut store,
            &*shared.dataset()?,
            id,
            scenario,
            &defaults,
            as_of,
            chrono::Local::now().date_naive(),
        )?)
    })
    .await
}

/// The user has read "What's new in the deals": remember what is shown now.
#[tauri::command]
pub async fn dismiss_whats_new(
    shared: State<'_, Arc<Shared>>,
    id: i64,
    scenario: Option<Scenario>,
) -> Reply<()> {
    let shared = Arc::clone(&shared);
    run(move || {
        let defaults = shared.defaults();
        let mut store = shared.store()?;
        Ok(app::dismiss_whats_new(
            &mut store,
            &*shared.dataset()?,
            id,
            scenario,
            &defaults,
        )?)
    })
    .await
}

/// The report of saved portfolio `id` under `scenario` (else its own, else the defaults).
fn render_saved(
    shared: &Shared,
    id: i64,
    scenario: Option<Scenario>,
    options: &ai_exposure::report::Options,
) -> Reply<Vec<u8>> {
    let defaults = shared.defaults();
    let store = shared.store()?;
    Ok(app::report_saved(
        &store,
        &*shared.dataset()?,
        id,
        scenario,
        &defaults,
        options,
    )?)
}

/// Label of the window that shows a report for printing.
pub const PRINT_WINDOW: &str = "report";

/// Opens the HTML report of portfolio `id` under `scenario` (the one on screen) in a window of
/// its own and prints it with the system's print dialog: the printed pages are the report (cover,
/// tables, methodology, sources, the disclaimer on each page), not a picture of the app. The
/// window is served by the `report:` protocol, holds no script and may call no command (no
/// capability names it).
#[tauri::command]
pub async fn print_report<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
    id: i64,
    scenario: Option<Scenario>,
    paper: String,
    as_of: Option<String>,
) -> Reply<()> {
    use ai_exposure::report::{Format, Options};
    let options = Options::today(Format::Html, &paper, as_of.as_deref())?;
    let job = Arc::clone(&shared);
    let html = run(move || render_saved(&job, id, scenario, &options)).await?;
    *shared
        .print_html
        .lock()
        .map_err(|_| CommandError::internal("the print job is unavailable"))? = Some(html);
    if let Some(old) = app.get_webview_window(PRINT_WINDOW) {
        let _ = old.destroy();
    }
    // Custom protocols are report://localhost/ on Linux and macOS, http://report.localhost/ on
    // Windows.
    let url = if cfg!(windows) {
        "http://report.localhost/report.html"
    } else {
        "report://localhost/report.html"
    };
    let url = url
        .parse()
        .map_err(|e| CommandError::internal(format!("report URL: {e}")))?;
    tauri::WebviewWindowBuilder::new(&app, PRINT_WINDOW, tauri::WebviewUrl::CustomProtocol(url))
        .title("AI Exposure: report")
        .inner_size(900.0, 1000.0)
        .on_page_load(|window, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                let _ = window.print();
            }
        })
        .build()
        .map_err(|e| CommandError::internal(format!("the report window could not open: {e}")))?;
    Ok(())
}

/// The `report:` protocol: the report last sent to print (empty before any).
pub fn serve_report<R: Runtime>(app: &AppHandle<R>) -> Vec<u8> {
    app.try_state::<Arc<Shared>>()
        .and_then(|s| s.print_html.lock().ok().and_then(|h| h.clone()))
        .unwrap_or_default()
}

/// Environment variable for tests: export reports into this directory instead of asking
/// with the native save dialog (which WebDriver cannot drive).
pub const EXPORT_DIR: &str = "AI_EXPOSURE_EXPORT_DIR";

/// Writes the report of portfolio `id` under `scenario` (the one on screen) as `format`
/// (`pdf`, `html` or `csv`) on `paper` (`a4` or `letter`), where the user chooses in the native
/// save dialog. Returns the file's name, or null if the dialog was cancelled.
#[tauri::command]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
    id: i64,
    scenario: Option<Scenario>,
    format: String,
    paper: String,
    as_of: Option<String>,
) -> Reply<Option<String>> {
    use ai_exposure::report::{self, Format, Options};
    let options = Options::today(Format::from_name(&format)?, &paper, as_of.as_deref())?;
    let file_name = app::report_file_name(&*shared.store()?, id, &options)?;
    let target = match std::env::var_os(EXPORT_DIR) {
        Some(dir) => Some(PathBuf::from(dir).join(&file_name)),
        None => {
            use tauri_plugin_dialog::DialogExt;
            app.dialog()
                .file()
                .set_title("Export the exposure report")
                .set_file_name(&file_name)
                .add_filter(options.format.label(), &[options.format.extension()])
                .blocking_save_file()
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = target else {
        return Ok(None);
    };
    let shared = Arc::clone(&shared);
    run(move || {
        let bytes = render_saved(&shared, id, scenario, &options)?;
        report::write(&path, &bytes)?;
        Ok(Some(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(file_name),
        ))
    })
    .await
}

#[tauri::command]
pub fn save_scenario(shared: State<'_, Arc<Shared>>, id: i64, scenario: Scenario) -> Reply<()> {
    scenario.to_settings(&*shared.dataset()?)?;
    let value =
        serde_json::to_value(&scenario).map_err(|e| CommandError::internal(e.to_string()))?;
    Ok(shared.store()?.set_scenario(id, &value)?)
}

#[tauri::command]
pub fn set_defaults(shared: State<'_, Arc<Shared>>, scenario: Scenario) -> Reply<()> {
    scenario.to_settings(&*shared.dataset()?)?;
    let text =
        serde_json::to_string(&scenario).map_err(|e| CommandError::internal(e.to_string()))?;
    Ok(shared.store()?.set_setting(DEFAULTS, &text)?)
}

#[tauri::command]
pub fn rename_portfolio(shared: State<'_, Arc<Shared>>, id: i64, name: String) -> Reply<Meta> {
    let mut store = shared.store()?;
    store.rename(id, &name)?;
    Ok(store.load(id)?.meta)
}

#[tauri::command]
pub fn delete_portfolio(shared: State<'_, Arc<Shared>>, id: i64) -> Reply<()> {
    Ok(shared.store()?.delete(id)?)
}

#[tauri::command]
pub fn deals(shared: State<'_, Arc<Shared>>) -> Reply<serde_json::Value> {
    serde_json::to_value(ai_exposure::render::deals_json(&*shared.dataset()?))
        .map_err(|e| CommandError::internal(e.to_string()))
}

/// Opens a dataset source in the system browser (never inside the app). Only URLs that are
/// sources in the dataset are opened.
#[tauri::command]
pub fn open_source<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
    url: String,
) -> Reply<()> {
    use tauri_plugin_opener::OpenerExt;
    if !shared.dataset()?.is_source(&url) {
        return Err(Error::Usage(format!("{url:?} is not a source of the dataset")).into());
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CommandError::internal(format!("cannot open the browser: {e}")))
}

/// Asks for a folder holding a newer dataset (the files of `data/`), checks it and uses it from
/// now on (also after a restart). `false` if the dialog was cancelled; a dataset with problems is
/// refused with every problem listed, and the current one stays.
#[tauri::command]
pub async fn load_dataset<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
) -> Reply<bool> {
    use tauri_plugin_dialog::DialogExt;
    let shared = Arc::clone(&shared);
    let Some(dir) = app
        .dialog()
        .file()
        .set_title("Choose the folder of a newer deals dataset")
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(false);
    };
    run(move || {
        let dataset = Dataset::load(&dir)?;
        shared
            .store()?
            .set_setting(DATASET_DIR, &dir.display().to_string())?;
        shared.use_dataset(dataset)?;
        Ok(true)
    })
    .await
}

/// Goes back to the dataset bundled with the app.
#[tauri::command]
pub fn use_bundled_dataset(shared: State<'_, Arc<Shared>>) -> Reply<()> {
    let bundled = Dataset::bundled()?;
    shared.store()?.set_setting(DATASET_DIR, "")?;
    shared.use_dataset(bundled)
}

/// The Funds page: the snapshots in use (bundled or imported, with their dates), the saved
/// holdings files, and saved files that could not be used.
#[tauri::command]
pub fn funds(shared: State<'_, Arc<Shared>>) -> Reply<app::FundsView> {
    let notes = shared
        .fund_notes
        .lock()
        .map(|n| n.clone())
        .unwrap_or_default();
    Ok(app::funds_view(
        &*shared.store()?,
        &*shared.dataset()?,
        &notes,
    )?)
}

/// Asks for a fund issuer's holdings file (iShares, Vanguard, Invesco, SPDR, Schwab, ARK,
/// N-PORT) and uses it for every portfolio when it is as new as the snapshot or newer.
/// `symbol`: the holding it is for, when the file does not name its fund. `null` if the dialog
/// was cancelled.
#[tauri::command]
pub async fn import_fund_file<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
    symbol: Option<String>,
) -> Reply<Option<app::FundImported>> {
    use tauri_plugin_dialog::DialogExt;
    let shared = Arc::clone(&shared);
    let Some(path) = app
        .dialog()
        .file()
        .set_title("Open a fund's holdings file")
        .add_filter("Holdings files", &["csv", "CSV", "xlsx", "xml", "XML"])
        .add_filter("All files", &["*"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    run(move || import_fund_path(&shared, &path, symbol.as_deref()).map(Some)).await
}

/// Reads and imports one fund holdings file (from the dialog or dropped on the window).
pub fn import_fund_path(
    shared: &Shared,
    path: &Path,
    symbol: Option<&str>,
) -> Reply<app::FundImported> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = app::read_fund_file(path)?;
    let mut store = shared.store()?;
    let mut dataset = shared
        .dataset
        .write()
        .map_err(|_| CommandError::internal("the dataset is unavailable"))?;
    let result = app::import_fund_file(&mut store, &mut dataset, &name, &bytes, symbol);
    if let Ok(mut unnamed) = shared.unnamed_fund.lock() {
        *unnamed = matches!(result, Err(Error::FundNotNamed { .. })).then(|| path.to_path_buf());
    }
    Ok(result?)
}

/// Reads the last holdings file refused for naming no fund again, as the holding `symbol`.
#[tauri::command]
pub async fn import_fund_again(
    shared: State<'_, Arc<Shared>>,
    symbol: String,
) -> Reply<app::FundImported> {
    let shared = Arc::clone(&shared);
    run(move || {
        let path = shared
            .unnamed_fund
            .lock()
            .map_err(|_| CommandError::internal("the import is unavailable"))?
            .clone();
        let Some(path) = path else {
            return Err(Error::Usage(
                "there is no holdings file waiting for its fund: open it again".into(),
            )
            .into());
        };
        import_fund_path(&shared, &path, Some(&symbol))
    })
    .await
}

/// A fund's holdings file opened or dropped on the window: imported on a background thread,
/// reported through `fund-imported` or `fund-import-failed`.
pub fn import_dropped_fund_file<R: Runtime>(
    app: &AppHandle<R>,
    shared: &Arc<Shared>,
    path: PathBuf,
) {
    let app = app.clone();
    let shared = Arc::clone(shared);
    std::thread::spawn(move || match import_fund_path(&shared, &path, None) {
        Ok(done) => {
            // As JSON: `emit` wants a `Clone` payload, which `app::FundImported` is not.
            let payload = serde_json::to_value(&done).unwrap_or(serde_json::Value::Null);
            let _ = app.emit("fund-imported", payload);
        }
        Err(e) => {
            let _ = app.emit(
                "fund-import-failed",
                serde_json::json!({
                    "file_name": path.file_name().map(|n| n.to_string_lossy().into_owned()),
                    "kind": e.kind,
                    "message": e.message,
                    "problems": e.problems,
                }),
            );
        }
    });
}

/// Goes back to the bundled snapshot of the fund whose saved file `id` is.
#[tauri::command]
pub fn remove_fund_file(shared: State<'_, Arc<Shared>>, id: i64) -> Reply<()> {
    shared.store()?.delete_fund_file(id)?;
    let base = shared.base_dataset()?;
    shared.use_dataset(base)
}

// ------------------------------------------------------------------ currency, rates, prices

/// Settings → Currency and rates: the base currency, the reference rates in use (with their day,
/// source and origin), the user's own rates and the stale-price limit.
#[tauri::command]
pub fn currency_settings(shared: State<'_, Arc<Shared>>) -> Reply<app::CurrencySettings> {
    Ok(app::currency_settings(&*shared.store()?)?)
}

/// Sets the base currency (`null`: each portfolio's account currency, else USD); returns the
/// settings now in use.
#[tauri::command]
pub fn set_base_currency(
    shared: State<'_, Arc<Shared>>,
    code: Option<String>,
) -> Reply<app::CurrencySettings> {
    let mut store = shared.store()?;
    app::set_base_currency(&mut store, code.as_deref())?;
    Ok(app::currency_settings(&store)?)
}

/// Sets the age in days after which a price is marked stale; returns the settings now in use.
#[tauri::command]
pub fn set_stale_days(
    shared: State<'_, Arc<Shared>>,
    days: String,
) -> Reply<app::CurrencySettings> {
    let mut store = shared.store()?;
    app::set_stale_days(&mut store, &days)?;
    Ok(app::currency_settings(&store)?)
}

/// Sets the user's own rate for `code` (units per euro), or removes it (`per_eur` null).
#[tauri::command]
pub fn set_rate(
    shared: State<'_, Arc<Shared>>,
    code: String,
    per_eur: Option<String>,
) -> Reply<app::CurrencySettings> {
    let mut store = shared.store()?;
    app::set_rate(&mut store, &code, per_eur.as_deref())?;
    Ok(app::currency_settings(&store)?)
}

/// Asks for a newer ECB reference rates file (the CSV or XML the ECB publishes), checks it and
/// uses it from now on. `null` if the dialog was cancelled; a file with problems is refused
/// (every problem located) and the rates in use stay.
#[tauri::command]
pub async fn load_rates_file<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
) -> Reply<Option<app::CurrencySettings>> {
    use tauri_plugin_dialog::DialogExt;
    let shared = Arc::clone(&shared);
    let Some(path) = app
        .dialog()
        .file()
        .set_title("Open an ECB euro reference rates file")
        .add_filter("ECB reference rates", &["csv", "CSV", "xml", "XML"])
        .add_filter("All files", &["*"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    run(move || {
        let bytes = app::read_bounded(
            &path,
            ai_exposure::value::fx::MAX_FILE_BYTES,
            "a rates file",
        )?;
        let name = app::file_name(&path);
        let mut store = shared.store()?;
        app::load_rates_file(&mut store, Some((&name, &bytes)))?;
        Ok(Some(app::currency_settings(&store)?))
    })
    .await
}

/// Back to the rates bundled with the app.
#[tauri::command]
pub fn use_bundled_rates(shared: State<'_, Arc<Shared>>) -> Reply<app::CurrencySettings> {
    let mut store = shared.store()?;
    app::load_rates_file(&mut store, None)?;
    Ok(app::currency_settings(&store)?)
}

/// The prices given for portfolio `id` (typed ones and those of prices files), in the order
/// given.
#[tauri::command]
pub fn prices(
    shared: State<'_, Arc<Shared>>,
    id: i64,
) -> Reply<Vec<ai_exposure::value::GivenPrice>> {
    Ok(shared.store()?.prices(id)?)
}

/// Saves the price the user typed for a holding of portfolio `id`, as of today (`currency`
/// null or empty: the holding's own); an empty `price` removes the typed one.
#[tauri::command]
pub fn set_price(
    shared: State<'_, Arc<Shared>>,
    id: i64,
    symbol: Option<String>,
    isin: Option<String>,
    price: String,
    currency: Option<String>,
) -> Reply<()> {
    Ok(app::set_price(
        &mut *shared.store()?,
        id,
        symbol.as_deref(),
        isin.as_deref(),
        &price,
        currency.as_deref(),
        Some(chrono::Local::now().date_naive()),
    )?)
}

/// Asks for a prices file (`Symbol,Price[,Currency][,Date]`, a Yahoo Finance export or a
/// positions export of the same account) and saves its prices for portfolio `id`. `null` if
/// the dialog was cancelled; a file with problems is refused and nothing is saved.
#[tauri::command]
pub async fn import_prices<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Arc<Shared>>,
    id: i64,
) -> Reply<Option<app::PricesImported>> {
    use tauri_plugin_dialog::DialogExt;
    let shared = Arc::clone(&shared);
    let Some(path) = app
        .dialog()
        .file()
        .set_title("Open a prices file")
        .add_filter("Prices (CSV)", &["csv", "CSV", "txt"])
        .add_filter("All files", &["*"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    run(move || {
        let bytes = app::read_bounded(
            &path,
            ai_exposure::value::prices::MAX_FILE_BYTES,
            "a prices file",
        )?;
        let name = app::file_name(&path);
        Ok(Some(app::import_prices(
            &mut *shared.store()?,
            id,
            &name,
            &bytes,
        )?))
    })
    .await
}

/// Forgets the prices that came from the prices file `file` for portfolio `id`.
#[tauri::command]
pub fn remove_file_prices(shared: State<'_, Arc<Shared>>, id: i64, file: String) -> Reply<()> {
    Ok(shared.store()?.remove_file_prices(id, &file)?)
}

/// Environment variable: when set, the shell prints the moment the UI reports its first overview.
pub const STARTUP_LOG: &str = "AI_EXPOSURE_STARTUP_LOG";

/// The UI reports its first overview: the first animation frame after building it, shortly
/// before WebKit paints it. With `AI_EXPOSURE_STARTUP_LOG` set, the moment is printed to stderr
/// (Unix time, seconds); `bench/startup.py` prints it beside the time the overview reaches the
/// screen.
#[tauri::command]
pub fn started() {
    if std::env::var_os(STARTUP_LOG).is_some() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        eprintln!("ai-exposure: first overview painted at {now:.3}");
    }
}

fn dataset_is_bundled(shared: &Shared) -> bool {
    shared
        .store()
        .ok()
        .and_then(|s| s.setting(DATASET_DIR).ok().flatten())
        .filter(|d| !d.is_empty())
        .is_none()
}

async fn run<T: Send + 'static>(job: impl FnOnce() -> Reply<T> + Send + 'static) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(job)
        .await
        .map_err(|e| CommandError::internal(format!("the task failed: {e}")))?
}

/// Where the saved portfolios live: `$AI_EXPOSURE_DATA_DIR` (tests), else the OS app-data dir.
pub fn database_path<R: Runtime>(app: &AppHandle<R>) -> PathBuf {
    let dir = std::env::var_os("AI_EXPOSURE_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| app.path().app_data_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join("portfolios.sqlite")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> LaunchFile {
        LaunchFile::from_args(args.iter().map(OsString::from))
    }

    #[test]
    fn no_args_means_no_file() {
        assert_eq!(parse(&[]), LaunchFile(None));
        assert_eq!(parse(&["--verbose", "-x"]), LaunchFile(None));
    }

    #[test]
    fn first_non_flag_is_the_file() {
        assert_eq!(
            parse(&["--flag", "a.csv", "b.csv"]),
            LaunchFile(Some(PathBuf::from("a.csv")))
        );
        assert_eq!(
            parse(&["--", "-odd name.csv"]),
            LaunchFile(Some(PathBuf::from("-odd name.csv")))
        );
    }

    #[test]
    fn import_errors_carry_their_problems() {
        let e = ai_exposure::import_bytes("bad.csv", b"Symbol,Shares\nMSFT,abc\n", None)
            .expect_err("bad number");
        let json = serde_json::to_value(CommandError::from(e)).expect("json");
        assert_eq!(json["kind"], "import");
        assert_eq!(json["problems"][0]["line"], 2);
        assert_eq!(json["problems"][0]["column"], 2);
        assert_eq!(json["problems"][0]["header"], "Shares");
    }
}
