//! Portfolio Performance (PP) CSV files, in any of the languages PP writes them in.
//!
//! * `portfolio-performance`: the transactions export (File → Export → CSV, one file per cash
//!   account or securities account), written by PP's `CSVExporter` with the locale's list
//!   separator (`;` and decimal comma in German, `,` in English), CRLF, ISO date-times
//!   (`2024-01-15T00:00`), the localized type labels (`Kauf`, `Einlieferung`, `Delivery (Inbound)`)
//!   and unsigned `Stück`/`Shares`:
//!   `Datum;Typ;Wert;Buchungswährung;Bruttobetrag;Währung Bruttobetrag;Wechselkurs;Gebühren;Steuern;Stück;ISIN;WKN;Ticker-Symbol;Wertpapiername;Notiz`.
//!   The same columns (any subset with a transaction currency, plus `Depot`/`Securities Account`)
//!   make PP's own CSV import format, which converters write with enum names (`BUY`, `Removal`).
//! * `portfolio-performance-holdings`: PP's CSV import of portfolio holdings
//!   (`CSVPortfolioExtractor`): `Value` and `Shares` with `ISIN`/`Ticker Symbol`/`WKN`, optional
//!   `Security Name`, `Currency`, `Quote`, `Date of Value`, `Securities Account`.
//!
//! Column names and labels are PP's `messages*.properties` and `labels*.properties` (English,
//! German, French, Spanish, Italian, Dutch, Portuguese).
//!
//! Prices: the export has no price column, but a trade states its gross value (PP's
//! `GROSS_VALUE` unit: `Bruttobetrag` in `Währung Bruttobetrag` when the security's currency is
//! not the booking's; else `Wert` less fees and taxes for a buy, plus them for a sale), so its
//! price is that ÷ `Stück`, to 6 places. `Wechselkurs` is PP's rate of that unit: 1 unit of the
//! gross amount's currency = rate units of the booking's (10.000,00 USD × 0,9182 = 9.182,00
//! EUR). The account's currency is the booking currency (holdings: `Währung`) when the file has
//! one throughout.

use rust_decimal::Decimal;

use super::mapping::{first_line_is, guess_number_format, records_with_header, NumberGuess};
use super::toolkit::classify_identifier;
use super::{Action, Format, Holding, Parsed, Source, StatedRate, Transaction, Warning};
use crate::diag::{snippet, Problem};
use crate::identifiers::validate_isin;
use crate::money::{self, NumberFormat};
use crate::table::{same_header, Record, Row, Table};

pub struct PortfolioPerformance;
pub struct PortfolioPerformanceHoldings;

