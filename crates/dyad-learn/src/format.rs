//! The versioned binary container that every dyad model file uses.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `b"DYADMODL"` |
//! | 4 | container format version ([`FORMAT_VERSION`]) |
//! | 8 | model kind (ASCII, NUL-padded, e.g. `b"tagger\0\0"`) |
//! | 4 | model version (chosen by the model's crate) |
//! | 4 | number of sections `n` |
//! | 8 | total file length in bytes |
//! | 8 | checksum of every byte after the header (see below) |
//! | n × 32 | section table: name (16 bytes, NUL-padded), offset (8), length (8) |
//! | … | section payloads, each starting on an 8-byte boundary |
//!
//! The header is 44 bytes. Container version 2 (written now) checksums the
//! body with four interleaved multiply–rotate lanes over 8-byte words (about
//! ten times faster than version 1's single chain of [`crate::hash_bytes`],
//! so checking a 12 MB model takes about a millisecond); version 1 files are
//! still read.
//!
//! A container parsed from `'static` bytes ([`Container::parse_static`], for
//! `include_bytes!`) lets sections in the indexed layouts of
//! [`crate::Perceptron`] and [`crate::KeyMap`] be used in place, without a
//! copy. Reading checks, in this order: length, magic,
//! container version, kind, model version, total length (truncation),
//! checksum, section bounds — so every damaged or foreign file gets a precise,
//! typed [`ModelError`] naming its origin.

use std::path::Path;

use crate::hash::hash_bytes;

/// Magic bytes at the start of every model file.
pub const MAGIC: [u8; 8] = *b"DYADMODL";
/// Version of the container layout described in this module (the one
/// written; version 1, with the slower checksum, is still read).
pub const FORMAT_VERSION: u32 = 2;
/// The oldest container version still read.
const OLDEST_VERSION: u32 = 1;
const HEADER_LEN: usize = 44;
const ENTRY_LEN: usize = 32;
const CHECKSUM_SEED: u64 = 0x00D1_AD00;

/// Why a model could not be read. Every error carries the origin (file path,
/// or a name given for embedded bytes) and says what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("{origin}: cannot read model file: {source}")]
    Io {
        /// The file.
        origin: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("{origin}: cannot write model file: {source}")]
    Write {
        /// The file.
        origin: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Not a dyad model file at all.
    #[error("{origin}: not a dyad model file (bad magic bytes)")]
    BadMagic {
        /// Origin.
        origin: String,
    },
    /// A container version this build does not read.
    #[error(
        "{origin}: unsupported model container version {found} (this build reads version {expected})"
    )]
    UnsupportedVersion {
        /// Origin.
        origin: String,
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// A model of another kind (a parser model given to the tagger…).
    #[error("{origin}: model kind is {found:?}, expected {expected:?}")]
    WrongKind {
        /// Origin.
        origin: String,
        /// Kind in the file.
        found: String,
        /// Kind expected.
        expected: String,
    },
    /// A model version this build does not read.
    #[error(
        "{origin}: unsupported {kind} model version {found} (this build reads version {expected})"
    )]
    UnsupportedModelVersion {
        /// Origin.
        origin: String,
        /// Model kind.
        kind: String,
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The file is shorter than it says (or than a header).
    #[error("{origin}: model file is truncated ({found} bytes, expected {expected})")]
    Truncated {
        /// Origin.
        origin: String,
        /// Bytes present.
        found: usize,
        /// Bytes expected.
        expected: usize,
    },
    /// The checksum does not match: the file was damaged.
    #[error("{origin}: model file checksum mismatch (damaged file)")]
    Checksum {
        /// Origin.
        origin: String,
    },
    /// A section the model needs is missing.
    #[error("{origin}: model file has no section {name:?}")]
    MissingSection {
        /// Origin.
        origin: String,
        /// Section name.
        name: String,
    },
    /// The content of a section is inconsistent.
    #[error("{origin}: corrupt model section {section:?}: {message}")]
    Corrupt {
        /// Origin.
        origin: String,
        /// Section name.
        section: String,
        /// What is wrong.
        message: String,
    },
}

fn kind_bytes(kind: &str) -> [u8; 8] {
    let mut out = [0u8; 8];
    let b = kind.as_bytes();
    let n = b.len().min(8);
    out[..n].copy_from_slice(&b[..n]);
    out
}

