//! End-to-end tests of the `dyad` binary: real process, real files.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The `dyad` binary started in the repo root with all three streams piped.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dyad runs")
}

/// The bundled example article.
fn example_article() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/ceasefire-talks.txt"
    ))
    .unwrap()
}

fn dyad(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = spawn(args);
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "dyad failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn schema() -> jsonschema::Validator {
    jsonschema::validator_for(&serde_json::from_str(dyad_json::JSON_SCHEMA).unwrap()).unwrap()
}

#[test]
fn bundled_example_gives_valid_dyad1() {
    let out = dyad(
        &[
            "extract",
            "examples/ceasefire-talks.txt",
            "--date",
            "2025-03-06",
        ],
        b"",
    );
    let v = stdout_json(&out);
    assert!(schema().is_valid(&v));
    assert_eq!(v["schema"], "dyad/1");
    assert_eq!(v["id"], "ceasefire-talks");
    assert_eq!(v["date"], "2025-03-06");
    // Headline, dateline paragraph, and the body: at least 15 sentences.
    assert!(v["sentences"].as_array().unwrap().len() >= 15);
}

#[test]
fn output_is_byte_identical_across_runs() {
    let args = [
        "extract",
        "examples/ceasefire-talks.txt",
        "--date",
        "2025-03-06",
        "--layers",
        "tokens",
    ];
    let a = dyad(&args, b"");
    let b = dyad(&args, b"");
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn stdin_tokens_and_character_offsets() {
    let text = "Зеленський said: “Київ stands.” Peace?";
    let out = dyad(&["extract", "-", "--layers", "tokens"], text.as_bytes());
    let v = stdout_json(&out);
    assert_eq!(v["date"], Value::Null);
    let chars: Vec<char> = text.chars().collect();
    let toks = v["tokens"].as_array().unwrap();
    assert!(toks.len() >= 9);
    for t in toks {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            t["text"].as_str().unwrap()
        );
    }
    let notes = v["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| {
        n["message"]
            .as_str()
            .unwrap()
            .contains("no publication date")
    }));
}

#[test]
fn empty_input_is_a_valid_empty_document() {
    let v = stdout_json(&dyad(&["extract", "-", "--date", "2025-01-01"], b""));
    assert!(schema().is_valid(&v));
    assert_eq!(v["length"], 0);
    assert_eq!(v["sentences"].as_array().unwrap().len(), 0);
}

#[test]
fn invalid_utf8_is_an_error_naming_the_byte_unless_lossy() {
    let bytes = b"Kyiv said\nno \xff\xfe more.";
    let out = dyad(&["extract", "-"], bytes);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "<stdin>: invalid UTF-8 at byte 13 (line 2, byte 4 of the line); use --lossy to replace invalid bytes"
        ),
        "{err}"
    );

    let v = stdout_json(&dyad(&["extract", "-", "--lossy"], bytes));
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["message"]
            .as_str()
            .unwrap()
            .contains("2 invalid sequence(s)")),
        "{notes:?}"
    );
}

#[test]
fn nul_and_control_characters_are_tolerated() {
    let v = stdout_json(&dyad(
        &["extract", "-", "--layers", "tokens"],
        b"a\0b \x07 c\x1b[0m d.",
    ));
    assert!(!v["tokens"].as_array().unwrap().is_empty());
}

#[test]
fn jsonl_batches_keep_order_and_name_bad_lines() {
    let mut input = String::new();
    for i in 0..150 {
        input.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"Story {i} ran. It rained.\",\"date\":\"2025-02-13\"}}\n"
        ));
    }
    let out = dyad(&["extract", "--input-jsonl", "-"], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 150);
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["id"], format!("d{i}"));
        assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
    }

    let bad = "{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"Three.\"}\n";
    let out = dyad(&["extract", "--input-jsonl", "-"], bad.as_bytes());
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:2: malformed record"));

    let out = dyad(
        &["extract", "--input-jsonl", "-", "--skip-bad"],
        bad.as_bytes(),
    );
    assert!(out.status.success());
    let ids: Vec<String> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            serde_json::from_slice::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["a", "c"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 malformed records skipped"));
}