const DATE: &[&str] = &["Date", "Datum", "Fecha", "Data"];
const DATE_VALUE: &[&str] = &[
    "Date of Value",
    "Datum Wert",
    "Date de valeur",
    "Fecha de valor",
    "Data Valorizzazione",
    "Data do valor",
];
const TYPE: &[&str] = &["Type", "Typ", "Tipo", "Transactietype"];
const VALUE: &[&str] = &[
    "Value",
    "Wert",
    "Valeur",
    "Valor",
    "Valore",
    "Waarde (netto)",
];
const TX_CURRENCY: &[&str] = &[
    "Transaction Currency",
    "Buchungswährung",
    "Buchungswaehrung",
    "Devise de l'opération",
    "Divisa de la transacción",
    "Valuta Operazione",
    "Transactievaluta",
    "Moeda da transação",
];
const GROSS: &[&str] = &[
    "Gross Amount",
    "Bruttobetrag",
    "Montant brut",
    "Valor bruto",
    "Importo Lordo",
    "Waarde (bruto)",
];
const GROSS_CURRENCY: &[&str] = &[
    "Currency Gross Amount",
    "Währung Bruttobetrag",
    "Waehrung Bruttobetrag",
    "Montant brut en devise",
    "Divisa del importe bruto",
    "Importo lordo valuta",
    "Valuta (bruto)",
    "Valor Bruto em Moeda",
];
const FEES: &[&str] = &[
    "Fees",
    "Gebühren",
    "Gebuehren",
    "Frais",
    "Comisiones",
    "Commissioni",
    "Kosten",
    "Taxas",
];
const TAXES: &[&str] = &[
    "Taxes",
    "Steuern",
    "Impôts / Taxes",
    "Impuestos",
    "Tasse",
    "Belastingen",
    "Impostos",
];
const EXCHANGE_RATE: &[&str] = &[
    "Exchange Rate",
    "Wechselkurs",
    "Taux de change",
    "Tipo de cambio",
    "Tasso di cambio",
    "Wisselkoers",
    "Taxa de Câmbio",
];
const SHARES: &[&str] = &[
    "Shares",
    "Stück",
    "Stueck",
    "Parts",
    "Cantidad",
    "Azioni",
    "Aantal",
    "Quantidade",
];
const ISIN: &[&str] = &["ISIN"];
const WKN: &[&str] = &["WKN"];
const TICKER: &[&str] = &[
    "Ticker Symbol",
    "Ticker-Symbol",
    "Symbole boursier",
    "Símbolo del ticker",
    "Simbolo Titolo",
    "Tickersymbool",
    "Símbolo Ticker",
    "Símbolo do Ativo",
];
const NAME: &[&str] = &[
    "Security Name",
    "Wertpapiername",
    "Nom du titre",
    "Nombre del valor",
    "Nome Titolo",
    "Effect",
    "Nome do Título",
    "Nome do Ativo",
];
const CASH_ACCOUNT: &[&str] = &[
    "Cash Account",
    "Konto",
    "Compte espèces",
    "Cuenta",
    "Conto di cassa",
    "Rekening",
    "Conta Caixa",
];
const SECURITIES_ACCOUNT: &[&str] = &[
    "Securities Account",
    "Depot",
    "Compte-titres",
    "Cuenta de valores",
    "Conto titoli",
    "Effectenrekening",
    "Conta de Títulos",
    "Conta de Ativos",
];
const CURRENCY: &[&str] = &[
    "Currency", "Währung", "Waehrung", "Devise", "Divisa", "Valuta", "Moeda",
];
const QUOTE: &[&str] = &[
    "Quote",
    "Kurs",
    "Cotation",
    "Cotización",
    "Quotazione",
    "Koers",
    "Cotação",
    "Schluss",
    "Schlusskurs",
    "Close",
];
const DATE_QUOTE: &[&str] = &[
    "Date of Quote",
    "Kursdatum",
    "Date de cotation",
    "Fecha de cotización",
    "Data Quotazione",
    "Koersdatum",
    "Data da Cotação",
];
/// pytr's Trade Republic export (`…;ISIN2;Stück2`) borrows PP's German names; it is its own format.
const NOT_PP: &[&str] = &["ISIN2", "Stück2"];

/// Date-times as PP writes them (`LocalDateTime.toString()`) and the unambiguous formats of its
/// import dialog. Day/month order is never guessed: `01/02/2024` is refused.
const DATES: &[&str] = &[
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
];

/// Effect of a transaction type on the share count.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Effect {
    Buy,
    Sell,
    DeliveryIn,
    DeliveryOut,
    /// `Umbuchung`: shares between securities accounts, or cash between cash accounts.
    TransferIn,
    TransferOut,
    /// Types only a cash account has (deposits, dividends, interest, fees, taxes).
    Cash,
}

