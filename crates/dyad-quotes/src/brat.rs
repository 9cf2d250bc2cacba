//! Reading PolNeAR: article texts and brat standoff attribution files.
//!
//! Layout (as shipped in `polnear/{train,dev}`): `text/NAME.txt` holds an
//! article, `attributions/NAME_ANNOTATOR.ann` one annotator's attributions,
//! and `../metadata.tsv` lists the annotators of each article (pipe-separated;
//! the first listed is used). Spans are code-point offsets, end-exclusive,
//! fragments joined by `;`. `T` lines hold spans (`Source`, `Cue`, `Content`,
//! `Attribution`, `Attribution-no-source`, `Discuss`); `E` lines link them
//! (`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`, sometimes with a
//! second `Content2:` part).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// An error reading PolNeAR files.
#[derive(Debug, thiserror::Error)]
pub enum BratError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line could not be parsed.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No annotation file was found for an article.
    #[error("{path}: no attribution file for this article")]
    Missing {
        /// The article's text file.
        path: PathBuf,
    },
}

/// A gold attribution: each role is a list of code-point ranges
/// (`start..end`, end-exclusive), in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldAttribution {
    /// Source fragments (empty when the attribution has no source).
    pub source: Vec<(usize, usize)>,
    /// Cue fragments.
    pub cue: Vec<(usize, usize)>,
    /// Content fragments.
    pub content: Vec<(usize, usize)>,
}

/// One article with its gold attributions.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    /// File stem of the article.
    pub name: String,
    /// The article text.
    pub text: String,
    /// Gold attributions of the chosen annotator.
    pub attributions: Vec<GoldAttribution>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BratError + '_ {
    move |source| BratError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Parse the text of one `.ann` file (`path` is only used in errors).
pub fn parse_ann(path: &Path, ann: &str) -> Result<Vec<GoldAttribution>, BratError> {
    let err = |line: usize, message: String| BratError::Parse {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut spans: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut events: Vec<(usize, &str)> = Vec::new();
    for (i, line) in ann.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let id = parts.next().unwrap_or("");
        // The text field of a span may hold newlines: lines that do not
        // start with an annotation id continue the previous line's text.
        let is_id = id.len() > 1
            && id.as_bytes()[0].is_ascii_uppercase()
            && id[1..].bytes().all(|b| b.is_ascii_digit());
        if !is_id {
            continue;
        }
        let body = parts
            .next()
            .ok_or_else(|| err(n, "missing tab-separated fields".into()))?;
        if id.starts_with('T') {
            let (_, offsets) = body
                .split_once(' ')
                .ok_or_else(|| err(n, format!("no offsets in {body:?}")))?;
            let mut frags = Vec::new();
            for frag in offsets.split(';') {
                let mut it = frag.split_whitespace();
                let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
                    return Err(err(n, format!("bad fragment {frag:?}")));
                };
                let a: usize = a.parse().map_err(|_| err(n, format!("bad offset {a:?}")))?;
                let b: usize = b.parse().map_err(|_| err(n, format!("bad offset {b:?}")))?;
                if a > b {
                    return Err(err(n, format!("inverted fragment {a} {b}")));
                }
                frags.push((a, b));
            }
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            events.push((n, body));
        }
    }
    let mut out = Vec::with_capacity(events.len());
    for (n, body) in events {
        let mut att = GoldAttribution::default();
        for arg in body.split_whitespace() {
            let (role, tid) = arg
                .split_once(':')
                .ok_or_else(|| err(n, format!("bad argument {arg:?}")))?;
            let frags = spans
                .get(tid)
                .ok_or_else(|| err(n, format!("unknown span id {tid}")))?;
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            match role {
                "Source" => att.source.extend_from_slice(frags),
                "Cue" => att.cue.extend_from_slice(frags),
                "Content" => att.content.extend_from_slice(frags),
                _ => {}
            }
        }
        out.push(att);
    }
    Ok(out)
}

