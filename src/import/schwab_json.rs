//! Charles Schwab transaction history as JSON (History → Export → JSON):
//!
//! ```json
//! {"FromDate": "01/01/2024", "ToDate": "12/31/2024", "TotalTransactionsAmount": "$9,999.99",
//!  "BrokerageTransactions": [{"Date": "12/30/2024", "Action": "Buy", "Symbol": "MSFT",
//!    "Description": "…", "Quantity": "10", "Price": "$9.99", "Fees & Comm": "", "Amount": "-$99.90"}]}
//! ```
//!
//! The keys are the CSV's column names and every value is a string (or `null`). Equity Award
//! Center exports have the same shape under `"Transactions"` (`Deposit`, `Sale`, `Journal`…). The
//! account is only in the file name, which an importer never reads, so transactions have none.
//! Actions are mapped exactly as in the CSV history ([`super::schwab_transactions::effect`]).
//!
//! Problems are located on the line of the offending key (`"Quantity": "abc"`) found by a small
//! scan of the text, since `serde_json` values carry no positions.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::schwab_positions::is_schwab_option;
use super::schwab_transactions::{effect, Effect, DATES};
use super::toolkit::{classify_identifier, parse_date, per_unit_price};
use super::{Action, AssetClass, Format, Parsed, Source, Transaction, Warning};
use crate::diag::{snippet, Problem};
use crate::money;

pub struct SchwabJson;

const BROKERAGE: &str = "BrokerageTransactions";
const AWARDS: &str = "Transactions";

impl Format for SchwabJson {
    fn name(&self) -> &'static str {
        "schwab-json"
    }

    fn label(&self) -> &'static str {
        "Schwab Transaction History (JSON)"
    }

    fn detect(&self, source: &Source) -> bool {
        let t = source.text.trim_start_matches('\u{feff}').trim_start();
        t.starts_with('{')
            && (t.contains("\"BrokerageTransactions\"")
                || (t.contains("\"Transactions\"") && t.contains("\"FromDate\"")))
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        parse_text(&source.file, source.text.trim_start_matches('\u{feff}'))
    }
}

fn parse_text(file: &str, text: &str) -> Result<Parsed, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem::at(
            file,
            e.line().max(1) as u64,
            format!("not valid JSON: {e}"),
        )]
    })?;
    let Some(root) = value.as_object() else {
        return Err(vec![Problem::at(
            file,
            1,
            "the JSON is not an object with \"BrokerageTransactions\"",
        )]);
    };
    let (key, awards) = if root.contains_key(BROKERAGE) {
        (BROKERAGE, false)
    } else {
        (AWARDS, true)
    };
    let lines = locate(text, key);
    let top_line = |name: &str| {
        lines
            .top
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, l)| *l)
            .unwrap_or(1)
    };
    let Some(items) = root.get(key).and_then(Value::as_array) else {
        return Err(vec![Problem::at(
            file,
            top_line(key),
            format!("\"{key}\" is missing or not a list of transactions"),
        )]);
    };
    let mut problems = Vec::new();
    let as_of = match root.get("ToDate") {
        Some(v) => match text_of(v) {
            Ok(Some(t)) => match parse_date(&t, DATES) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(Problem::at(
                        file,
                        top_line("ToDate"),
                        format!("field \"ToDate\": {e}"),
                    ));
                    None
                }
            },
            Ok(None) => None,
            Err(e) => {
                problems.push(Problem::at(
                    file,
                    top_line("ToDate"),
                    format!("field \"ToDate\": {e}"),
                ));
                None
            }
        },
        None => None,
    };
    // Positions are only trusted when the scan found exactly the transactions serde_json did.
    let located = (lines.items.len() == items.len()).then_some(&lines.items);
    let mut transactions = Vec::new();
    let mut warnings = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = located.and_then(|l| l.get(i));
        let mut cx = Item {
            file,
            index: i,
            at,
            problems: &mut problems,
        };
        let Some(obj) = item.as_object() else {
            cx.problem(None, "is not an object");
            continue;
        };
        if let Some(t) = cx.parse(obj, awards, &mut warnings) {
            transactions.push(t);
        }
    }
    if problems.is_empty() {
        let mut parsed = Parsed::transactions(transactions);
        parsed.as_of = as_of;
        parsed.warnings = warnings;
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// One transaction object and where it is, for located problems.
struct Item<'a> {
    file: &'a str,
    index: usize,
    at: Option<&'a Located>,
    problems: &'a mut Vec<Problem>,
}

