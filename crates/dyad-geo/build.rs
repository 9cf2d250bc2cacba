//! Compile data/gazetteer/{geonames,countries,regions}.tsv into the binary
//! gazetteer (entries, FST name index, postings) that the crate embeds.

#[allow(dead_code)]
#[path = "src/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/gazetteer.rs"]
mod gazetteer;

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../data/gazetteer");
    let names = ["geonames.tsv", "countries.tsv", "regions.tsv"];
    for n in names {
        println!("cargo:rerun-if-changed={}", dir.join(n).display());
    }
    println!("cargo:rerun-if-changed=src/gazetteer.rs");
    println!("cargo:rerun-if-changed=src/fold.rs");
    let read = |n: &str| {
        let p = dir.join(n);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let (g, c, r) = (read(names[0]), read(names[1]), read(names[2]));
    let bytes = gazetteer::Gazetteer::compile_index((names[0], &g), (names[1], &c), (names[2], &r))
        .unwrap_or_else(|e| panic!("data/gazetteer/{e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("gazetteer.bin");
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
