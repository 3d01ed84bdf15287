//! AI Exposure core: import broker exports, map holdings to AI-infrastructure deals, compute the
//! look-through exposure. No GUI here: the CLI (`src/main.rs`) and the desktop shell
//! (`src-tauri`) are thin layers over this crate. See ARCHITECTURE.md for the map.

pub mod app;
pub mod dataset;
pub mod diag;
pub mod error;
pub mod exposure;
pub mod fmt;
pub mod funds;
pub mod identifiers;
pub mod import;
pub mod mem;
pub mod money;
pub mod render;
pub mod report;
pub mod storage;
pub mod table;
pub mod value;

pub use dataset::Dataset;
pub use error::{Error, Result};
pub use exposure::{compute, ExposureReport, Settings};
pub use import::{import_bytes, import_file, Portfolio};

/// Shown in the app, the CLI and on every report page.
pub const DISCLAIMER: &str = "Not financial advice. AI Exposure is an informational tool: figures are estimates from public reports about deals that may change or never complete. Do your own research or consult a licensed adviser before making investment decisions.";
