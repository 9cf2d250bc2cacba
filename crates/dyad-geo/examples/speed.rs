//! Throughput of the geocoder on the peace-talks example repeated, and on a
//! document of 10,000+ place names:
//! `cargo run --release -p dyad-geo --example speed -- ../shared/examples/peace-talks.txt`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/examples/peace-talks.txt".into());
    let one = std::fs::read_to_string(&path)?;
    let gaz = dyad_geo::Gazetteer::embedded().map_err(|e| e.to_string())?;
    let g = dyad_geo::Geocoder::new(gaz);
    let big = one.repeat(200);
    let many = "Kyiv, Moscow, Paris and Reading. ".repeat(2_500);
    for (label, text) in [
        ("peace-talks x200", &big),
        ("10,000 names (7,500 places)", &many),
    ] {
        let t = Instant::now();
        let n = g.geocode(text, dyad_geo::Layers::default()).len();
        let s = t.elapsed().as_secs_f64();
        println!(
            "{label}: {} bytes, {n} places in {:.1} ms ({:.1} MB/s)",
            text.len(),
            s * 1e3,
            text.len() as f64 / s / 1e6
        );
    }
    Ok(())
}
