//! Reading documents: files, standard input and JSONL records, with UTF-8
//! checked and errors that name the input and position.

use std::fmt;
use std::io::Read;
use std::path::Path;

use dyad_doc::{Doc, Meta, NaiveDate};

/// An input problem: reported with exit code 3.
#[derive(Debug)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Read all bytes of `path`, or of standard input when it is `-`.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| InputError(format!("<stdin>: {e}")))?;
    } else {
        buf = std::fs::read(path).map_err(|e| InputError(format!("{}: {e}", path.display())))?;
    }
    Ok(buf)
}

/// Decoded text plus what lossy decoding replaced.
pub struct Decoded {
    pub text: String,
    /// (number of invalid sequences replaced, byte offset of the first).
    pub replaced: Option<(usize, usize)>,
}

/// Decode UTF-8. Strict mode fails naming the byte offset, line and column
/// of the first invalid sequence; lossy mode replaces invalid sequences with
/// U+FFFD and counts them.
pub fn decode(bytes: Vec<u8>, origin: &str, lossy: bool) -> Result<Decoded, InputError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            replaced: None,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if !lossy {
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                return Err(InputError(format!(
                    "{origin}: invalid UTF-8 at byte {at} (line {line}, byte {} of the line); \
                     use --lossy to replace invalid bytes",
                    at - line_start + 1
                )));
            }
            let mut count = 0;
            let mut rest = &bytes[..];
            while !rest.is_empty() {
                match std::str::from_utf8(rest) {
                    Ok(_) => break,
                    Err(e) => {
                        count += 1;
                        let skip =
                            e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                        rest = &rest[skip..];
                    }
                }
            }
            Ok(Decoded {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                replaced: Some((count, at)),
            })
        }
    }
}

/// Parse a `YYYY-MM-DD` date (a longer ISO timestamp is cut to its date).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD"))
}

/// Make a document from decoded text, noting lossy replacement.
pub fn make_doc(decoded: Decoded, meta: Meta) -> Doc {
    let mut doc = Doc::new(decoded.text, meta);
    if let Some((n, at)) = decoded.replaced {
        doc.note(
            "input",
            None,
            format!(
                "input was not valid UTF-8: {n} invalid sequence(s) replaced by U+FFFD, \
                 the first at input byte {at}"
            ),
        );
    }
    doc
}

/// One JSONL input record.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub id: Option<serde_json::Value>,
    pub text: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// Parse one JSONL line (1-based `line` for messages) into a document.
pub fn record_doc(bytes: &[u8], origin: &str, line: usize, lossy: bool) -> Result<Doc, InputError> {
    let decoded = decode(bytes.to_vec(), &format!("{origin}:{line}"), lossy)?;
    let rec: Record = serde_json::from_str(&decoded.text)
        .map_err(|e| InputError(format!("{origin}:{line}: malformed record: {e}")))?;
    let date = match rec.date.as_deref() {
        None | Some("") => None,
        Some(d) => Some(parse_date(d).map_err(|e| InputError(format!("{origin}:{line}: {e}")))?),
    };
    let id = match rec.id {
        None => format!("{line}"),
        Some(serde_json::Value::String(s)) => s,
        Some(v) => v.to_string(),
    };
    let meta = Meta {
        id,
        date,
        title: rec.title,
        url: rec.url,
        source: rec.source,
    };
    Ok(make_doc(
        Decoded {
            text: rec.text,
            replaced: decoded.replaced,
        },
        meta,
    ))
}