fn kind_str(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// Builds a model file from named sections.
///
/// ```
/// use dyad_learn::{ContainerWriter, Container};
/// let mut w = ContainerWriter::new("demo", 3);
/// w.section("labels", b"a\nb".to_vec());
/// let bytes = w.to_bytes();
/// let c = Container::parse(&bytes, "demo.bin", "demo", 3).unwrap();
/// assert_eq!(c.section("labels").unwrap(), b"a\nb");
/// ```
#[derive(Debug, Clone)]
pub struct ContainerWriter {
    kind: [u8; 8],
    model_version: u32,
    sections: Vec<(String, Vec<u8>)>,
}

impl ContainerWriter {
    /// A writer for a model of `kind` (at most 8 ASCII bytes) and
    /// `model_version`.
    pub fn new(kind: &str, model_version: u32) -> ContainerWriter {
        ContainerWriter {
            kind: kind_bytes(kind),
            model_version,
            sections: Vec::new(),
        }
    }

    /// Add a section (name at most 16 bytes; sections keep insertion order).
    pub fn section(&mut self, name: &str, bytes: Vec<u8>) -> &mut ContainerWriter {
        assert!(
            name.len() <= 16,
            "section name {name:?} longer than 16 bytes"
        );
        self.sections.push((name.to_string(), bytes));
        self
    }

    /// The complete file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let table_end = HEADER_LEN + ENTRY_LEN * self.sections.len();
        let mut offset = align8(table_end);
        let mut table = Vec::with_capacity(ENTRY_LEN * self.sections.len());
        for (name, bytes) in &self.sections {
            let mut n = [0u8; 16];
            n[..name.len()].copy_from_slice(name.as_bytes());
            table.extend_from_slice(&n);
            table.extend_from_slice(&(offset as u64).to_le_bytes());
            table.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            offset = align8(offset + bytes.len());
        }
        let total = offset;
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.kind);
        out.extend_from_slice(&self.model_version.to_le_bytes());
        out.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        out.extend_from_slice(&(total as u64).to_le_bytes());
        out.extend_from_slice(&[0u8; 8]); // checksum, filled below
        out.extend_from_slice(&table);
        for (_, bytes) in &self.sections {
            out.resize(align8(out.len()), 0);
            out.extend_from_slice(bytes);
        }
        out.resize(total, 0);
        let sum = checksum(FORMAT_VERSION, &out[HEADER_LEN..]);
        out[36..44].copy_from_slice(&sum.to_le_bytes());
        out
    }

    /// Write the file to `path`.
    pub fn write(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| ModelError::Write {
            origin: path.display().to_string(),
            source,
        })
    }
}

fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// The checksum of a container body, by container version.
fn checksum(version: u32, body: &[u8]) -> u64 {
    if version == OLDEST_VERSION {
        return hash_bytes(CHECKSUM_SEED, body);
    }
    // Four independent multiply–rotate chains over interleaved 8-byte
    // words: the multiplications overlap, so this runs at several bytes
    // per cycle instead of one chain's latency per word.
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes = [
        CHECKSUM_SEED,
        CHECKSUM_SEED ^ 0x1111_1111_1111_1111,
        CHECKSUM_SEED ^ 0x2222_2222_2222_2222,
        CHECKSUM_SEED ^ 0x3333_3333_3333_3333,
    ];
    let mut blocks = body.chunks_exact(32);
    for b in &mut blocks {
        for (j, lane) in lanes.iter_mut().enumerate() {
            let v = u64_at(b, 8 * j);
            *lane = (*lane ^ v).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut tail = [0u8; 32];
    let rest = blocks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    let mut out = body.len() as u64;
    for (j, lane) in lanes.iter().enumerate() {
        let v = u64_at(&tail, 8 * j);
        out = hash_bytes(out, &((*lane ^ v).wrapping_mul(K)).to_le_bytes());
    }
    out
}

/// A parsed, checked model file: borrowed sections of the input bytes.
#[derive(Debug, Clone)]
pub struct Container<'a> {
    origin: String,
    kind: String,
    model_version: u32,
    /// Name, offset and length of each section in `bytes`.
    sections: Vec<(String, usize, usize)>,
    bytes: &'a [u8],
    /// The same bytes when they live for the whole program (see
    /// [`Container::parse_static`]): sections can then be used in place.
    whole: Option<&'static [u8]>,
}

impl<'a> Container<'a> {
    /// Parse and check `bytes`; `origin` names the file in errors;
    /// `kind` and `model_version` are what the caller expects.
    pub fn parse(
        bytes: &'a [u8],
        origin: &str,
        kind: &str,
        model_version: u32,
    ) -> Result<Container<'a>, ModelError> {
        Container::parse_inner(bytes, origin, kind, model_version, None, true)
    }

    /// [`Container::parse`] for bytes that live for the whole program
    /// (`include_bytes!`): [`crate::Perceptron::from_section`] and
    /// [`crate::KeyMap::from_section`] then use sections written in their
    /// indexed layouts in place instead of copying them.
    pub fn parse_static(
        bytes: &'static [u8],
        origin: &str,
        kind: &str,
        model_version: u32,
    ) -> Result<Container<'static>, ModelError> {
        Container::parse_inner(bytes, origin, kind, model_version, Some(bytes), true)
    }

    /// [`Container::parse_static`] without the checksum, for models
    /// compiled into the program (`include_bytes!`): everything else is
    /// checked (magic, versions, kind, length, section bounds, and each
    /// section's own header when it is read), and lookups into damaged
    /// tables can miss but never read out of bounds. Reading the whole
    /// model to checksum it is most of the start-up of an in-place model,
    /// and the embedded bytes are as trustworthy as the program's code;
    /// verify the model file itself with [`Container::parse`] (for example
    /// in a test that loads the committed model).
    pub fn parse_static_trusted(
        bytes: &'static [u8],
        origin: &str,
        kind: &str,
        model_version: u32,
    ) -> Result<Container<'static>, ModelError> {
        Container::parse_inner(bytes, origin, kind, model_version, Some(bytes), false)
    }

    fn parse_inner(
        bytes: &'a [u8],
        origin: &str,
        kind: &str,
        model_version: u32,
        whole: Option<&'static [u8]>,
        verify: bool,
    ) -> Result<Container<'a>, ModelError> {
        let origin_s = || origin.to_string();
        if bytes.len() < 12 {
            // Too short to even hold magic and version: call it foreign if the
            // magic is wrong, truncated otherwise.
            if bytes.len() < 8 || bytes[..8] != MAGIC {
                return Err(ModelError::BadMagic { origin: origin_s() });
            }
            return Err(ModelError::Truncated {
                origin: origin_s(),
                found: bytes.len(),
                expected: HEADER_LEN,
            });
        }
        if bytes[..8] != MAGIC {
            return Err(ModelError::BadMagic { origin: origin_s() });
        }
        let version = u32_at(bytes, 8);
        if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(ModelError::UnsupportedVersion {
                origin: origin_s(),
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(ModelError::Truncated {
                origin: origin_s(),
                found: bytes.len(),
                expected: HEADER_LEN,
            });
        }
        let found_kind = kind_str(&bytes[12..20]);
        if found_kind != kind_str(&kind_bytes(kind)) {
            return Err(ModelError::WrongKind {
                origin: origin_s(),
                found: found_kind,
                expected: kind.to_string(),
            });
        }
        let mv = u32_at(bytes, 20);
        if mv != model_version {
            return Err(ModelError::UnsupportedModelVersion {
                origin: origin_s(),
                kind: found_kind,
                found: mv,
                expected: model_version,
            });
        }
        let n = u32_at(bytes, 24) as usize;
        let total = u64_at(bytes, 28);
        if (bytes.len() as u64) < total {
            return Err(ModelError::Truncated {
                origin: origin_s(),
                found: bytes.len(),
                expected: usize::try_from(total).unwrap_or(usize::MAX),
            });
        }
        let total = total as usize;
        let corrupt = |message: String| ModelError::Corrupt {
            origin: origin_s(),
            section: "(header)".to_string(),
            message,
        };
        if total != bytes.len() {
            return Err(corrupt(format!(
                "file has {} bytes but its header says {total}",
                bytes.len()
            )));
        }
        let sum = u64_at(bytes, 36);
        if verify && checksum(version, &bytes[HEADER_LEN..]) != sum {
            return Err(ModelError::Checksum { origin: origin_s() });
        }
        let table_end = n
            .checked_mul(ENTRY_LEN)
            .and_then(|t| t.checked_add(HEADER_LEN))
            .filter(|&t| t <= total)
            .ok_or_else(|| corrupt(format!("section table of {n} entries overruns the file")))?;
        let mut sections = Vec::with_capacity(n);
        for i in 0..n {
            let e = HEADER_LEN + i * ENTRY_LEN;
            debug_assert!(e + ENTRY_LEN <= table_end);
            let name = kind_str(&bytes[e..e + 16]);
            let off = u64_at(bytes, e + 16);
            let len = u64_at(bytes, e + 24);
            let end = off
                .checked_add(len)
                .filter(|&end| off >= table_end as u64 && end <= total as u64)
                .ok_or_else(|| {
                    corrupt(format!("section {name:?} at {off}+{len} is out of bounds"))
                })?;
            sections.push((name, off as usize, (end - off) as usize));
        }
        Ok(Container {
            origin: origin.to_string(),
            kind: found_kind,
            model_version: mv,
            sections,
            bytes,
            whole,
        })
    }

    /// The bytes of section `name` when the container was parsed with
    /// [`Container::parse_static`] (`None` otherwise, or when there is no
    /// such section): for models that use their sections in place.
    pub fn static_section(&self, name: &str) -> Option<&'static [u8]> {
        let whole = self.whole?;
        let &(_, off, len) = self.sections.iter().find(|(n, _, _)| n == name)?;
        whole.get(off..off + len)
    }

    /// The origin given to [`Container::parse`].
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The model kind.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The model version.
    pub fn model_version(&self) -> u32 {
        self.model_version
    }

    /// Names of the sections, in file order.
    pub fn section_names(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|(n, _, _)| n.as_str())
    }

    /// The bytes of section `name`.
    pub fn section(&self, name: &str) -> Result<&'a [u8], ModelError> {
        self.sections
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|&(_, off, len)| &self.bytes[off..off + len])
            .ok_or_else(|| ModelError::MissingSection {
                origin: self.origin.clone(),
                name: name.to_string(),
            })
    }

    /// A reader over section `name`.
    pub fn reader(&self, name: &str) -> Result<ByteReader<'a>, ModelError> {
        Ok(ByteReader::new(self.section(name)?, &self.origin, name))
    }
}

