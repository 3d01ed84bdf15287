//! The one call the desktop shell makes: a file (or the bundled sample) in, the full analysis
//! out, as the same JSON the CLI prints. Keeping it here keeps the shell free of logic.

use std::path::Path;

use serde::Serialize;

use crate::exposure::{compute, ExposureReport, Settings};
use crate::import::{import_bytes, import_file, Portfolio};
use crate::Dataset;

pub use crate::error::Error;

pub const SAMPLE_NAME: &str = "sample_portfolio.csv";
/// The sample portfolio, embedded so the app shows something useful with no file around.
pub const SAMPLE_CSV: &[u8] = include_bytes!("../data/samples/sample_portfolio.csv");

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

/// The bundled sample portfolio against the bundled dataset.
pub fn analyse_sample() -> Result<serde_json::Value, Error> {
    let dataset = Dataset::bundled()?;
    let portfolio = import_bytes(SAMPLE_NAME, SAMPLE_CSV, None)?;
    to_json(analyse(
        SAMPLE_NAME,
        portfolio,
        &dataset,
        &Settings::default(),
    )?)
}

/// A portfolio file against the bundled dataset.
pub fn analyse_file(path: &Path) -> Result<serde_json::Value, Error> {
    let dataset = Dataset::bundled()?;
    let portfolio = import_file(path, None)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    to_json(analyse(&name, portfolio, &dataset, &Settings::default())?)
}
