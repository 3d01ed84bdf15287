//! Where a problem is, and what it is: the one diagnostic type shared by the dataset loader and
//! the importers, so every message a user sees has the same `file:line: column 'X': what` shape.

use std::fmt;

/// One problem found in an input file, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based physical line where the record starts; `None` for whole-file problems.
    pub line: Option<u64>,
    /// 1-based column number and its header name.
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl Problem {
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(file: &str, line: u64, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    pub fn cell(
        file: &str,
        line: u64,
        col: usize,
        header: &str,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_string(),
            line: Some(line),
            column: Some((col, header.to_string())),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some((col, _)) = &self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some((_, name)) = &self.column {
            write!(f, "column '{name}': ")?;
        }
        f.write_str(&self.message)
    }
}

/// Renders a list of problems one per line (the CLI prints this to stderr as is).
pub fn format_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Shortens a cell value for an error message: a 5 MB cell must not become a 5 MB message.
pub fn snippet(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}
