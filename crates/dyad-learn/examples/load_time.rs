//! Time loading each section of a model file as a perceptron or key map,
//! copied (`from_section` on bytes) and in place (`parse_static`):
//! `cargo run --release -p dyad-learn --example load_time -- FILE KIND VERSION`.
//! Sections that are neither are listed with their size only.

use std::time::Instant;

use dyad_learn::{Container, KeyMap, Perceptron};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!("usage: load_time FILE KIND VERSION");
        std::process::exit(2);
    }
    let version: u32 = args[2].parse().expect("VERSION is a number");
    let bytes = std::fs::read(&args[0]).expect("model file reads");
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let t = Instant::now();
    let c = Container::parse(bytes, &args[0], &args[1], version).expect("container");
    println!(
        "container check ({} bytes): {:.2} ms",
        bytes.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let s = Container::parse_static(bytes, &args[0], &args[1], version).expect("container");
    let names: Vec<String> = c.section_names().map(str::to_string).collect();
    for name in names {
        let len = c.section(&name).map_or(0, <[u8]>::len);
        let time = |f: &dyn Fn() -> bool| {
            let t = Instant::now();
            let ok = f();
            (ok, t.elapsed().as_secs_f64() * 1e3)
        };
        let (p, pc) = time(&|| Perceptron::from_section(&c, &name).is_ok());
        if p {
            let (_, ps) = time(&|| Perceptron::from_section(&s, &name).is_ok());
            println!("{name:<12} {len:>10} B  perceptron: copied {pc:.2} ms, in place {ps:.3} ms");
            continue;
        }
        let (k, kc) = time(&|| KeyMap::from_section(&c, &name).is_ok());
        if k {
            let (_, ks) = time(&|| KeyMap::from_section(&s, &name).is_ok());
            println!("{name:<12} {len:>10} B  key map:    copied {kc:.2} ms, in place {ks:.3} ms");
            continue;
        }
        println!("{name:<12} {len:>10} B");
    }
}
