//! DEGIRO `Transactions.csv` (Inbox → Transactions → CSV): one line per fill, signed quantity
//! (negative = sale), `DD-MM-YYYY` dates, headers in the account's language.
//!
//! Current layout (NL): `Datum,Tijd,Product,ISIN,Beurs,Uitvoeringsplaats,Aantal,Koers,,Lokale
//! waarde,,Waarde EUR,Wisselkoers,AutoFX Kosten,Transactiekosten en/of kosten van derden
//! EUR,Totaal EUR,Order ID,`; the older one has a currency column after every amount
//! (`...,Wert,,Wechselkurs,Transaktionsgebühren,,Gesamt,,Order-ID`). Here the NAMED column holds
//! the amount and the unnamed one after it the currency. Decimal comma in most languages, point
//! in some (worked out per file).
//!
//! A known defect of DEGIRO exports wraps the Order Id onto a continuation line
//! (`,,,,,,,,,,,b017-a61a6d03c3e7`); such lines carry nothing else and are skipped.
//!
//! The account's currency is named by the value column (`Waarde EUR`, `Totaal EUR`; in the
//! older layout the currency cell after `Wert`). `Wisselkoers` is the rate of the row's
//! conversion: 1 EUR = rate USD (`Lokale waarde` 435,60 USD, `Waarde EUR` 375,52, rate 1,1600:
//! 435,60 / 1,16 = 375,52). London lines state it the other way, per penny (38270 GBX,
//! 457,05 EUR, rate 0,0119 EUR per GBX), so each row's direction is the one that turns its
//! local value into its account value; pence rates become rates per pound.

use rust_decimal::Decimal;

use super::degiro_portfolio::{detect_number_format, number_cell, pence_to_pounds, rate_direction};
use super::toolkit::{classify_identifier, Columns};
use super::{Action, Format, Parsed, Source, StatedRate, Transaction, Warning};
use crate::diag::Problem;
use crate::money::NumberFormat;
use crate::table::{same_header, Recorded, Records};

pub struct DegiroTransactions;

const DATE: &[&str] = &["Datum", "Date", "Fecha", "Data"];
const PRODUCT: &[&str] = &[
    "Product", "Produkt", "Producto", "Produit", "Prodotto", "Produto",
];
const ISIN: &[&str] = &["ISIN", "Code ISIN"];
/// The exchange columns: Transactions.csv has them, the Account.csv statement does not.
const EXCHANGE: &[&str] = &[
    "Beurs",
    "Reference exchange",
    "Reference",
    "Referenzbörse",
    "Bolsa de referencia",
    "Bourse de référence",
    "Borsa di riferimento",
    "Bolsa de referência",
];
const QUANTITY: &[&str] = &[
    "Aantal",
    "Quantity",
    "Anzahl",
    "Número",
    "Cantidad",
    "Quantité",
    "Quantità",
    "Quantidade",
];
const PRICE: &[&str] = &[
    "Koers",
    "Price",
    "Kurs",
    "Precio",
    "Cours",
    "Quotazione",
    "Preço",
];
const LOCAL_VALUE: &[&str] = &[
    "Lokale waarde",
    "Local value",
    "Wert in Lokalwährung",
    "Valor local",
    "Valeur locale",
    "Valore locale",
];

/// `<word> XXX`: the value in the account's currency (`Waarde EUR`); alone (older layout), the
/// same, with its currency in the unnamed column after it (`Wert,,`).
const VALUE_WORDS: &[&str] = &[
    "Waarde",
    "Value",
    "Wert",
    "Valor",
    "Valeur",
    "Valore",
    "Wartość",
];
/// `<word> XXX`: the total in the account's currency (`Totaal EUR`), fees included.
const TOTAL_WORDS: &[&str] = &["Totaal", "Total", "Gesamt", "Totale"];
const RATE: &[&str] = &[
    "Wisselkoers",
    "Exchange rate",
    "Wechselkurs",
    "Tipo de cambio",
    "Taux de change",
    "Tasso di cambio",
    "Taxa de câmbio",
    "Kurs wymiany",
];

/// `Waarde EUR` → `EUR` when `words` has `Waarde`.
fn account_code<'a>(header: &'a str, words: &[&str]) -> Option<&'a str> {
    let (word, code) = header.trim().rsplit_once(' ')?;
    let code = code.trim();
    (words.iter().any(|w| same_header(word, w)) && is_code(code)).then_some(code)
}

