//! TABARI/PETRARCH dictionary files: actors (with `+` synonyms and dated
//! `[CODE date-range]` lines) and agents (with plurals, `~` placement and
//! `!SUBST!` substitution sets).
//!
//! Format as documented in PETRARCH's `dictionaries.rst` and the TABARI
//! manual. `#` starts a comment anywhere on a line, `;` starts one after an
//! actor phrase, and lines starting with `<!` (XML-style comments) are
//! skipped. Dates are `YYYYMMDD` or `YYMMDD` (years `00`–`29` are read as
//! 20xx, the rest as 19xx); restriction limits are inclusive.
//!
//! Loading is one pass over the lines. In [`Mode::Strict`] the first
//! malformed line is an error naming file and line; in [`Mode::Lenient`]
//! malformed lines are skipped and reported in `diagnostics` (real
//! dictionaries have a few).

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{KbError, KbWarning, Loc};

/// How to treat malformed lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Fail on the first malformed line.
    Strict,
    /// Skip malformed lines and report them as diagnostics.
    Lenient,
}

/// A dictionary phrase: words joined by `_` (consecutive) or blanks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The words, upper-case as in the file.
    pub words: Vec<String>,
    /// Whether the phrase ended with `_` (the last word must end there;
    /// otherwise it is a stem, e.g. `ARGENTIN`).
    pub exact: bool,
    /// Whether blanks (allowing words in between, in agent phrases) were used.
    pub loose: bool,
}

impl Phrase {
    fn parse(s: &str) -> Option<Phrase> {
        let s = s.trim();
        if s.is_empty() || s.contains(['[', ']', '{', '}']) {
            return None;
        }
        let exact = s.ends_with('_');
        let loose = s.trim_end_matches('_').contains(' ');
        let words: Vec<String> = s
            .split(['_', ' ', '\t'])
            .filter(|w| !w.is_empty())
            .map(str::to_uppercase)
            .collect();
        (!words.is_empty()).then_some(Phrase {
            words,
            exact,
            loose,
        })
    }

    /// The phrase as plain text, words separated by single spaces.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// When a dated code applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRange {
    /// Always (a default code).
    Always,
    /// On or before the date (`<date`).
    Before(NaiveDate),
    /// On or after the date (`>date`).
    After(NaiveDate),
    /// Between the dates, inclusive (`date-date`).
    Between(NaiveDate, NaiveDate),
}

impl DateRange {
    /// Whether `date` is in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        match *self {
            DateRange::Always => true,
            DateRange::Before(d) => date <= d,
            DateRange::After(d) => date >= d,
            DateRange::Between(a, b) => a <= date && date <= b,
        }
    }
}

/// A code with its date restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The CAMEO code ("USAGOV").
    pub code: String,
    /// When it applies.
    pub range: DateRange,
}

/// One actor record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// The primary phrase.
    pub phrase: Phrase,
    /// `+` synonyms.
    pub synonyms: Vec<Phrase>,
    /// The code on the primary line: the default.
    pub code: Option<String>,
    /// Date-restricted codes, in file order (undated `[CODE]` lines too).
    pub dated: Vec<DatedCode>,
    /// Line of the primary phrase.
    pub line: usize,
}

impl ActorEntry {
    /// The code on `date`: the first restriction containing it, else the
    /// default code.
    pub fn code_on(&self, date: NaiveDate) -> Option<&str> {
        self.dated
            .iter()
            .find(|d| d.range != DateRange::Always && d.range.contains(date))
            .or_else(|| self.dated.iter().find(|d| d.range == DateRange::Always))
            .map(|d| d.code.as_str())
            .or(self.code.as_deref())
    }

    /// The primary phrase and the synonyms.
    pub fn phrases(&self) -> impl Iterator<Item = &Phrase> {
        std::iter::once(&self.phrase).chain(&self.synonyms)
    }
}

/// A parsed actor dictionary.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    /// Records in file order.
    pub entries: Vec<ActorEntry>,
    /// Lines skipped in lenient mode.
    pub diagnostics: Vec<KbWarning>,
}

