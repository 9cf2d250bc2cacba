//! Small word lists the tokenizer and splitter consult.
//!
//! Source: written by the dyad developers from general knowledge of English
//! spelling and news style (AP-style abbreviations, titles, months, US state
//! abbreviations, common prefixes). Which of them keep a hyphen was checked
//! against the UD English guidelines' description of EWT tokenization; no
//! list was copied from any dataset.

/// Abbreviations that end in a period and are written with a capital first
/// letter (titles, months, weekdays, company suffixes, US states). Matched
/// case-sensitively on the first letter, case-insensitively on the rest.
const CAPITALIZED: &[&str] = &[
    // titles and ranks
    "mr", "mrs", "ms", "messrs", "mme", "mmes", "dr", "drs", "prof", "gen", "lt", "col", "maj",
    "capt", "cpt", "sgt", "cmdr", "cdr", "adm", "gov", "sen", "sens", "rep", "reps", "rev", "hon",
    "pres", "supt", "det", "insp", "cpl", "pvt", "brig", "fr", "sr", "jr", "esq", "amb", "atty",
    "lieut", "cmdt", "gens", "pfc", "spc", "ens", // months and weekdays
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    // organisations and places
    "corp", "inc", "ltd", "co", "cos", "bros", "llc", "plc", "dept", "univ", "assn", "ave", "blvd",
    "rd", "mt", "ft", "st", "ste", "hwy", "pl", "sq", // US states (AP style)
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore",
    "pa", "penn", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
];

/// Abbreviations that keep their period in any case. The last eight are
/// e-mail and forum forms of EWT (train and dev, whole / split before
/// another token: "ext." 3/0, "Esp." 2/0, "Attn." 2/0, "Arrv." 4/0, "lv."
/// 1/0, "eg." 1/0, "lb." 1/0, "Conf." 1/0). Ordinary words that end
/// sentences ("mob", "spec") are left out: a period glued to them would
/// hide a sentence end from the splitter.
const ANY_CASE: &[&str] = &[
    "etc", "vs", "approx", "est", "fig", "figs", "vol", "vols", "pp", "ed", "eds", "cf", "ibid",
    "viz", "al", "dept", "govt", "intl", "natl", "min", "max", "avg", "jr", "sr", "inc", "corp",
    "ltd", "co", "mr", "mrs", "ms", "dr", "st", "ext", "esp", "attn", "arrv", "lv", "eg", "lb",
    "conf",
];

/// Abbreviations that keep their period only before a number ("No. 10",
/// "Art. 5", "p. 12").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "art", "p", "pt", "sec", "ch", "op", "nr", "tel",
];

/// Prefixes that stay attached to the rest of the word across a hyphen
/// ("pre-2014", "e-mail", "non-profit"); other hyphenated words are split
/// into parts and the hyphen, as UD English EWT does ("Trump - Putin").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "mid", "pre", "anti", "re", "post", "co", "pro", "multi", "ex", "sub", "semi",
    "cross", "neo", "psycho", "socio", "counter", "intra", "inter", "un", "micro", "macro", "mega",
    "mini", "ultra", "over", "bi", "tri", "quasi", "pseudo", "trans", "extra", "infra", "hyper",
    "meta", "geo", "euro", "afro", "vice",
];

/// Words written without an apostrophe that UD English still splits:
/// `(word, split byte offset)`.
const FUSED: &[(&str, usize)] = &[
    ("cannot", 3),
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("dont", 2),
    ("didnt", 3),
    ("doesnt", 4),
    ("cant", 2),
    ("wont", 2),
    ("isnt", 2),
    ("wasnt", 3),
    ("arent", 3),
    ("werent", 4),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
    ("couldnt", 5),
    ("wouldnt", 5),
    ("shouldnt", 6),
    ("aint", 2),
    ("im", 1),
    ("ive", 1),
    ("youre", 3),
    ("theyre", 4),
    ("youve", 3),
    ("theyve", 4),
    ("youll", 3),
    ("theyll", 4),
    // "that's" and the like without the apostrophe (EWT train: thats 5,
    // whats 2, theres 3, heres 1, hes 4 times, always split).
    ("thats", 4),
    ("whats", 4),
    ("theres", 5),
    ("heres", 4),
    ("hes", 2),
    // More fused forms (EWT train: outta 2, arnt 2, always split; gimme
    // and lemme as the UD English guidelines split them).
    ("outta", 3),
    ("arnt", 2),
    ("gimme", 3),
    ("lemme", 3),
];

