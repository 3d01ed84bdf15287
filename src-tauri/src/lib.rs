//! Desktop shell for AI Exposure.
//!
//! A thin Tauri 2 layer over the `ai-exposure` core: it owns the saved-portfolio store (SQLite
//! in the OS app-data directory), runs imports off the main thread, shows the native open
//! dialog, accepts files dropped on the window, and hands the core's JSON to the web UI in
//! `../ui`. No business logic lives here.
//!
//! - [`commands`]: the only code reachable from the webview (`docs/desktop-api.md`).
//! - `build.rs` lists the commands; `capabilities/main.json` allows them by name.

pub mod commands;

use std::sync::Arc;

use tauri::{Builder, DragDropEvent, Manager, Runtime, WindowEvent};

pub use commands::{CommandError, LaunchFile, Shared};

/// Registers plugins, state and commands on a builder.
pub fn build<R: Runtime>(builder: Builder<R>, launch: LaunchFile) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let db = commands::database_path(app.handle());
            let shared = Shared::open(&db, launch.clone())
                .map_err(|e| Box::<dyn std::error::Error>::from(e.to_string()))?;
            app.manage(Arc::new(shared));
            Ok(())
        })
        .register_uri_scheme_protocol("report", |ctx, _request| {
            let body = commands::serve_report(ctx.app_handle());
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(body)
                .unwrap_or_else(|_| tauri::http::Response::new(Vec::new()))
        })
        .on_window_event(|window, event| {
            // A file dropped on the window is imported like one chosen in the dialog; the
            // path never goes through the webview.
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                if let Some(path) = paths.first() {
                    let app = window.app_handle();
                    if let Some(shared) = app.try_state::<Arc<Shared>>() {
                        commands::open_path(app, &shared, path.clone());
                    }
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::acknowledge_disclaimer,
            commands::open_file,
            commands::cancel_import,
            commands::confirm_import,
            commands::discard_import,
            commands::analyse,
            commands::dismiss_whats_new,
            commands::save_scenario,
            commands::set_defaults,
            commands::rename_portfolio,
            commands::delete_portfolio,
            commands::deals,
            commands::open_source,
            commands::import_with_mapping,
            commands::load_dataset,
            commands::use_bundled_dataset,
            commands::started,
            commands::export_report,
            commands::print_report,
            commands::funds,
            commands::import_fund_file,
            commands::remove_fund_file,
            commands::import_fund_again,
            commands::currency_settings,
            commands::set_base_currency,
            commands::set_stale_days,
            commands::set_rate,
            commands::load_rates_file,
            commands::use_bundled_rates,
            commands::prices,
            commands::set_price,
            commands::import_prices,
            commands::remove_file_prices,
        ])
}

/// Entry point of the `ai-exposure-desktop` binary.
pub fn run() {
    #[cfg(target_os = "linux")]
    software_rendering_without_gl();
    let launch = LaunchFile::from_args(std::env::args_os().skip(1));
    if let Err(e) = build(Builder::default(), launch).run(tauri::generate_context!()) {
        eprintln!("AI Exposure could not start: {e}");
        std::process::exit(1);
    }
}

/// Without a GPU, GL in GTK and WebKitGTK means Mesa's llvmpipe: GTK probes GLX at start-up
/// (loading LLVM) and WebKit rasterises through it, compiling shaders on the CPU. On such a
/// machine WebKit's own CPU path reaches the first overview about 0.3 s sooner (BENCHMARKS.md),
/// so GL is switched off there. A machine with a GPU has a DRM render node and keeps GL; a
/// `GDK_GL` the user set is left alone.
#[cfg(target_os = "linux")]
fn software_rendering_without_gl() {
    let has_render_node = std::fs::read_dir("/dev/dri")
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false);
    if let Some((key, value)) = gl_override(has_render_node, std::env::var_os("GDK_GL").is_some()) {
        // Still single-threaded: nothing else reads the environment yet.
        std::env::set_var(key, value);
    }
}

/// The environment variable to set, if any, for a machine with or without a GPU render node.
#[cfg(any(target_os = "linux", test))]
fn gl_override(has_render_node: bool, user_set: bool) -> Option<(&'static str, &'static str)> {
    (!has_render_node && !user_set).then_some(("GDK_GL", "disable"))
}

#[cfg(test)]
mod tests {
    use super::gl_override;

    #[test]
    fn gl_is_switched_off_only_without_a_gpu_and_without_a_user_choice() {
        assert_eq!(gl_override(false, false), Some(("GDK_GL", "disable")));
        assert_eq!(gl_override(true, false), None);
        assert_eq!(gl_override(false, true), None);
        assert_eq!(gl_override(true, true), None);
    }
}
