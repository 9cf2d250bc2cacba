//! Compile data/gazetteer/index.bin (the FST name index) from the three
//! gazetteer files. Run after changing any of them:
//! `cargo run --release -p dyad-geo --example build_index`

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer");
    let read = |n: &str| std::fs::read_to_string(dir.join(n));
    let (g, c, r) = (
        read("geonames.tsv")?,
        read("countries.tsv")?,
        read("regions.tsv")?,
    );
    let bytes = dyad_geo::Gazetteer::compile_index(
        ("geonames.tsv", &g),
        ("countries.tsv", &c),
        ("regions.tsv", &r),
    )?;
    std::fs::write(dir.join("index.bin"), &bytes)?;
    println!(
        "wrote {} bytes to {}",
        bytes.len(),
        dir.join("index.bin").display()
    );
    Ok(())
}
