//! Gold and silver entity data: re3d JSON lines, Universal NER IOB2, and
//! dyad's own JSON-lines format (also what `scripts/bench` writes).

use std::path::{Path, PathBuf};

use dyad_doc::{EntityLabel, Span};

/// Errors reading entity data. Each names the file and, where it applies,
/// the 1-based line.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file or folder could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{file}:{line}: {message}")]
    Format {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One document with entity annotations as byte spans of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    /// Identifier (unique within a set).
    pub id: String,
    /// The raw text.
    pub text: String,
    /// Entities, sorted by start, not overlapping.
    pub entities: Vec<(Span, EntityLabel)>,
}

fn read(path: &Path) -> Result<String, DataError> {
    let s = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        file: path.display().to_string(),
        source,
    })?;
    Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s))
}

/// Byte offset of every code-point offset of `text` (plus the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Keep the longest of overlapping entities (earlier start wins ties) and
/// sort by start.
pub(crate) fn flatten(mut ents: Vec<(Span, EntityLabel)>) -> Vec<(Span, EntityLabel)> {
    ents.sort_by_key(|(s, l)| (std::cmp::Reverse(s.len()), s.start(), *l));
    let mut kept: Vec<(Span, EntityLabel)> = Vec::with_capacity(ents.len());
    for e in ents {
        if !kept.iter().any(|k| k.0.overlaps(e.0)) && !e.0.is_empty() {
            kept.push(e);
        }
    }
    kept.sort_by_key(|(s, _)| s.start());
    kept
}

/// The dyad label for a re3d entity type: Person → PERSON,
/// Organisation → ORG, Location → GPE (re3d does not tell GPE from LOC;
/// scoring merges them), Nationality → NORP; other types are dropped.
pub fn re3d_label(kind: &str) -> Option<EntityLabel> {
    Some(match kind {
        "Person" => EntityLabel::Person,
        "Organisation" => EntityLabel::Org,
        "Location" => EntityLabel::Gpe,
        "Nationality" => EntityLabel::Norp,
        _ => return None,
    })
}

fn json_lines(path: &Path) -> Result<Vec<(usize, serde_json::Value)>, DataError> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| DataError::Format {
            file: path.display().to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push((i + 1, v));
    }
    Ok(out)
}

fn field<'a>(
    v: &'a serde_json::Value,
    name: &str,
    path: &Path,
    line: usize,
) -> Result<&'a serde_json::Value, DataError> {
    v.get(name).ok_or_else(|| DataError::Format {
        file: path.display().to_string(),
        line,
        message: format!("missing field {name:?}"),
    })
}

fn bad(path: &Path, line: usize, message: impl Into<String>) -> DataError {
    DataError::Format {
        file: path.display().to_string(),
        line,
        message: message.into(),
    }
}

/// A re3d document while loading: id, text, entities as code-point ranges.
type Re3dDoc = (String, String, Vec<(usize, usize, EntityLabel)>);

/// Load every re3d source folder under `dir` (each with `documents.json`
/// and `entities.json`). Documents come sorted by folder, then `_id`;
/// ids are `folder/_id`. Overlapping entities are flattened (longest kept).
pub fn load_re3d(dir: &Path) -> Result<Vec<GoldDoc>, DataError> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| DataError::Io {
            file: dir.display().to_string(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("documents.json").is_file())
        .collect();
    folders.sort();
    let mut out = Vec::new();
    for f in folders {
        let folder = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dpath = f.join("documents.json");
        let mut docs: Vec<Re3dDoc> = Vec::new();
        for (line, v) in json_lines(&dpath)? {
            let id = field(&v, "_id", &dpath, line)?
                .as_str()
                .ok_or_else(|| bad(&dpath, line, "_id is not a string"))?;
            let text = field(&v, "text", &dpath, line)?
                .as_str()
                .ok_or_else(|| bad(&dpath, line, "text is not a string"))?;
            docs.push((id.to_string(), text.to_string(), Vec::new()));
        }
        docs.sort_by(|a, b| a.0.cmp(&b.0));
        let epath = f.join("entities.json");
        for (line, v) in json_lines(&epath)? {
            let doc = field(&v, "documentId", &epath, line)?
                .as_str()
                .unwrap_or("");
            let kind = field(&v, "type", &epath, line)?.as_str().unwrap_or("");
            let (Some(b), Some(e)) = (
                field(&v, "begin", &epath, line)?.as_u64(),
                field(&v, "end", &epath, line)?.as_u64(),
            ) else {
                return Err(bad(&epath, line, "begin/end are not numbers"));
            };
            let Some(label) = re3d_label(kind) else {
                continue;
            };
            let Ok(k) = docs.binary_search_by(|d| d.0.as_str().cmp(doc)) else {
                return Err(bad(&epath, line, format!("unknown document {doc:?}")));
            };
            docs[k].2.push((b as usize, e as usize, label));
        }
        for (id, text, ents) in docs {
            let map = char_to_byte(&text);
            let mut spans = Vec::new();
            for (b, e, l) in ents {
                if b < e && e < map.len() {
                    spans.push((Span::from_trusted(map[b], map[e]), l));
                }
            }
            out.push(GoldDoc {
                id: format!("{folder}/{id}"),
                text,
                entities: flatten(spans),
            });
        }
    }
    Ok(out)
}

