//! Errors and warnings.

use std::fmt;

/// A fatal problem loading a KB or dictionary file.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A line that cannot be read: wrong header, wrong number of fields, bad
    /// date, unknown reference, a role ending before it starts…
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// File name (or the name given to an in-memory text).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The path.
        file: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl KbError {
    pub(crate) fn syntax(file: &str, line: usize, message: impl Into<String>) -> KbError {
        KbError::Syntax {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// A place in a loaded file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Loc {
    /// File name.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A non-fatal problem: a duplicate or conflicting entry (the first
/// definition is kept) or, for lenient dictionary loading, a skipped line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbWarning {
    /// Where the problem is.
    pub loc: Loc,
    /// What it is; names the earlier definition for duplicates.
    pub message: String,
}

impl fmt::Display for KbWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.loc, self.message)
    }
}