fn is_code(s: &str) -> bool {
    s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase())
}

/// The execution venue column (detection only: parsing does not need it).
const VENUE: &[&str] = &[
    "Uitvoeringsplaats",
    "Venue",
    "Execution venue",
    "Ausführungsort",
    "Centro de ejecución",
    "Lieu d'exécution",
    "Sede di esecuzione",
    "Local de execução",
];

/// The header row; `strict` (detection) also wants the venue column.
fn header_row(records: &Records, strict: bool) -> Option<usize> {
    (0..records.len().min(5)).find(|&i| {
        let rec = records.record(i);
        let has = |names: &[&str]| rec.iter().any(|c| names.iter().any(|n| same_header(c, n)));
        DATE.iter()
            .any(|n| same_header(rec.get(0).unwrap_or(""), n))
            && has(PRODUCT)
            && has(ISIN)
            && has(EXCHANGE)
            && has(QUANTITY)
            && has(PRICE)
            && (!strict || has(VENUE))
    })
}

impl Format for DegiroTransactions {
    fn name(&self) -> &'static str {
        "degiro-transactions"
    }

    fn label(&self) -> &'static str {
        "DEGIRO Transactions.csv"
    }

    fn detect(&self, source: &Source) -> bool {
        source
            .records()
            .map(|r| header_row(r, true).is_some())
            .unwrap_or(false)
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header_row(records, false) else {
            return Err(vec![Problem::at(
                &source.file,
                records.first().map(|r| r.0).unwrap_or(1),
                "no DEGIRO Transactions header (Date, Product, ISIN, Reference exchange, Quantity, Price)",
            )]);
        };
        let table = records.table(h, records.len());
        let mut cols = Columns::new(&table);
        let date = cols.required(DATE);
        let product = cols.required(PRODUCT);
        let isin = cols.required(ISIN);
        let quantity = cols.required(QUANTITY);
        let price = cols.required(PRICE);
        cols.finish()?;
        let local = table.find(LOCAL_VALUE);
        // The currency sits in the unnamed column after an amount.
        let currency_after = |c: usize| {
            table
                .headers
                .get(c + 1)
                .filter(|h| h.trim().is_empty())
                .map(|_| c + 1)
        };
        let price_currency = currency_after(price);
        let local_currency = local.and_then(currency_after);
        // The value in the account's currency and the currency: `Waarde EUR`; else the older
        // `Wert` and the currency cell after it; `Totaal EUR` names the currency too.
        let named = |words: &[&str]| {
            table
                .headers
                .iter()
                .enumerate()
                .find_map(|(i, h)| Some((i, account_code(h, words)?.to_string())))
        };
        let (account_value, mut account) = match named(VALUE_WORDS) {
            Some((c, code)) => (Some((c, None)), Some(code)),
            None => (
                table
                    .find(VALUE_WORDS)
                    .and_then(|c| Some((c, Some(currency_after(c)?)))),
                named(TOTAL_WORDS).map(|(_, code)| code),
            ),
        };
        let rate = table.find(RATE);
        // Older layout: the currency cells of the value column, which should agree.
        let mut stated_codes: Vec<String> = Vec::new();
        let format = detect_number_format(
            table.iter().flat_map(|(_, rec)| {
                [Some(price), local]
                    .into_iter()
                    .flatten()
                    .filter_map(move |c| rec.get(c))
            }),
            NumberFormat::CommaDecimal,
        );

        let mut problems = Vec::new();
        let mut transactions = Vec::new();
        let mut warnings = Vec::new();
        for i in 0..table.len() {
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            let filled = row.record.iter().filter(|c| !c.trim().is_empty()).count();
            if row.text(date).is_empty()
                && row.text(product).is_empty()
                && row.text(isin).is_empty()
                && row.text(quantity).is_empty()
                && filled == 1
            {
                // The rest of the previous line's Order Id, wrapped by the export.
                continue;
            }
            let day = match row.date_in(date, &["%d-%m-%Y"]) {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    row.problem(date, "is empty but required");
                    None
                }
                Err(Recorded) => None,
            };
            let id = classify_identifier(row.text(isin));
            let name = row.opt_text(product);
            if id.isin.is_none() && id.symbol.is_none() && id.cusip.is_none() {
                row.problem(isin, "is empty but required");
            }
            let qty = match number_cell(&mut row, quantity, format) {
                Ok(Some(q)) => Some(q),
                Ok(None) => {
                    row.problem(quantity, "is empty but required");
                    None
                }
                Err(Recorded) => None,
            };
            let px = number_cell(&mut row, price, format);
            let amount = match local {
                Some(c) => number_cell(&mut row, c, format),
                None => Ok(None),
            };
            let currency = price_currency
                .or(local_currency)
                .and_then(|c| row.opt_text(c))
                .map(|c| c.to_ascii_uppercase());
            let stated = match account_value {
                Some((c, _)) => number_cell(&mut row, c, format),
                None => Ok(None),
            };
            let stated_code = account_value
                .and_then(|(_, c)| c)
                .and_then(|c| row.opt_text(c))
                .filter(|c| is_code(c));
            if let Some(code) = &stated_code {
                if !stated_codes.contains(code) {
                    stated_codes.push(code.clone());
                }
            }
            let rate_cell = match rate {
                Some(c) => number_cell(&mut row, c, format),
                None => Ok(None),
            };
            let (Some(day), Some(qty), Ok(px), Ok(amount), Ok(stated), Ok(rate_cell)) =
                (day, qty, px, amount, stated, rate_cell)
            else {
                continue;
            };
            let to = account.as_deref().or(stated_code.as_deref());
            let rate = match (rate_cell, currency.as_deref(), to) {
                (Some(r), Some(local), Some(to)) => {
                    let values = amount.zip(stated);
                    match stated_rate(r, local, to, values) {
                        Ok(rate) => rate.map(|(from, to, rate)| StatedRate {
                            from,
                            to,
                            rate,
                            date: Some(day),
                            line,
                        }),
                        Err(why) => {
                            warnings.push(Warning::at(line, why));
                            None
                        }
                    }
                }
                _ => None,
            };
            let action = if qty.is_sign_positive() && !qty.is_zero() {
                Action::Buy
            } else if qty.is_sign_negative() {
                Action::Sell
            } else {
                warnings.push(Warning::at(
                    line,
                    "a transaction with quantity 0 changes no position (ignored)",
                ));
                Action::Other
            };
            let (px, amount, currency) = pence_to_pounds(px, amount, currency);
            let mut t = Transaction::new(line, action, qty);
            t.date = Some(day);
            t.symbol = id.symbol;
            t.isin = id.isin;
            t.cusip = id.cusip;
            t.name = name;
            t.price = px;
            t.amount = amount;
            t.currency = currency;
            t.rate = rate;
            transactions.push(t);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if account.is_none() && stated_codes.len() == 1 {
            account = stated_codes.pop();
        }
        let mut parsed = Parsed::transactions(transactions);
        parsed.warnings = warnings;
        parsed.account_currency = account;
        Ok(parsed)
    }
}