/// Words written without an apostrophe that are a contraction only in some
/// contexts ("its a shame" = it 's, "its own" = its): `(word, split byte
/// offset)`. [`contextual_split`] decides from the next word.
const CONTEXTUAL: &[(&str, usize)] = &[("its", 2), ("lets", 3), ("your", 3)];

/// Words after which "its" can only be "it's": determiners, negation,
/// prepositions, adverbs and participles that cannot follow a possessive
/// determiner ("its a shame", "its not", "its in the box", "its been").
/// Written from English grammar; nouns and adjectives ("its own", "its
/// very existence", "its only hope", "its worth") are left out.
const AFTER_ITS: &[&str] = &[
    "a",
    "an",
    "the",
    "not",
    "been",
    "in",
    "on",
    "at",
    "for",
    "from",
    "about",
    "with",
    "between",
    "like",
    "because",
    "just",
    "really",
    "so",
    "too",
    "also",
    "always",
    "still",
    "never",
    "now",
    "definitely",
    "simply",
    "probably",
    "actually",
    "totally",
    "absolutely",
    "basically",
    "certainly",
    "obviously",
    "pretty",
    "quite",
    "nothing",
    "ok",
    "okay",
    "going",
    "getting",
    "gonna",
    "all",
    "that",
    "this",
    "what",
    "how",
    "my",
    "your",
    "his",
    "her",
    "our",
    "their",
    "no",
    "sooo",
    "soo",
    "kinda",
    "sorta",
    "called",
    "almost",
    "usually",
    "already",
    "gotten",
    "prolly",
    "less",
];

/// Words after which "lets" is "let's": verbs in the base form that
/// "let us" takes ("lets go", "lets see"), not objects ("lets them").
const AFTER_LETS: &[&str] = &[
    "go", "get", "see", "take", "try", "make", "be", "hope", "face", "do", "have", "just", "not",
    "say", "talk", "start", "keep", "look", "put", "give", "play", "find", "think", "move", "eat",
    "pray", "stop", "wait", "hear", "meet", "all",
];

/// Words after which "your" is "you're": where a possessive cannot stand
/// ("your welcome", "your not", "your in", "your gonna").
const AFTER_YOUR: &[&str] = &[
    "a",
    "an",
    "the",
    "not",
    "in",
    "on",
    "at",
    "so",
    "too",
    "gonna",
    "going",
    "getting",
    "trying",
    "talking",
    "telling",
    "welcome",
    "just",
    "really",
    "always",
    "still",
    "never",
    "probably",
    "definitely",
    "already",
];

fn ascii_lower_eq(word: &str, entry: &str) -> bool {
    word.len() == entry.len() && word.eq_ignore_ascii_case(entry)
}

fn in_list(word: &str, list: &[&str]) -> bool {
    word.len() <= 8 && list.iter().any(|e| ascii_lower_eq(word, e))
}

/// Whether `word` (without its final period) is an abbreviation that keeps
/// the period. `before_number` says whether the next token starts with a
/// digit.
pub fn is_abbreviation(word: &str, before_number: bool) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if !word.is_ascii() {
        return false;
    }
    // Initials: "J." "A.B." and dotted forms "U.S" "e.g" "a.m" "Ph.D".
    if word.len() == 1 && first.is_ascii_uppercase() {
        return true;
    }
    if word.contains('.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return true;
    }
    if first.is_ascii_uppercase() && in_list(word, CAPITALIZED) {
        return true;
    }
    if in_list(word, ANY_CASE) {
        return true;
    }
    before_number && in_list(word, BEFORE_NUMBER)
}

/// Whether `word` is a prefix that keeps its hyphen.
pub fn is_hyphen_prefix(word: &str) -> bool {
    in_list(word, HYPHEN_PREFIXES)
}

/// `FUSED_KEYS[len]` has bit `c - b'a'` set when a [`FUSED`] word of
/// length `len` starts with `c`: a quick test that rejects most words
/// before the list is searched.
const FUSED_KEYS: [u32; 9] = {
    let mut keys = [0u32; 9];
    let mut i = 0;
    while i < FUSED.len() {
        let w = FUSED[i].0.as_bytes();
        keys[w.len()] |= 1 << (w[0] - b'a');
        i += 1;
    }
    keys
};

