//! The built-in KB and user KB files: loading, checks, dated lookups, matching.

use dyad_kb::{CountryForm, Kb, KbError, NaiveDate, Target};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn kb() -> Kb {
    Kb::builtin().expect("built-in KB loads")
}

#[test]
fn builtin_loads_without_warnings() {
    let kb = kb();
    for w in kb.warnings() {
        eprintln!("{w}");
    }
    assert!(kb.warnings().is_empty(), "{} warnings", kb.warnings().len());
    assert!(kb.countries().len() >= 250);
    assert!(kb.people().len() >= 300);
    assert!(kb.roles().len() >= 400);
}

#[test]
fn dated_roles() {
    let kb = kb();
    // (person, date, country, sector, has role key)
    type Want = Option<(&'static str, &'static str, &'static str)>;
    let table: &[(&str, &str, Want)] = &[
        ("donald_trump", "2016-12-31", None),
        (
            "donald_trump",
            "2017-01-20",
            Some(("USA", "GOV", "head_of_state")),
        ),
        (
            "donald_trump",
            "2021-01-19",
            Some(("USA", "GOV", "head_of_state")),
        ),
        ("donald_trump", "2021-01-20", None),
        ("donald_trump", "2024-06-01", None),
        (
            "donald_trump",
            "2025-01-20",
            Some(("USA", "GOV", "head_of_state")),
        ),
        ("donald_trump", "2025-02-13", Some(("USA", "GOV", "leader"))),
        ("joe_biden", "2025-02-13", None),
        (
            "joe_biden",
            "2022-03-01",
            Some(("USA", "GOV", "head_of_state")),
        ),
        (
            "vladimir_putin",
            "2000-01-01",
            Some(("RUS", "GOV", "head_of_state")),
        ),
        (
            "vladimir_putin",
            "2010-01-01",
            Some(("RUS", "GOV", "head_of_government")),
        ),
        (
            "vladimir_putin",
            "2025-02-13",
            Some(("RUS", "GOV", "head_of_state")),
        ),
        ("volodymyr_zelensky", "2019-05-19", None),
        (
            "volodymyr_zelensky",
            "2025-02-13",
            Some(("UKR", "GOV", "head_of_state")),
        ),
        (
            "pete_hegseth",
            "2025-02-13",
            Some(("USA", "GOV", "defence_minister")),
        ),
        ("lloyd_austin", "2025-02-13", None),
        (
            "dmitry_peskov",
            "2025-02-13",
            Some(("RUS", "GOV", "spokesperson")),
        ),
        (
            "scott_bessent",
            "2025-02-13",
            Some(("USA", "GOV", "finance_minister")),
        ),
        (
            "marco_rubio",
            "2025-02-13",
            Some(("USA", "GOV", "foreign_minister")),
        ),
        (
            "jd_vance",
            "2025-02-13",
            Some(("USA", "GOV", "vice_president")),
        ),
        ("keir_starmer", "2024-07-04", None),
        (
            "keir_starmer",
            "2024-07-05",
            Some(("GBR", "GOV", "head_of_government")),
        ),
        // Month-precision end: in office through March 2023.
        (
            "ned_price",
            "2023-03-31",
            Some(("USA", "GOV", "spokesperson")),
        ),
        ("ned_price", "2023-04-01", None),
    ];
    for (id, date, want) in table {
        let p = kb.person_by_id(id).unwrap_or_else(|| panic!("{id} in KB"));
        let got = kb.role_on(p, d(date));
        match (want, got) {
            (None, None) => {}
            (Some((c, s, key)), Some(r)) => {
                assert_eq!(r.country.as_deref(), Some(*c), "{id} {date}");
                assert_eq!(r.sector, *s, "{id} {date}");
                assert!(r.has(key), "{id} {date}: {:?} lacks {key}", r.roles);
            }
            (w, g) => panic!("{id} {date}: want {w:?}, got {g:?}"),
        }
    }
}

#[test]
fn holders_of_posts() {
    let kb = kb();
    let table: &[(&str, &str, &str, &[&str])] = &[
        ("USA", "head_of_state", "2025-02-13", &["donald_trump"]),
        ("USA", "head_of_state", "2022-02-13", &["joe_biden"]),
        ("RUS", "leader", "2025-02-13", &["vladimir_putin"]),
        (
            "UKR",
            "head_of_state",
            "2025-02-13",
            &["volodymyr_zelensky"],
        ),
        ("GBR", "head_of_government", "2022-10-01", &["liz_truss"]),
        ("GBR", "head_of_state", "2022-10-01", &["charles_iii"]),
        ("DEU", "head_of_government", "2025-02-13", &["olaf_scholz"]),
        ("USA", "defence_minister", "2025-02-13", &["pete_hegseth"]),
        ("NATO", "head", "2025-02-13", &["mark_rutte"]),
        ("UN", "head", "2025-02-13", &["antonio_guterres"]),
        ("IRN", "leader", "2025-02-13", &["ali_khamenei"]),
        (
            "ISR",
            "head_of_government",
            "2022-01-01",
            &["naftali_bennett"],
        ),
    ];
    for (place, key, date, want) in table {
        let got: Vec<&str> = kb
            .holders(place, key, d(date))
            .into_iter()
            .map(|p| kb.person(p).id.as_str())
            .collect();
        assert_eq!(&got, want, "{place} {key} {date}");
    }
}

#[test]
fn finds_names_in_text() {
    let kb = kb();
    let text = "US President Donald Trump spoke with Vladimir Putin. Kremlin spokesperson \
                Dmitry Peskov said Ukrainian President Volodymyr Zelenskyy met the BBC's \
                correspondent in Kyiv; pro-Russian insurgents and Russian troops. The Labour \
                party? No: labour. Ask us, not the US.";
    let found: Vec<(&str, String)> = kb
        .find(text)
        .into_iter()
        .map(|m| {
            let what = m
                .targets
                .iter()
                .map(|t| match t {
                    Target::Country(c, f) => format!("{}:{f:?}", kb.country(*c).code),
                    Target::Org(o) => format!("org:{}", kb.org(*o).id),
                    Target::Title(t) => format!("title:{}", kb.title(*t).sector),
                    Target::Person(p) => format!("person:{}", kb.person(*p).id),
                    Target::Surname(p) => format!("surname:{}", kb.person(*p).id),
                })
                .collect::<Vec<_>>()
                .join(",");
            (&text[m.start..m.end], what)
        })
        .collect();
    let want: Vec<(&str, &str)> = vec![
        ("US", "USA:Name,USA:Adjective"),
        ("President", "title:GOV"),
        ("Donald Trump", "person:donald_trump"),
        ("Vladimir Putin", "person:vladimir_putin"),
        ("Kremlin", "RUS:Building"),
        ("spokesperson", "title:GOV"),
        ("Dmitry Peskov", "person:dmitry_peskov"),
        ("Ukrainian", "UKR:Adjective"),
        ("President", "title:GOV"),
        ("Volodymyr Zelenskyy", "person:volodymyr_zelensky"),
        ("the BBC", "org:BBC"),
        ("correspondent", "title:MED"),
        ("Kyiv", "UKR:Capital"),
        ("Russian", "RUS:Adjective"),
        ("insurgents", "title:REB"),
        ("Russian", "RUS:Adjective"),
        ("troops", "title:MIL"),
        ("Labour", "org:LABOUR"),
        ("the US", "USA:Name"),
    ];
    let got: Vec<(&str, &str)> = found.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(got, want);
    assert!(kb.lookup("the Elysée").contains(&Target::Country(
        kb.country_by_code("FRA").unwrap(),
        CountryForm::Building
    )));
}

fn syntax_error<T>(r: Result<T, KbError>) -> (String, usize, String) {
    match r {
        Err(KbError::Syntax {
            file,
            line,
            message,
        }) => (file, line, message),
        Err(e) => panic!("not a syntax error: {e}"),
        Ok(_) => panic!("loaded without error"),
    }
}

#[test]
fn bad_user_files_are_errors_with_file_and_line() {
    let people = "#@source test\nid\tname\tsurname\tvariants\tgender\tsource\nx_y\tX Y\t\t\tM\n";
    let cases: &[(&str, usize, &str)] = &[
        // role ending before it starts
        (
            "#@source t\nperson\tcountry\torg\tsector\trole\ttitle\tstart\tend\tsource\n\
             x_y\tUSA\t\tGOV\tleader\tPresident\t2020-01-01\t2019-12-31\n",
            3,
            "ends",
        ),
        // bad date
        (
            "#@source t\nperson\tcountry\torg\tsector\trole\ttitle\tstart\tend\tsource\n\
             x_y\tUSA\t\tGOV\tleader\tPresident\t2020-02-30\t\n",
            3,
            "bad date",
        ),
        // unknown person
        (
            "#@source t\nperson\tcountry\torg\tsector\trole\ttitle\tstart\tend\tsource\n\
             nobody\tUSA\t\tGOV\tleader\tPresident\t2020-01-01\t\n",
            3,
            "unknown person",
        ),
        // unknown country
        (
            "#@source t\nperson\tcountry\torg\tsector\trole\ttitle\tstart\tend\tsource\n\
             x_y\tXXX\t\tGOV\tleader\tPresident\t2020-01-01\t\n",
            3,
            "unknown country",
        ),
        // too many fields
        (
            "#@source t\nid\ttype\tcountry\tnames\tsource\nA\tIGO\t\tA\tt\textra\n",
            3,
            "fields",
        ),
        // unknown header
        ("#@source t\nfoo\tbar\tsource\n", 2, "unknown header"),
        // no source anywhere
        (
            "id\ttype\tcountry\tnames\tsource\nA\tIGO\t\tA\n",
            2,
            "source",
        ),
        // bad gender
        (
            "#@source t\nid\tname\tsurname\tvariants\tgender\tsource\nq\tQ\t\t\tX\n",
            3,
            "gender",
        ),
        // bad title person flag
        (
            "#@source t\ntext\tsector\trole\tperson\tsource\nboss\tGOV\t\tmaybe\n",
            3,
            "yes or no",
        ),
    ];
    for (text, line, msg) in cases {
        let r = Kb::builder()
            .defaults()
            .add_str("user-people.tsv", people)
            .add_str("user.tsv", *text)
            .build();
        let (file, l, m) = syntax_error(r);
        assert_eq!(file, "user.tsv", "{text:?}");
        assert_eq!(l, *line, "{text:?}: {m}");
        assert!(m.contains(msg), "{m:?} should mention {msg:?}");
    }
}

#[test]
fn unknown_header_line_is_that_of_the_file_itself() {
    // Two texts under one name: the line named is the second text's header
    // (it used to be looked up by file name, finding the first text).
    let r = Kb::builder()
        .add_str("user.tsv", "#@source t\nid\ttype\tcountry\tnames\tsource\n")
        .add_str("user.tsv", "# a\n# b\n\n#@source t\nfoo\tbar\tsource\n")
        .build();
    let (file, line, m) = syntax_error(r);
    assert_eq!((file.as_str(), line), ("user.tsv", 5), "{m}");
    assert!(m.contains("unknown header"), "{m}");
}

#[test]
fn duplicates_are_reported_not_overwritten() {
    let user = "#@source user test\n\
                id\tname\tsurname\tvariants\tgender\tsource\n\
                donald_trump\tSomeone Else\t\t\tF\n\
                jane_doe\tJane Doe\t\tVladimir Putin\tF\n";
    let roles = "#@source user test\n\
                 person\tcountry\torg\tsector\trole\ttitle\tstart\tend\tsource\n\
                 donald_trump\tUSA\t\tGOV\thead_of_state|head_of_government|leader\tPresident\t2024-01-01\t\n";
    let kb = Kb::builder()
        .defaults()
        .add_str("mine.tsv", user)
        .add_str("myroles.tsv", roles)
        .build()
        .expect("duplicates are warnings");
    let msgs: Vec<String> = kb.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(msgs.len(), 3, "{msgs:#?}");
    assert!(
        msgs[0].starts_with("mine.tsv:3: person donald_trump already defined at kb/people.tsv:")
    );
    assert!(msgs[1].starts_with("myroles.tsv:3: role of donald_trump overlaps"));
    assert!(msgs[2].starts_with("mine.tsv:4: name \"Vladimir Putin\" already names"));
    let trump = kb.person_by_id("donald_trump").unwrap();
    assert_eq!(kb.person(trump).name, "Donald Trump");
    // The overlapping role was not added: still not president in 2024.
    assert!(kb.role_on(trump, d("2024-06-01")).is_none());
    let putin = kb.lookup("Vladimir Putin");
    assert_eq!(
        putin,
        vec![Target::Person(kb.person_by_id("vladimir_putin").unwrap())]
    );
}

#[test]
fn user_files_add_people_and_roles() {
    let dir = std::env::temp_dir().join(format!("dyad-kb-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("extra.tsv");
    std::fs::write(
        &path,
        "#@source local newsroom list\n\
         id\tname\tsurname\tvariants\tgender\tsource\n\
         james_waterhouse\tJames Waterhouse\t\t\tM\n",
    )
    .unwrap();
    let kb = Kb::builder()
        .defaults()
        .add_file(&path)
        .unwrap()
        .build()
        .unwrap();
    assert!(kb.warnings().is_empty());
    let p = kb.person_by_id("james_waterhouse").unwrap();
    assert_eq!(kb.person(p).source, "local newsroom list");
    assert_eq!(kb.person(p).surname.as_deref(), Some("Waterhouse"));
    let missing = Kb::builder().add_file(dir.join("missing.tsv"));
    assert!(matches!(missing, Err(KbError::Io { .. })));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn petrarch_dictionaries_merge_into_the_kb() {
    use dyad_kb::petrarch::{Mode, parse_actors};
    let dict = parse_actors(
        "mini.actors",
        "ARNOR_ [GBR]\n+FORNOST_\nJAMES_BYRNES_\n\t[USAELI 18970101-450703]\n\t[USAGOV 450703-470121]\n\
         WORLD_FOOD_AGENCY_ [IGOUNOFAO]\nVLADIMIR_PUTIN_ [RUSGOV]\n",
        Mode::Strict,
    )
    .unwrap();
    let kb = Kb::builder()
        .defaults()
        .add_petrarch_actors("mini", dict)
        .build()
        .unwrap();
    let gbr = kb.country_by_code("GBR").unwrap();
    assert!(
        kb.lookup("Fornost")
            .contains(&Target::Country(gbr, CountryForm::Name))
    );
    let byrnes = match kb.lookup("James Byrnes").as_slice() {
        [Target::Person(p)] => *p,
        other => panic!("{other:?}"),
    };
    let table = [
        ("1940-01-01", Some("ELI")),
        ("1946-01-01", Some("GOV")),
        ("1950-01-01", None),
    ];
    for (date, sector) in table {
        let r = kb.role_on(byrnes, d(date));
        assert_eq!(r.map(|r| r.sector.as_str()), sector, "{date}");
        if let Some(r) = r {
            assert_eq!(r.country.as_deref(), Some("USA"));
        }
    }
    assert!(matches!(
        kb.lookup("world food agency").as_slice(),
        [Target::Org(_)]
    ));
    // A name the KB already has keeps its KB meaning, with a warning.
    assert_eq!(
        kb.lookup("Vladimir Putin"),
        vec![Target::Person(kb.person_by_id("vladimir_putin").unwrap())]
    );
    assert_eq!(kb.warnings().len(), 1, "{:?}", kb.warnings());
}

#[test]
fn petrarch_codes_with_non_ascii_letters_are_read() {
    use dyad_kb::petrarch::{Mode, parse_actors};
    // Old dictionaries are Latin-1; a code's third letter may be a
    // two-byte character (this panicked on a byte slice).
    let dict = parse_actors(
        "latin.actors",
        "ACME_WIDGETS_ [ABÉCO]\nJOHN_DOE_ [XYÉ]\n\t[USAGOV 450703-470121]\n",
        Mode::Strict,
    )
    .unwrap();
    let kb = Kb::builder()
        .defaults()
        .add_petrarch_actors("latin", dict)
        .build()
        .unwrap();
    let org = match kb.lookup("acme widgets").as_slice() {
        [Target::Org(o)] => *o,
        other => panic!("{other:?}"),
    };
    assert_eq!(kb.org(org).kind, "ABÉ");
    let doe = match kb.lookup("john doe").as_slice() {
        [Target::Person(p)] => *p,
        other => panic!("{other:?}"),
    };
    let sectors: Vec<&str> = kb.roles_of(doe).map(|r| r.sector.as_str()).collect();
    assert_eq!(sectors, ["XYÉ", "GOV"]);
}

#[test]
fn places_take_the_country_of_their_date() {
    let kb = kb();
    let code = |c: &str| kb.country_by_code(c).unwrap();
    // (country of the place, date, country on that date)
    let cases: &[(&str, &str, &str)] = &[
        ("SSD", "2005-03-01", "SDN"),
        ("SSD", "2011-07-08", "SDN"),
        ("SSD", "2011-07-09", "SSD"),
        ("SSD", "2015-01-01", "SSD"),
        ("XKX", "1999-06-01", "SRB"),
        ("XKX", "2008-02-17", "XKX"),
        ("MNE", "2001-01-01", "SRB"),
        ("MNE", "2007-01-01", "MNE"),
        ("TLS", "1995-01-01", "IDN"),
        ("TLS", "2000-01-01", "TLS"),
        ("ERI", "1990-01-01", "ETH"),
        ("ERI", "1994-01-01", "ERI"),
        ("SVK", "1992-12-31", "CZE"),
        ("UKR", "1985-01-01", "RUS"),
        ("BIH", "1990-01-01", "SRB"),
        ("FRA", "1900-01-01", "FRA"),
        ("SDN", "2005-01-01", "SDN"),
    ];
    for (c, date, want) in cases {
        let got = kb.country_on(code(c), d(date));
        assert_eq!(kb.country(got).code, *want, "{c} on {date}");
    }
    // A place whose own succession is a chain follows it.
    let chain = "#@source test\nsuccessor\tpredecessor\tfrom\tsource\nSSD\tSDN\t2011-07-09\nSDN\tEGY\t1956-01-01\n";
    let kb2 = Kb::builder()
        .add_str("c.tsv", COUNTRIES)
        .add_str("s.tsv", chain)
        .build()
        .unwrap();
    let c2 = |c: &str| kb2.country_by_code(c).unwrap();
    assert_eq!(kb2.country_on(c2("SSD"), d("1950-01-01")), c2("EGY"));
    assert_eq!(kb2.country_on(c2("SSD"), d("1990-01-01")), c2("SDN"));
}

const COUNTRIES: &str = "#@source test\ncode\talpha2\tname\tnames\tadjectives\tdemonyms\tcapitals\tbuildings\tsource\nSSD\tSS\tSouth Sudan\nSDN\tSD\tSudan\nEGY\tEG\tEgypt\n";

#[test]
fn bad_succession_lines_are_errors_with_file_and_line() {
    let head = "#@source test\nsuccessor\tpredecessor\tfrom\tsource\n";
    let cases: &[(&str, &str)] = &[
        ("SSD\tSDN\t2011-13-09\n", "bad date"),
        ("SSD\tXXX\t2011-07-09\n", "unknown country code"),
        ("SSD\tSSD\t2011-07-09\n", "cannot succeed itself"),
        ("SSD\tSDN\n", "needs successor, predecessor and from"),
        (
            "SSD\tSDN\t2011-07-09\tnote\textra\n",
            "fields but the header has",
        ),
    ];
    for (line, want) in cases {
        let text = format!("{head}{line}");
        let (file, l, msg) = syntax_error(
            Kb::builder()
                .add_str("c.tsv", COUNTRIES)
                .add_str("succ.tsv", text)
                .build(),
        );
        assert_eq!((file.as_str(), l), ("succ.tsv", 3), "{line:?}: {msg}");
        assert!(msg.contains(want), "{line:?}: {msg}");
    }
}

#[test]
fn successions_by_code_agree_with_the_kb() {
    let s = dyad_kb::Successions::builtin().expect("built-in successions");
    let kb = kb();
    // (code, date, want) in alpha-3 and alpha-2.
    let cases: &[(&str, &str, &str)] = &[
        ("SSD", "2005-01-01", "SDN"),
        ("SS", "2005-01-01", "SD"),
        ("SS", "2015-01-01", "SS"),
        ("XK", "2000-01-01", "RS"),
        ("TL", "1990-01-01", "ID"),
        ("ER", "1993-05-23", "ET"),
        ("ER", "1993-05-24", "ER"),
        ("FR", "1900-01-01", "FR"),
        ("ZZ", "1900-01-01", "ZZ"),
    ];
    for (code, date, want) in cases {
        assert_eq!(s.country_on(code, d(date)), *want, "{code} on {date}");
        if let Some(id) = kb.country_by_code(code) {
            let k = kb.country(kb.country_on(id, d(date)));
            assert!(k.code == *want || k.alpha2 == *want, "{code} on {date}");
        }
    }
    let bad = dyad_kb::Successions::from_texts(
        &[("c.tsv", COUNTRIES)],
        &[(
            "s.tsv",
            "#@source t\nsuccessor\tpredecessor\tfrom\tsource\nSSD\tSDN\t2011-7-9\n",
        )],
    );
    let (file, line, msg) = syntax_error(bad);
    assert_eq!((file.as_str(), line), ("s.tsv", 3), "{msg}");
}