/// The fixed re3d split: within each source folder, documents sorted by
/// `_id`; every fifth one (positions 2, 7, 12, …) is dev, the rest train.
pub fn re3d_split(docs: &[GoldDoc]) -> (Vec<GoldDoc>, Vec<GoldDoc>) {
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    let mut folder = "";
    let mut k = 0usize;
    for d in docs {
        let f = d.id.split('/').next().unwrap_or("");
        if f != folder {
            folder = f;
            k = 0;
        }
        if k % 5 == 2 {
            dev.push(d.clone());
        } else {
            train.push(d.clone());
        }
        k += 1;
    }
    (train, dev)
}

/// Load a Universal NER IOB2 file: one document per sentence, text from
/// `# text = …`, tokens aligned to it in order. `PER` → PERSON, `ORG` →
/// ORG, `LOC` → GPE (scoring merges GPE, LOC and FAC); `OTH`, stray `B-O`
/// and anything else are treated as O. Returns the documents and the
/// number of tokens that could not be aligned (their entities are dropped).
pub fn load_iob2(path: &Path) -> Result<(Vec<GoldDoc>, usize), DataError> {
    let text = read(path)?;
    let mut out = Vec::new();
    let mut unaligned = 0;
    let mut id = String::new();
    let mut sent: Option<String> = None;
    let mut rows: Vec<(String, String, usize)> = Vec::new();
    let mut flush =
        |id: &str, sent: &mut Option<String>, rows: &mut Vec<(String, String, usize)>| {
            if let Some(t) = sent.take() {
                let (doc, u) = iob_doc(id, t, rows);
                unaligned += u;
                out.push(doc);
            }
            rows.clear();
        };
    for (i, line) in text.lines().enumerate() {
        if let Some(s) = line.strip_prefix("# sent_id = ") {
            id = s.to_string();
        } else if let Some(s) = line.strip_prefix("# text = ") {
            sent = Some(s.to_string());
        } else if line.starts_with('#') {
        } else if line.trim().is_empty() {
            flush(&id, &mut sent, &mut rows);
        } else {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                return Err(bad(
                    path,
                    i + 1,
                    "expected at least 3 tab-separated columns",
                ));
            }
            if sent.is_none() {
                return Err(bad(path, i + 1, "token line before any '# text = '"));
            }
            rows.push((cols[1].to_string(), cols[2].to_string(), i + 1));
        }
    }
    flush(&id, &mut sent, &mut rows);
    Ok((out, unaligned))
}

fn iob_label(tag: &str) -> Option<(bool, EntityLabel)> {
    let (p, t) = tag.split_once('-')?;
    let l = match t {
        "PER" | "PERSON" => EntityLabel::Person,
        "ORG" => EntityLabel::Org,
        "LOC" | "GPE" => EntityLabel::Gpe,
        _ => return None,
    };
    match p {
        "B" => Some((true, l)),
        "I" => Some((false, l)),
        _ => None,
    }
}