/// PP's type labels (all languages, lower case) and enum names.
const TYPES: &[(Effect, &[&str])] = &[
    (
        Effect::Buy,
        &["buy", "kauf", "achat", "compra", "aankoop", "comprar"],
    ),
    (
        Effect::Sell,
        &[
            "sell", "verkauf", "vente", "venta", "vendi", "verkoop", "vender",
        ],
    ),
    (
        Effect::DeliveryIn,
        &[
            "delivery_inbound",
            "delivery (inbound)",
            "einlieferung",
            "distribution (entrante)",
            "entrega (entrante)",
            "trasferimento titoli (in entrata)",
            "inkomende levering",
            "entrega (entrada)",
            "bonificação (recebimento)",
        ],
    ),
    (
        Effect::DeliveryOut,
        &[
            "delivery_outbound",
            "delivery (outbound)",
            "auslieferung",
            "distribution (sortante)",
            "entrega (saliente)",
            "trasferimento titoli (in uscita)",
            "uitgaande levering",
            "entrega (saída)",
            "bonificação (saída)",
        ],
    ),
    (
        Effect::TransferIn,
        &[
            "transfer_in",
            "transfer (inbound)",
            "umbuchung (eingang)",
            "transfert (entrant)",
            "transferencia (entrada)",
            "traspaso (entrada)",
            "trasferimento (in entrata)",
            "inkomende overboeking",
            "transferência (entrada)",
        ],
    ),
    (
        Effect::TransferOut,
        &[
            "transfer_out",
            "transfer (outbound)",
            "umbuchung (ausgang)",
            "transfert (sortant)",
            "transferencia (salida)",
            "traspaso (salida)",
            "trasferimento (in uscita)",
            "uitgaande overboeking",
            "transferência (saída)",
        ],
    ),
    (
        Effect::Cash,
        &[
            // enum names
            "deposit",
            "removal",
            "interest",
            "interest_charge",
            "dividends",
            "fees",
            "fees_refund",
            "taxes",
            "tax_refund",
            // en
            "withdrawal",
            "dividend",
            "fees refund",
            "interest charge",
            "tax refund",
            // de
            "einlage",
            "entnahme",
            "zinsen",
            "zinsbelastung",
            "dividende",
            "gebühren",
            "gebührenerstattung",
            "steuern",
            "steuerrückerstattung",
            // fr
            "dépôt",
            "retrait",
            "intérêts",
            "frais d'intérêts",
            "dividendes",
            "frais",
            "remboursement de frais",
            "impôts / taxes",
            "remboursement impôts / taxes",
            // es
            "depósito",
            "retirada",
            "intereses",
            "cargo por intereses",
            "dividendo",
            "comisiones",
            "reembolso de comisiones",
            "impuestos",
            "devolución de impuestos",
            // it
            "deposito",
            "prelievo",
            "interessi",
            "interessi passivi",
            "commissioni",
            "rimborso commissioni",
            "tasse",
            "rimborso tasse",
            // nl
            "storting",
            "onttrekking",
            "creditrente",
            "debetrente",
            "kosten",
            "terugbetaling kosten",
            "belasting",
            "belastingteruggave",
            // pt
            "levantamento",
            "juros",
            "encargos de juros",
            "comissões",
            "reembolso de comissões",
            "impostos",
            "reembolso de impostos",
            "taxas",
            "reembolso de taxas",
            "saque",
        ],
    ),
];

fn effect_of(t: &str) -> Option<Effect> {
    let t = t
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    TYPES
        .iter()
        .find(|(_, words)| words.contains(&t.as_str()))
        .map(|(e, _)| *e)
}

fn has(rec: Record<'_>, names: &[&str]) -> bool {
    rec.iter().any(|c| names.iter().any(|n| same_header(c, n)))
}

fn is_transactions_header(rec: Record<'_>) -> bool {
    has(rec, DATE)
        && has(rec, TYPE)
        && has(rec, VALUE)
        && has(rec, SHARES)
        && has(rec, TX_CURRENCY)
        && (has(rec, ISIN) || has(rec, WKN) || has(rec, TICKER) || has(rec, NAME))
        && !has(rec, NOT_PP)
}

fn is_holdings_header(rec: Record<'_>) -> bool {
    // A plain `Symbol,Shares,Value` or `ISIN,Shares,Value` stays with the generic format: PP's
    // file is told by a column of its own or by non-English names.
    let english_only =
        rec.iter().any(|c| same_header(c, "Shares")) && rec.iter().any(|c| same_header(c, "Value"));
    let pp_own = [
        TICKER,
        WKN,
        NAME,
        DATE_VALUE,
        DATE_QUOTE,
        SECURITIES_ACCOUNT,
    ]
    .iter()
    .any(|names| has(rec, names));
    has(rec, VALUE)
        && has(rec, SHARES)
        && (has(rec, ISIN) || has(rec, WKN) || has(rec, TICKER))
        && !has(rec, TYPE)
        && !has(rec, &["Symbol", "Ticker"])
        && !has(rec, NOT_PP)
        && (pp_own || !english_only)
}

