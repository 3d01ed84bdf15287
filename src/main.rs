//! `ai-exposure`: the command-line face of the core. Output contract (JSON keys, exit codes) is
//! used by acceptance tests: extend it, do not break it.

use std::path::PathBuf;
use std::process::ExitCode;

use ai_exposure::dataset::Status;
use ai_exposure::exposure::Settings;
use ai_exposure::import::mapping::{self, ColumnMapping, ProfileStore};
use ai_exposure::{render, report, Dataset, Error, Portfolio};
use clap::{Args, Parser, Subcommand};
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
    /// List the bundled fund snapshots funds are looked through with.
    Funds {
        #[arg(long)]
        json: bool,
    },
    /// Read a fund issuer's holdings file (iShares, Vanguard, Invesco, SPDR .xlsx, Schwab, ARK,
    /// SEC N-PORT XML) and print what it holds.
    FundHoldings {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import a portfolio file and print the normalized holdings.
    Holdings {
        #[command(flatten)]
        input: Input,
        #[arg(long)]
        json: bool,
    },
    /// Compute the portfolio's exposure to the deals.
    Exposure {
        #[command(flatten)]
        input: Input,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        what_if: WhatIf,
    },
    /// The portfolio's status-weighted look-through at the end of every month, per
    /// counterparty, from the first deal of the dataset (or --from) to today (or --until).
    Timeline {
        #[command(flatten)]
        input: Input,
        /// First month (YYYY-MM-DD) [default: the dataset's first event].
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day [default: today].
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        what_if: WhatIf,
    },
    /// What changed in the deals after a day: new deals, status and amount changes; with a
    /// portfolio file, also the move in its look-through per counterparty and the deals behind it.
    Changes {
        /// The day to compare with (YYYY-MM-DD): changes after it are listed.
        #[arg(long, value_name = "DATE")]
        since: String,
        /// A broker export, to see what the changes mean for it.
        file: Option<PathBuf>,
        /// Force a file format instead of detecting it.
        #[arg(long, value_name = "NAME", requires = "file")]
        broker: Option<String>,
        /// List only the changes of deals the portfolio is linked to.
        #[arg(long, requires = "file")]
        only_linked: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        what_if: WhatIf,
    },
    /// Write a printable exposure report: PDF, HTML or CSV, chosen by the --out extension.
    Report {
        #[command(flatten)]
        input: Input,
        /// The report file: report.pdf, report.html or report.csv.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Page size of the PDF (and of the HTML when printed): a4 or letter [default: from the
        /// locale in LC_ALL, LC_PAPER or LANG: letter in the US, Canada, Mexico..., else a4].
        #[arg(long, value_name = "SIZE")]
        paper: Option<String>,
        /// The portfolio's name on the cover (default: the file's name without extension).
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Add a "what changed" section: the changes after this day (YYYY-MM-DD) and the
        /// portfolio's figures then and now.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[command(flatten)]
        what_if: WhatIf,
    },
}

/// The portfolio file of `holdings`, `exposure` and `report`, and how to read it.
#[derive(Args)]
struct Input {
    /// The broker export: a positions or transaction-history file (CSV or JSON).
    file: PathBuf,
    /// Force a file format instead of detecting it (e.g. generic).
    #[arg(long, value_name = "NAME")]
    broker: Option<String>,
    #[command(flatten)]
    mapping: MappingArgs,
    /// Look a fund through with this issuer holdings file instead of the bundled snapshot
    /// (when the file is newer); SYMBOL= says which holding it is when the file does not name
    /// its fund (repeatable).
    #[arg(long = "funds", value_name = "[SYMBOL=]FILE")]
    funds: Vec<String>,
    /// Do not look funds through: a fund counts as a holding with no deal data.
    #[arg(long, conflicts_with = "funds")]
    no_funds: bool,
    #[command(flatten)]
    valuing: Valuing,
}

