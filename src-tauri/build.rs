use tauri_build::{AppManifest, Attributes};

fn main() {
    // Listing the app's commands makes them deny-by-default: each one must be
    // granted by name (`allow-<command>`) in capabilities/main.json.
    tauri_build::try_build(
        Attributes::new().app_manifest(AppManifest::new().commands(&["load_analysis"])),
    )
    .expect("failed to run tauri-build");
}
