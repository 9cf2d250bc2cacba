//! Evaluate on GeoWebNews and print the report, the gazetteer load time and
//! RSS; with `--errors`, also list wrong and missed toponyms.
//!
//! `cargo run --release -p dyad-geo --example gwn -- ../shared/data/geowebnews/GWN.xml [--errors]`

use std::path::PathBuf;
use std::time::Instant;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = PathBuf::from(
        args.first()
            .map(String::as_str)
            .unwrap_or("../shared/data/geowebnews/GWN.xml"),
    );
    let before = rss_kb();
    let t = Instant::now();
    let gaz = dyad_geo::Gazetteer::embedded().map_err(|e| e.to_string())?;
    let load = t.elapsed();
    let after = rss_kb();
    println!(
        "gazetteer: {} entries, {} names; loaded in {:.1} ms, +{:.1} MB RSS",
        gaz.entries().len(),
        gaz.name_count(),
        load.as_secs_f64() * 1e3,
        (after.saturating_sub(before)) as f64 / 1024.0
    );
    let t = Instant::now();
    // DYAD_GEO_TUNING="alt,adm1,country,adm1ctx" overrides the resolver's weights (for tuning).
    let mut tuning = dyad_geo::Tuning::default();
    if let Ok(t) = std::env::var("DYAD_GEO_TUNING") {
        let v: Vec<f64> = t.split(',').filter_map(|x| x.parse().ok()).collect();
        if let [a, b, c, d] = v[..] {
            tuning = dyad_geo::Tuning {
                alt_penalty: a,
                adm1_penalty: b,
                country_context: c,
                adm1_context: d,
            };
        }
    }
    let r =
        dyad_geo::eval_geowebnews_with(&path, &dyad_geo::Geocoder::new(gaz).with_tuning(tuning))?;
    println!("{r}");
    println!("(evaluated in {:.2} s)", t.elapsed().as_secs_f64());
    if args.iter().any(|a| a == "--errors") {
        for c in &r.cases {
            match (&c.found, c.km) {
                (Some((n, cc, la, lo)), Some(km)) if km > 161.0 => println!(
                    "WRONG\t{}\t{}\t{}\t{:?}\t{:.0} km\tgold {:.2},{:.2}\tgot {:.2},{:.2}",
                    c.article,
                    c.kind,
                    c.text,
                    (n, cc),
                    km,
                    c.gold.0,
                    c.gold.1,
                    la,
                    lo
                ),
                (None, _) => println!("MISSED\t{}\t{}\t{}", c.article, c.kind, c.text),
                _ => {}
            }
        }
        for (a, t, n, cc) in &r.spurious {
            println!("SPURIOUS\t{a}\t{t}\t{n}\t{cc:?}");
        }
    }
    Ok(())
}