/// Where an agent code goes relative to the actor code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `[~GOV]`: appended after the actor's code (`USA` + `GOV`).
    After,
    /// `[NGO~]`: placed before it.
    Before,
}

/// One agent record (after substitution sets are expanded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// The singular phrase.
    pub phrase: Phrase,
    /// Plural forms (generated or given in `{…}`).
    pub plurals: Vec<Phrase>,
    /// The agent code without `~` ("GOV").
    pub code: String,
    /// Where it goes.
    pub placement: Placement,
    /// Line in the file.
    pub line: usize,
}

/// A parsed agent dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDict {
    /// Records in file order.
    pub entries: Vec<AgentEntry>,
    /// Lines skipped in lenient mode.
    pub diagnostics: Vec<KbWarning>,
}

/// Read a dictionary file as text: UTF-8 when it is valid UTF-8, else as
/// Latin-1 (old dictionaries sometimes are), so decoding never fails; only
/// reading can. Used for every TABARI/PETRARCH dictionary file.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| e.into_bytes().iter().map(|&b| b as char).collect()))
}

fn read(path: &Path) -> Result<String, KbError> {
    read_text(path).map_err(|source| KbError::Io {
        file: path.display().to_string(),
        source,
    })
}

/// Load an actor dictionary from disk.
pub fn load_actors(path: impl AsRef<Path>, mode: Mode) -> Result<ActorDict, KbError> {
    let path = path.as_ref();
    parse_actors(&path.display().to_string(), &read(path)?, mode)
}

/// Load an agent dictionary from disk.
pub fn load_agents(path: impl AsRef<Path>, mode: Mode) -> Result<AgentDict, KbError> {
    let path = path.as_ref();
    parse_agents(&path.display().to_string(), &read(path)?, mode)
}

struct Diag<'a> {
    file: &'a str,
    mode: Mode,
    out: Vec<KbWarning>,
}

impl Diag<'_> {
    /// Strict: the error. Lenient: record it and go on.
    fn bad(&mut self, line: usize, message: String) -> Result<(), KbError> {
        match self.mode {
            Mode::Strict => Err(KbError::syntax(self.file, line, message)),
            Mode::Lenient => {
                self.out.push(KbWarning {
                    loc: Loc {
                        file: self.file.to_string(),
                        line,
                    },
                    message,
                });
                Ok(())
            }
        }
    }
}

fn strip_comment(l: &str, semicolon: bool) -> &str {
    let cut = l
        .find(|c| c == '#' || (semicolon && c == ';'))
        .unwrap_or(l.len());
    &l[..cut]
}

/// Parse a TABARI date: `YYYYMMDD` or `YYMMDD`.
fn parse_tabari_date(s: &str) -> Result<NaiveDate, String> {
    let bad = || format!("bad date {s:?} (want YYYYMMDD or YYMMDD)");
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().map_err(|_| bad())?, &s[4..]),
        6 => {
            let yy = s[..2].parse::<i32>().map_err(|_| bad())?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        _ => return Err(bad()),
    };
    let m = rest[..2].parse::<u32>().map_err(|_| bad())?;
    let d = rest[2..].parse::<u32>().map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

