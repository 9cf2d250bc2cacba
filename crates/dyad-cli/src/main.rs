//! `dyad`: reads news and writes down who did what to whom, when and where,
//! and who said what, as `dyad/1` JSON.

mod bench;
mod input;
#[cfg(feature = "train")]
mod splitter_tags;
mod usage;

use std::io::{BufRead, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use dyad_doc::{Doc, Layer, LayerSet, Meta, Pipeline};
use dyad_json::OutputOptions;

use crate::input::InputError;

const EXAMPLES: &str = "\
Examples:
  dyad extract examples/ceasefire-talks.txt --date 2025-03-06
  cat article.txt | dyad extract - --date 2025-02-13 --layers tokens
  dyad extract --input-jsonl articles.jsonl --skip-bad > out.jsonl
  dyad extract article.txt --date 2025-02-13 --format gdelt > events.tsv
  dyad tokenize examples/ceasefire-talks.txt
  dyad bench ../shared/data/polnear/dev/text
  dyad eval tokenize ../shared/data/ud-en-ewt/en_ewt-ud-dev.conllu
  dyad eval ud ../shared/data/ud-en-ewt/en_ewt-ud-dev.conllu
  dyad eval timex ../shared/data/tempeval3
  dyad eval geo ../shared/data/geowebnews/GWN.xml
  dyad eval attribution ../shared/data/polnear/dev
  dyad eval ner ../shared/data/re3d
  dyad eval ner ../shared/data/uner-en-ewt/en_ewt-ud-dev.iob2
  dyad eval actors ../shared/data/plover-gsr/gsr-dev.json
  dyad eval plover ../shared/data/plover-gsr/gsr-dev.json
  dyad quotes examples/ceasefire-talks.txt

Exit codes:
  0  success
  1  processing or output failed
  2  bad command line
  3  bad input (unreadable file, invalid UTF-8 without --lossy, malformed JSONL record without --skip-bad)";

/// dyad: news in, who did what to whom (and who said what) out.
#[derive(Parser)]
#[command(name = "dyad", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Parser model file to use instead of the embedded one (for example a
    /// beam-search model written by `dyad train parser --beam 8`).
    #[arg(long, global = true, value_name = "FILE")]
    parser_model: Option<PathBuf>,
    /// Parser beam width (default: the width the model was trained with; the
    /// embedded model is greedy, and a width above 1 needs a beam-trained model).
    #[arg(long, global = true, value_name = "K")]
    parser_beam: Option<usize>,
}

/// The models chosen on the command line, set once in `main`.
static MODELS: std::sync::OnceLock<dyad_pipeline::Models> = std::sync::OnceLock::new();

/// The pipeline prefix producing `layers`, with the command line's models
/// (a model file that cannot be used is bad input: exit code 3).
pub(crate) fn until(layers: LayerSet) -> Result<Pipeline> {
    dyad_pipeline::until_with(layers, MODELS.get_or_init(Default::default)).map_err(|e| match e {
        dyad_pipeline::BuildError::Chosen(m) => InputError(m).into(),
        other => other.into(),
    })
}

/// The whole pipeline, with the command line's models.
pub(crate) fn standard() -> Result<Pipeline> {
    until(dyad_pipeline::available())
}

#[derive(Subcommand)]
enum Command {
    /// Process articles and print dyad/1 JSON.
    Extract(ExtractArgs),
    /// Print who said what: a table of speaker, kind, cue and content (or --format json).
    Quotes(QuotesArgs),
    /// Tokenize and split sentences; print CoNLL-U with TokenRange (character offsets) in MISC.
    Tokenize(SourceArgs),
    /// Tokenize, tag, lemmatize and parse; print CoNLL-U with TokenRange in MISC.
    Parse(ParseArgs),
    /// Measure tokens per CPU-second and peak memory of each pipeline prefix.
    Bench(BenchArgs),
    /// Score dyad against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Rebuild a model from DYAD_DATA (deterministic: same data, same bytes).
    #[cfg(feature = "train")]
    #[command(subcommand)]
    Train(TrainCommand),
}

