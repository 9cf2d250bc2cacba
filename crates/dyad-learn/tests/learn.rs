//! Learner round trips, determinism and bad model files.

#![cfg(feature = "train")]

use dyad_learn::{
    FinishOptions, ModelError, Perceptron, Trainer, XorShift64, argmax, feature, feature_ids,
};

/// A small synthetic task: class = (a + 2b) mod 3 from two categorical
/// features with noise features; learnable only through the conjunction.
fn data(n: usize, seed: u64) -> Vec<(Vec<u64>, usize)> {
    let mut r = XorShift64::new(seed);
    (0..n)
        .map(|_| {
            let a = r.below(3) as u64;
            let b = r.below(3) as u64;
            let noise = r.below(50) as u64;
            let feats = vec![
                feature_ids(1, &[a]),
                feature_ids(2, &[b]),
                feature_ids(3, &[a, b]),
                feature_ids(4, &[noise]),
                feature(5, "bias"),
            ];
            (feats, ((a + 2 * b) % 3) as usize)
        })
        .collect()
}

fn train(seed: u64) -> Perceptron {
    let mut t = Trainer::new(vec!["x".into(), "y".into(), "z".into()]);
    let mut d = data(600, 1);
    let mut rng = XorShift64::new(seed);
    let mut scratch = Vec::new();
    for _ in 0..5 {
        rng.shuffle(&mut d);
        for (f, gold) in &d {
            let guess = t.predict(f, &mut scratch, |_| true).unwrap();
            t.update(f, *gold, guess);
        }
    }
    t.finish(&FinishOptions::default())
}

#[test]
fn learns_and_generalises() {
    let m = train(42);
    let mut scratch = Vec::new();
    let test = data(300, 2);
    let correct = test
        .iter()
        .filter(|(f, g)| m.predict(f, &mut scratch) == *g)
        .count();
    assert!(correct >= 295, "{correct}/300");
}

#[test]
fn training_is_deterministic_and_round_trips() {
    let a = train(42).to_file_bytes();
    let b = train(42).to_file_bytes();
    assert_eq!(a, b);
    let m = Perceptron::from_file_bytes(&a, "mem").unwrap();
    assert_eq!(m.to_file_bytes(), a);
    assert_eq!(m.n_classes(), 3);
    assert_eq!(m.class_id("z"), Some(2));
}

#[test]
fn valid_mask_and_unknown_features() {
    let m = train(1);
    let mut s = Vec::new();
    m.scores(&[feature(99, "never seen")], &mut s);
    assert_eq!(s, vec![0.0; 3]);
    assert_eq!(argmax(&s, |c| c == 2), Some(2));
}

#[test]
fn pruning_shrinks_the_model() {
    let mut t = Trainer::new(vec!["a".into(), "b".into()]);
    let mut s = Vec::new();
    for (f, g) in data(300, 3) {
        let g = g % 2;
        let p = t.predict(&f, &mut s, |_| true).unwrap();
        t.update(&f, g, p);
    }
    let full = t.finish(&FinishOptions::default());
    let pruned = t.finish(&FinishOptions { min_weight: 0.5 });
    assert!(pruned.n_weights() < full.n_weights());
}

#[test]
fn bad_files_name_the_file() {
    let dir = std::env::temp_dir().join(format!("dyad-learn-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = train(5).to_file_bytes();
    let mut wrong_version = good.clone();
    wrong_version[8] = 3;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.bin", good[..good.len() / 2].to_vec()),
        ("magic.bin", b"PK\x03\x04 definitely a zip file".to_vec()),
        ("version.bin", wrong_version),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Perceptron::load(&path).unwrap_err();
        match (name, &err) {
            ("truncated.bin", ModelError::Truncated { .. })
            | ("magic.bin", ModelError::BadMagic { .. })
            | ("version.bin", ModelError::UnsupportedVersion { found: 3, .. }) => {}
            _ => panic!("{name}: unexpected {err:?}"),
        }
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }
    let missing = dir.join("missing.bin");
    let err = Perceptron::load(&missing).unwrap_err();
    assert!(matches!(err, ModelError::Io { .. }));
    assert!(err.to_string().contains("missing.bin"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Many classes: frequent features get dense rows; both scoring paths and a
/// save/load round trip must agree.
#[test]
fn dense_and_sparse_rows_agree() {
    let labels: Vec<String> = (0..20).map(|c| format!("c{c}")).collect();
    let mut t = Trainer::new(labels);
    let mut r = XorShift64::new(9);
    let mut s = Vec::new();
    let data: Vec<(Vec<u64>, usize)> = (0..2000)
        .map(|_| {
            let c = r.below(20);
            let noise = r.below(500) as u64;
            (
                vec![
                    feature(1, "bias"),
                    feature_ids(2, &[c as u64 / 2]),
                    feature_ids(3, &[noise]),
                ],
                c,
            )
        })
        .collect();
    for _ in 0..3 {
        for (f, g) in &data {
            let p = t.predict(f, &mut s, |_| true).unwrap();
            t.update(f, *g, p);
        }
    }
    let m = t.finish(&FinishOptions::default());
    let bytes = m.to_file_bytes();
    let m2 = Perceptron::from_file_bytes(&bytes, "mem").unwrap();
    assert_eq!(m2.to_file_bytes(), bytes);
    assert_eq!(m2.n_weights(), m.n_weights());
    for (f, _) in data.iter().take(50) {
        let mut a = Vec::new();
        m2.scores(f, &mut a);
        let mut b = vec![0.0f32; 20];
        m2.add_scores(f, &mut b);
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() <= 1e-4 * x.abs().max(1.0), "{x} vs {y}");
        }
        assert!(a.iter().any(|&x| x != 0.0));
    }
}
