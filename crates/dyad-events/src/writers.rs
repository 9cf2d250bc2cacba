//! Output formats over a coded [`Doc`]: GDELT 2.0 event rows and PLOVER JSON lines.

use dyad_doc::{Doc, Event, Factuality};

fn actor_json(doc: &Doc, ids: &[usize]) -> serde_json::Value {
    serde_json::Value::Array(
        ids.iter()
            .filter_map(|&a| doc.actors.get(a))
            .map(|a| {
                serde_json::json!({
                    "actorText": a.name,
                    "code": a.country.clone().or_else(|| a.sector.clone()),
                    "country": a.country,
                    "sector": a.sector,
                    "kb_id": a.kb_id,
                })
            })
            .collect(),
    )
}

/// One PLOVER JSON object per event (fields as in the PLOVER manual: `id`,
/// `date`, `actor`, `recipient`, `event`, `mode`, `context`, `event_loc`,
/// plus dyad's `cameo`, `factuality`, `trigger` and `text`), one per line.
pub fn write_plover(doc: &Doc) -> String {
    let mut out = String::new();
    for (k, e) in doc.events.iter().enumerate() {
        let loc = e.place.and_then(|p| doc.places.get(p)).map(|p| {
            serde_json::json!({
                "name": p.name, "geonames_id": p.geonames_id, "country": p.country,
                "admin1": p.admin1, "lat": p.lat, "lon": p.lon,
            })
        });
        let v = serde_json::json!({
            "id": format!("{}-e{k}", doc.meta.id),
            "date": e.date,
            "actor": actor_json(doc, &e.source),
            "recipient": actor_json(doc, &e.target),
            "event": e.plover.kind,
            "mode": e.plover.mode.clone().unwrap_or_default(),
            "context": e.plover.context.join(","),
            "event_loc": loc,
            "cameo": e.cameo,
            "factuality": e.factuality.as_str(),
            "trigger": doc.slice(e.trigger),
            "text": doc.slice(e.evidence),
            "language": "en",
        });
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn actor_cols(doc: &Doc, ids: &[usize], cols: &mut Vec<String>) {
    // Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
    // Religion2Code, Type1Code, Type2Code, Type3Code.
    let a = ids.first().and_then(|&a| doc.actors.get(a));
    let country = a.and_then(|a| a.country.clone()).unwrap_or_default();
    let sector = a.and_then(|a| a.sector.clone()).unwrap_or_default();
    let code = format!("{country}{sector}");
    cols.push(code);
    cols.push(a.map(|a| clean(&a.name).to_uppercase()).unwrap_or_default());
    cols.push(country);
    cols.push(if matches!(sector.as_str(), "IGO" | "NGO") {
        sector.clone()
    } else {
        String::new()
    });
    cols.extend([String::new(), String::new(), String::new()]);
    cols.push(if matches!(sector.as_str(), "IGO" | "NGO") {
        String::new()
    } else {
        sector
    });
    cols.extend([String::new(), String::new()]);
}

/// ISO 3166 alpha-2 → FIPS 10-4 country code (GeoNames countryInfo, CC BY 4.0;
/// see `data/gazetteer/fips.tsv`).
pub(crate) fn fips_code(iso2: &str) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            include_str!("../../../data/gazetteer/fips.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    let iso2 = f.next()?;
                    let fips = f.nth(1)?;
                    Some((iso2, fips))
                })
                .collect()
        })
        .get(iso2)
        .copied()
}

fn geo_cols(doc: &Doc, place: Option<usize>, cols: &mut Vec<String>) {
    // Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID.
    match place.and_then(|p| doc.places.get(p)) {
        Some(p) => {
            let kind = match p.feature.as_str() {
                "country" => "1",
                "ADM1" => "5",
                _ if p.country.as_deref() == Some("US") => "3",
                _ => "4",
            };
            // GDELT writes FIPS 10-4 country codes; ADM1Code is the FIPS
            // country code followed by the ADM1 code, which dyad's places do
            // not carry (they name the division), so the country code alone
            // is written, as GDELT does for country-level places.
            let fips = p.country.as_deref().and_then(fips_code).unwrap_or_default();
            cols.push(kind.into());
            cols.push(clean(&p.name));
            cols.push(fips.to_string());
            cols.push(fips.to_string());
            cols.push(String::new());
            cols.push(format!("{:.4}", p.lat));
            cols.push(format!("{:.4}", p.lon));
            cols.push(p.geonames_id.map(|g| g.to_string()).unwrap_or_default());
        }
        None => cols.extend(std::iter::repeat_n(String::new(), 8)),
    }
}

