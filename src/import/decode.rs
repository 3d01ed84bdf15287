//! Bytes to text. Exports come as UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode
//! text", some DEGIRO and IBKR downloads) or Windows-1252 (older Excel "CSV"); binary files are
//! refused rather than parsed as garbage.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::Warning;
use crate::diag::Problem;

/// Takes the bytes by value so that a large UTF-8 file becomes its `String` without a copy.
pub fn decode(file: &str, mut owned: Vec<u8>) -> Result<(String, Vec<Warning>), Problem> {
    if owned.starts_with(&[0xEF, 0xBB, 0xBF]) {
        owned.drain(..3);
    }
    let owned = match String::from_utf8(owned) {
        Ok(text) if !text.contains('\0') => {
            return if text.trim().is_empty() {
                Err(Problem::file(file, "the file is empty"))
            } else {
                Ok((text, Vec::new()))
            };
        }
        Ok(text) => text.into_bytes(),
        Err(e) => e.into_bytes(),
    };
    let bytes = owned.as_slice();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::file(file, "the file is empty"));
    }
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        UTF_16LE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else {
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        match std::str::from_utf8(body) {
            Ok(t) => t.to_string(),
            Err(e) => {
                let at = e.valid_up_to();
                if looks_binary(body) {
                    return Err(binary(file, body, at));
                }
                let line = body[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
                warnings.push(Warning::at(
                    line,
                    format!("the file is not UTF-8 (byte 0x{:02X} on this line); read it as Windows-1252", body[at]),
                ));
                WINDOWS_1252
                    .decode_without_bom_handling(body)
                    .0
                    .into_owned()
            }
        }
    };
    if text.contains('\0') {
        let at = text.find('\0').unwrap_or(0);
        return Err(binary(file, text.as_bytes(), at));
    }
    Ok((text, warnings))
}

/// Control bytes other than tab/CR/LF/FF mean "not a text file".
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    control > 0 && control * 100 / sample.len().max(1) >= 1
}

fn binary(file: &str, bytes: &[u8], at: usize) -> Problem {
    let line = bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1;
    Problem::at(
        file,
        line,
        "this is not a text (CSV) file: it contains binary data; export the positions or history as CSV from your broker",
    )
}
