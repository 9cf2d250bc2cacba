//! Report which `.txt` files of a directory the splitter reads as hard-wrapped
//! text, and how many of their line breaks it takes for wraps:
//! `cargo run --release -p dyad-text --example wrap_scan -- DIR…`.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let mut files = 0;
    let mut wrapped = 0;
    for dir in std::env::args().skip(1) {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            files += 1;
            let text = std::fs::read_to_string(&path)?;
            let soft = dyad_text::soft_breaks(&text);
            if !soft.is_empty() {
                wrapped += 1;
                let lines = text.matches('\n').count();
                println!(
                    "{}\t{} of {lines} line breaks are wraps",
                    show(&path),
                    soft.len()
                );
            }
        }
    }
    println!("{wrapped} of {files} files read as hard-wrapped");
    Ok(())
}

fn show(p: &Path) -> String {
    p.display().to_string()
}