/// First annotator listed for each article in `metadata.tsv`.
pub fn read_metadata(path: &Path) -> Result<HashMap<String, String>, BratError> {
    let text = fs::read_to_string(path).map_err(io(path))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| BratError::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: format!("no column {name:?}"),
            })
    };
    let (fcol, acol) = (col("filename")?, col("annotators")?);
    let mut map = HashMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if let (Some(f), Some(a)) = (cells.get(fcol), cells.get(acol)) {
            let first = a.split('|').next().unwrap_or("").trim();
            if !first.is_empty() {
                map.insert(f.to_string(), first.to_string());
            }
        }
    }
    Ok(map)
}

/// Read every article of a PolNeAR compartment directory (`dir/text`,
/// `dir/attributions`, annotators from `dir/../metadata.tsv` when present,
/// else the alphabetically first annotation file of the article), sorted by
/// name.
pub fn read_dir(dir: &Path) -> Result<Vec<GoldArticle>, BratError> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let meta_path = dir.join("..").join("metadata.tsv");
    let meta = if meta_path.exists() {
        read_metadata(&meta_path)?
    } else {
        HashMap::new()
    };
    let mut ann_files: Vec<String> = fs::read_dir(&ann_dir)
        .map_err(io(&ann_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    ann_files.sort();
    let mut names: Vec<String> = fs::read_dir(&text_dir)
        .map_err(io(&text_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_string))
        .collect();
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let text_path = text_dir.join(format!("{name}.txt"));
        let ann_name = match meta.get(&name) {
            Some(a) => format!("{name}_{a}.ann"),
            None => {
                let prefix = format!("{name}_");
                ann_files
                    .iter()
                    .find(|f| {
                        f.strip_prefix(&prefix)
                            .is_some_and(|rest| !rest.trim_end_matches(".ann").contains('_'))
                    })
                    .cloned()
                    .ok_or_else(|| BratError::Missing {
                        path: text_path.clone(),
                    })?
            }
        };
        let ann_path = ann_dir.join(&ann_name);
        if !ann_path.exists() {
            return Err(BratError::Missing { path: text_path });
        }
        let text = fs::read_to_string(&text_path).map_err(io(&text_path))?;
        let ann = fs::read_to_string(&ann_path).map_err(io(&ann_path))?;
        let attributions = parse_ann(&ann_path, &ann)?;
        out.push(GoldArticle {
            name,
            text,
            attributions,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_events_and_fragments() {
        let ann = "T1\tSource 0 3\tabc\nT2\tCue 4 8\tsaid\nT3\tContent 10 12;14 20\tx\n\
                   T4\tAttribution 4 8\tsaid\nT5\tContent 30 31\ty\n\
                   E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1 Content2:T5\n\
                   T6\tDiscuss 0 1\tq\n";
        let atts = parse_ann(Path::new("x.ann"), ann).unwrap();
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].source, vec![(0, 3)]);
        assert_eq!(atts[0].cue, vec![(4, 8)]);
        assert_eq!(atts[0].content, vec![(10, 12), (14, 20), (30, 31)]);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let cases = [
            ("T1\tSource x 3\tabc\n", "x.ann:1: bad offset \"x\""),
            (
                "T1\tSource 0 3\tabc\nE1\tCue:T9\n",
                "x.ann:2: unknown span id T9",
            ),
            ("T1\tSource 5 3\tabc\n", "x.ann:1: inverted fragment 5 3"),
            ("T1\n", "x.ann:1: missing tab-separated fields"),
            // A newline inside a text field is skipped, not an error.
            (
                "T1\tSource 0 3\ta\nb\nE1\tSource:T2\n",
                "x.ann:3: unknown span id T2",
            ),
        ];
        for (ann, msg) in cases {
            let e = parse_ann(Path::new("x.ann"), ann).unwrap_err();
            assert_eq!(e.to_string(), msg);
        }
    }
}