#[cfg(feature = "train")]
#[derive(Subcommand)]
enum TrainCommand {
    /// POS tagger and lemmatizer (UD EWT train; epoch chosen on dev) → models/tagger.bin.
    Tagger(TrainArgs),
    /// Dependency parser (UD EWT train; epoch chosen on dev) → models/parser.bin.
    Parser(ParserTrainArgs),
    /// Sentence-boundary model (UD EWT train) → crates/dyad-text/model/sentence.bin.
    Splitter(TrainArgs),
    /// Sentence-boundary model that reads part-of-speech tags, with five jackknife taggers
    /// (UD EWT train) → models/sentence-tags.bin.
    SplitterTags(SplitterTagsArgs),
    /// Entity recogniser (re3d train split + spaCy silver labels) → models/ner.bin.
    Ner(NerTrainArgs),
}

#[cfg(feature = "train")]
#[derive(clap::Args)]
struct NerTrainArgs {
    #[command(flatten)]
    common: TrainArgs,
    /// Folder of silver JSON lines (polnear-train.jsonl, ewt-train.jsonl) made by
    /// scripts/bench/make_silver.py.
    #[arg(long)]
    silver: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = 2)]
    epochs: usize,
    /// Drop averaged weights below this.
    #[arg(long, default_value_t = 0.25)]
    min_weight: f32,
}

#[cfg(feature = "train")]
#[derive(clap::Args)]
struct ParserTrainArgs {
    #[command(flatten)]
    common: TrainArgs,
    /// Train for beam search with this width (global structured perceptron);
    /// 1 is the shipped greedy model. See models/parser.md.
    #[arg(long, default_value_t = 1)]
    beam: usize,
    /// Passes over the data (default: the training default, 14).
    #[arg(long)]
    epochs: Option<usize>,
    /// Drop move weights below this (default: the training default; the
    /// beam model of models/parser.md uses 3).
    #[arg(long)]
    min_weight: Option<f32>,
}

#[cfg(feature = "train")]
#[derive(clap::Args)]
struct SplitterTagsArgs {
    #[command(flatten)]
    common: TrainArgs,
    /// Keep the fold files and fold taggers (train_minus{0..4}.conllu, tagger_minus{0..4}.bin)
    /// in this folder, for examples/sentence_tags.rs in dyad-pipeline (default: a temporary
    /// folder, removed afterwards).
    #[arg(long)]
    work: Option<PathBuf>,
}

#[cfg(feature = "train")]
#[derive(clap::Args)]
struct TrainArgs {
    /// Data folder (default: $DYAD_DATA, else ../shared/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Where to write the model (default: the shipped model's path).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
struct SourceArgs {
    /// Article text file, or - for standard input.
    file: PathBuf,
    /// Replace invalid UTF-8 with U+FFFD (and say so in the output) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Read the input as HTML: markup, scripts and styles are blanked character for character,
    /// so spans still point into the page as given (on by default for .html and .htm files).
    #[arg(long)]
    html: bool,
}

#[derive(clap::Args)]
struct ParseArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Output format: conllu (the only one for now).
    #[arg(long, default_value = "conllu", value_parser = ["conllu"])]
    format: String,
}

#[derive(clap::Args)]
struct QuotesArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Publication date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// table (default) or json (the dyad/1 quote records).
    #[arg(long, default_value = "table")]
    format: String,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// One pretty-printed JSON object.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// GDELT 2.0 event rows (61 tab-separated columns), one per event.
    Gdelt,
    /// PLOVER JSON lines, one per event.
    Plover,
}

/// Render one processed document in `format`.
/// Write a processed document: JSON is streamed to `out` and ends its line;
/// event rows already end in newlines (a document without events writes
/// nothing).
fn write_doc(
    out: &mut impl Write,
    doc: &Doc,
    format: Format,
    opts: OutputOptions,
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            dyad_json::write_json(&mut *out, doc, opts, true)?;
            writeln!(out)
        }
        Format::Jsonl => {
            dyad_json::write_json(&mut *out, doc, opts, false)?;
            writeln!(out)
        }
        Format::Gdelt => out.write_all(dyad_events::write_gdelt(doc).as_bytes()),
        Format::Plover => out.write_all(dyad_events::write_plover(doc).as_bytes()),
    }
}

