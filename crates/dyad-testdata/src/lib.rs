//! Where dyad's tests and examples find the shared development data.
//!
//! The gold sets dyad is trained and measured on (UD EWT, UNER, re3d,
//! PolNeAR, the PLOVER GSR, the PETRARCH dictionaries, …) are never copied
//! into the repository. Tests read them from the folder named by the
//! `DYAD_DATA` environment variable, or by default from `shared/data` beside
//! the repository's checkout (`../shared/data` seen from its root). CI sets
//! `DYAD_DATA`, so there the data-dependent tests run; on a machine without
//! the data they print why they skip and pass.
//!
//! ```no_run
//! let Some(dev) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-dev.conllu") else {
//!     return; // "skipping: … not found (set DYAD_DATA)" was printed
//! };
//! # let _ = dev;
//! ```
#![warn(missing_docs)]

use std::path::PathBuf;

/// The data root: `$DYAD_DATA` when set, else `shared/data` beside the
/// repository checkout this crate was built from.
pub fn root() -> PathBuf {
    std::env::var_os("DYAD_DATA").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
        PathBuf::from,
    )
}

/// `relative` under [`root`] when it exists (file or folder); otherwise
/// prints `skipping: PATH not found (set DYAD_DATA)` on stderr and returns
/// `None`, so that a test can return early.
pub fn path(relative: &str) -> Option<PathBuf> {
    existing(root().join(relative))
}

/// A shared example article, `examples/NAME` beside the data root (for
/// instance `peace-talks.txt`), with the same skip message as [`path`].
pub fn example(name: &str) -> Option<PathBuf> {
    existing(root().join("../examples").join(name))
}

/// The text of a shared example article (see [`example`]); `None` with the
/// skip message when it is absent or unreadable.
pub fn example_text(name: &str) -> Option<String> {
    let path = example(name)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("skipping: {} unreadable: {e}", path.display());
            None
        }
    }
}

fn existing(path: PathBuf) -> Option<PathBuf> {
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipping: {} not found (set DYAD_DATA)", path.display());
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_paths_are_none_and_present_ones_resolve() {
        assert_eq!(path("no/such/file/anywhere.conllu"), None);
        assert_eq!(example("no-such-article.txt"), None);
        // The data root itself: present in CI (DYAD_DATA is set there), and
        // then every relative path resolves under it.
        if root().is_dir() {
            let p = path(".").expect("root exists");
            assert!(p.starts_with(root()));
        }
    }
}
