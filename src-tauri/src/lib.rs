//! Desktop shell for AI Exposure.
//!
//! A thin Tauri 2 layer over the `ai-exposure` core: it decides *which* portfolio
//! to analyse (the CSV path given on the command line, else the bundled sample),
//! calls the core off the main thread and hands the resulting JSON to the web UI
//! in `../ui`. No business logic lives here.
//!
//! - [`commands`]: the only code reachable from the webview (`load_analysis`).
//! - `build.rs` lists the commands; `capabilities/main.json` allows them by name.

pub mod commands;

use tauri::{Builder, Runtime};

pub use commands::{CommandError, LaunchFile};

/// Registers state and commands on a builder. Generic over the runtime so that
/// tests can pass `tauri::test::mock_builder()`.
pub fn build<R: Runtime>(builder: Builder<R>, launch: LaunchFile) -> Builder<R> {
    builder
        .manage(launch)
        .invoke_handler(tauri::generate_handler![commands::load_analysis])
}

/// Entry point of the `ai-exposure-desktop` binary.
pub fn run() {
    let launch = LaunchFile::from_args(std::env::args_os().skip(1));
    build(Builder::default(), launch)
        .run(tauri::generate_context!())
        .expect("error while running AI Exposure");
}