/// Read a whole model file into memory, with an error naming it.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|source| ModelError::Io {
        origin: path.display().to_string(),
        source,
    })
}

#[inline(always)]
pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[inline(always)]
pub(crate) fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// Little-endian reader over one section, whose errors name file and section.
#[derive(Debug, Clone)]
pub struct ByteReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    origin: String,
    section: String,
}

impl<'a> ByteReader<'a> {
    /// A reader over `bytes`; `origin` and `section` name them in errors.
    pub fn new(bytes: &'a [u8], origin: &str, section: &str) -> ByteReader<'a> {
        ByteReader {
            bytes,
            pos: 0,
            origin: origin.to_string(),
            section: section.to_string(),
        }
    }

    /// A [`ModelError::Corrupt`] for this section.
    pub fn error(&self, message: impl Into<String>) -> ModelError {
        ModelError::Corrupt {
            origin: self.origin.clone(),
            section: self.section.clone(),
            message: message.into(),
        }
    }

    /// Take the next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| {
                self.error(format!(
                    "needs {n} bytes at offset {}, section has {}",
                    self.pos,
                    self.bytes.len()
                ))
            })?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// Next `u8`.
    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    /// Next little-endian `u16`.
    pub fn u16(&mut self) -> Result<u16, ModelError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    /// Next little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32_at(b, 0))
    }

    /// Next little-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        Ok(u64_at(b, 0))
    }

    /// Next little-endian `f32`.
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }

    /// Next length-prefixed (u32) UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str, ModelError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|_| self.error("string is not UTF-8"))
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// Fail unless everything was read.
    pub fn finish(&self) -> Result<(), ModelError> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(self.error(format!("{} trailing bytes", self.remaining())))
        }
    }
}

/// Little-endian writer matching [`ByteReader`].
#[derive(Debug, Clone, Default)]
pub struct ByteWriter {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
}

