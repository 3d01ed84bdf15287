//! Column mappings: any CSV that no built-in format recognises can be imported by naming its
//! columns in a small JSON profile ([`ColumnMapping`]). The file goes through the same decoding,
//! typed cells and netting as every broker format ([`super::import_mapped`]); the mapping is
//! checked against the file's header first, so a misspelt column is one located message.
//!
//! Profiles can be saved ([`ProfileStore`]) keyed by a hash of the file's normalized header, so
//! the next export from the same bank, whose header is the same, is imported without a flag.
//!
//! ```json
//! {"name": "My bank", "columns": {"symbol": "Ticker", "quantity": "Units", "price": "Px"},
//!  "number_format": "1.234,56", "kind": "positions"}
//! ```

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::toolkit::{classify_identifier, is_cash, is_option, is_total, parse_date};
use super::{
    Action, AssetClass, Cash, Format, Holding, Parsed, Portfolio, Source, Transaction, Warning,
};
use crate::diag::{snippet, Problem};
use crate::error::{Error, Result};
use crate::identifiers::{validate_cusip, validate_isin};
use crate::money::NumberFormat;
use crate::table::{same_header, Record, Records, Row, Table};

/// What [`Portfolio::broker`] says for a file imported with a mapping.
pub const BROKER: &str = "mapping";

/// A user-written description of a CSV: which column holds what, how numbers and dates are
/// written, and (for histories) which action words buy and sell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// A name for messages ("Sparkasse depot").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 1-based line of the header row; found automatically (the first row holding every mapped
    /// column) when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_line: Option<u64>,
    /// Field separator (`,`, `;`, tab or `|`); found from the header when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub columns: MappedColumns,
    /// `"1,234.56"` or `"1.234,56"`; guessed from the values (and reported) when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_format: Option<NumberStyle>,
    /// chrono `strftime` format such as `%d.%m.%Y`; guessed when exactly one usual format reads
    /// every date of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// `positions` (default without an action column) or `transactions` (default with one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MappedKind>,
    /// Action words (case-insensitive), checked before the built-in English/German defaults.
    #[serde(default, skip_serializing_if = "Actions::is_empty")]
    pub actions: Actions,
    /// The file writes sells (and outgoing transfers) as negative quantities: quantities are then
    /// taken as the signed share change as written, and a history needs no action column.
    #[serde(default)]
    pub sell_quantities_negative: bool,
}

/// Header names of the columns (compared ignoring case and repeated spaces).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappedColumns {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cusip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

