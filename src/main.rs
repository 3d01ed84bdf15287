//! `ai-exposure`: the command-line face of the core. Output contract (JSON keys, exit codes) is
//! used by acceptance tests: extend it, do not break it.

use std::path::PathBuf;
use std::process::ExitCode;

use ai_exposure::dataset::Status;
use ai_exposure::exposure::Settings;
use ai_exposure::{render, Dataset, Error};
use clap::{Parser, Subcommand};
use rust_decimal::Decimal;

#[derive(Parser)]
#[command(name = "ai-exposure", version, about = "What the AI-infrastructure deals mean for your portfolio.", after_help = ai_exposure::DISCLAIMER)]
struct Cli {
    /// Use this dataset (a directory with dataset.json, or the dataset.json file) instead of the bundled one.
    #[arg(long, global = true, value_name = "PATH")]
    dataset: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the deals of the dataset.
    Deals {
        #[arg(long)]
        json: bool,
    },
    /// Import a portfolio file and print the normalized holdings.
    Holdings {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Force a file format instead of detecting it (e.g. generic).
        #[arg(long, value_name = "NAME")]
        broker: Option<String>,
    },
    /// Compute the portfolio's exposure to the deals.
    Exposure {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "NAME")]
        broker: Option<String>,
        /// Override a status weight, e.g. --weight announced=0.5 (repeatable).
        #[arg(long = "weight", value_name = "STATUS=W")]
        weights: Vec<String>,
        /// Do not count indirect (supplier) links.
        #[arg(long)]
        no_indirect: bool,
        /// Leave a deal out of the totals (repeatable).
        #[arg(long = "exclude-deal", value_name = "ID")]
        exclude_deals: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::Internal(e.to_string()))
}

fn run(cli: Cli) -> Result<String, Error> {
    let dataset = || match &cli.dataset {
        Some(p) => Dataset::load(p),
        None => Dataset::bundled(),
    };
    match &cli.command {
        Command::Deals { json: as_json } => {
            let d = dataset()?;
            if *as_json {
                json(&serde_json::json!({
                    "dataset": {"name": d.manifest.name, "version": d.manifest.version, "as_of": d.manifest.as_of},
                    "deals": d.deals,
                    "parties": d.parties,
                    "companies": d.companies,
                    "securities": d.securities,
                    "chips": d.chips,
                }))
            } else {
                Ok(render::deals(&d))
            }
        }
        Command::Holdings {
            file,
            json: as_json,
            broker,
        } => {
            let p = ai_exposure::import_file(file, broker.as_deref())?;
            if *as_json {
                json(&p)
            } else {
                Ok(render::holdings(&p))
            }
        }
        Command::Exposure {
            file,
            json: as_json,
            broker,
            weights,
            no_indirect,
            exclude_deals,
        } => {
            let d = dataset()?;
            let settings = settings(weights, *no_indirect, exclude_deals, &d)?;
            let p = ai_exposure::import_file(file, broker.as_deref())?;
            let r = ai_exposure::compute(&d, &p, &settings)?;
            if *as_json {
                json(&r)
            } else {
                Ok(render::exposure(&r))
            }
        }
    }
}

fn settings(
    weights: &[String],
    no_indirect: bool,
    exclude: &[String],
    d: &Dataset,
) -> Result<Settings, Error> {
    let mut s = Settings {
        include_indirect: !no_indirect,
        ..Settings::default()
    };
    let bad = |m: String| Error::Usage(m);
    for w in weights {
        let (status, value) = w.split_once('=').ok_or_else(|| {
            bad(format!(
                "--weight {w:?}: expected STATUS=WEIGHT, e.g. announced=0.5"
            ))
        })?;
        let status: Status = status.parse().map_err(|e| bad(format!("--weight: {e}")))?;
        let value: Decimal = value
            .trim()
            .parse()
            .map_err(|_| bad(format!("--weight {w:?}: {value:?} is not a number")))?;
        if value < Decimal::ZERO || value > Decimal::ONE {
            return Err(bad(format!("--weight {w:?}: a weight is between 0 and 1")));
        }
        s.status_weights.insert(status, value);
    }
    for id in exclude {
        if d.deal(id).is_none() {
            return Err(bad(format!(
                "--exclude-deal {id:?}: no such deal in the dataset"
            )));
        }
        s.excluded_deals.insert(id.clone());
    }
    Ok(s)
}
