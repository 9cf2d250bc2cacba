//! Print the sentences of a text file, one per line, tokens separated by
//! spaces (a development aid): `segment FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: segment FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(1);
        }
    };
    let (words, sentences) = dyad_text::segment(&text);
    for s in &sentences {
        let toks: Vec<&str> = words[s.tokens()]
            .iter()
            .map(|w| w.span.slice(&text))
            .collect();
        println!(
            "{}{}",
            if s.new_paragraph { "¶ " } else { "  " },
            toks.join(" ")
        );
    }
}