/// Parse the inside of `[...]`: `CODE` or `CODE <date`, `CODE >date`,
/// `CODE date-date`.
fn parse_restriction(inner: &str) -> Result<DatedCode, String> {
    let inner = inner.trim();
    let (code, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if code.is_empty() {
        return Err("empty [] code".into());
    }
    let code = code.to_uppercase();
    // Files write "< 950601" and "19950601 - 19990815" too.
    let r: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let range = match r.as_str() {
        "" => DateRange::Always,
        r => {
            if let Some(d) = r.strip_prefix('<') {
                DateRange::Before(parse_tabari_date(d)?)
            } else if let Some(d) = r.strip_prefix('>') {
                DateRange::After(parse_tabari_date(d)?)
            } else if let Some((a, b)) = r.split_once('-') {
                let (a, b) = (parse_tabari_date(a)?, parse_tabari_date(b)?);
                if b < a {
                    return Err(format!("date range {r} ends before it starts"));
                }
                DateRange::Between(a, b)
            } else {
                return Err(format!(
                    "bad date restriction {r:?} (want <date, >date or date-date)"
                ));
            }
        }
    };
    Ok(DatedCode { code, range })
}

/// Split `PHRASE [inner] [inner]…` into the phrase and the brackets'
/// insides (TABARI allows several codes on one line).
fn phrase_and_codes(s: &str) -> Result<(&str, Vec<&str>), String> {
    let Some(open) = s.find('[') else {
        return Ok((s, Vec::new()));
    };
    let phrase = &s[..open];
    let mut rest = &s[open..];
    let mut codes = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Ok((phrase, codes));
        }
        let Some(body) = rest.strip_prefix('[') else {
            return Err("text after the code".into());
        };
        let Some(close) = body.find(']') else {
            return Err("`[` without a closing `]`".into());
        };
        codes.push(&body[..close]);
        rest = &body[close + 1..];
    }
}

/// Add the codes of one line to an entry: the first undated code, before
/// any dated one, becomes the default; the rest go to `dated`.
fn add_codes(e: &mut ActorEntry, codes: Vec<DatedCode>) {
    for dc in codes {
        if dc.range == DateRange::Always && e.code.is_none() && e.dated.is_empty() {
            e.code = Some(dc.code);
        } else {
            e.dated.push(dc);
        }
    }
}

/// Parse an actor dictionary held in memory.
pub fn parse_actors(file: &str, text: &str, mode: Mode) -> Result<ActorDict, KbError> {
    let mut diag = Diag {
        file,
        mode,
        out: Vec::new(),
    };
    let mut entries: Vec<ActorEntry> = Vec::new();
    // Whether the current record may take synonyms/restrictions (false after
    // a malformed primary line in lenient mode).
    let mut open = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim_start().starts_with("<!") {
            continue;
        }
        let l = strip_comment(raw, true).trim_end();
        if l.trim().is_empty() {
            continue;
        }
        let indented = l.starts_with([' ', '\t']);
        let t = l.trim();
        let restriction = indented && t.starts_with('[');
        let synonym = t.strip_prefix('+');
        let primary = !restriction && synonym.is_none();
        if primary {
            open = false;
        } else if !open {
            let what = if restriction {
                "date restriction"
            } else {
                "synonym `+`"
            };
            diag.bad(line, format!("{what} without an actor before it"))?;
            continue;
        }
        let parsed = phrase_and_codes(synonym.unwrap_or(t)).and_then(|(phrase, codes)| {
            let codes = codes
                .iter()
                .map(|c| parse_restriction(c))
                .collect::<Result<Vec<DatedCode>, String>>()?;
            if restriction {
                return Ok((None, codes));
            }
            let what = if primary { "actor" } else { "synonym" };
            let p = Phrase::parse(phrase).ok_or_else(|| format!("bad {what} phrase {phrase:?}"))?;
            Ok((Some(p), codes))
        });
        let (phrase, codes) = match parsed {
            Ok(pc) => pc,
            Err(m) => {
                diag.bad(line, m)?;
                continue;
            }
        };
        let e = match (primary, phrase) {
            (true, Some(p)) => {
                entries.push(ActorEntry {
                    phrase: p,
                    synonyms: Vec::new(),
                    code: None,
                    dated: Vec::new(),
                    line,
                });
                open = true;
                entries.last_mut().expect("pushed")
            }
            (_, p) => {
                let e = entries.last_mut().expect("open");
                e.synonyms.extend(p);
                e
            }
        };
        add_codes(e, codes);
    }
    Ok(ActorDict {
        entries,
        diagnostics: diag.out,
    })
}