impl Item<'_> {
    /// The line of the object (its `{`), or of one of its keys.
    fn line(&self, key: Option<&str>) -> Option<u64> {
        let at = self.at?;
        key.and_then(|k| at.keys.iter().find(|(name, _)| name == k).map(|(_, l)| *l))
            .or(Some(at.line))
    }

    fn problem(&mut self, key: Option<&str>, message: impl Into<String>) {
        let what = match key {
            Some(k) => format!("field \"{k}\": {}", message.into()),
            None => message.into(),
        };
        let problem = match self.line(key) {
            Some(line) => Problem::at(
                self.file,
                line,
                format!("transaction {}: {what}", self.index + 1),
            ),
            None => Problem::file(
                self.file,
                format!("transaction {} of the list: {what}", self.index + 1),
            ),
        };
        self.problems.push(problem);
    }

    fn text(&mut self, obj: &Map<String, Value>, key: &str) -> Result<Option<String>, ()> {
        match obj.get(key).map(text_of).unwrap_or(Ok(None)) {
            Ok(t) => Ok(t),
            Err(e) => {
                self.problem(Some(key), e);
                Err(())
            }
        }
    }

    fn number(&mut self, obj: &Map<String, Value>, key: &str) -> Result<Option<Decimal>, ()> {
        let Some(t) = self.text(obj, key)? else {
            return Ok(None);
        };
        match money::parse(&t) {
            Ok(Some(v)) if v.abs() > money::MAX_INPUT => {
                self.problem(
                    Some(key),
                    format!(
                        "{} is implausibly large (more than 1,000,000,000,000)",
                        snippet(&t)
                    ),
                );
                Err(())
            }
            Ok(v) => Ok(v),
            Err(e) => {
                self.problem(Some(key), format!("{} is not a number: {e}", snippet(&t)));
                Err(())
            }
        }
    }

    fn parse(
        &mut self,
        obj: &Map<String, Value>,
        awards: bool,
        warnings: &mut Vec<Warning>,
    ) -> Option<Transaction> {
        let line = self.line(None).unwrap_or(self.index as u64 + 1);
        let date = match self.text(obj, "Date") {
            Ok(Some(t)) => match parse_date(&t, DATES) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.problem(Some("Date"), e);
                    None
                }
            },
            Ok(None) => {
                self.problem(Some("Date"), "is empty but required");
                None
            }
            Err(()) => None,
        };
        let action = match self.text(obj, "Action") {
            Ok(Some(a)) => Some(a),
            Ok(None) => {
                self.problem(Some("Action"), "is empty but required");
                None
            }
            Err(()) => None,
        };
        let symbol = self.text(obj, "Symbol");
        let name = self.text(obj, "Description");
        let quantity = self.number(obj, "Quantity");
        let price = self.number(obj, "Price");
        let amount = self.number(obj, "Amount");
        let (Some(date), Some(action), Ok(symbol), Ok(name), Ok(quantity), Ok(price), Ok(amount)) =
            (date, action, symbol, name, quantity, price, amount)
        else {
            return None;
        };
        let (kind, shares) = match effect(&action, quantity, amount, awards) {
            Effect::Shares(kind, q) => (kind, q),
            Effect::MissingQuantity => {
                self.problem(
                    Some("Quantity"),
                    format!("is empty but required for {action:?}"),
                );
                return None;
            }
            Effect::Ignored(why) => {
                warnings.push(Warning::at(line, why));
                (Action::Other, Decimal::ZERO)
            }
        };
        let sym = symbol.unwrap_or_default();
        let ident = classify_identifier(&sym);
        Some(Transaction {
            line,
            date: Some(date),
            account: None,
            symbol: ident.symbol,
            isin: ident.isin,
            cusip: ident.cusip,
            // Award files describe the award ("RS", "ESPP"), not the security.
            name: if awards { None } else { name },
            asset_class: is_schwab_option(&sym).then_some(AssetClass::Option),
            action: kind,
            quantity: shares,
            // Bonds and CDs are priced in percent of par: the price of one unit of face value.
            price: price.map(|p| per_unit_price(p, shares, amount)),
            amount,
            currency: Some("USD".into()),
            rate: None,
        })
    }
}

/// A value as text: strings trimmed (empty → `None`), `null` → `None`, numbers as written.
fn text_of(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => {
            let t = s.trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(format!(
            "{} is not a text value",
            snippet(&other.to_string())
        )),
    }
}

/// Where one transaction object starts, and the line of each of its keys.
#[derive(Debug, Default)]
struct Located {
    line: u64,
    keys: Vec<(String, u64)>,
}

#[derive(Debug, Default)]
struct Lines {
    /// Keys of the top-level object and their lines.
    top: Vec<(String, u64)>,
    /// The objects of the `array_key` list, in order.
    items: Vec<Located>,
}

/// Scans JSON text for the line of each object of the top-level list `array_key` and of their
/// keys. Only structure is read (strings, braces, brackets, colons); the values were already
/// checked by `serde_json`.
fn locate(text: &str, array_key: &str) -> Lines {
    let b = text.as_bytes();
    let mut out = Lines::default();
    let (mut line, mut depth, mut i) = (1u64, 0usize, 0usize);
    // Just read the key `array_key` of the top-level object.
    let mut armed = false;
    // Depth inside the list while reading it.
    let mut list: Option<usize> = None;
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'"' => {
                let start_line = line;
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    } else if b[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                let s = text.get(start..i.min(b.len())).unwrap_or("");
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                if j < b.len() && b[j] == b':' {
                    if depth == 1 {
                        out.top.push((s.to_string(), start_line));
                        armed = s == array_key;
                    } else if list.is_some_and(|d| depth == d + 1) {
                        if let Some(item) = out.items.last_mut() {
                            item.keys.push((s.to_string(), start_line));
                        }
                    }
                }
            }
            b'[' => {
                if armed && depth == 1 {
                    // A repeated key: serde_json keeps the last list, so does the scan.
                    out.items.clear();
                    list = Some(depth + 1);
                    armed = false;
                }
                depth += 1;
            }
            b'{' => {
                if list == Some(depth) {
                    out.items.push(Located {
                        line,
                        keys: Vec::new(),
                    });
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if list.is_some_and(|d| depth < d) {
                    list = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_objects_and_keys() {
        let text = "{\n \"FromDate\": \"01/01/2024\",\n \"BrokerageTransactions\": [\n  {\n   \"Date\": \"a\\\"{\",\n   \"Action\": \"Buy\"\n  },\n  {\"Date\": \"b\"}\n ]\n}\n";
        let l = locate(text, "BrokerageTransactions");
        assert_eq!(l.top[0], ("FromDate".to_string(), 2));
        assert_eq!(l.items.len(), 2);
        assert_eq!(l.items[0].line, 4);
        assert_eq!(l.items[0].keys, [("Date".into(), 5), ("Action".into(), 6)]);
        assert_eq!(l.items[1].line, 8);
    }
}
