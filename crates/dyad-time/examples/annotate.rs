//! Print the temporal expressions of a text file.
//!
//! `cargo run -p dyad-time --example annotate -- FILE [YYYY-MM-DD]`

use dyad_doc::NaiveDate;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: annotate FILE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let date = args
        .next()
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    for t in dyad_time::annotate(&text, date) {
        println!(
            "{}..{}\t{:?}\t{}\t{}\t{}\t{}",
            t.span.start(),
            t.span.end(),
            &text[t.span.range()],
            t.kind.as_str(),
            t.value.as_deref().unwrap_or("-"),
            t.anchor.as_deref().unwrap_or("-"),
            t.reason.as_deref().unwrap_or(""),
        );
    }
}