impl ByteWriter {
    /// An empty writer.
    pub fn new() -> ByteWriter {
        ByteWriter::default()
    }
    /// Write a `u8`.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    /// Write a `u16`.
    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Write a `u32`.
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Write a `u64`.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Write an `f32`.
    pub fn f32(&mut self, v: f32) {
        self.u32(v.to_bits());
    }
    /// Write a length-prefixed (u32) string.
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut w = ContainerWriter::new("kindA", 2);
        w.section("one", vec![1, 2, 3]);
        w.section("two", b"hello".to_vec());
        w.to_bytes()
    }

    #[test]
    fn round_trip() {
        let b = sample();
        assert_eq!(b.len() % 8, 0);
        let c = Container::parse(&b, "x.bin", "kindA", 2).unwrap();
        assert_eq!(c.section("one").unwrap(), &[1, 2, 3]);
        assert_eq!(c.section("two").unwrap(), b"hello");
        assert_eq!(c.section_names().collect::<Vec<_>>(), ["one", "two"]);
        assert!(matches!(
            c.section("three"),
            Err(ModelError::MissingSection { .. })
        ));
    }

    #[test]
    fn damaged_files_give_typed_errors_naming_the_file() {
        let good = sample();
        let mut bad_magic = good.clone();
        bad_magic[0] = b'X';
        let mut bad_version = good.clone();
        bad_version[8] = 9;
        let mut flipped = good.clone();
        let last = flipped.len() - 4;
        flipped[last] ^= 0xFF;
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "not a dyad model"),
            (
                "text",
                b"hello world, this is text".to_vec(),
                "not a dyad model",
            ),
            ("magic", bad_magic, "not a dyad model"),
            (
                "version",
                bad_version,
                "unsupported model container version 9",
            ),
            ("trunc-header", good[..20].to_vec(), "truncated"),
            ("trunc-body", good[..good.len() - 3].to_vec(), "truncated"),
            ("flipped", flipped, "checksum"),
        ];
        for (name, bytes, want) in cases {
            let err = Container::parse(&bytes, "models/x.bin", "kindA", 2).unwrap_err();
            let msg = err.to_string();
            assert!(msg.starts_with("models/x.bin: "), "{name}: {msg}");
            assert!(msg.contains(want), "{name}: {msg}");
        }
        let err = Container::parse(&good, "f", "kindB", 2).unwrap_err();
        assert!(matches!(err, ModelError::WrongKind { .. }), "{err}");
        let err = Container::parse(&good, "f", "kindA", 3).unwrap_err();
        assert!(
            matches!(err, ModelError::UnsupportedModelVersion { found: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn version_1_files_still_read() {
        let mut b = sample();
        b[8..12].copy_from_slice(&OLDEST_VERSION.to_le_bytes());
        let sum = hash_bytes(CHECKSUM_SEED, &b[HEADER_LEN..]);
        b[36..44].copy_from_slice(&sum.to_le_bytes());
        let c = Container::parse(&b, "old.bin", "kindA", 2).unwrap();
        assert_eq!(c.section("two").unwrap(), b"hello");
        // The version-2 checksum does not pass for a version-1 file.
        b[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        assert!(matches!(
            Container::parse(&b, "old.bin", "kindA", 2),
            Err(ModelError::Checksum { .. })
        ));
        // Static parsing sees the same sections, in place.
        let leaked: &'static [u8] = Box::leak(sample().into_boxed_slice());
        let c = Container::parse_static(leaked, "s", "kindA", 2).unwrap();
        assert_eq!(c.static_section("one"), Some(&[1u8, 2, 3][..]));
        assert_eq!(c.static_section("three"), None);
        let c = Container::parse(leaked, "s", "kindA", 2).unwrap();
        assert_eq!(c.static_section("one"), None);
        // Trusted static parsing skips only the checksum.
        let mut damaged = sample();
        let last = damaged.len() - 4;
        damaged[last] ^= 0xFF;
        let damaged: &'static [u8] = Box::leak(damaged.into_boxed_slice());
        assert!(Container::parse_static(damaged, "d", "kindA", 2).is_err());
        let c = Container::parse_static_trusted(damaged, "d", "kindA", 2).unwrap();
        assert_eq!(c.static_section("one"), Some(&[1u8, 2, 3][..]));
        let cut: &'static [u8] = &damaged[..damaged.len() - 8];
        assert!(Container::parse_static_trusted(cut, "d", "kindA", 2).is_err());
    }

    #[test]
    fn reader_reports_overruns() {
        let mut w = ByteWriter::new();
        w.u32(7);
        w.str("abc");
        let mut r = ByteReader::new(&w.bytes, "f", "s");
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.str().unwrap(), "abc");
        r.finish().unwrap();
        let err = r.u8().unwrap_err().to_string();
        assert!(err.contains("f: corrupt model section \"s\""), "{err}");
    }
}