/// How long documents are cut: tokens are kept only when they are printed.
fn chunking(opts: OutputOptions) -> dyad_pipeline::ChunkOptions {
    dyad_pipeline::ChunkOptions {
        keep_tokens: opts.tokens,
        ..Default::default()
    }
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Article text file, or - for standard input.
    #[arg(
        required_unless_present = "input_jsonl",
        conflicts_with = "input_jsonl"
    )]
    file: Option<PathBuf>,
    /// Process a JSONL file (or - for stdin) of records {"id","text","date","title","url"},
    /// writing one output line per input line, in order.
    #[arg(long, value_name = "FILE")]
    input_jsonl: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD): the anchor for relative dates and dated roles.
    #[arg(long)]
    date: Option<String>,
    /// Document id written to the output (default: the file name).
    #[arg(long)]
    id: Option<String>,
    /// Headline.
    #[arg(long)]
    title: Option<String>,
    /// Source URL.
    #[arg(long)]
    url: Option<String>,
    /// Output format (default: json for one file, jsonl for --input-jsonl); gdelt and plover
    /// write one row per coded event.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Optional layers to include, comma-separated: tokens.
    #[arg(long, value_delimiter = ',')]
    layers: Vec<String>,
    /// Replace invalid UTF-8 with U+FFFD (and say so in the output) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Read the input as HTML: markup, scripts and styles are blanked character for character,
    /// so spans still point into the page as given (on by default for .html and .htm files).
    #[arg(long)]
    html: bool,
    /// With --input-jsonl: report malformed records on stderr and go on.
    #[arg(long)]
    skip_bad: bool,
    /// Worker threads for --input-jsonl.
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// A directory of .txt files or a JSONL file with a "text" field.
    path: PathBuf,
    /// How many times to run over the texts.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Also check linear cost: one document of all texts vs. ten times that.
    #[arg(long)]
    linear: bool,
    /// Also run the full pipeline on one single-line document of this many MB made from the texts
    /// (newlines replaced by spaces), reporting time and peak memory.
    #[arg(long, value_name = "MB")]
    huge: Option<usize>,
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Tokenization and sentence splitting against a CoNLL-U treebank, from its raw document text.
    Tokenize {
        /// Gold CoNLL-U file.
        gold: PathBuf,
        /// Hard-wrap each document at this many characters first (spaces
        /// become line breaks, as in e-mail); scores are on the same spans.
        #[arg(long, value_name = "COLUMN", value_parser = clap::value_parser!(u16).range(1..))]
        wrap: Option<u16>,
        /// Score dyad-text's splitter alone (no tag-reading model for texts
        /// read as layout), for comparison.
        #[arg(long)]
        plain: bool,
    },
    /// The whole UD layer (tokens, sentences, tags, lemmas, heads) from raw text, CoNLL 2018 style.
    Ud {
        /// Gold CoNLL-U file.
        gold: PathBuf,
    },
    /// TIMEX3 recognition and normalisation on TempEval-3 TimeML (TimeBank, AQUAINT).
    Timex {
        /// A folder of .tml files (searched recursively).
        dir: PathBuf,
    },
    /// Quotes and attributions on PolNeAR's layout (text/*.txt + attributions/*.ann).
    Attribution {
        /// A PolNeAR compartment, e.g. ../shared/data/polnear/dev.
        dir: PathBuf,
    },
    /// Entities: exact-span P/R/F1 per type on re3d (its dev split) and on UNER (IOB2).
    Ner {
        /// The re3d folder, or a UNER .iob2 file.
        path: PathBuf,
    },
    /// Actor country and sector coding on the PLOVER gold-standard records (gsr-dev.json).
    Actors {
        /// The GSR JSON file.
        file: PathBuf,
        /// Also list every actor whose country or sector was missed.
        #[arg(long)]
        misses: bool,
    },
    /// Event type, source and target coding on the PLOVER gold-standard records (gsr-dev.json).
    Plover {
        /// The GSR JSON file.
        file: PathBuf,
        /// Also list every record whose type, source or target countries were missed.
        #[arg(long)]
        misses: bool,
    },
    /// PETRARCH's unit-test records coded with the validation dictionaries as user lexicons.
    Petrarch {
        /// The records file (default: DICT_DIR/PETR.UnitTest.records.xml).
        #[arg(long)]
        records: Option<PathBuf>,
        /// Folder of the PETR.Validate.* dictionaries (default: $DYAD_DATA/petrarch, else
        /// ../shared/data/petrarch).
        #[arg(long)]
        dict_dir: Option<PathBuf>,
        /// Also list every failed record with the expected and produced codings.
        #[arg(long)]
        failures: bool,
    },
    /// Toponym recognition and geocoding on GeoWebNews (GWN.xml).
    Geo {
        /// The GeoWebNews XML file.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    // Output piped into `head` and closed early: end quietly, as Unix tools
    // do, instead of panicking in `println!` (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread
    // starts; no other code depends on it being ignored.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    MODELS.get_or_init(|| dyad_pipeline::Models {
        parser: cli.parser_model.clone(),
        parser_beam: cli.parser_beam,
    });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            if e.downcast_ref::<InputError>().is_some() {
                ExitCode::from(3)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// A closed stdout (`dyad … | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Tokenize(args) => conllu(args, LayerSet::of(&[Layer::Tokens, Layer::Sentences])),
        Command::Parse(args) => conllu(
            args.source,
            LayerSet::of(&[Layer::Tags, Layer::Lemmas, Layer::Heads]),
        ),
        Command::Quotes(args) => quotes(args),
        Command::Bench(args) => run_bench(args),
        #[cfg(feature = "train")]
        Command::Train(t) => train(t),
        Command::Eval(EvalCommand::Tokenize { gold, wrap, plain }) => {
            let tagged = dyad_pipeline::tokenize_stage();
            let plain_stage = dyad_text::TokenizeStage::new();
            let stage: &dyn dyad_doc::Stage = if plain { &plain_stage } else { &tagged };
            let column = wrap.map(usize::from);
            println!(
                "{}",
                dyad_eval::ud::eval_stages_wrapped(&gold, &[stage], column)?
            );
            Ok(())
        }
        Command::Eval(EvalCommand::Timex { dir }) => {
            println!("{}", dyad_time::eval_tempeval(&dir)?);
            Ok(())
        }
        Command::Eval(EvalCommand::Attribution { dir }) => {
            let pipeline = crate::until(LayerSet::of(&[Layer::Quotes]))?;
            let mut failure = None;
            let report = dyad_quotes::eval_attribution(&dir, |text| {
                let mut doc = Doc::new(text, Meta::default());
                if let Err(e) = pipeline.run(&mut doc) {
                    failure.get_or_insert(e);
                }
                doc.quotes
            })?;
            if let Some(e) = failure {
                return Err(e.into());
            }
            println!("{report}");
            Ok(())
        }
        Command::Eval(EvalCommand::Ner { path }) => {
            let (name, gold) = if path.is_dir() {
                let docs = dyad_ner::load_re3d(&path)?;
                ("re3d dev", dyad_ner::re3d_split(&docs).1)
            } else {
                ("IOB2", dyad_ner::load_iob2(&path)?.0)
            };
            let ner =
                dyad_ner::Ner::from_bytes_named(dyad_pipeline::ner_model(), "models/ner.bin")?;
            println!("{}", dyad_ner::eval_ner(&ner, name, &gold));
            Ok(())
        }
        Command::Eval(EvalCommand::Actors { file, misses }) => {
            let stage = dyad_actors::ActorStage::builtin()?;
            let report = dyad_actors::eval::gsr(&stage, &file)?;
            println!("{report}");
            if misses {
                for m in &report.misses {
                    println!("{m}");
                }
            }
            Ok(())
        }
        Command::Eval(EvalCommand::Plover { file, misses }) => {
            let before_events = crate::until(LayerSet::of(&[Layer::Quotes]))?;
            let stage = dyad_events::EventStage::new()?;
            let report = dyad_events::eval_plover(&file, &before_events, &stage)?;
            println!("{report}");
            if misses {
                for m in &report.misses {
                    println!("{m}");
                }
            }
            Ok(())
        }
        Command::Eval(EvalCommand::Petrarch {
            records,
            dict_dir,
            failures,
        }) => {
            let dir = dict_dir.unwrap_or_else(|| {
                PathBuf::from(
                    std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".into()),
                )
                .join("petrarch")
            });
            let records = records.unwrap_or_else(|| dir.join("PETR.UnitTest.records.xml"));
            let parser = crate::until(LayerSet::of(&[Layer::Heads]))?;
            let report = dyad_events::eval_petrarch(&records, &dir, &parser)?;
            print!("{report}");
            if failures {
                print!("{}", report.failures_text());
            }
            Ok(())
        }
        Command::Eval(EvalCommand::Geo { file }) => {
            println!("{}", dyad_geo::eval_geowebnews(&file)?);
            Ok(())
        }
        Command::Eval(EvalCommand::Ud { gold }) => {
            let pipeline = crate::standard()?;
            let stages: Vec<&dyn dyad_doc::Stage> =
                pipeline.stages().iter().map(|s| s.as_ref()).collect();
            println!("{}", dyad_eval::ud::eval_stages(&gold, &stages)?);
            Ok(())
        }
    }
}

