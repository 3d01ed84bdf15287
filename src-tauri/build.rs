use tauri_build::{AppManifest, Attributes};

/// The commands of `src/commands.rs`. Listing them makes them deny-by-default: each one must be
/// granted by name (`allow-<command>`) in capabilities/main.json.
const COMMANDS: &[&str] = &[
    "app_state",
    "acknowledge_disclaimer",
    "open_file",
    "cancel_import",
    "confirm_import",
    "discard_import",
    "analyse",
    "dismiss_whats_new",
    "save_scenario",
    "set_defaults",
    "rename_portfolio",
    "delete_portfolio",
    "deals",
    "open_source",
    "import_with_mapping",
    "load_dataset",
    "use_bundled_dataset",
    "started",
    "export_report",
    "print_report",
    "funds",
    "import_fund_file",
    "remove_fund_file",
    "import_fund_again",
    "currency_settings",
    "set_base_currency",
    "set_stale_days",
    "set_rate",
    "load_rates_file",
    "use_bundled_rates",
    "prices",
    "set_price",
    "import_prices",
    "remove_file_prices",
];

fn main() {
    tauri_build::try_build(Attributes::new().app_manifest(AppManifest::new().commands(COMMANDS)))
        .expect("failed to run tauri-build");
}