/// A row's `Wisselkoers` `rate` between its `local` currency and the account's (`account`), as
/// (from, to, rate), from one pound for pence: the direction that turns the row's local value
/// into its account value (`values`, both as the row states them), DEGIRO's usual 1 EUR = rate
/// USD when the row has no values to tell. `None` for a row in the account's currency; `Err`
/// (a warning) when the rate turns neither value into the other.
fn stated_rate(
    rate: Decimal,
    local: &str,
    account: &str,
    values: Option<(Decimal, Decimal)>,
) -> Result<Option<(String, String, Decimal)>, String> {
    let (code, per_pound) = match local {
        "GBX" | "GBp" => ("GBP", Decimal::ONE_HUNDRED),
        c => (c, Decimal::ONE),
    };
    if code == account {
        return Ok(None);
    }
    if rate.is_sign_negative() || rate.is_zero() {
        return Err(format!(
            "the exchange rate {rate} is not a rate (it must be more than 0): it is not used"
        ));
    }
    // Forward: 1 account = rate local; backward: 1 local = rate account.
    let forward = match values {
        Some((l, a)) if !l.is_zero() && !a.is_zero() => {
            rate_direction(l, a, rate).ok_or_else(|| {
                format!(
                    "the exchange rate {rate} turns the local value {} {local} into neither {} {account} nor its inverse: it is not used",
                    l.abs(),
                    a.abs()
                )
            })?
        }
        _ => true,
    };
    Ok(Some(if forward {
        (account.to_string(), code.to_string(), rate / per_pound)
    } else {
        (code.to_string(), account.to_string(), rate * per_pound)
    }))
}