fn output_options(layers: &[String]) -> Result<OutputOptions> {
    let mut opts = OutputOptions::default();
    for l in layers {
        match l.trim() {
            "tokens" => opts.tokens = true,
            "" => {}
            other => match Layer::parse(other) {
                Some(_) => {} // always present in dyad/1
                None => anyhow::bail!(
                    "unknown layer {other:?}; optional layers: tokens (the others are always present)"
                ),
            },
        }
    }
    Ok(opts)
}

fn origin(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// The default document id: the file stem, or `stdin`.
fn doc_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| s != "-")
        .unwrap_or_else(|| "stdin".to_string())
}

fn load_doc(path: &Path, lossy: bool, html: bool, meta: Meta) -> Result<Doc> {
    let bytes = input::read_bytes(path)?;
    let mut decoded = input::decode(bytes, &origin(path), lossy)?;
    let html = html
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if !html {
        return Ok(input::make_doc(decoded, meta));
    }
    let masked = dyad_text::mask_html(&decoded.text);
    decoded.text = masked.text;
    let mut doc = input::make_doc(decoded, meta);
    doc.note(
        "input",
        None,
        "read as HTML: markup, scripts and styles blanked character for character \
         (offsets are those of the page as given; character references are left as written)",
    );
    for (at, message) in masked.notes {
        doc.note("input", None, format!("HTML at character {at}: {message}"));
    }
    Ok(doc)
}