/// Where to split an apostrophe-less fused word ("cannot" → 3), if it is one.
pub fn fused_split(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    if b.len() > 8 || b.is_empty() || !word.is_ascii() {
        return None;
    }
    let first = b[0].to_ascii_lowercase();
    if !first.is_ascii_lowercase() || FUSED_KEYS[b.len()] & (1 << (first - b'a')) == 0 {
        return None;
    }
    FUSED
        .iter()
        .find(|(w, _)| ascii_lower_eq(word, w))
        .map(|&(_, at)| at)
}

/// Where to split `word`, a contraction written without its apostrophe
/// only in some contexts ("its", "lets", "your"), given the next word
/// (`next`) and whether a hyphen is glued to that next word (then it opens
/// a compound: "its so-called", "its all-time high", "its in-house").
/// `None` keeps the word whole.
pub fn contextual_split(word: &str, next: &str, next_compound: bool) -> Option<usize> {
    if word.len() > 4 || next_compound || next.len() > 12 || !next.is_ascii() {
        return None;
    }
    let at = contextual_at(word)?;
    let list = if ascii_lower_eq(word, "its") {
        AFTER_ITS
    } else if ascii_lower_eq(word, "lets") {
        AFTER_LETS
    } else {
        AFTER_YOUR
    };
    list.iter().any(|e| ascii_lower_eq(next, e)).then_some(at)
}

/// Where `word` splits if it is one of the contextual contractions of
/// [`contextual_split`] ("its", "lets", "your", in any case) and it does.
pub fn contextual_at(word: &str) -> Option<usize> {
    if word.len() > 4 {
        return None;
    }
    CONTEXTUAL
        .iter()
        .find(|(w, _)| ascii_lower_eq(word, w))
        .map(|&(_, at)| at)
}

/// Whether `word` is one of the listed abbreviations in any of its forms
/// (used as a feature by the sentence splitter).
pub fn is_listed_abbreviation(word: &str) -> bool {
    in_list(word, CAPITALIZED) || in_list(word, ANY_CASE) || in_list(word, BEFORE_NUMBER)
}

/// Units written against a number that UD English splits off ("5pm" →
/// "5" "pm", "50m", "2k", "10M"). From "hh" on, each was split in EWT train
/// and dev ("15hh" 3 of 3, "60Hz" 2 of 2, "70p" 3 of 3, "$5.6t" 2 of 2,
/// "2000F" and "800f" 3 of 3, "75watt", "300percent", "20minutes",
/// "3days", "2day" 1 of 1 each).
const UNITS: &[&str] = &[
    "am", "pm", "a.m", "p.m", "a.m.", "p.m.", "k", "m", "mm", "cm", "km", "kg", "g", "lb", "lbs",
    "ft", "bn", "mn", "mb", "gb", "kb", "tb", "hrs", "hr", "h", "min", "mins", "sec", "secs", "x",
    "mph", "kph", "oz", "ml", "yrs", "yr", "b", "hh", "hz", "p", "t", "f", "watt", "watts",
    "percent", "minute", "minutes", "day", "days",
];

/// Whether `s` is a unit that is split off a number. A capital G, H or T
/// stays on it ("3G", "17H", "18T": whole in EWT).
pub fn is_unit(s: &str) -> bool {
    !matches!(s, "G" | "H" | "T") && in_list(s, UNITS)
}

/// Emoticons kept as one token ("):" is not one: in EWT it is always a
/// bracket closing before a colon, "(Tim):").
const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":(", ":-(", ":D", ":-D", ";)", ";-)", ":P", ":p", ":-P", ":-p", "=)", "=(", "=D",
    "^_^", "^^", "(:", ":/", ":-/", ":O", ":o", "XD", "xD", "<3", ":'(", ";D", ":]", ":[", "-_-",
    "T_T", "o_O", "O_o", ":|", ";P", ";p", ":*",
];

/// File-name extensions that stay one token with their period when written
/// alone (".doc", ".pdf", ".com").
const EXTENSIONS: &[&str] = &[
    "doc", "docx", "pdf", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "csv", "jpg", "jpeg", "gif",
    "png", "zip", "exe", "htm", "html", "mp3", "mp4", "wav", "avi", "mov", "com", "org", "net",
    "edu", "gov",
];

/// Whether `s` (without the period) is a listed file-name extension, in
/// lower case.
pub fn is_extension(s: &str) -> bool {
    s.len() <= 4 && EXTENSIONS.contains(&s)
}

/// Whether `s` is an emoticon.
pub fn is_emoticon(s: &str) -> bool {
    s.len() <= 3 && EMOTICONS.contains(&s)
}