impl MappedColumns {
    /// (field, header name) of every mapped column, in a fixed order.
    fn mapped(&self) -> Vec<(&'static str, &str)> {
        [
            ("symbol", &self.symbol),
            ("quantity", &self.quantity),
            ("price", &self.price),
            ("market_value", &self.market_value),
            ("isin", &self.isin),
            ("cusip", &self.cusip),
            ("name", &self.name),
            ("account", &self.account),
            ("currency", &self.currency),
            ("date", &self.date),
            ("action", &self.action),
        ]
        .into_iter()
        .filter_map(|(field, name)| name.as_deref().map(|n| (field, n)))
        .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberStyle {
    #[serde(rename = "1,234.56")]
    DotDecimal,
    #[serde(rename = "1.234,56")]
    CommaDecimal,
}

impl NumberStyle {
    fn format(self) -> NumberFormat {
        match self {
            NumberStyle::DotDecimal => NumberFormat::DotDecimal,
            NumberStyle::CommaDecimal => NumberFormat::CommaDecimal,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MappedKind {
    Positions,
    Transactions,
}

/// Action words of a history, per effect on the share count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actions {
    /// Adds the quantity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buy: Vec<String>,
    /// Removes the quantity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sell: Vec<String>,
    /// Dividend reinvestment: adds the quantity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reinvest: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfer_in: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfer_out: Vec<String>,
    /// Transfers whose direction is the quantity's sign as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfer: Vec<String>,
    /// Splits: the quantity as written is the change in shares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<String>,
    /// Dividends, interest, fees, taxes, deposits: no change in shares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cash: Vec<String>,
}

/// How an action word moves shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Buy,
    Sell,
    Reinvest,
    TransferIn,
    TransferOut,
    Transfer,
    Split,
    Cash,
}

impl Actions {
    pub fn is_empty(&self) -> bool {
        self.lists().iter().all(|(_, _, l)| l.is_empty())
    }

    fn lists(&self) -> [(&'static str, Effect, &Vec<String>); 8] {
        [
            ("buy", Effect::Buy, &self.buy),
            ("sell", Effect::Sell, &self.sell),
            ("reinvest", Effect::Reinvest, &self.reinvest),
            ("transfer_in", Effect::TransferIn, &self.transfer_in),
            ("transfer_out", Effect::TransferOut, &self.transfer_out),
            ("transfer", Effect::Transfer, &self.transfer),
            ("split", Effect::Split, &self.split),
            ("cash", Effect::Cash, &self.cash),
        ]
    }
}

/// Action words understood without an `actions` table (English and German broker wording).
const DEFAULT_ACTIONS: &[(Effect, &[&str])] = &[
    (
        Effect::Buy,
        &[
            "buy",
            "bought",
            "you bought",
            "purchase",
            "market buy",
            "limit buy",
            "kauf",
            "achat",
            "compra",
            "aankoop",
        ],
    ),
    (
        Effect::Sell,
        &[
            "sell",
            "sold",
            "you sold",
            "sale",
            "market sell",
            "limit sell",
            "verkauf",
            "vente",
            "venta",
            "verkoop",
        ],
    ),
    (
        Effect::Reinvest,
        &[
            "reinvest",
            "reinvestment",
            "reinvest shares",
            "dividend reinvestment",
        ],
    ),
    (
        Effect::TransferIn,
        &[
            "transfer in",
            "transfer (inbound)",
            "delivery (inbound)",
            "einlieferung",
            "einbuchung",
        ],
    ),
    (
        Effect::TransferOut,
        &[
            "transfer out",
            "transfer (outbound)",
            "delivery (outbound)",
            "auslieferung",
            "ausbuchung",
        ],
    ),
    (Effect::Split, &["split", "stock split", "reverse split"]),
    (
        Effect::Cash,
        &[
            "dividend",
            "dividends",
            "cash dividend",
            "interest",
            "fee",
            "fees",
            "tax",
            "taxes",
            "withholding tax",
            "deposit",
            "withdrawal",
            "dividende",
            "ausschüttung",
            "zinsen",
            "gebühren",
            "steuern",
            "einlage",
            "entnahme",
        ],
    ),
];

impl ColumnMapping {
    /// Reads a mapping from a JSON file; a syntax error or unknown key is located in that file.
    pub fn load(path: &Path) -> Result<ColumnMapping> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        ColumnMapping::from_json(&path.display().to_string(), &text)
    }

    /// Parses and checks a mapping; `source` names it in messages.
    pub fn from_json(source: &str, text: &str) -> Result<ColumnMapping> {
        let mapping: ColumnMapping = serde_json::from_str(text).map_err(|e| {
            Error::Usage(format!(
                "{source}:{}:{}: not a valid column mapping: {}",
                e.line(),
                e.column(),
                json_error(&e)
            ))
        })?;
        mapping.check().map_err(|problems| {
            Error::Usage(
                problems
                    .iter()
                    .map(|p| format!("{source}: {p}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })?;
        Ok(mapping)
    }

    /// The mapping's own consistency (before any file is read); one message per problem.
    pub fn check(&self) -> std::result::Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let c = &self.columns;
        if c.quantity.is_none() {
            problems.push("the mapping has no \"quantity\" column (columns.quantity)".to_string());
        }
        if c.symbol.is_none() && c.isin.is_none() && c.cusip.is_none() {
            problems.push(
                "the mapping needs a \"symbol\", \"isin\" or \"cusip\" column to identify the securities"
                    .to_string(),
            );
        }
        for (field, name) in c.mapped() {
            if name.trim().is_empty() {
                problems.push(format!("columns.{field} is empty"));
            }
        }
        if self.header_line == Some(0) {
            problems.push("header_line counts from 1".to_string());
        }
        if let Some(d) = &self.delimiter {
            if delimiter_byte(d).is_none() {
                problems.push(format!(
                    "delimiter {d:?} is not one of \",\", \";\", \"\\t\", \"|\""
                ));
            }
        }
        if let Some(f) = &self.date_format {
            if !valid_strftime(f) {
                problems.push(format!(
                    "date_format {f:?} is not a valid chrono format (such as \"%d.%m.%Y\")"
                ));
            }
        }
        if self.kind() == MappedKind::Transactions
            && c.action.is_none()
            && !self.sell_quantities_negative
        {
            problems.push(
                "a transactions mapping needs an \"action\" column, or \"sell_quantities_negative\": true when the quantities are signed"
                    .to_string(),
            );
        }
        let mut seen: Vec<(String, &str)> = Vec::new();
        for (list, _, words) in self.actions.lists() {
            for w in words {
                let key = w.trim().to_lowercase();
                if let Some((_, other)) = seen.iter().find(|(k, l)| *k == key && *l != list) {
                    problems.push(format!(
                        "action {w:?} is listed under both \"{other}\" and \"{list}\""
                    ));
                }
                seen.push((key, list));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    pub fn kind(&self) -> MappedKind {
        self.kind.unwrap_or(if self.columns.action.is_some() {
            MappedKind::Transactions
        } else {
            MappedKind::Positions
        })
    }

    fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| "unnamed".to_string())
    }

    /// The action words to match: the mapping's lists, then the defaults.
    fn action_words(&self) -> ActionWords {
        let norm = |w: &str| {
            w.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        ActionWords {
            user: self
                .actions
                .lists()
                .into_iter()
                .flat_map(|(_, e, l)| l.iter().map(move |w| (e, norm(w))))
                .collect(),
            defaults: DEFAULT_ACTIONS
                .iter()
                .flat_map(|(e, l)| l.iter().map(move |w| (*e, w.to_string())))
                .collect(),
        }
    }
}

/// Normalized (lower case, single-spaced) action words with their effect.
struct ActionWords {
    user: Vec<(Effect, String)>,
    defaults: Vec<(Effect, String)>,
}

impl ActionWords {
    /// The effect of an action cell: the mapping's words first, then the defaults; whole words
    /// before prefixes ("YOU BOUGHT APPLE INC" is a buy).
    fn effect(&self, action: &str) -> Option<Effect> {
        let a = action
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        for words in [&self.user, &self.defaults] {
            if let Some((e, _)) = words.iter().find(|(_, w)| *w == a) {
                return Some(*e);
            }
        }
        for words in [&self.user, &self.defaults] {
            let best = words
                .iter()
                .filter(|(_, w)| {
                    !w.is_empty()
                        && a.starts_with(w.as_str())
                        && a[w.len()..].starts_with([' ', ':', '-', '('])
                })
                .max_by_key(|(_, w)| w.len());
            if let Some((e, _)) = best {
                return Some(*e);
            }
        }
        None
    }
}

/// A serde_json error without its own " at line L column C" (the caller places it).
pub(crate) fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&at).unwrap_or(&text).to_string()
}

fn delimiter_byte(d: &str) -> Option<u8> {
    match d {
        "," => Some(b','),
        ";" => Some(b';'),
        "\t" | "\\t" | "tab" => Some(b'\t'),
        "|" => Some(b'|'),
        _ => None,
    }
}

fn valid_strftime(f: &str) -> bool {
    use chrono::format::{Item, StrftimeItems};
    !f.trim().is_empty() && StrftimeItems::new(f).all(|i| !matches!(i, Item::Error))
}

/// Imports `bytes` (a file called `file_name`) with `mapping` instead of a detected format.
pub fn import_with_mapping(
    file_name: &str,
    bytes: &[u8],
    mapping: &ColumnMapping,
) -> Result<Portfolio> {
    mapping.check().map_err(|problems| Error::Import {
        problems: problems
            .into_iter()
            .map(|p| Problem::file(file_name, format!("column mapping: {p}")))
            .collect(),
    })?;
    super::import_mapped(file_name, bytes, &Mapped(mapping))
}

/// The header row (trimmed cells) that `mapping` finds in the file, as a profile is keyed by it.
pub fn mapped_header(
    file_name: &str,
    bytes: &[u8],
    mapping: &ColumnMapping,
) -> Result<Vec<String>> {
    let fail = |problems| Error::Import { problems };
    let (text, _) = super::decode::decode(file_name, bytes.to_vec()).map_err(|p| fail(vec![p]))?;
    let found = locate(file_name, &text, mapping).map_err(fail)?;
    Ok(found.table().headers)
}

/// Imports a file as usual; when no format recognises it (and none was forced), a profile saved
/// for its header in `store` is used instead, with a warning saying so.
pub fn import_or_saved_profile(
    file_name: &str,
    bytes: &[u8],
    broker: Option<&str>,
    store: Option<&ProfileStore>,
) -> Result<Portfolio> {
    match super::import_bytes(file_name, bytes, broker) {
        Err(e) if broker.is_none() && super::is_unrecognised(&e) => {
            let Some((mapping, path)) = store.and_then(|s| s.find_for_file(file_name, bytes))
            else {
                return Err(e);
            };
            let mut p = import_with_mapping(file_name, bytes, &mapping)?;
            p.warnings.insert(
                0,
                Warning {
                    line: None,
                    message: format!(
                        "no built-in format recognised the file: imported with the saved column mapping '{}' ({})",
                        mapping.label(),
                        path.display()
                    ),
                },
            );
            Ok(p)
        }
        other => other,
    }
}

/// A mapping seen as a [`Format`] (never detected: only used when given).
struct Mapped<'a>(&'a ColumnMapping);

impl Format for Mapped<'_> {
    fn name(&self) -> &'static str {
        BROKER
    }

    fn label(&self) -> &'static str {
        "CSV with a column mapping"
    }

    fn detect(&self, _source: &Source) -> bool {
        false
    }

    fn parse(&self, source: &Source) -> std::result::Result<Parsed, Vec<Problem>> {
        parse(source, self.0)
    }
}

/// The header row a mapping found: records split with the right delimiter, and its index.
struct Located {
    records: Records,
    header: usize,
}

impl Located {
    fn table(&self) -> Table<'_> {
        self.records.table(self.header, self.records.len())
    }
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many of the mapped names row `rec` holds.
fn matches(rec: Record<'_>, names: &[&str]) -> usize {
    names
        .iter()
        .filter(|n| rec.iter().any(|c| same_header(c, n)))
        .count()
}

fn locate(
    file: &str,
    text: &str,
    mapping: &ColumnMapping,
) -> std::result::Result<Located, Vec<Problem>> {
    let mapped = mapping.columns.mapped();
    let names: Vec<&str> = mapped.iter().map(|(_, n)| *n).collect();
    let delimiters: Vec<u8> = match mapping.delimiter.as_deref().and_then(delimiter_byte) {
        Some(d) => vec![d],
        None => DELIMITERS.to_vec(),
    };
    // Best partial match (for the message): (found, delimiter index, row index, records).
    let mut best: Option<(usize, usize, usize, Records)> = None;
    let mut first_error = None;
    for (di, d) in delimiters.iter().enumerate() {
        let records = match Records::parse_delimited(file, text, *d) {
            Ok(r) => r,
            Err(p) => {
                first_error.get_or_insert(p);
                continue;
            }
        };
        let candidates: Vec<usize> = match mapping.header_line {
            Some(line) => records
                .iter()
                .position(|(l, _)| l == line)
                .into_iter()
                .collect(),
            None => (0..records.len()).collect(),
        };
        let mut partial = None;
        for i in candidates {
            let found = matches(records.record(i), &names);
            if found == names.len() {
                return Ok(Located { records, header: i });
            }
            if partial.is_none_or(|(f, _)| found > f) {
                partial = Some((found, i));
            }
        }
        if let Some((found, i)) = partial {
            // Ties go to the delimiter that splits the row into more cells.
            let better = match &best {
                None => true,
                Some((f, _, bi, br)) => {
                    found > *f || (found == *f && records.record(i).len() > br.record(*bi).len())
                }
            };
            if better {
                best = Some((found, di, i, records));
            }
        }
    }
    let Some((found, _, i, records)) = best else {
        if let Some(p) = first_error {
            return Err(p);
        }
        return Err(vec![match mapping.header_line {
            Some(line) => Problem::file(
                file,
                format!("header_line {line} of the mapping is blank or past the end of the file"),
            ),
            None => Problem::file(file, "the file is empty (no header row)"),
        }]);
    };
    let (line, rec) = (records.line(i), records.record(i));
    let has: Vec<String> = rec
        .iter()
        .map(|c| {
            let c = c.trim().trim_start_matches('\u{feff}');
            if c.is_empty() {
                "(empty)".to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let shown = if has.len() > 30 {
        format!("{}, … ({} columns)", has[..30].join(", "), has.len())
    } else {
        has.join(", ")
    };
    let hint = if found == 0 && mapping.header_line.is_none() {
        " (no line of the file has any mapped column; check the names or set header_line)"
    } else {
        ""
    };
    Err(mapped
        .iter()
        .filter(|(_, n)| !rec.iter().any(|c| same_header(c, n)))
        .map(|(_, n)| {
            Problem::at(
                file,
                line,
                format!(
                    "mapping column '{n}' not found in the header on line {line}{hint}; the header has: {shown}"
                ),
            )
        })
        .collect())
}

/// The records of a source split with the first delimiter (`,`, `;`, tab, `|`) for which
/// `is_header` accepts the first non-blank record, and that delimiter (for formats whose
/// exports come with `,` or `;` depending on the locale).
pub(crate) fn records_with_header(
    source: &Source,
    is_header: impl Fn(Record<'_>) -> bool,
) -> Option<(Cow<'_, Records>, u8)> {
    for d in DELIMITERS {
        // The comma split is the source's own (already parsed): borrowed, not copied.
        let records = if d == b',' {
            source.records().ok().map(Cow::Borrowed)
        } else {
            Records::parse_delimited(&source.file, &source.text, d)
                .ok()
                .map(Cow::Owned)
        };
        if let Some(records) = records {
            if records.first().is_some_and(|(_, r)| is_header(r)) {
                return Some((records, d));
            }
        }
    }
    None
}

/// Whether the first non-blank line of `text`, split at `;`, `,` or tab, satisfies `is_header`:
/// a cheap detection test that does not parse the whole file.
pub(crate) fn first_line_is(text: &str, is_header: impl Fn(Record<'_>) -> bool) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    DELIMITERS.iter().any(|d| {
        Records::parse_delimited("", line, *d)
            .ok()
            .is_some_and(|r| r.first().is_some_and(|(_, rec)| is_header(rec)))
    })
}

/// What a file's numbers say about its decimal separator.
pub(crate) enum NumberGuess {
    /// Some value decides it (the example is shown to the user).
    Decided(NumberFormat, u64, String),
    /// No value decides it (`12`, `1,234`, `1.500` read either way).
    Undecided,
    /// Values decide both ways: the file mixes `1.5` and `2,5`.
    Mixed((u64, String), (u64, String)),
}

/// Guesses the decimal separator from the values: a separator followed by other than three
/// digits, or the later of two different separators, is the decimal one.
pub(crate) fn guess_number_format<'a>(values: impl Iterator<Item = (u64, &'a str)>) -> NumberGuess {
    let mut dot: Option<(u64, String)> = None;
    let mut comma: Option<(u64, String)> = None;
    for (line, v) in values {
        let v = v.trim();
        let digits_after = |sep: char| -> usize {
            v.rfind(sep)
                .map(|i| v[i + 1..].chars().take_while(char::is_ascii_digit).count())
                .unwrap_or(0)
        };
        let (dots, commas) = (v.matches('.').count(), v.matches(',').count());
        let says = match (dots, commas) {
            (0, 0) => None,
            (_, 0) if dots > 1 => Some(NumberFormat::CommaDecimal),
            (1, 0) if digits_after('.') == 3 => None,
            (1, 0) => Some(NumberFormat::DotDecimal),
            (0, _) if commas > 1 => Some(NumberFormat::DotDecimal),
            (0, 1) if digits_after(',') == 3 => None,
            (0, 1) => Some(NumberFormat::CommaDecimal),
            _ => {
                if v.rfind(',') > v.rfind('.') {
                    Some(NumberFormat::CommaDecimal)
                } else {
                    Some(NumberFormat::DotDecimal)
                }
            }
        };
        match says {
            Some(NumberFormat::DotDecimal) if dot.is_none() => dot = Some((line, v.to_string())),
            Some(NumberFormat::CommaDecimal) if comma.is_none() => {
                comma = Some((line, v.to_string()))
            }
            _ => {}
        }
    }
    match (dot, comma) {
        (Some(d), Some(c)) => NumberGuess::Mixed(d, c),
        (Some((l, v)), None) => NumberGuess::Decided(NumberFormat::DotDecimal, l, v),
        (None, Some((l, v))) => NumberGuess::Decided(NumberFormat::CommaDecimal, l, v),
        (None, None) => NumberGuess::Undecided,
    }
}

/// Date formats tried when a mapping gives none; one must read every date of the file.
const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d",
    "%Y%m%d",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d-%b-%Y",
    "%b %d, %Y",
    "%d %b %Y",
];

fn style_name(f: NumberFormat) -> &'static str {
    match f {
        NumberFormat::DotDecimal => "1,234.56 (decimal point)",
        NumberFormat::CommaDecimal => "1.234,56 (decimal comma)",
    }
}

/// Kinds of rows below the header.
enum RowKind {
    Data,
    /// Totals, repeated headers: dropped silently.
    Skip,
    /// A title or footer line with one filled cell: dropped with a warning.
    Note,
}

/// Column indices of a mapping in one table.
struct Cols {
    symbol: Option<usize>,
    quantity: usize,
    price: Option<usize>,
    value: Option<usize>,
    isin: Option<usize>,
    cusip: Option<usize>,
    name: Option<usize>,
    account: Option<usize>,
    currency: Option<usize>,
    date: Option<usize>,
    action: Option<usize>,
}

fn parse(source: &Source, mapping: &ColumnMapping) -> std::result::Result<Parsed, Vec<Problem>> {
    let found = locate(&source.file, &source.text, mapping)?;
    let table = &found.table();
    let c = &mapping.columns;
    let col = |name: &Option<String>| name.as_deref().and_then(|n| table.find(&[n]));
    let cols = Cols {
        symbol: col(&c.symbol),
        // `check` guarantees a quantity column and `locate` that it is in the header.
        quantity: col(&c.quantity).unwrap_or(usize::MAX),
        price: col(&c.price),
        value: col(&c.market_value),
        isin: col(&c.isin),
        cusip: col(&c.cusip),
        name: col(&c.name),
        account: col(&c.account),
        currency: col(&c.currency),
        date: col(&c.date),
        action: col(&c.action),
    };
    let mapped_names: Vec<&str> = c.mapped().iter().map(|(_, n)| *n).collect();
    let cell = |i: usize, c: Option<usize>| -> &str {
        c.and_then(|c| table.record(i).get(c))
            .map(str::trim)
            .unwrap_or("")
    };
    let kinds: Vec<RowKind> = (0..table.len())
        .map(|i| {
            let rec = table.record(i);
            let first = rec.get(0).unwrap_or("");
            if matches(rec, &mapped_names) == mapped_names.len()
                || [
                    first,
                    cell(i, cols.symbol),
                    cell(i, cols.name),
                    cell(i, cols.account),
                ]
                .iter()
                .any(|t| is_total(t))
            {
                RowKind::Skip
            } else if rec.iter().filter(|c| !c.trim().is_empty()).count() == 1
                && cell(i, Some(cols.quantity)).is_empty()
            {
                RowKind::Note
            } else {
                RowKind::Data
            }
        })
        .collect();
    let data: Vec<usize> = (0..table.len())
        .filter(|i| matches!(kinds[*i], RowKind::Data))
        .collect();
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    for (i, k) in kinds.iter().enumerate() {
        if matches!(k, RowKind::Note) {
            let text = table
                .record(i)
                .iter()
                .find(|c| !c.trim().is_empty())
                .unwrap_or("");
            warnings.push(Warning::at(
                table.line(i),
                format!("not a data row (only {}): skipped", snippet(text.trim())),
            ));
        }
    }

    // Number format: given, or decided by the values of the numeric columns.
    let numbers = match mapping.number_format {
        Some(s) => s.format(),
        None => {
            let values = data.iter().flat_map(|&i| {
                [Some(cols.quantity), cols.price, cols.value]
                    .into_iter()
                    .map(move |c| (table.line(i), cell(i, c)))
            });
            match guess_number_format(values) {
                NumberGuess::Decided(f, line, v) => {
                    warnings.push(Warning {
                        line: None,
                        message: format!(
                            "number_format not given: guessed {} from {} on line {line}",
                            style_name(f),
                            snippet(&v)
                        ),
                    });
                    f
                }
                NumberGuess::Undecided => {
                    warnings.push(Warning {
                        line: None,
                        message: format!(
                            "number_format not given and no value decides it: assumed {}; set number_format in the mapping if that is wrong",
                            style_name(NumberFormat::DotDecimal)
                        ),
                    });
                    NumberFormat::DotDecimal
                }
                NumberGuess::Mixed((l1, v1), (l2, v2)) => {
                    return Err(vec![Problem::file(
                        &source.file,
                        format!(
                            "numbers are written both as {} (line {l1}) and as {} (line {l2}): set number_format (\"1,234.56\" or \"1.234,56\") in the mapping",
                            snippet(&v1),
                            snippet(&v2)
                        ),
                    )]);
                }
            }
        }
    };

    // Date format: given, or the only usual format that reads every date.
    let date_format: Option<String> = match (&mapping.date_format, cols.date) {
        (Some(f), _) => Some(f.clone()),
        (None, None) => None,
        (None, Some(_)) => {
            let dates: Vec<&str> = data
                .iter()
                .map(|&i| cell(i, cols.date))
                .filter(|d| !d.is_empty())
                .collect();
            let fitting: Vec<&str> = DATE_FORMATS
                .iter()
                .copied()
                .filter(|f| dates.iter().all(|d| parse_date(d, &[f]).is_ok()))
                .collect();
            match fitting.as_slice() {
                _ if dates.is_empty() => None,
                [f] => {
                    warnings.push(Warning {
                        line: None,
                        message: format!(
                            "date_format not given: every date reads as {f} (e.g. {}), so that format is used",
                            snippet(dates[0])
                        ),
                    });
                    Some(f.to_string())
                }
                [] => {
                    return Err(vec![Problem::at(
                        &source.file,
                        table.header_line,
                        format!(
                            "the dates of column '{}' (e.g. {}) are in no usual format: set date_format in the mapping (e.g. \"%d.%m.%Y\")",
                            c.date.as_deref().unwrap_or(""),
                            snippet(dates[0])
                        ),
                    )]);
                }
                several => {
                    return Err(vec![Problem::at(
                        &source.file,
                        table.header_line,
                        format!(
                            "the dates of column '{}' (e.g. {}) read in several formats ({}): set date_format in the mapping",
                            c.date.as_deref().unwrap_or(""),
                            snippet(dates[0]),
                            several.join(", ")
                        ),
                    )]);
                }
            }
        }
    };

    let ctx = Ctx {
        mapping,
        cols: &cols,
        numbers,
        date_format: date_format.as_deref(),
    };
    let mut parsed = match mapping.kind() {
        MappedKind::Positions => positions(table, &data, &ctx, &mut problems, &mut warnings),
        MappedKind::Transactions => transactions(table, &data, &ctx, &mut problems, &mut warnings),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    // File-level notes (the guesses) first, then by line.
    warnings.sort_by_key(|w| w.line);
    parsed.warnings.splice(0..0, warnings);
    Ok(parsed)
}

struct Ctx<'a> {
    mapping: &'a ColumnMapping,
    cols: &'a Cols,
    numbers: NumberFormat,
    date_format: Option<&'a str>,
}

/// The identifying and descriptive cells every row has.
struct Common {
    symbol: Option<String>,
    isin: Option<String>,
    cusip: Option<String>,
    name: Option<String>,
    account: Option<String>,
    currency: Option<String>,
    date: Option<NaiveDate>,
    ok: bool,
}

fn common(row: &mut Row, ctx: &Ctx) -> Common {
    let cols = ctx.cols;
    let text = |row: &Row, c: Option<usize>| c.and_then(|c| row.opt_text(c));
    let mut ok = true;
    let ident = classify_identifier(&text(row, cols.symbol).unwrap_or_default());
    let mut isin = ident.isin;
    let mut cusip = ident.cusip;
    if let Some(c) = cols.isin {
        if let Some(v) = row.opt_text(c).map(|s| s.to_ascii_uppercase()) {
            if let Err(e) = validate_isin(&v) {
                row.problem(c, e);
                ok = false;
            }
            isin = Some(v);
        }
    }
    if let Some(c) = cols.cusip {
        if let Some(v) = row.opt_text(c).map(|s| s.to_ascii_uppercase()) {
            if let Err(e) = validate_cusip(&v) {
                row.problem(c, e);
                ok = false;
            }
            cusip = Some(v);
        }
    }
    let date = match (cols.date, ctx.date_format) {
        (Some(c), Some(f)) => match row.date_in(c, &[f]) {
            Ok(d) => d,
            Err(_) => {
                ok = false;
                None
            }
        },
        _ => None,
    };
    Common {
        symbol: ident.symbol,
        isin,
        cusip,
        name: text(row, cols.name),
        account: text(row, cols.account),
        currency: text(row, cols.currency).map(|c| c.to_ascii_uppercase()),
        date,
        ok,
    }
}

/// A number cell of an optional column: `Err` if bad (already recorded).
fn number(
    row: &mut Row,
    col: Option<usize>,
    f: NumberFormat,
) -> std::result::Result<Option<Decimal>, ()> {
    match col {
        Some(c) => row.number_in(c, f).map_err(|_| ()),
        None => Ok(None),
    }
}

fn positions(
    table: &Table,
    data: &[usize],
    ctx: &Ctx,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Parsed {
    let cols = ctx.cols;
    let mut holdings = Vec::new();
    let mut cash = Vec::new();
    let mut dates = Vec::new();
    for &i in data {
        let mut row = table.row(i, problems);
        let line = row.line;
        let com = common(&mut row, ctx);
        let qty = number(&mut row, Some(cols.quantity), ctx.numbers);
        let price = number(&mut row, cols.price, ctx.numbers);
        let value = number(&mut row, cols.value, ctx.numbers);
        let sym_text = cols.symbol.map(|c| row.text(c)).unwrap_or("");
        let name_text = com.name.clone().unwrap_or_default();
        let (Ok(qty), Ok(price), Ok(value)) = (qty, price, value) else {
            continue;
        };
        if is_cash(sym_text, &name_text)
            || (com.symbol.is_none()
                && com.isin.is_none()
                && com.cusip.is_none()
                && is_cash("", &name_text))
        {
            let amount = value
                .or_else(|| price.zip(qty).and_then(|(p, q)| p.checked_mul(q)))
                .or(qty);
            match amount {
                Some(amount) => cash.push(Cash {
                    account: com.account,
                    label: if sym_text.is_empty() {
                        name_text
                    } else {
                        sym_text.to_string()
                    },
                    amount,
                    currency: com.currency,
                    line,
                    account_value: None,
                }),
                None => warnings.push(Warning::at(line, "a cash row without an amount: skipped")),
            }
            continue;
        }
        if com.symbol.is_none() && com.isin.is_none() && com.cusip.is_none() {
            if qty.is_none() {
                // "Summe;;;75.401,08": neither a security nor a quantity, so not a holding.
                let first = row
                    .record
                    .iter()
                    .find(|c| !c.trim().is_empty())
                    .unwrap_or("");
                warnings.push(Warning::at(
                    line,
                    format!(
                        "no symbol and no quantity (a subtotal or note starting {}): skipped",
                        snippet(first.trim())
                    ),
                ));
                continue;
            }
            let c = cols.symbol.or(cols.isin).or(cols.cusip).unwrap_or(0);
            row.problem(c, "no symbol, ISIN or CUSIP on this row");
            continue;
        }
        let Some(q) = qty else {
            row.problem(cols.quantity, "is empty but required");
            continue;
        };
        if !com.ok {
            continue;
        }
        if q.is_sign_negative() {
            warnings.push(Warning::at(
                line,
                format!("negative quantity {q} (a short position) kept as is"),
            ));
        }
        dates.push(com.date);
        let holding = Holding {
            account: com.account,
            asset_class: is_option(sym_text, &name_text).then_some(AssetClass::Option),
            symbol: com.symbol,
            isin: com.isin,
            cusip: com.cusip,
            name: com.name,
            quantity: q,
            price,
            market_value: value,
            currency: com.currency,
            line,
            stated: Default::default(),
        };
        if holding.value().is_none() {
            warnings.push(Warning::at(
                line,
                format!(
                    "{} has no price or market value: its value is unknown and not in the portfolio total",
                    holding.label()
                ),
            ));
        }
        holdings.push(holding);
    }
    let mut parsed = Parsed::positions(holdings);
    parsed.cash = cash;
    // A date column in a positions file is its "as of" date when every row agrees.
    if let Some(Some(first)) = dates.first() {
        if dates.iter().all(|d| *d == Some(*first)) {
            parsed.as_of = Some(*first);
        }
    }
    parsed
}

fn transactions(
    table: &Table,
    data: &[usize],
    ctx: &Ctx,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Parsed {
    let cols = ctx.cols;
    let signed = ctx.mapping.sell_quantities_negative;
    let words = ctx.mapping.action_words();
    let mut txs = Vec::new();
    for &i in data {
        let mut row = table.row(i, problems);
        let line = row.line;
        let com = common(&mut row, ctx);
        let qty = number(&mut row, Some(cols.quantity), ctx.numbers);
        let price = number(&mut row, cols.price, ctx.numbers);
        let value = number(&mut row, cols.value, ctx.numbers);
        let (Ok(qty), Ok(price), Ok(value)) = (qty, price, value) else {
            continue;
        };
        let action_text = cols.action.map(|c| row.text(c)).unwrap_or("");
        let effect = match cols.action {
            Some(_) => words.effect(action_text),
            // Without an action column (sell_quantities_negative): the sign is the direction.
            None => match qty {
                Some(q) if q.is_sign_negative() => Some(Effect::Sell),
                Some(q) if !q.is_zero() => Some(Effect::Buy),
                _ => Some(Effect::Cash),
            },
        };
        let moves = !matches!(effect, Some(Effect::Cash) | None);
        let (action, quantity) = match effect {
            None => {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "unknown action {}: the row is ignored (add it to \"actions\" in the mapping)",
                        snippet(action_text)
                    ),
                ));
                (Action::Other, Decimal::ZERO)
            }
            Some(Effect::Cash) => (Action::CashOnly, Decimal::ZERO),
            Some(e) => {
                let Some(q) = qty else {
                    row.problem(
                        cols.quantity,
                        format!(
                            "is empty but required for the action {}",
                            snippet(action_text)
                        ),
                    );
                    continue;
                };
                let inward = matches!(e, Effect::Buy | Effect::Reinvest | Effect::TransferIn);
                let outward = matches!(e, Effect::Sell | Effect::TransferOut);
                if signed
                    && ((inward && q.is_sign_negative())
                        || (outward && q.is_sign_positive() && !q.is_zero()))
                {
                    warnings.push(Warning::at(
                        line,
                        format!(
                            "quantity {q} has the wrong sign for the action {} (sell_quantities_negative is set): kept as written",
                            snippet(action_text)
                        ),
                    ));
                }
                let q = if signed || matches!(e, Effect::Transfer | Effect::Split) {
                    q
                } else if outward {
                    -q.abs()
                } else {
                    q.abs()
                };
                let action = match e {
                    Effect::Buy => Action::Buy,
                    Effect::Sell => Action::Sell,
                    Effect::Reinvest => Action::Reinvest,
                    Effect::Split => Action::Split,
                    _ => Action::Transfer,
                };
                (action, q)
            }
        };
        if moves
            && com.symbol.is_none()
            && com.isin.is_none()
            && com.cusip.is_none()
            && !quantity.is_zero()
        {
            let c = cols.symbol.or(cols.isin).or(cols.cusip).unwrap_or(0);
            row.problem(c, "no symbol, ISIN or CUSIP on a row that moves shares");
            continue;
        }
        if !com.ok {
            continue;
        }
        let sym_text = cols.symbol.map(|c| row.text(c)).unwrap_or("");
        let name_text = com.name.clone().unwrap_or_default();
        txs.push(Transaction {
            line,
            date: com.date,
            account: com.account,
            asset_class: is_option(sym_text, &name_text).then_some(AssetClass::Option),
            symbol: com.symbol,
            isin: com.isin,
            cusip: com.cusip,
            name: com.name,
            action,
            quantity,
            price,
            amount: value,
            currency: com.currency,
            rate: None,
        });
    }
    Parsed::transactions(txs)
}

/// Saved mappings, one JSON file per header in a directory, named by a hash of the normalized
/// header: a file whose header was seen before is imported with the same mapping.
pub struct ProfileStore {
    dir: PathBuf,
}

/// What a profile file holds: the header it was saved for (to rule out hash collisions) and the
/// mapping.
#[derive(Serialize, Deserialize)]
struct StoredProfile {
    header: Vec<String>,
    mapping: ColumnMapping,
}

/// The environment variable that points the CLI at another profile directory.
pub const PROFILES_ENV: &str = "AI_EXPOSURE_PROFILES";

impl ProfileStore {
    pub fn new(dir: impl Into<PathBuf>) -> ProfileStore {
        ProfileStore { dir: dir.into() }
    }

