//! Commands exposed to the webview, and the state they read.
//!
//! The file to analyse is fixed at startup from the command line and kept in
//! managed state; the webview can ask for "the analysis" but can never name a
//! path itself.

use std::ffi::OsString;
use std::path::PathBuf;

use serde::Serialize;
use tauri::{Runtime, State};

/// The portfolio file chosen on the command line, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaunchFile(pub Option<PathBuf>);

impl LaunchFile {
    /// The first argument that is not a flag (does not start with `-`) is the CSV
    /// path; everything after a literal `--` is positional.
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

/// Error returned to the UI, serialized as `{"kind": "...", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum CommandError {
    /// The core could not analyse the portfolio (bad file, unreadable CSV, ...).
    /// The message is user-readable, possibly several lines.
    Analysis(String),
    /// The shell itself failed (the background task died).
    Internal(String),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Analysis(m) | CommandError::Internal(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CommandError {}

/// Analyses the launch file (or the bundled sample) and returns the core's
/// Analysis JSON unchanged.
#[tauri::command]
pub async fn load_analysis<R: Runtime>(
    _app: tauri::AppHandle<R>,
    launch: State<'_, LaunchFile>,
) -> Result<serde_json::Value, CommandError> {
    let path = launch.0.clone();
    tauri::async_runtime::spawn_blocking(move || analyse(path))
        .await
        .map_err(|e| CommandError::Internal(format!("the analysis task failed: {e}")))?
}

fn analyse(path: Option<PathBuf>) -> Result<serde_json::Value, CommandError> {
    let result = match path {
        Some(path) => ai_exposure::app::analyse_file(&path),
        None => ai_exposure::app::analyse_sample(),
    };
    result.map_err(|e| CommandError::Analysis(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> LaunchFile {
        LaunchFile::from_args(args.iter().map(OsString::from))
    }

    #[test]
    fn no_args_means_sample() {
        assert_eq!(parse(&[]), LaunchFile(None));
        assert_eq!(parse(&["--verbose", "-x"]), LaunchFile(None));
    }

    #[test]
    fn first_non_flag_is_the_csv() {
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
    fn errors_serialize_as_kind_and_message() {
        let json = serde_json::to_value(CommandError::Analysis("line 3: bad".into())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "analysis", "message": "line 3: bad"})
        );
    }
}
