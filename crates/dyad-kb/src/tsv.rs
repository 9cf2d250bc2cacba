//! The KB's TSV reader: `#` comments, a `#@source` default, a header line,
//! TAB-separated fields.

use crate::error::KbError;

/// One data row.
pub(crate) struct Row<'a> {
    /// 1-based line number.
    pub line: usize,
    /// Fields, padded with empty strings to the header's width.
    pub fields: Vec<&'a str>,
    /// The row's source note (its own column, or the file default).
    pub source: String,
}

/// A parsed TSV file.
pub(crate) struct Table<'a> {
    /// Column names.
    pub header: Vec<&'a str>,
    /// 1-based line of the header.
    pub header_line: usize,
    /// Data rows.
    pub rows: Vec<Row<'a>>,
}

/// Read `text` (named `file` in errors). The header must contain a `source`
/// column; every row must end up with a source note.
pub(crate) fn read<'a>(file: &str, text: &'a str) -> Result<Table<'a>, KbError> {
    let mut default_source: Option<String> = None;
    let mut header: Option<Vec<&'a str>> = None;
    let mut header_line = 0;
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = l.strip_prefix("#@source") {
            let s = rest.trim();
            if s.is_empty() {
                return Err(KbError::syntax(file, line, "empty #@source note"));
            }
            default_source = Some(s.to_string());
            continue;
        }
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let fields: Vec<&'a str> = l.split('\t').map(str::trim).collect();
        let Some(h) = &header else {
            if !fields.contains(&"source") {
                return Err(KbError::syntax(
                    file,
                    line,
                    "header line has no `source` column",
                ));
            }
            header = Some(fields);
            header_line = line;
            continue;
        };
        if fields.len() > h.len() {
            return Err(KbError::syntax(
                file,
                line,
                format!(
                    "{} fields but the header has {} (a TAB too many?)",
                    fields.len(),
                    h.len()
                ),
            ));
        }
        let mut fields = fields;
        fields.resize(h.len(), "");
        let si = h.iter().position(|c| *c == "source").unwrap_or(0);
        let source = if fields[si].is_empty() {
            match &default_source {
                Some(s) => s.clone(),
                None => {
                    return Err(KbError::syntax(
                        file,
                        line,
                        "entry has no source note (fill the `source` column or add a `#@source` line)",
                    ));
                }
            }
        } else {
            fields[si].to_string()
        };
        rows.push(Row {
            line,
            fields,
            source,
        });
    }
    let header = header.ok_or_else(|| KbError::syntax(file, 1, "no header line"))?;
    Ok(Table {
        header,
        header_line,
        rows,
    })
}

/// Split a `|`-separated multi-value field, dropping empty items.
pub(crate) fn multi(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}