    /// `$AI_EXPOSURE_PROFILES`, else `$XDG_DATA_HOME/ai-exposure/profiles`, else
    /// `~/.local/share/ai-exposure/profiles` (`%APPDATA%` on Windows).
    pub fn default_dir() -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(dir) = var(PROFILES_ENV) {
            return Some(PathBuf::from(dir));
        }
        let data = var("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".local").join("share")))
            .or_else(|| var("APPDATA").map(PathBuf::from))?;
        Some(data.join("ai-exposure").join("profiles"))
    }

    pub fn open_default() -> Option<ProfileStore> {
        ProfileStore::default_dir().map(ProfileStore::new)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The header as compared: cells trimmed, case and repeated spaces ignored, trailing empty
    /// cells (a trailing delimiter) dropped.
    pub fn normalize<S: AsRef<str>>(header: &[S]) -> Vec<String> {
        let mut cells: Vec<String> = header
            .iter()
            .map(|c| {
                c.as_ref()
                    .trim_start_matches('\u{feff}')
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        cells
    }

    /// 64-bit FNV-1a of the normalized header, in hex: stable across runs and Rust versions.
    pub fn key<S: AsRef<str>>(header: &[S]) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, cell) in ProfileStore::normalize(header).iter().enumerate() {
            let sep: &[u8] = if i == 0 { b"" } else { b"\x1f" };
            for b in sep.iter().chain(cell.as_bytes()) {
                hash ^= u64::from(*b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }

    pub fn path_for<S: AsRef<str>>(&self, header: &[S]) -> PathBuf {
        self.dir.join(format!("{}.json", ProfileStore::key(header)))
    }

    /// The mapping saved for this header, if any (an unreadable profile counts as none).
    pub fn find<S: AsRef<str>>(&self, header: &[S]) -> Option<ColumnMapping> {
        let text = std::fs::read_to_string(self.path_for(header)).ok()?;
        let stored: StoredProfile = serde_json::from_str(&text).ok()?;
        (stored.header == ProfileStore::normalize(header) && stored.mapping.check().is_ok())
            .then_some(stored.mapping)
    }

    /// Saves `mapping` for `header`, replacing any earlier one; written to a temporary file and
    /// renamed, so a profile is never half-written.
    pub fn save<S: AsRef<str>>(&self, header: &[S], mapping: &ColumnMapping) -> Result<PathBuf> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let path = self.path_for(header);
        let stored = StoredProfile {
            header: ProfileStore::normalize(header),
            mapping: mapping.clone(),
        };
        let json = serde_json::to_string_pretty(&stored)
            .map_err(|e| Error::Internal(e.to_string()))?
            + "\n";
        let tmp = self.dir.join(format!(
            ".{}.{}.tmp",
            ProfileStore::key(header),
            std::process::id()
        ));
        std::fs::write(&tmp, json).map_err(io(&tmp))?;
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(&path)(e));
        }
        Ok(path)
    }

    /// The profile for one of the first rows of the file (any delimiter) whose mapped columns
    /// are all in that row, with the profile's path.
    pub fn find_for_file(&self, file_name: &str, bytes: &[u8]) -> Option<(ColumnMapping, PathBuf)> {
        let (text, _) = super::decode::decode(file_name, bytes.to_vec()).ok()?;
        for d in DELIMITERS {
            let Ok(records) = Records::parse_delimited(file_name, &text, d) else {
                continue;
            };
            for (_, rec) in records.iter().take(30) {
                if rec.iter().filter(|c| !c.trim().is_empty()).count() < 2 {
                    continue;
                }
                let header: Vec<&str> = rec.iter().collect();
                if let Some(m) = self.find(&header) {
                    let names: Vec<&str> = m.columns.mapped().iter().map(|(_, n)| *n).collect();
                    if matches(rec, &names) == names.len() {
                        return Some((m, self.path_for(&header)));
                    }
                }
            }
        }
        None
    }
}

/// The fields of a [`ColumnMapping`] and the header words that suggest each (lower case), with
/// the words that rule a field out. Listed most specific first: a tie goes to the earlier field.
const HEADER_WORDS: &[(&str, &[&str], &[&str])] = &[
    ("isin", &["isin"], &[]),
    ("cusip", &["cusip"], &[]),
    (
        "market_value",
        &["market value", "value", "wert"],
        &["date", "datum"],
    ),
    (
        "quantity",
        &[
            "quantity", "shares", "qty", "units", "anzahl", "stück", "stueck",
        ],
        &[],
    ),
    ("currency", &["currency", "ccy", "währung", "waehrung"], &[]),
    ("date", &["date", "datum"], &[]),
    ("account", &["account", "konto"], &[]),
    (
        "action",
        &["action", "type", "transaction"],
        &["security", "asset", "instrument", "product", "account"],
    ),
    ("price", &["price", "kurs"], &[]),
    (
        "symbol",
        &["symbol", "ticker", "code"],
        &["isin", "cusip", "currency", "country"],
    ),
    ("name", &["name", "description", "security"], &[]),
];

/// A header cell as lower-case words separated by single spaces.
fn header_words(cell: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text: String = cell.nfc().collect::<String>().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// 3: the whole header is the word; 2: one of its words; 1: inside a word (German compounds
/// such as "Stückzahl"); 0: no match.
fn word_score(text: &str, word: &str) -> u8 {
    if text == word {
        3
    } else if format!(" {text} ").contains(&format!(" {word} ")) {
        2
    } else if word.chars().count() >= 4 && text.contains(word) {
        1
    } else {
        0
    }
}

/// Which header cell probably holds which [`ColumnMapping`] field, from common English and
/// German header words (case-insensitive): the column-mapping step's first choices. Each field
/// gets at most one cell and each cell at most one field; the best matches win (whole header >
/// whole word > part of a word), ties go to the more specific field, then to the leftmost column.
/// Returns field → header text as written (trimmed).
pub fn guess_columns<S: AsRef<str>>(
    header: &[S],
) -> std::collections::BTreeMap<&'static str, String> {
    let mut candidates = Vec::new();
    for (column, cell) in header.iter().enumerate() {
        let text = header_words(cell.as_ref());
        if text.is_empty() {
            continue;
        }
        for (rank, (field, words, avoid)) in HEADER_WORDS.iter().enumerate() {
            if avoid.iter().any(|w| word_score(&text, w) > 0) {
                continue;
            }
            let score = words
                .iter()
                .map(|w| word_score(&text, w))
                .max()
                .unwrap_or(0);
            if score > 0 {
                candidates.push((score, rank, column, *field));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut guesses = std::collections::BTreeMap::new();
    let mut used = std::collections::BTreeSet::new();
    for (_, _, column, field) in candidates {
        if guesses.contains_key(field) || used.contains(&column) {
            continue;
        }
        guesses.insert(field, header[column].as_ref().trim().to_string());
        used.insert(column);
    }
    guesses
}

#[cfg(test)]
mod tests {
    fn guessed(header: &[&str]) -> Vec<(&'static str, String)> {
        super::guess_columns(header).into_iter().collect()
    }

    fn pairs(expected: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        let mut v: Vec<_> = expected.iter().map(|(f, h)| (*f, h.to_string())).collect();
        v.sort();
        v
    }

    #[test]
    fn columns_are_guessed_from_english_and_german_header_words() {
        assert_eq!(
            guessed(&["Datum", "Ticker", "Anzahl", "Kurs"]),
            pairs(&[
                ("date", "Datum"),
                ("symbol", "Ticker"),
                ("quantity", "Anzahl"),
                ("price", "Kurs")
            ])
        );
        // Case-insensitive; the header text comes back as written.
        let header = [
            "SYMBOL",
            "Description",
            "Qty",
            "Last Price",
            "Market Value",
            "Account Number",
            "CCY",
            "ISIN",
            "CUSIP",
        ];
        assert_eq!(
            guessed(&header),
            pairs(&[
                ("symbol", "SYMBOL"),
                ("name", "Description"),
                ("quantity", "Qty"),
                ("price", "Last Price"),
                ("market_value", "Market Value"),
                ("account", "Account Number"),
                ("currency", "CCY"),
                ("isin", "ISIN"),
                ("cusip", "CUSIP"),
            ])
        );
        // "Transaction Date" could be the date or the action: date is the more specific field;
        // "Type" (the whole header) is then the action.
        let header = [
            "Transaction Date",
            "Type",
            "Code",
            "Security",
            "Shares",
            "Price",
            "Währung",
        ];
        assert_eq!(
            guessed(&header),
            pairs(&[
                ("date", "Transaction Date"),
                ("action", "Type"),
                ("symbol", "Code"),
                ("name", "Security"),
                ("quantity", "Shares"),
                ("price", "Price"),
                ("currency", "Währung"),
            ])
        );
    }

    #[test]
    fn compounds_vetoes_and_each_column_used_once() {
        // "Stückzahl" contains "stück"; "Kurswert" both "kurs" and "wert": the market value wins.
        assert_eq!(
            guessed(&["Stückzahl", "Kurswert", "Bezeichnung", "ISIN"]),
            pairs(&[
                ("quantity", "Stückzahl"),
                ("market_value", "Kurswert"),
                ("isin", "ISIN")
            ])
        );
        // Decomposed "Stu\u{308}ckzahl" (as some systems write it) reads the same.
        assert_eq!(
            guessed(&["Stu\u{308}ckzahl"]),
            pairs(&[("quantity", "Stu\u{308}ckzahl")])
        );
        // "Security Type" is no action, "ISIN Code" no symbol, "Value Date" no market value.
        assert_eq!(
            guessed(&["Security Type", "ISIN Code", "Value Date", "Units"]),
            pairs(&[
                ("name", "Security Type"),
                ("isin", "ISIN Code"),
                ("date", "Value Date"),
                ("quantity", "Units")
            ])
        );
        // "Price" (whole header) beats "Price Currency", which is then the currency.
        assert_eq!(
            guessed(&["Price Currency", "", "Price", " ", "Konto"]),
            pairs(&[
                ("price", "Price"),
                ("currency", "Price Currency"),
                ("account", "Konto")
            ])
        );
        // Two quantity columns: the leftmost whole-header match.
        assert_eq!(
            guessed(&["Shares", "Quantity"]),
            pairs(&[("quantity", "Shares")])
        );
        assert_eq!(guessed(&["foo", "bar"]), pairs(&[]));
        assert_eq!(guessed(&[]), pairs(&[]));
    }

    use super::*;

    fn guess(values: &[&str]) -> String {
        match guess_number_format(values.iter().map(|v| (1, *v))) {
            NumberGuess::Decided(f, _, v) => format!("{f:?} {v}"),
            NumberGuess::Undecided => "undecided".into(),
            NumberGuess::Mixed(a, b) => format!("mixed {} {}", a.1, b.1),
        }
    }

    #[test]
    fn decimal_separator_is_guessed_from_the_values() {
        assert_eq!(guess(&["12", "1,234"]), "undecided");
        assert_eq!(guess(&["1,234", "12,5"]), "CommaDecimal 12,5");
        assert_eq!(guess(&["1.234,56"]), "CommaDecimal 1.234,56");
        assert_eq!(guess(&["1,234.56"]), "DotDecimal 1,234.56");
        assert_eq!(guess(&["1.234.567"]), "CommaDecimal 1.234.567");
        assert_eq!(guess(&["1,234,567", "3"]), "DotDecimal 1,234,567");
        assert_eq!(guess(&[".0000", ""]), "DotDecimal .0000");
        assert_eq!(guess(&["1.5", "2,5"]), "mixed 1.5 2,5");
    }

    #[test]
    fn actions_match_words_then_prefixes() {
        let mut m: ColumnMapping =
            serde_json::from_str(r#"{"columns":{"symbol":"S","quantity":"Q","action":"A"}}"#)
                .expect("mapping");
        m.actions.sell = vec!["Verkauf  Wertpapier".into()];
        let m = m.action_words();
        assert_eq!(m.effect("YOU BOUGHT APPLE INC"), Some(Effect::Buy));
        assert_eq!(m.effect(" verkauf   wertpapier "), Some(Effect::Sell));
        assert_eq!(m.effect("Dividend"), Some(Effect::Cash));
        assert_eq!(m.effect("Buyback"), None);
        assert_eq!(m.effect("Journal"), None);
    }

    #[test]
    fn header_keys_ignore_case_spaces_and_trailing_delimiters() {
        let a = ProfileStore::key(&["Ticker", " Units ", "Px"]);
        assert_eq!(a, ProfileStore::key(&["ticker", "units", "px", ""]));
        assert_ne!(a, ProfileStore::key(&["Ticker", "Px", "Units"]));
        assert_eq!(a.len(), 16);
    }
}