impl Format for PortfolioPerformance {
    fn name(&self) -> &'static str {
        "portfolio-performance"
    }

    fn label(&self) -> &'static str {
        "Portfolio Performance transactions (CSV export)"
    }

    fn detect(&self, source: &Source) -> bool {
        first_line_is(&source.text, is_transactions_header)
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let (table, delimiter) = header_table(source, |r| has(r, TYPE) && has(r, SHARES))?;
        parse_transactions(&table, delimiter)
    }
}

impl Format for PortfolioPerformanceHoldings {
    fn name(&self) -> &'static str {
        "portfolio-performance-holdings"
    }

    fn label(&self) -> &'static str {
        "Portfolio Performance holdings (CSV: Value, Shares, ISIN/Ticker Symbol/WKN)"
    }

    fn detect(&self, source: &Source) -> bool {
        first_line_is(&source.text, is_holdings_header)
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let (table, delimiter) = header_table(source, |r| has(r, VALUE) && has(r, SHARES))?;
        parse_holdings(&table, delimiter)
    }
}

/// The table under the first line, split at `;`, `,` or tab, whichever gives PP's columns.
fn header_table(
    source: &Source,
    is_header: impl Fn(Record<'_>) -> bool,
) -> Result<(Table<'_>, u8), Vec<Problem>> {
    match records_with_header(source, is_header) {
        Some((r, delimiter)) => Ok((Table::whole(r), delimiter)),
        None => {
            source.records()?;
            Err(vec![Problem::at(
                &source.file,
                1,
                "the first line is not a Portfolio Performance header (Date/Datum, Type/Typ, Value/Wert, Shares/Stück...)",
            )])
        }
    }
}

/// Decimal separator of the file: decided by the values when they can, else by the delimiter
/// (PP writes `;` where the decimal separator is a comma, except in Switzerland, whose amounts
/// always show two decimals and so decide it).
fn number_format(
    table: &Table,
    delimiter: u8,
    cols: &[Option<usize>],
) -> Result<NumberFormat, Vec<Problem>> {
    let values = table.iter().flat_map(|(line, rec)| {
        cols.iter()
            .flatten()
            .map(move |c| (line, rec.get(*c).unwrap_or("")))
    });
    match guess_number_format(values) {
        NumberGuess::Decided(f, _, _) => Ok(f),
        NumberGuess::Undecided if delimiter == b';' => Ok(NumberFormat::CommaDecimal),
        NumberGuess::Undecided => Ok(NumberFormat::DotDecimal),
        NumberGuess::Mixed((l1, v1), (l2, v2)) => Err(vec![Problem::file(
            &table.file,
            format!(
                "numbers are written both as {} (line {l1}) and as {} (line {l2}); export the file again from Portfolio Performance",
                snippet(&v1),
                snippet(&v2)
            ),
        )]),
    }
}

/// A PP number: grouping apostrophes (Swiss `1'234.50`) are dropped.
fn number(row: &mut Row, col: Option<usize>, f: NumberFormat) -> Result<Option<Decimal>, ()> {
    let Some(col) = col else { return Ok(None) };
    let raw = row.text(col);
    if !raw.contains(['\'', '\u{2019}']) {
        return row.number_in(col, f).map_err(|_| ());
    }
    let cleaned = raw.replace(['\'', '\u{2019}'], "");
    match money::parse_in(&cleaned, f) {
        Ok(Some(v)) if v.abs() > money::MAX_INPUT => {
            row.problem(
                col,
                format!(
                    "{} is implausibly large (more than 1,000,000,000,000)",
                    snippet(raw)
                ),
            );
            Err(())
        }
        Ok(v) => Ok(v),
        Err(e) => {
            row.problem(col, format!("{} is not a number: {e}", snippet(raw)));
            Err(())
        }
    }
}

/// The security of a row: ISIN (checked), ticker (a CUSIP there goes to `cusip`), WKN as a last
/// resort symbol, name.
struct Security {
    symbol: Option<String>,
    isin: Option<String>,
    cusip: Option<String>,
    name: Option<String>,
    wkn_only: bool,
    ok: bool,
}

struct IdCols {
    isin: Option<usize>,
    ticker: Option<usize>,
    wkn: Option<usize>,
    name: Option<usize>,
}

impl IdCols {
    fn new(table: &Table) -> IdCols {
        IdCols {
            isin: table.find(ISIN),
            ticker: table.find(TICKER),
            wkn: table.find(WKN),
            name: table.find(NAME),
        }
    }

    fn first(&self) -> usize {
        self.isin.or(self.ticker).or(self.wkn).unwrap_or(0)
    }

    fn read(&self, row: &mut Row) -> Security {
        let text = |row: &Row, c: Option<usize>| c.and_then(|c| row.opt_text(c));
        let mut ok = true;
        let isin = text(row, self.isin).map(|s| s.to_ascii_uppercase());
        if let (Some(c), Some(v)) = (self.isin, &isin) {
            if let Err(e) = validate_isin(v) {
                row.problem(c, e);
                ok = false;
            }
        }
        let id = classify_identifier(&text(row, self.ticker).unwrap_or_default());
        let wkn = text(row, self.wkn);
        let wkn_only = id.symbol.is_none() && id.cusip.is_none() && isin.is_none() && wkn.is_some();
        Security {
            symbol: id.symbol.or(if wkn_only { wkn } else { None }),
            isin: isin.or(id.isin),
            cusip: id.cusip,
            name: text(row, self.name),
            wkn_only,
            ok,
        }
    }
}

fn parse_transactions(table: &Table, delimiter: u8) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let (Some(kind), Some(shares)) = (table.find(TYPE), table.find(SHARES)) else {
        return Err(vec![Problem::at(
            &table.file,
            table.header_line,
            "the header has no Type (Typ) or Shares (Stück) column",
        )]);
    };
    let value = table.find(VALUE);
    let date = table.find(DATE);
    let (currency, gross_currency) = (table.find(TX_CURRENCY), table.find(GROSS_CURRENCY));
    let (gross, fees, taxes, rate) = (
        table.find(GROSS),
        table.find(FEES),
        table.find(TAXES),
        table.find(EXCHANGE_RATE),
    );
    let account = table.find(SECURITIES_ACCOUNT).or(table.find(CASH_ACCOUNT));
    let ids = IdCols::new(table);
    let numbers = number_format(table, delimiter, &[value, Some(shares)])?;
    let mut bookings: Vec<String> = Vec::new();
    let mut txs = Vec::new();
    let mut warnings = Vec::new();
    let (mut cash_only_types, mut deliveries, mut trades) = (false, false, false);
    let mut wkn_warned = false;
    // A cash account's file (it has deposits, dividends, fees...): older PP versions wrote its
    // Buy/Sell bookings without the shares, which only the securities account's file has.
    let cash_account = table
        .iter()
        .any(|(_, r)| effect_of(r.get(kind).unwrap_or("")) == Some(Effect::Cash));
    let mut shareless = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        let type_text = row.text(kind);
        let sec = ids.read(&mut row);
        let qty = number(&mut row, Some(shares), numbers);
        let amount = number(&mut row, value, numbers);
        let day = match date {
            Some(c) => row.date_in(c, DATES).map_err(|_| ()),
            None => Ok(None),
        };
        let gross_v = number(&mut row, gross, numbers);
        let costs = number(&mut row, fees, numbers)
            .and_then(|f| Ok((f, number(&mut row, taxes, numbers)?)))
            .map(|(f, t)| f.unwrap_or_default().abs() + t.unwrap_or_default().abs());
        let rate_v = number(&mut row, rate, numbers);
        let (Ok(qty), Ok(amount), Ok(day), Ok(gross_v), Ok(costs), Ok(rate_v)) =
            (qty, amount, day, gross_v, costs, rate_v)
        else {
            continue;
        };
        let effect = effect_of(type_text);
        match effect {
            Some(Effect::Cash) => cash_only_types = true,
            Some(Effect::DeliveryIn | Effect::DeliveryOut) => deliveries = true,
            Some(Effect::Buy | Effect::Sell) => trades = true,
            _ => {}
        }
        let q = qty.map(|q| q.abs()).filter(|q| !q.is_zero());
        let (action, quantity) = match effect {
            None => {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "unknown transaction type {}: the row is ignored",
                        snippet(type_text)
                    ),
                ));
                (Action::Other, Decimal::ZERO)
            }
            Some(Effect::Cash) => (Action::CashOnly, Decimal::ZERO),
            // A cash transfer between cash accounts has no shares.
            Some(Effect::TransferIn | Effect::TransferOut) if q.is_none() => {
                (Action::CashOnly, Decimal::ZERO)
            }
            Some(Effect::Buy | Effect::Sell) if q.is_none() && cash_account => {
                shareless.push(line);
                (Action::CashOnly, Decimal::ZERO)
            }
            Some(e) => {
                let Some(q) = q else {
                    row.problem(
                        shares,
                        format!("is empty but required for a {}", type_text.trim()),
                    );
                    continue;
                };
                match e {
                    Effect::Buy => (Action::Buy, q),
                    Effect::Sell => (Action::Sell, -q),
                    Effect::DeliveryIn | Effect::TransferIn => (Action::Transfer, q),
                    _ => (Action::Transfer, -q),
                }
            }
        };
        if !quantity.is_zero() && sec.symbol.is_none() && sec.isin.is_none() && sec.cusip.is_none()
        {
            row.problem(
                ids.first(),
                "no ISIN, Ticker Symbol or WKN on a row that moves shares",
            );
            continue;
        }
        if !sec.ok {
            continue;
        }
        if sec.wkn_only && !quantity.is_zero() && !wkn_warned {
            wkn_warned = true;
            warnings.push(Warning::at(
                line,
                format!(
                    "{} has only a WKN: it is kept as the symbol, but deals are matched by ticker, ISIN or CUSIP",
                    sec.symbol.as_deref().unwrap_or("")
                ),
            ));
        }
        let text = |row: &Row, c: Option<usize>| c.and_then(|c| row.opt_text(c));
        let booking = text(&row, currency).map(|c| c.to_ascii_uppercase());
        let forex = text(&row, gross_currency)
            .map(|c| c.to_ascii_uppercase())
            .filter(|_| gross_v.is_some());
        if let Some(b) = &booking {
            if !bookings.contains(b) {
                bookings.push(b.clone());
            }
        }
        // The gross value: in the security's currency when the booking was converted.
        let gross_value = match (&forex, gross_v) {
            (Some(_), Some(g)) => Some(g.abs()),
            _ => amount.and_then(|a| match action {
                Action::Buy => a.abs().checked_sub(costs),
                Action::Sell => a.abs().checked_add(costs),
                _ => None,
            }),
        };
        let price = gross_value
            .filter(|_| matches!(action, Action::Buy | Action::Sell))
            .and_then(|g| g.checked_div(quantity.abs()))
            .map(|p| p.round_dp(6))
            .filter(|p| p.is_sign_positive() && !p.is_zero());
        let stated = match (&forex, &booking, rate_v) {
            (Some(f), Some(b), Some(r)) if f != b && r.is_sign_positive() && !r.is_zero() => {
                Some(StatedRate {
                    from: f.clone(),
                    to: b.clone(),
                    rate: r,
                    date: day,
                    line,
                })
            }
            _ => None,
        };
        txs.push(Transaction {
            line,
            date: day,
            account: text(&row, account),
            symbol: sec.symbol,
            isin: sec.isin,
            cusip: sec.cusip,
            name: sec.name,
            asset_class: None,
            action,
            quantity,
            price,
            amount,
            // The security's currency when the booking was converted, else the booking's.
            currency: forex
                .or_else(|| text(&row, gross_currency).map(|c| c.to_ascii_uppercase()))
                .or(booking),
            rate: stated,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(first) = shareless.first() {
        warnings.push(Warning::at(
            *first,
            format!(
                "Buy/Sell without shares on line{} {} (a cash account's export from an older Portfolio Performance): no shares are moved for {}; the securities account's (Depot) export has them",
                if shareless.len() == 1 { "" } else { "s" },
                shareless.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
                if shareless.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    // Only PP's own export (it has the gross amount column) is one file per account.
    let export = table.find(GROSS).is_some();
    if export && cash_only_types && trades && !deliveries {
        warnings.push(Warning {
            line: None,
            message: "this is the export of a cash account (Konto): securities delivered in or out (Einlieferung/Auslieferung) are only in the securities account's (Depot) export, so positions may be incomplete".to_string(),
        });
    }
    let mut parsed = Parsed::transactions(txs);
    parsed.warnings = warnings;
    if bookings.len() == 1 {
        parsed.account_currency = bookings.pop();
    }
    Ok(parsed)
}

fn parse_holdings(table: &Table, delimiter: u8) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let (Some(value), Some(shares)) = (table.find(VALUE), table.find(SHARES)) else {
        return Err(vec![Problem::at(
            &table.file,
            table.header_line,
            "the header has no Value (Wert) or Shares (Stück) column",
        )]);
    };
    let quote = table.find(QUOTE);
    let currency = table.find(CURRENCY);
    let account = table.find(SECURITIES_ACCOUNT).or(table.find(CASH_ACCOUNT));
    let date = table.find(DATE_VALUE).or(table.find(DATE));
    let ids = IdCols::new(table);
    let numbers = number_format(table, delimiter, &[Some(value), Some(shares), quote])?;
    let mut holdings = Vec::new();
    let mut warnings = Vec::new();
    let mut dates = Vec::new();
    let mut currencies: Vec<String> = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        let sec = ids.read(&mut row);
        let qty = number(&mut row, Some(shares), numbers);
        let mv = number(&mut row, Some(value), numbers);
        let px = number(&mut row, quote, numbers);
        let day = match date {
            Some(c) => row.date_in(c, DATES).map_err(|_| ()),
            None => Ok(None),
        };
        let (Ok(qty), Ok(mv), Ok(px), Ok(day)) = (qty, mv, px, day) else {
            continue;
        };
        if sec.symbol.is_none() && sec.isin.is_none() && sec.cusip.is_none() {
            row.problem(ids.first(), "no ISIN, Ticker Symbol or WKN on this row");
            continue;
        }
        let Some(q) = qty else {
            row.problem(shares, "is empty but required");
            continue;
        };
        if mv.is_none() {
            row.problem(value, "is empty but required");
            continue;
        }
        if !sec.ok {
            continue;
        }
        if sec.wkn_only {
            warnings.push(Warning::at(
                line,
                format!(
                    "{} has only a WKN: it is kept as the symbol, but deals are matched by ticker, ISIN or CUSIP",
                    sec.symbol.as_deref().unwrap_or("")
                ),
            ));
        }
        dates.push(day);
        let text = |row: &Row, c: Option<usize>| c.and_then(|c| row.opt_text(c));
        if let Some(c) = text(&row, currency).map(|c| c.to_ascii_uppercase()) {
            if !currencies.contains(&c) {
                currencies.push(c);
            }
        }
        holdings.push(Holding {
            account: text(&row, account),
            symbol: sec.symbol,
            isin: sec.isin,
            cusip: sec.cusip,
            name: sec.name,
            asset_class: None,
            quantity: q,
            price: px,
            // PP books the position at this value (`CSVPortfolioExtractor`): its absolute amount.
            market_value: mv.map(|v| v.abs()),
            currency: text(&row, currency).map(|c| c.to_ascii_uppercase()),
            line,
            stated: Default::default(),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut parsed = Parsed::positions(holdings);
    parsed.warnings = warnings;
    if currencies.len() == 1 {
        parsed.account_currency = currencies.pop();
    }
    if let Some(Some(first)) = dates.first() {
        if dates.iter().all(|d| *d == Some(*first)) {
            parsed.as_of = Some(*first);
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_labels_in_every_language() {
        assert_eq!(effect_of("Kauf"), Some(Effect::Buy));
        assert_eq!(effect_of("Delivery (Inbound)"), Some(Effect::DeliveryIn));
        assert_eq!(effect_of("DELIVERY_OUTBOUND"), Some(Effect::DeliveryOut));
        assert_eq!(effect_of("Umbuchung (Eingang)"), Some(Effect::TransferIn));
        assert_eq!(effect_of("Removal"), Some(Effect::Cash));
        assert_eq!(effect_of("Dividende"), Some(Effect::Cash));
        assert_eq!(effect_of("Inkomende levering"), Some(Effect::DeliveryIn));
        assert_eq!(effect_of("Spin-off"), None);
    }
}