fn extract(args: ExtractArgs) -> Result<()> {
    let opts = output_options(&args.layers)?;
    let pipeline = crate::standard()?;
    if let Some(path) = &args.input_jsonl {
        return extract_jsonl(&pipeline, path, &args, opts);
    }
    let path = args
        .file
        .as_deref()
        .expect("clap requires FILE without --input-jsonl");
    let date = args
        .date
        .as_deref()
        .map(input::parse_date)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let id = args.id.clone().unwrap_or_else(|| doc_id(path));
    let meta = Meta {
        id,
        date,
        title: args.title.clone(),
        url: args.url.clone(),
        source: None,
    };
    let mut doc = load_doc(path, args.lossy, args.html, meta)?;
    if doc.meta.date.is_none() {
        doc.note(
            "input",
            None,
            "no publication date given (--date): relative dates and dated roles cannot be resolved",
        );
    }
    dyad_pipeline::run_chunked(&pipeline, &mut doc, &chunking(opts))?;
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let format = args.format.unwrap_or(Format::Json);
    write_doc(&mut out, &doc, format, opts)?;
    out.flush()?;
    Ok(())
}

/// Records processed per round: bounds memory while keeping both cores busy.
const BATCH: usize = 64;

fn extract_jsonl(
    pipeline: &Pipeline,
    path: &Path,
    args: &ExtractArgs,
    opts: OutputOptions,
) -> Result<()> {
    let name = origin(path);
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(path).map_err(|e| InputError(format!("{name}: {e}")))?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, f))
    };
    let format = args.format.unwrap_or(Format::Jsonl);
    let progress = std::io::stderr().is_terminal().then(|| {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} documents {per_sec} {elapsed}",
            )
            .expect("valid template"),
        );
        pb
    });
    let threads = args.threads.max(1);
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let mut lines = reader.split(b'\n');
    let mut lineno = 0usize;
    let (mut ok, mut skipped) = (0usize, 0usize);
    loop {
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            match lines.next() {
                None => break,
                Some(line) => {
                    let line = line.map_err(|e| InputError(format!("{name}: {e}")))?;
                    lineno += 1;
                    if line.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    batch.push((lineno, line));
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        let results = process_batch(pipeline, &batch, &name, args.lossy, threads, opts);
        for r in results {
            match r {
                Ok(doc) => {
                    write_doc(&mut out, &doc, format, opts)?;
                    ok += 1;
                }
                Err(e) if args.skip_bad && e.downcast_ref::<InputError>().is_some() => {
                    eprintln!("dyad: skipped: {e:#}");
                    skipped += 1;
                }
                Err(e) => {
                    out.flush()?;
                    return Err(e);
                }
            }
        }
        if let Some(pb) = &progress {
            pb.set_position((ok + skipped) as u64);
        }
    }
    out.flush()?;
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if skipped > 0 {
        eprintln!("dyad: {ok} documents written, {skipped} malformed records skipped");
    }
    Ok(())
}

/// Process a batch on `threads` scoped threads, keeping input order.
fn process_batch(
    pipeline: &Pipeline,
    batch: &[(usize, Vec<u8>)],
    name: &str,
    lossy: bool,
    threads: usize,
    opts: OutputOptions,
) -> Vec<Result<Doc>> {
    let chunks = chunking(opts);
    let one = |(line, bytes): &(usize, Vec<u8>)| -> Result<Doc> {
        let mut doc = input::record_doc(bytes, name, *line, lossy)?;
        dyad_pipeline::run_chunked(pipeline, &mut doc, &chunks)
            .with_context(|| format!("{name}:{line}: document {:?}", doc.meta.id))?;
        Ok(doc)
    };
    if threads == 1 || batch.len() == 1 {
        return batch.iter().map(one).collect();
    }
    let chunk = batch.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker threads do not panic"))
            .collect()
    })
}