fn iob_doc(id: &str, text: String, rows: &[(String, String, usize)]) -> (GoldDoc, usize) {
    let mut unaligned = 0;
    let mut pos = 0;
    let mut spans: Vec<Option<Span>> = Vec::with_capacity(rows.len());
    for (form, _, _) in rows {
        match text[pos..].find(form.as_str()) {
            Some(k) if text[pos..pos + k].trim().is_empty() => {
                spans.push(Some(Span::from_trusted(pos + k, pos + k + form.len())));
                pos += k + form.len();
            }
            _ => {
                unaligned += 1;
                spans.push(None);
            }
        }
    }
    let mut ents = Vec::new();
    let mut open: Option<(Span, EntityLabel, bool)> = None;
    for (i, (_, tag, _)) in rows.iter().enumerate() {
        let lab = iob_label(tag);
        match (lab, open.as_mut()) {
            (Some((false, l)), Some((s, ol, ok))) if *ol == l => {
                match spans[i] {
                    Some(sp) => *s = s.cover(sp),
                    None => *ok = false,
                }
                continue;
            }
            _ => {}
        }
        if let Some((s, l, ok)) = open.take()
            && ok
        {
            ents.push((s, l));
        }
        if let Some((_, l)) = lab {
            // A stray I- opens an entity too (IOB2 repair).
            open = match spans[i] {
                Some(sp) => Some((sp, l, true)),
                None => Some((Span::from_trusted(0, 0), l, false)),
            };
        }
    }
    if let Some((s, l, ok)) = open
        && ok
    {
        ents.push((s, l));
    }
    (
        GoldDoc {
            id: id.to_string(),
            text,
            entities: flatten(ents),
        },
        unaligned,
    )
}

/// Load dyad's JSON-lines entity format: one object per line,
/// `{"id": …, "text": …, "entities": [[start, end, label], …]}` with
/// code-point offsets (end exclusive) and OntoNotes-style labels; labels
/// dyad does not use (DATE, MONEY…) are dropped. This is what
/// `scripts/bench/make_silver.py` and `spacy_compare.py` write.
pub fn load_jsonl(path: &Path) -> Result<Vec<GoldDoc>, DataError> {
    let mut out = Vec::new();
    for (line, v) in json_lines(path)? {
        let id = match field(&v, "id", path, line)? {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let text = field(&v, "text", path, line)?
            .as_str()
            .ok_or_else(|| bad(path, line, "text is not a string"))?
            .to_string();
        let map = char_to_byte(&text);
        let mut ents = Vec::new();
        let list = field(&v, "entities", path, line)?
            .as_array()
            .ok_or_else(|| bad(path, line, "entities is not an array"))?;
        for e in list {
            let (Some(b), Some(en), Some(l)) = (
                e.get(0).and_then(|x| x.as_u64()),
                e.get(1).and_then(|x| x.as_u64()),
                e.get(2).and_then(|x| x.as_str()),
            ) else {
                return Err(bad(path, line, "entity is not [start, end, label]"));
            };
            let (b, en) = (b as usize, en as usize);
            if b >= en || en >= map.len() {
                return Err(bad(path, line, format!("entity [{b}, {en}] out of range")));
            }
            if let Some(l) = EntityLabel::parse(l) {
                ents.push((Span::from_trusted(map[b], map[en]), l));
            }
        }
        out.push(GoldDoc {
            id,
            text,
            entities: flatten(ents),
        });
    }
    Ok(out)
}

/// Write documents in the JSON-lines format read by [`load_jsonl`]
/// (code-point offsets).
pub fn to_jsonl(docs: &[GoldDoc]) -> String {
    let mut s = String::new();
    for d in docs {
        let ents: Vec<serde_json::Value> = d
            .entities
            .iter()
            .map(|(sp, l)| {
                let b = d.text[..sp.start()].chars().count();
                let e = b + sp.slice(&d.text).chars().count();
                serde_json::json!([b, e, l.as_str()])
            })
            .collect();
        let v = serde_json::json!({"id": d.id, "text": d.text, "entities": ents});
        s.push_str(&v.to_string());
        s.push('\n');
    }
    s
}