/// How holdings are valued.
#[derive(Args, Default)]
struct Valuing {
    /// Prices for the holdings, winning over the file's own: a CSV `Symbol,Price[,Currency][,Date]`,
    /// a Yahoo Finance export or a positions export of the same account (repeatable).
    #[arg(long = "prices", value_name = "FILE")]
    prices: Vec<PathBuf>,
    /// Show values in this currency (EUR, GBP, CHF...) [default: the account's currency where
    /// the file states it, else USD].
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    /// Exchange rates from this ECB reference rates file (eurofxref.csv, eurofxref-hist.csv or
    /// the XML) instead of the bundled snapshot.
    #[arg(long, value_name = "FILE")]
    rates: Option<PathBuf>,
    /// Your own rate: units of a currency per euro, e.g. --rate USD=1.17 (repeatable).
    #[arg(long = "rate", value_name = "CODE=PER_EUR")]
    rate: Vec<String>,
    /// Flag prices older than this many days [default: 30].
    #[arg(long, value_name = "DAYS")]
    stale_days: Option<u32>,
}

/// What-if settings of `exposure` and `report`.
#[derive(Args)]
struct WhatIf {
    /// Override a status weight, e.g. --weight announced=0.5 (repeatable).
    #[arg(long = "weight", value_name = "STATUS=W")]
    weights: Vec<String>,
    /// Do not count indirect (supplier) links.
    #[arg(long)]
    no_indirect: bool,
    /// Leave a deal out of the totals (repeatable).
    #[arg(long = "exclude-deal", value_name = "ID")]
    exclude_deals: Vec<String>,
    /// Figures as of this day (YYYY-MM-DD): only the deals announced by then, each at its
    /// status and amount on that day.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

/// A `--as-of`/`--since` day, or a usage error naming the option.
fn day(option: &str, text: &str) -> Result<chrono::NaiveDate, Error> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Usage(format!(
            "{option} {text:?}: expected a date as YYYY-MM-DD, e.g. 2025-12-31"
        ))
    })
}

/// The dataset the figures are computed on: as of `--as-of`, else as it is.
fn dataset_at(d: Dataset, what_if: &WhatIf) -> Result<Dataset, Error> {
    match &what_if.as_of {
        Some(text) => Ok(d.at(day("--as-of", text)?)),
        None => Ok(d),
    }
}