fn quotes(args: QuotesArgs) -> Result<()> {
    let date = args
        .date
        .as_deref()
        .map(input::parse_date)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let meta = Meta {
        id: doc_id(&args.source.file),
        date,
        ..Meta::default()
    };
    let mut doc = load_doc(&args.source.file, args.source.lossy, args.source.html, meta)?;
    dyad_pipeline::run_chunked(
        &crate::standard()?,
        &mut doc,
        &dyad_pipeline::ChunkOptions::default(),
    )?;
    let mut out = std::io::stdout().lock();
    match args.format.as_str() {
        "table" => write!(out, "{}", dyad_quotes::format_table(&doc))?,
        "json" => {
            let o = dyad_json::to_output(&doc, OutputOptions::default());
            writeln!(out, "{}", serde_json::to_string_pretty(&o.quotes)?)?;
        }
        other => anyhow::bail!("unknown format {other:?}: table or json"),
    }
    Ok(())
}

/// Run the pipeline prefix producing `layers` and print CoNLL-U.
fn conllu(args: SourceArgs, layers: LayerSet) -> Result<()> {
    let meta = Meta {
        id: doc_id(&args.file),
        ..Meta::default()
    };
    let mut doc = load_doc(&args.file, args.lossy, args.html, meta)?;
    let keep = dyad_pipeline::ChunkOptions {
        keep_tokens: true,
        ..Default::default()
    };
    dyad_pipeline::run_chunked(&crate::until(layers)?, &mut doc, &keep)?;
    let mut s = String::new();
    dyad_conllu::write_doc(&doc, &mut s);
    std::io::stdout().lock().write_all(s.as_bytes())?;
    Ok(())
}

fn run_bench(args: BenchArgs) -> Result<()> {
    let texts = bench::load_texts(&args.path)?;
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    println!(
        "dyad bench: {} documents, {} characters from {} (single thread, {} run(s))",
        texts.len(),
        chars,
        args.path.display(),
        args.repeat
    );
    // Start-up first, while nothing is loaded yet.
    let startup = bench::startup()?;
    let mut rows = Vec::new();
    for (i, (name, layers)) in bench::configurations().into_iter().enumerate() {
        rows.push(bench::measure(name, layers, &texts, args.repeat)?);
        if i == 0 {
            rows.push(bench::measure_plain_split(&texts, args.repeat)?);
        }
    }
    bench::print(&rows);
    let (stage_times, sentences) = bench::per_stage(&texts)?;
    bench::print_stages(&stage_times, sentences);
    bench::print_startup(&startup);
    if args.linear {
        let (one, ten) = bench::linearity(&texts)?;
        bench::print(&[one, ten]);
    }
    if let Some(mb) = args.huge {
        bench::print(&[bench::huge_line(&texts, mb)?]);
    }
    Ok(())
}

