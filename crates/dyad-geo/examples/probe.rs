//! Print the places dyad-geo finds in each argument:
//! `cargo run --release -p dyad-geo --example probe -- "Paris, Texas" "Georgia's president"`

fn main() {
    let gaz = dyad_geo::Gazetteer::embedded().unwrap();
    let g = dyad_geo::Geocoder::new(gaz);
    for t in std::env::args().skip(1) {
        for p in g.geocode(&t, dyad_geo::Layers::default()) {
            println!(
                "{:?}\t{}\t{}\t{}\t{:?}\t{:?}\t{:.2},{:.2}\t{:.2}",
                p.span,
                &t[p.span.range()],
                p.name,
                p.feature,
                p.country,
                p.admin1,
                p.lat,
                p.lon,
                p.confidence
            );
        }
        println!("--");
    }
}