fn gdelt_row(doc: &Doc, k: usize, e: &Event, first_in_sentence: bool) -> String {
    let mut cols: Vec<String> = Vec::with_capacity(61);
    let day = e.date.as_deref().unwrap_or("");
    let digits: String = day.chars().filter(char::is_ascii_digit).collect();
    let ymd = format!("{digits:0<8}");
    let ymd = &ymd[..8];
    cols.push(format!("{}-{k}", doc.meta.id));
    cols.push(ymd.to_string());
    cols.push(ymd[..6].to_string());
    cols.push(ymd[..4].to_string());
    let year: f64 = ymd[..4].parse().unwrap_or(0.0);
    let month: f64 = ymd[4..6].parse().unwrap_or(1.0);
    let dd: f64 = ymd[6..8].parse().unwrap_or(1.0);
    cols.push(format!("{:.4}", year + ((month - 1.0) * 30.0 + dd) / 365.0));
    actor_cols(doc, &e.source, &mut cols);
    actor_cols(doc, &e.target, &mut cols);
    cols.push(if first_in_sentence { "1" } else { "0" }.into());
    cols.push(e.cameo.clone());
    cols.push(e.cameo.get(..3).unwrap_or(&e.cameo).to_string());
    cols.push(e.cameo.get(..2).unwrap_or(&e.cameo).to_string());
    cols.push(e.quad_class.to_string());
    cols.push(format!("{:.1}", e.goldstein));
    cols.extend(["1".into(), "1".into(), "1".into(), "0".into()]);
    // Actor geographies are not resolved separately: both use the action's.
    geo_cols(doc, e.place, &mut cols);
    geo_cols(doc, e.place, &mut cols);
    geo_cols(doc, e.place, &mut cols);
    cols.push(
        doc.meta
            .date
            .map(|d| d.format("%Y%m%d000000").to_string())
            .unwrap_or_default(),
    );
    cols.push(doc.meta.url.clone().unwrap_or_default());
    debug_assert_eq!(cols.len(), 61);
    cols.join("\t")
}

/// GDELT 2.0 event rows (61 tab-separated columns, codes as strings), one
/// per asserted, reported or planned event; negated and hypothetical events
/// are left out, as GDELT has no field for them.
pub fn write_gdelt(doc: &Doc) -> String {
    let mut out = String::new();
    let mut last_sentence = None;
    for (k, e) in doc.events.iter().enumerate() {
        if matches!(e.factuality, Factuality::Negated | Factuality::Hypothetical) {
            continue;
        }
        let first = last_sentence != Some(e.sentence);
        last_sentence = Some(e.sentence);
        out.push_str(&gdelt_row(doc, k, e, first));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::{Actor, DateSource, Meta, Plover, Sentence, Span};

    fn doc() -> Doc {
        let mut d = Doc::new(
            "Russia attacked Ukraine.",
            Meta {
                id: "d1".into(),
                date: dyad_doc::NaiveDate::from_ymd_opt(2025, 2, 13),
                ..Meta::default()
            },
        );
        d.sentences.push(Sentence {
            span: Span::from_trusted(0, 24),
            token_start: 0,
            token_end: 0,
            new_paragraph: true,
        });
        for (name, c, s) in [("Russia", "RUS", 0), ("Ukraine", "UKR", 16)] {
            d.actors.push(Actor {
                name: name.into(),
                country: Some(c.into()),
                mentions: vec![Span::from_trusted(s, s + name.len())],
                ..Actor::default()
            });
        }
        for f in [Factuality::Asserted, Factuality::Negated] {
            d.events.push(Event {
                sentence: 0,
                trigger: Span::from_trusted(7, 15),
                source: vec![0],
                target: vec![1],
                cameo: "190".into(),
                quad_class: 4,
                goldstein: -10.0,
                plover: Plover {
                    kind: "ASSAULT".into(),
                    mode: None,
                    context: vec![],
                },
                factuality: f,
                date: Some("2025-02-12".into()),
                date_source: DateSource::Document,
                place: None,
                reporter: None,
                evidence: Span::from_trusted(0, 24),
            });
        }
        d
    }

    #[test]
    fn gdelt_rows_have_61_columns_and_skip_negated() {
        let out = write_gdelt(&doc());
        let rows: Vec<&str> = out.lines().collect();
        assert_eq!(rows.len(), 1);
        let cols: Vec<&str> = rows[0].split('\t').collect();
        assert_eq!(cols.len(), 61);
        assert_eq!(cols[1], "20250212");
        assert_eq!(cols[5], "RUS");
        assert_eq!(cols[15], "UKR");
        assert_eq!((cols[26], cols[27], cols[28]), ("190", "190", "19"));
        assert_eq!(cols[29], "4");
        assert_eq!(cols[59], "20250213000000");
    }

    #[test]
    fn gdelt_geography_uses_fips_country_codes() {
        for (iso, fips) in [("UA", "UP"), ("RU", "RS"), ("DE", "GM"), ("GB", "UK")] {
            assert_eq!(fips_code(iso), Some(fips), "{iso}");
        }
        assert_eq!(fips_code("XX"), None);
        let mut d = doc();
        d.places.push(dyad_doc::Place {
            span: Span::from_trusted(16, 23),
            name: "Ukraine".into(),
            geonames_id: Some(690791),
            feature: "country".into(),
            country: Some("UA".into()),
            admin1: None,
            lat: 49.0,
            lon: 32.0,
            confidence: 1.0,
        });
        d.events[0].place = Some(0);
        let out = write_gdelt(&d);
        let cols: Vec<&str> = out.lines().next().unwrap().split('\t').collect();
        // ActionGeo: Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID.
        assert_eq!(
            &cols[51..59],
            &[
                "1", "Ukraine", "UP", "UP", "", "49.0000", "32.0000", "690791"
            ]
        );
    }

    #[test]
    fn plover_lines_parse_as_json() {
        let out = write_plover(&doc());
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["event"], "ASSAULT");
        assert_eq!(lines[0]["actor"][0]["code"], "RUS");
        assert_eq!(lines[0]["recipient"][0]["code"], "UKR");
        assert_eq!(lines[1]["factuality"], "negated");
        assert_eq!(lines[0]["trigger"], "attacked");
    }
}