/// Column mappings for CSV files no built-in format recognises.
#[derive(Args)]
struct MappingArgs {
    /// Import with this column mapping (a JSON file naming the columns) instead of a detected
    /// format. Without it, a file no format recognises is imported with a mapping saved for its
    /// header, if any.
    #[arg(long, value_name = "FILE", conflicts_with = "broker")]
    mapping: Option<PathBuf>,
    /// Save the --mapping for this file's header, so files with the same header import without
    /// it (in $AI_EXPOSURE_PROFILES, else $XDG_DATA_HOME/ai-exposure/profiles).
    #[arg(long, requires = "mapping")]
    save_mapping: bool,
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
                json(&render::deals_json(&d))
            } else {
                Ok(render::deals(&d))
            }
        }
        Command::Funds { json: as_json } => {
            let d = dataset()?;
            if *as_json {
                json(&d.funds.summaries())
            } else {
                Ok(render::funds(&d.funds.summaries()))
            }
        }
        Command::FundHoldings {
            file,
            json: as_json,
        } => {
            let bytes = read_file(file)?;
            let h = ai_exposure::funds::files::read(&file.display().to_string(), &bytes)?;
            if *as_json {
                json(&h)
            } else {
                Ok(render::fund_holdings(&h))
            }
        }
        Command::Holdings {
            input,
            json: as_json,
        } => {
            let (p, _) = portfolio(input)?;
            if *as_json {
                json(&p)
            } else {
                Ok(render::holdings(&p))
            }
        }
        Command::Exposure {
            input,
            json: as_json,
            what_if,
        } => {
            let d = dataset_at(with_funds(dataset()?, input)?, what_if)?;
            let settings = valued(settings(what_if, &d)?, &input.valuing)?;
            let (p, _) = portfolio(input)?;
            let r = ai_exposure::compute(&d, &p, &settings)?;
            if *as_json {
                json(&r)
            } else {
                Ok(render::exposure(&r))
            }
        }
        Command::Timeline {
            input,
            from,
            until,
            json: as_json,
            what_if,
        } => {
            if what_if.as_of.is_some() {
                return Err(Error::Usage(
                    "timeline runs from --from to --until; it takes no --as-of".into(),
                ));
            }
            let d = with_funds(dataset()?, input)?;
            let settings = valued(settings(what_if, &d)?, &input.valuing)?;
            let from = from.as_deref().map(|t| day("--from", t)).transpose()?;
            let until = match until {
                Some(t) => day("--until", t)?,
                None => chrono::Local::now().date_naive(),
            };
            let (p, _) = portfolio(input)?;
            let t = ai_exposure::exposure::timeline(&d, &p, &settings, from, until)?;
            if *as_json {
                json(&t)
            } else {
                Ok(render::timeline(&t))
            }
        }
        Command::Changes {
            since,
            file,
            broker,
            only_linked,
            json: as_json,
            what_if,
        } => {
            if what_if.as_of.is_some() {
                return Err(Error::Usage(
                    "changes compares --since DATE with the dataset now; it takes no --as-of"
                        .into(),
                ));
            }
            let since = day("--since", since)?;
            let d = dataset()?;
            let settings = settings(what_if, &d)?;
            let p = match file {
                Some(file) => Some(
                    portfolio(&Input {
                        file: file.clone(),
                        broker: broker.clone(),
                        mapping: MappingArgs {
                            mapping: None,
                            save_mapping: false,
                        },
                        funds: Vec::new(),
                        no_funds: false,
                        valuing: Valuing::default(),
                    })?
                    .0,
                ),
                None => None,
            };
            let c = ai_exposure::exposure::changes(
                &d,
                p.as_ref(),
                &settings,
                since,
                None,
                *only_linked,
            )?;
            if *as_json {
                json(&c)
            } else {
                Ok(render::changes(&c))
            }
        }
        Command::Report {
            input,
            out,
            paper,
            name,
            since,
            what_if,
        } => {
            // Usage errors first: nothing is read or written with a bad --out or --paper.
            let format = report::Format::from_path(out)?;
            let paper = match paper {
                Some(name) => name.parse()?,
                None => report::Paper::from_environment(""),
            };
            let since = since.as_deref().map(|t| day("--since", t)).transpose()?;
            let full = with_funds(dataset()?, input)?;
            let d = dataset_at(full.clone(), what_if)?;
            let settings = valued(settings(what_if, &d)?, &input.valuing)?;
            let (p, bytes) = portfolio(input)?;
            let r = ai_exposure::compute(&d, &p, &settings)?;
            let today = chrono::Local::now().date_naive();
            let timeline = ai_exposure::exposure::timeline(&full, &p, &settings, None, today)?;
            let changes = since
                .map(|day| {
                    ai_exposure::exposure::changes(&full, Some(&p), &settings, day, None, true)
                })
                .transpose()?;
            let file = &input.file;
            let origin = report::Origin {
                name: name.clone().unwrap_or_else(|| {
                    file.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                }),
                file: file
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                sha256: ai_exposure::storage::sha256_hex(&bytes),
                broker: p.broker.clone(),
                kind: report::kind_name(p.kind).into(),
                as_of: p.as_of,
            };
            let doc = report::Report {
                origin,
                date: today,
                dataset: &d,
                exposure: &r,
                timeline: Some(&timeline),
                changes: changes.as_ref(),
            };
            let data = report::render(&doc, format, paper)?;
            report::write(out, &data)?;
            Ok(format!("wrote {} ({} bytes)\n", out.display(), data.len()))
        }
    }
}

fn read_file(file: &PathBuf) -> Result<Vec<u8>, Error> {
    std::fs::read(file).map_err(|source| Error::Io {
        path: file.clone(),
        source,
    })
}