#[test]
fn jsonl_record_fields_are_read_or_named() {
    // A numeric id and an RFC 3339 timestamp are accepted.
    let good = br#"{"id":7,"text":"Hi.","date":"2025-02-13T10:00:00Z"}"#;
    let v = stdout_json(&dyad(&["extract", "--input-jsonl", "-"], good));
    assert_eq!(
        (v["id"].as_str(), v["date"].as_str()),
        (Some("7"), Some("2025-02-13"))
    );
    // A record of the wrong shape and a date that cannot be read are named
    // by line.
    let cases: [(&[u8], &str); 2] = [
        (b"{\"text\": 5}\n", "<stdin>:1: malformed record"),
        (
            b"{\"text\":\"x\"}\n{\"text\":\"x\",\"date\":\"13/02/2025\"}\n",
            "<stdin>:2: invalid date",
        ),
    ];
    for (input, message) in cases {
        let out = dyad(&["extract", "--input-jsonl", "-"], input);
        assert_eq!(out.status.code(), Some(3), "{message}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{message}: {err}");
    }
}

#[test]
fn bad_command_lines_exit_2() {
    assert_eq!(dyad(&["extract"], b"").status.code(), Some(2));
    let out = dyad(&["extract", "-", "--date", "13/02/2025"], b"x");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid date"));
    let out = dyad(&["extract", "-", "--layers", "vibes"], b"x");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown layer"));
}

#[test]
fn tokenize_prints_conllu_with_character_ranges() {
    let out = dyad(&["tokenize", "-"], "“Київ,” he said.".as_bytes());
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("# text = “Київ,” he said."), "{s}");
    assert!(s.contains("\tКиїв\t"), "{s}");
    assert!(s.contains("TokenRange=1:5"), "{s}");
}

#[test]
fn bench_prints_tokens_per_cpu_second() {
    let dir = std::env::temp_dir().join(format!("dyad-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Trump spoke with Putin on Wednesday. Talks begin.",
    )
    .unwrap();
    let out = dyad(&["bench", dir.to_str().unwrap()], b"");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        s.contains("tokens/cpu-s") && s.contains("tokenize+split") && s.contains("peak RSS"),
        "{s}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn event_formats_write_one_row_per_event() {
    let text = "Russian troops attacked the Ukrainian city of Kharkiv on Tuesday. \
                President Zelensky met US officials in Kyiv on Wednesday.";
    let json = stdout_json(&dyad(
        &["extract", "-", "--date", "2025-02-13"],
        text.as_bytes(),
    ));
    let events = json["events"].as_array().unwrap().len();
    assert!(events >= 1, "{json}");

    let out = dyad(
        &["extract", "-", "--date", "2025-02-13", "--format", "gdelt"],
        text.as_bytes(),
    );
    assert!(out.status.success());
    let rows: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(rows.len(), events);
    for r in &rows {
        assert_eq!(r.split('\t').count(), 61, "{r}");
    }

    let out = dyad(
        &["extract", "-", "--date", "2025-02-13", "--format", "plover"],
        text.as_bytes(),
    );
    let lines: Vec<Value> = std::str::from_utf8(&out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), events);
    for l in &lines {
        for field in [
            "id",
            "date",
            "actor",
            "recipient",
            "event",
            "mode",
            "context",
            "event_loc",
        ] {
            assert!(l.get(field).is_some(), "{field} missing in {l}");
        }
    }
}

#[test]
fn huge_documents_are_processed_in_parts_with_valid_output() {
    let article = example_article();
    let mut text = String::new();
    while text.len() <= 1 << 20 {
        text.push_str(&article);
        text.push_str("\n\n");
    }
    let v = stdout_json(&dyad(
        &["extract", "-", "--date", "2025-03-06", "--format", "jsonl"],
        text.as_bytes(),
    ));
    assert!(schema().is_valid(&v));
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["message"].as_str().unwrap().contains("parts")),
        "{notes:?}"
    );
    assert_eq!(v["length"].as_u64().unwrap() as usize, text.chars().count());
    let sentences = v["sentences"].as_array().unwrap();
    let last = sentences.last().unwrap();
    assert!(last["end"].as_u64().unwrap() as usize > text.chars().count() - 200);
    // The same people are one actor across the whole document.
    let actors = v["actors"].as_array().unwrap();
    let peskov: Vec<_> = actors
        .iter()
        .filter(|a| a["kb_id"] == "person:dmitry_peskov")
        .collect();
    assert_eq!(peskov.len(), 1);
    assert!(peskov[0]["mentions"].as_array().unwrap().len() > 100);
}