/// Regular plural of an upper-case word, as PETRARCH forms it.
fn plural(word: &str) -> String {
    let vowel = |c: char| "AEIOU".contains(c);
    let mut chars = word.chars().rev();
    let last = chars.next();
    let prev = chars.next();
    match (last, prev) {
        (Some('Y'), Some(p)) if !vowel(p) => format!("{}IES", &word[..word.len() - 1]),
        (Some('S' | 'X'), _) => format!("{word}ES"),
        (Some('H'), Some('C' | 'S')) => format!("{word}ES"),
        _ => format!("{word}S"),
    }
}

/// Parse an agent dictionary held in memory.
pub fn parse_agents(file: &str, text: &str, mode: Mode) -> Result<AgentDict, KbError> {
    let mut diag = Diag {
        file,
        mode,
        out: Vec::new(),
    };
    let mut subst: Vec<(String, Vec<String>)> = Vec::new();
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim_start().starts_with("<!") {
            continue;
        }
        let t = strip_comment(raw, false).trim();
        if t.is_empty() {
            continue;
        }
        // Substitution set: !NAME! = A, B, C
        if t.starts_with('!')
            && let Some((name, items)) = t.split_once('=')
        {
            let name = name.trim();
            if name.len() < 3 || !name.ends_with('!') || name[1..name.len() - 1].contains('!') {
                diag.bad(line, format!("bad substitution marker {name:?}"))?;
                continue;
            }
            let items: Vec<String> = items
                .split(',')
                .map(|s| s.trim().to_uppercase())
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                diag.bad(line, format!("empty substitution set {name}"))?;
                continue;
            }
            subst.push((name.to_string(), items));
            continue;
        }
        // PHRASE {plural} [code]
        let open = t.find('[');
        let Some(open) = open else {
            diag.bad(line, "agent without a [code]".into())?;
            continue;
        };
        let close = t[open..].find([']', '}']).map(|c| open + c);
        let Some(close) = close else {
            diag.bad(line, "`[` without a closing `]`".into())?;
            continue;
        };
        if !t[close + 1..].trim().is_empty() {
            diag.bad(line, "text after the code".into())?;
            continue;
        }
        let inner = t[open + 1..close].trim();
        let (code, placement) = if let Some(c) = inner.strip_prefix('~') {
            (c.trim(), Placement::After)
        } else if let Some(c) = inner.strip_suffix('~') {
            (c.trim(), Placement::Before)
        } else {
            diag.bad(line, format!("agent code {inner:?} has no `~`"))?;
            continue;
        };
        if code.is_empty() || code.contains(char::is_whitespace) {
            diag.bad(line, format!("bad agent code {inner:?}"))?;
            continue;
        }
        let head = &t[..open];
        let (phrase_s, plural_s) = match head.find('{') {
            Some(b) => match head[b..].find('}') {
                Some(e) => (&head[..b], Some(head[b + 1..b + e].trim())),
                None => {
                    diag.bad(line, "`{` without a closing `}`".into())?;
                    continue;
                }
            },
            None => (head, None),
        };
        // Expand a substitution marker, if any.
        let phrase_s = phrase_s.trim();
        let expansions: Vec<String> = match phrase_s.find('!') {
            None => vec![phrase_s.to_string()],
            Some(a) => {
                let Some(b) = phrase_s[a + 1..].find('!').map(|b| a + 1 + b) else {
                    diag.bad(line, "unclosed `!` substitution marker".into())?;
                    continue;
                };
                let marker = &phrase_s[a..=b];
                let Some((_, items)) = subst.iter().find(|(n, _)| n == marker) else {
                    diag.bad(line, format!("unknown substitution marker {marker}"))?;
                    continue;
                };
                items
                    .iter()
                    .map(|it| format!("{}{}{}", &phrase_s[..a], it, &phrase_s[b + 1..]))
                    .collect()
            }
        };
        let substituted = expansions.len() > 1 || phrase_s.contains('!');
        for s in expansions {
            let Some(p) = Phrase::parse(&s) else {
                diag.bad(line, format!("bad agent phrase {s:?}"))?;
                continue;
            };
            let plurals = if substituted {
                Vec::new()
            } else {
                match plural_s {
                    Some("") => Vec::new(),
                    Some(pl) => match Phrase::parse(pl) {
                        Some(pp) => vec![pp],
                        None => {
                            diag.bad(line, format!("bad plural {pl:?}"))?;
                            continue;
                        }
                    },
                    None => {
                        let mut pp = p.clone();
                        if let Some(last) = pp.words.last_mut() {
                            *last = plural(last);
                        }
                        vec![pp]
                    }
                }
            };
            entries.push(AgentEntry {
                phrase: p,
                plurals,
                code: code.to_uppercase(),
                placement,
                line,
            });
        }
    }
    Ok(AgentDict {
        entries,
        diagnostics: diag.out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn tabari_dates() {
        let cases = [
            ("20070101", Some(d(2007, 1, 1))),
            ("450703", Some(d(1945, 7, 3))),
            ("070723", Some(d(2007, 7, 23))),
            ("2004017", None),
            ("19991301", None),
            ("abcdef", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_tabari_date(s).ok(), want, "{s}");
        }
    }

    const ACTORS: &str = "# comment\n\
AFGHANISTAN_  [AFG]\n\
+AFGHAN_\n\
+KABUL_\n\
\n\
JAMES_BYRNES_  ; CountryInfo.txt\n\
\t[USAELI 18970101-450703]\n\
\t[USAGOV 450703-470121]\n\
KOFI_ANNAN_\t\n\
+K._ANNAN_\n\
\t[IGOUNO >20070101]\n\
\t[KORGOV <061231]\n\
\t[UNK]\n\
<!-- an XML comment -->\n\
PRESIDENT HOSNI MURBARAK [egygov]\n\
TRYGVE_LIE_\t[IGOUNO 460201-521110] [ELI]# IGOrulers.txt\n\
GOLLUM  # pas\n\
+SMEAGOL\n\
\t[HOB < 950601]\n\
\t[HOBGOV 19950601 - 19990815]\n";

    #[test]
    fn actors_parse_and_date() {
        let dict = parse_actors("t.actors", ACTORS, Mode::Strict).unwrap();
        assert!(dict.diagnostics.is_empty());
        assert_eq!(dict.entries.len(), 6);
        let afg = &dict.entries[0];
        assert_eq!(afg.code.as_deref(), Some("AFG"));
        assert_eq!(afg.synonyms.len(), 2);
        assert!(afg.phrase.exact);
        assert_eq!(afg.line, 2);
        let byrnes = &dict.entries[1];
        let table = [
            (d(1946, 1, 1), Some("USAGOV")),
            (d(1945, 7, 3), Some("USAELI")), // inclusive: the first range wins
            (d(1930, 1, 1), Some("USAELI")),
            (d(1950, 1, 1), None),
        ];
        for (date, want) in table {
            assert_eq!(byrnes.code_on(date), want, "{date}");
        }
        let annan = &dict.entries[2];
        assert_eq!(annan.code_on(d(2010, 1, 1)), Some("IGOUNO"));
        assert_eq!(annan.code_on(d(2005, 1, 1)), Some("KORGOV"));
        assert_eq!(annan.code_on(d(2007, 1, 1)), Some("IGOUNO"));
        let mubarak = &dict.entries[3];
        assert_eq!(mubarak.code.as_deref(), Some("EGYGOV"));
        assert!(mubarak.phrase.loose);
        assert_eq!(mubarak.phrase.text(), "PRESIDENT HOSNI MURBARAK");
        let lie = &dict.entries[4];
        assert_eq!(lie.code_on(d(1950, 1, 1)), Some("IGOUNO"));
        assert_eq!(lie.code_on(d(1960, 1, 1)), Some("ELI"));
        let gollum = &dict.entries[5];
        assert_eq!(gollum.synonyms.len(), 1);
        assert_eq!(gollum.code_on(d(1990, 1, 1)), Some("HOB"));
        assert_eq!(gollum.code_on(d(1996, 1, 1)), Some("HOBGOV"));
        assert_eq!(gollum.code_on(d(2000, 1, 1)), None);
    }

    #[test]
    fn actor_errors_name_the_line() {
        let cases = [
            ("X_ [A]\n\t[AB 2004017-20061201]\n", 2, "bad date"),
            ("\t[USAGOV]\n", 1, "without an actor"),
            ("+SYN\n", 1, "without an actor"),
            ("X_ [A\n", 1, "closing"),
            ("X_ [A]\n\t[B 20100101-20000101]\n", 2, "ends before"),
            ("X_ [A]\n\t[B 2010]\n", 2, "bad date restriction"),
            ("X_ [A] trailing\n", 1, "text after"),
        ];
        for (text, line, msg) in cases {
            match parse_actors("f.txt", text, Mode::Strict) {
                Err(KbError::Syntax {
                    file,
                    line: l,
                    message,
                }) => {
                    assert_eq!(file, "f.txt");
                    assert_eq!(l, line, "{text:?}");
                    assert!(message.contains(msg), "{message} !~ {msg}");
                }
                other => panic!("{text:?}: expected a syntax error, got {other:?}"),
            }
            let lenient = parse_actors("f.txt", text, Mode::Lenient).unwrap();
            assert_eq!(lenient.diagnostics.len(), 1, "{text:?}");
            assert_eq!(lenient.diagnostics[0].loc.line, line);
        }
    }

    #[test]
    fn agents_plurals_and_substitution() {
        let text = "!PERSON! = MAN, MEN, WOMAN\n\
PRESIDENT [~GOVPRS] # ns\n\
POLICE {} [ ~COP]\n\
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n\
HUMAN_RIGHTS_BODY  [NGO~]\n\
ARMY [~MIL]\n\
CONGRESS!PERSON! [~LEG]\n\
BUS [~BUS]\n";
        let dict = parse_agents("a.txt", text, Mode::Strict).unwrap();
        let got: Vec<(String, Vec<String>, &str, Placement)> = dict
            .entries
            .iter()
            .map(|e| {
                (
                    e.phrase.text(),
                    e.plurals.iter().map(Phrase::text).collect(),
                    e.code.as_str(),
                    e.placement,
                )
            })
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                (
                    s("PRESIDENT"),
                    vec![s("PRESIDENTS")],
                    "GOVPRS",
                    Placement::After
                ),
                (s("POLICE"), vec![], "COP", Placement::After),
                (
                    s("ATTORNEY GENERAL"),
                    vec![s("ATTORNEYS GENERAL")],
                    "GOVATG",
                    Placement::After
                ),
                (
                    s("HUMAN RIGHTS BODY"),
                    vec![s("HUMAN RIGHTS BODIES")],
                    "NGO",
                    Placement::Before
                ),
                (s("ARMY"), vec![s("ARMIES")], "MIL", Placement::After),
                (s("CONGRESSMAN"), vec![], "LEG", Placement::After),
                (s("CONGRESSMEN"), vec![], "LEG", Placement::After),
                (s("CONGRESSWOMAN"), vec![], "LEG", Placement::After),
                (s("BUS"), vec![s("BUSES")], "BUS", Placement::After),
            ]
        );
        let bad = [
            ("PRESIDENT\n", 1, "without a [code]"),
            ("PRESIDENT [GOV]\n", 1, "no `~`"),
            ("X!FOO! [~GOV]\n", 1, "unknown substitution"),
            ("A\nX {Y [~GOV]\n", 1, "without a [code]"),
        ];
        for (text, line, msg) in bad {
            let e = parse_agents("a.txt", text, Mode::Strict).unwrap_err();
            let KbError::Syntax {
                line: l, message, ..
            } = e
            else {
                panic!("not a syntax error")
            };
            assert_eq!(l, line, "{text:?}");
            assert!(message.contains(msg), "{message} !~ {msg}");
        }
    }
}