/// The dataset with the `--funds` files in place of the bundled snapshots (each said on stderr),
/// or with no fund looked through (`--no-funds`).
fn with_funds(mut d: Dataset, input: &Input) -> Result<Dataset, Error> {
    if input.no_funds {
        return Ok(d.without_funds());
    }
    for arg in &input.funds {
        // `SYMBOL=FILE`, unless what precedes `=` cannot be a ticker (a path with `=` in it).
        let (symbol, path) = match arg.split_once('=') {
            Some((s, p))
                if !s.is_empty()
                    && s.len() <= 12
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') =>
            {
                (Some(s), p)
            }
            _ => (None, arg.as_str()),
        };
        let path = PathBuf::from(path);
        let bytes = read_file(&path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let fund =
            ai_exposure::funds::import_file(&d, &name, &bytes, symbol).map_err(|e| match e {
                Error::Usage(m) => Error::Usage(format!("--funds {arg}: {m}")),
                e @ Error::FundNotNamed { .. } => Error::Usage(format!("--funds {arg}: {e}")),
                other => other,
            })?;
        let applied = d.funds.apply(fund);
        eprintln!("{}", applied.message);
    }
    Ok(d)
}

/// Imports the file: with the given column mapping (saved for its header on request), else by
/// detection, falling back on a mapping saved for the file's header. Returns the file's bytes
/// too (the report's cover shows their SHA-256).
fn portfolio(input: &Input) -> Result<(Portfolio, Vec<u8>), Error> {
    let (file, broker, args) = (&input.file, input.broker.as_deref(), &input.mapping);
    let bytes = std::fs::read(file).map_err(|source| Error::Io {
        path: file.clone(),
        source,
    })?;
    let name = file.display().to_string();
    let Some(mapping_file) = &args.mapping else {
        let store = ProfileStore::open_default();
        let p = mapping::import_or_saved_profile(&name, &bytes, broker, store.as_ref())?;
        return Ok((p, bytes));
    };
    let m = ColumnMapping::load(mapping_file)?;
    let p = mapping::import_with_mapping(&name, &bytes, &m)?;
    if args.save_mapping {
        let store = ProfileStore::open_default().ok_or_else(|| {
            Error::Usage(format!(
                "--save-mapping: no directory for saved mappings (set {})",
                mapping::PROFILES_ENV
            ))
        })?;
        let header = mapping::mapped_header(&name, &bytes, &m)?;
        let saved = store.save(&header, &m)?;
        eprintln!(
            "saved the column mapping for this header as {}",
            saved.display()
        );
    }
    Ok((p, bytes))
}

/// `settings` with the base currency, rates and prices of `--currency`, `--rates`, `--rate`,
/// `--prices` and `--stale-days`; the files are read and checked before anything is computed.
fn valued(mut settings: Settings, v: &Valuing) -> Result<Settings, Error> {
    use ai_exposure::value::{fx, prices, RateTable};
    let val = &mut settings.valuation;
    if let Some(c) = &v.currency {
        val.base = Some(fx::parse_code(c).map_err(|e| Error::Usage(format!("--currency: {e}")))?);
    }
    if let Some(path) = &v.rates {
        let bytes = ai_exposure::app::read_bounded(path, fx::MAX_FILE_BYTES, "a rates file")?;
        let text = String::from_utf8_lossy(&bytes);
        val.rates.table = RateTable::parse(&path.display().to_string(), &text)
            .map_err(|problems| Error::Import { problems })?;
    }
    for r in &v.rate {
        let (code, per_eur) = r.split_once('=').ok_or_else(|| {
            Error::Usage(format!(
                "--rate {r:?}: expected CODE=UNITS_PER_EURO, e.g. USD=1.17"
            ))
        })?;
        let (code, per_eur) = fx::parse_override(code, per_eur)
            .map_err(|e| Error::Usage(format!("--rate {r:?}: {e}")))?;
        val.rates.overrides.insert(code, per_eur);
    }
    for path in &v.prices {
        let bytes = ai_exposure::app::read_bounded(path, prices::MAX_FILE_BYTES, "a prices file")?;
        let f = prices::read(&path.display().to_string(), &bytes)?;
        for w in &f.warnings {
            eprintln!("warning: {w}");
        }
        eprintln!(
            "{}: {} price(s) ({})",
            path.display(),
            f.prices.len(),
            f.format
        );
        val.prices.list.extend(f.prices);
    }
    if let Some(days) = v.stale_days {
        val.stale_after_days = i64::from(days);
    }
    Ok(settings)
}

fn settings(what_if: &WhatIf, d: &Dataset) -> Result<Settings, Error> {
    let (weights, no_indirect, exclude) = (
        &what_if.weights,
        what_if.no_indirect,
        &what_if.exclude_deals,
    );
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