#[test]
fn train_ner_names_the_missing_file() {
    let data = dyad_testdata::root();
    let out = dyad(
        &[
            "train",
            "ner",
            "--data",
            data.to_str().unwrap(),
            "--silver",
            "/nonexistent-silver",
            "--out",
            "/nonexistent-silver/ner.bin",
        ],
        b"",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let want = if data.join("re3d").is_dir() {
        "/nonexistent-silver/polnear-train.jsonl"
    } else {
        "re3d"
    };
    assert!(err.contains(want), "{err}");
}

#[test]
fn eval_petrarch_scores_the_unit_test_records() {
    if dyad_testdata::path("petrarch/PETR.UnitTest.records.xml").is_none() {
        return;
    }
    let dir = dyad_testdata::root().join("petrarch");
    let out = dyad(
        &["eval", "petrarch", "--dict-dir", dir.to_str().unwrap()],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    // "PETRARCH unit tests: N records, S scored, P passed (0.xxxx) …"
    let rate: f64 = first
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .and_then(|(r, _)| r.parse().ok())
        .unwrap_or_else(|| panic!("no pass rate in {first:?}"));
    assert!(rate > 0.5, "{first}");
    assert!(text.contains("skipped"), "the skip reasons are listed");
}

#[test]
fn closed_output_pipe_ends_quietly() {
    use std::io::Read;
    let article = example_article();
    // Far more CoNLL-U than a pipe buffer holds.
    let text = [article.as_str(); 200].join("\n\n");
    let mut child = spawn(&["tokenize", "-"]);
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    // Read a little, then close our end of the pipe, as `| head` would.
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.code() != Some(101), "{:?}", out.status);
}

#[test]
fn html_input_keeps_offsets_into_the_page() {
    let html = "<!DOCTYPE html><html><head><title>Talks</title>\
        <script>var x = \"<p>Putin</p>\";</script></head><body>\
        <h1>Talks in Istanbul</h1>\
        <p>“We want peace,” said <b>Kremlin spokesperson Dmitry Peskov</b> on Wednesday.</p>\
        <p>Ukraine &amp; Turkey welcomed the talks <!-- unclosed comment";
    let v = stdout_json(&dyad(
        &["extract", "-", "--html", "--date", "2025-03-06"],
        html.as_bytes(),
    ));
    assert!(schema().is_valid(&v));
    let chars: Vec<char> = html.chars().collect();
    assert_eq!(v["length"].as_u64().unwrap() as usize, chars.len());
    // Every entity's text is the page's text at its character offsets.
    let entities = v["entities"].as_array().unwrap();
    assert!(!entities.is_empty());
    for e in entities {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let page: String = chars[s..t].iter().collect();
        assert_eq!(page, e["text"].as_str().unwrap());
        assert!(!page.contains('<'), "markup is never an entity: {page:?}");
    }
    // Nothing from the script: Putin appears only there.
    assert!(entities.iter().all(|e| e["text"] != "Putin"));
    let peskov = v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kb_id"] == "person:dmitry_peskov");
    assert!(peskov.is_some(), "{}", v["actors"]);
    let notes = v["notes"].to_string();
    assert!(notes.contains("read as HTML"), "{notes}");
    assert!(notes.contains("unclosed comment"), "{notes}");
}

#[test]
fn parser_model_options() {
    let default = dyad(&["parse", "examples/ceasefire-talks.txt"], b"");
    assert!(default.status.success());
    // The shipped file given explicitly parses exactly as the embedded bytes.
    let explicit = dyad(
        &[
            "parse",
            "examples/ceasefire-talks.txt",
            "--parser-model",
            "models/parser.bin",
            "--parser-beam",
            "1",
        ],
        b"",
    );
    assert!(explicit.status.success());
    assert_eq!(default.stdout, explicit.stdout);
    assert!(!default.stdout.is_empty());
    // Refused: a beam over a greedy model, a width of 0, a missing file (exit 3).
    let cases: [(&[&str], &str); 3] = [
        (
            &["--parser-beam", "8"],
            "models/parser.bin was trained for greedy parsing",
        ),
        (&["--parser-beam", "0"], "at least 1"),
        (
            &["--parser-model", "no/such/parser.bin"],
            "no/such/parser.bin",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["extract", "examples/ceasefire-talks.txt"];
        args.extend_from_slice(extra);
        let out = dyad(&args, b"");
        assert_eq!(out.status.code(), Some(3), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{extra:?}: {err}");
        assert!(out.stdout.is_empty(), "{extra:?}");
    }
}