/// `dyad train ner`: the shipped recipe (see models/ner.md).
#[cfg(feature = "train")]
fn train_ner(data: &Path, args: &NerTrainArgs, out: &Path) -> Result<()> {
    use dyad_ner::train::{StandardData, TrainOptions};
    let std_data = StandardData::load(data, &args.silver, dyad_ner::train::RE3D_REPEAT)?;
    let opts = TrainOptions {
        epochs: args.epochs,
        min_weight: args.min_weight,
        geo_dir: Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/gazetteer"
        ))),
        ..TrainOptions::default()
    };
    let ner = dyad_ner::train::train(&std_data.sets, &std_data.dev, &opts, |l| eprintln!("{l}"))?;
    let bytes = ner.to_bytes();
    std::fs::write(out, &bytes).with_context(|| out.display().to_string())?;
    for (name, docs) in &std_data.dev {
        println!("{}", dyad_ner::eval_ner(&ner, name, docs));
    }
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

#[cfg(feature = "train")]
fn train(cmd: TrainCommand) -> Result<()> {
    let (args, default_out) = match &cmd {
        TrainCommand::Tagger(a) => (a, "models/tagger.bin"),
        TrainCommand::Parser(a) => (&a.common, "models/parser.bin"),
        TrainCommand::Splitter(a) => (a, "crates/dyad-text/model/sentence.bin"),
        TrainCommand::SplitterTags(a) => (&a.common, "models/sentence-tags.bin"),
        TrainCommand::Ner(a) => (&a.common, "models/ner.bin"),
    };
    let data = args.data.clone().unwrap_or_else(|| {
        PathBuf::from(std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".into()))
    });
    if let TrainCommand::Ner(a) = &cmd {
        let out = args.out.clone().unwrap_or_else(|| default_out.into());
        return train_ner(&data, a, &out);
    }
    let train = data.join("ud-en-ewt/en_ewt-ud-train.conllu");
    let dev = data.join("ud-en-ewt/en_ewt-ud-dev.conllu");
    if !train.exists() {
        return Err(InputError(format!(
            "{}: not found (set DYAD_DATA or --data to the folder holding ud-en-ewt/)",
            train.display()
        ))
        .into());
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_out));
    match cmd {
        TrainCommand::Tagger(_) => {
            let opts = dyad_tagger::TrainOptions::default();
            let report = dyad_tagger::train(&train, Some(&dev), &out, &opts)?;
            println!("{report}");
        }
        TrainCommand::Parser(a) => {
            let defaults = dyad_parser::TrainOptions::default();
            let opts = dyad_parser::TrainOptions {
                beam: a.beam.max(1),
                epochs: a.epochs.unwrap_or(defaults.epochs),
                min_weight: a.min_weight.unwrap_or(defaults.min_weight),
                ..defaults
            };
            let report = dyad_parser::train(&train, Some(&dev), &out, &opts)?;
            println!("{report:#?}");
        }
        TrainCommand::Ner(_) => unreachable!("handled above"),
        TrainCommand::Splitter(_) | TrainCommand::SplitterTags(_) => {
            let model = if let TrainCommand::SplitterTags(a) = &cmd {
                match &a.work {
                    Some(work) => splitter_tags::train(&train, work)?,
                    None => {
                        let work = std::env::temp_dir()
                            .join(format!("dyad-splitter-tags-{}", std::process::id()));
                        let model = splitter_tags::train(&train, &work);
                        std::fs::remove_dir_all(&work).ok();
                        model?
                    }
                }
            } else {
                dyad_text::train_sentence_model(&train, 2)?
            };
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| out.display().to_string())?;
            println!(
                "{}: {} features, {} bytes",
                out.display(),
                model.len(),
                bytes.len()
            );
        }
    }
    println!("wrote {}", out.display());
    Ok(())
}
