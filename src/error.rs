use std::path::PathBuf;

use thiserror::Error;

use crate::diag::{format_problems, Problem};

/// Everything the core can fail with. Messages are written for the person holding the file.
#[derive(Debug, Error)]
pub enum Error {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The dataset (bundled or user-supplied) is malformed; every problem is listed.
    #[error("the deals dataset is invalid ({} problem{}):\n{}", problems.len(), plural(problems.len()), format_problems(problems))]
    Dataset { problems: Vec<Problem> },
    /// A file the user gave (a portfolio, a fund's holdings, prices, rates) was refused; every
    /// problem is listed with the file it is in, and nothing was imported or changed.
    #[error("the file could not be imported, nothing was changed ({} problem{}):\n{}", problems.len(), plural(problems.len()), format_problems(problems))]
    Import { problems: Vec<Problem> },
    /// Internal failure of the dataframe engine; not caused by the input.
    #[error("internal computation error: {0}")]
    Compute(#[from] polars::error::PolarsError),
    /// A command-line or settings value that makes no sense.
    #[error("{0}")]
    Usage(String),
    /// The saved-portfolios database could not be read or written; nothing was changed.
    #[error("saved portfolios ({}): {message}", path.display())]
    Storage { path: PathBuf, message: String },
    /// A saved portfolio that does not exist (deleted meanwhile).
    #[error("no saved portfolio with id {0}")]
    NotFound(i64),
    /// A fund holdings file that does not say which fund it holds: the user says which holding
    /// it is for, and it is read again.
    #[error("{file} does not say which fund it holds{}: say which holding it is (SYMBOL=FILE, or choose the holding in the app)", title.as_deref().map(|t| format!(" (it is titled {t:?})")).unwrap_or_default())]
    FundNotNamed { file: String, title: Option<String> },
    /// The user cancelled a running import; nothing was saved.
    #[error("the import was cancelled; nothing was saved")]
    Cancelled,
    #[error("internal error: {0}")]
    Internal(String),
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Error {
    /// The individual problems, for callers that show them as a list (the desktop app).
    pub fn problems(&self) -> Vec<String> {
        match self {
            Error::Dataset { problems } | Error::Import { problems } => {
                problems.iter().map(ToString::to_string).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
