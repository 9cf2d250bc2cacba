//! Evaluation on GeoWebNews (Gritta et al. 2019).

use std::fmt;
use std::path::Path;

use crate::Error;
use crate::gazetteer::Gazetteer;
use crate::geocode::{Geocoder, Layers};

/// One gold toponym and what dyad made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoCase {
    /// Article index.
    pub article: usize,
    /// Gold text.
    pub text: String,
    /// Gold annotation type ("Literal", "Metonymic"…).
    pub kind: String,
    /// Gold coordinates.
    pub gold: (f64, f64),
    /// dyad's place with the same span, if any: name, country, coordinates.
    pub found: Option<(String, Option<String>, f64, f64)>,
    /// Error in km when found.
    pub km: Option<f64>,
}

/// Toponym recognition and geocoding figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoReport {
    /// Articles read.
    pub articles: usize,
    /// Gold toponyms (those with coordinates).
    pub gold: usize,
    /// Places dyad output.
    pub predicted: usize,
    /// Predicted spans equal to a gold span.
    pub exact: usize,
    /// Predicted spans overlapping a gold span.
    pub overlap: usize,
    /// Gold toponyms found (exact span) and within 161 km.
    pub within_161: usize,
    /// Median error (km) over gold toponyms found.
    pub median_km: f64,
    /// Mean error (km) over gold toponyms found.
    pub mean_km: f64,
    /// Every gold toponym, in order.
    pub cases: Vec<GeoCase>,
    /// Predicted places with no gold span (article, text, name, country).
    pub spurious: Vec<(usize, String, String, Option<String>)>,
}

impl GeoReport {
    /// Recognition precision (exact spans).
    pub fn precision(&self) -> f64 {
        ratio(self.exact, self.predicted)
    }
    /// Recognition recall (exact spans).
    pub fn recall(&self) -> f64 {
        ratio(self.exact, self.gold)
    }
    /// Recognition F1 (exact spans).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Share of found gold toponyms geocoded within 161 km (100 miles).
    pub fn accuracy_161(&self) -> f64 {
        ratio(self.within_161, self.exact)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Great-circle distance in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

impl fmt::Display for GeoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "GeoWebNews: {} articles, {} gold toponyms (with coordinates), {} predicted",
            self.articles, self.gold, self.predicted
        )?;
        writeln!(
            f,
            "recognition (exact span): P {:.1}  R {:.1}  F1 {:.1}   (overlapping spans: {} of {} predicted)",
            100.0 * self.precision(),
            100.0 * self.recall(),
            100.0 * self.f1(),
            self.overlap,
            self.predicted
        )?;
        writeln!(
            f,
            "geocoding of {} gold toponyms found: within 161 km {:.1}%  median {:.1} km  mean {:.1} km",
            self.exact,
            100.0 * self.accuracy_161(),
            self.median_km,
            self.mean_km
        )?;
        write!(
            f,
            "end to end: {} of {} gold toponyms found and within 161 km ({:.1}%)",
            self.within_161,
            self.gold,
            100.0 * ratio(self.within_161, self.gold)
        )
    }
}

/// Evaluate the embedded gazetteer on GeoWebNews's `GWN.xml`.
pub fn eval_geowebnews(path: &Path) -> Result<GeoReport, Error> {
    let gaz = Gazetteer::embedded().map_err(Error::Embedded)?;
    eval_geowebnews_with(path, &Geocoder::new(gaz))
}

fn text_of<'a>(node: roxmltree::Node<'a, 'a>, tag: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name(tag))
        .map(|c| c.text().unwrap_or(""))
}

/// Evaluate a geocoder on GeoWebNews's `GWN.xml`.
pub fn eval_geowebnews_with(path: &Path, geocoder: &Geocoder<'_>) -> Result<GeoReport, Error> {
    let file = path.display().to_string();
    let xml = std::fs::read_to_string(path).map_err(|source| Error::Io {
        file: file.clone(),
        source,
    })?;
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, opts).map_err(|e| Error::Data {
        file: file.clone(),
        line: e.pos().row as usize,
        message: e.to_string(),
    })?;
    let bad = |node: roxmltree::Node<'_, '_>, message: String| Error::Data {
        file: file.clone(),
        line: doc.text_pos_at(node.range().start).row as usize,
        message,
    };
    let mut r = GeoReport::default();
    let mut errors: Vec<f64> = Vec::new();
    for (ai, art) in doc
        .descendants()
        .filter(|n| n.has_tag_name("article"))
        .enumerate()
    {
        r.articles += 1;
        let text = text_of(art, "text").ok_or_else(|| bad(art, "article without <text>".into()))?;
        // Character offsets → byte offsets.
        let mut byte_of: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        byte_of.push(text.len());
        let mut gold: Vec<(usize, usize, String, String, f64, f64)> = Vec::new();
        if let Some(tops) = art.children().find(|c| c.has_tag_name("toponyms")) {
            for t in tops.children().filter(|c| c.has_tag_name("toponym")) {
                let (Some(lat), Some(lon)) = (text_of(t, "latitude"), text_of(t, "longitude"))
                else {
                    continue;
                };
                let num = |s: &str, what: &str| -> Result<f64, Error> {
                    s.trim()
                        .parse::<f64>()
                        .map_err(|_| bad(t, format!("bad {what} {s:?}")))
                };
                let (lat, lon) = (num(lat, "latitude")?, num(lon, "longitude")?);
                let s = num(text_of(t, "start").unwrap_or(""), "start")? as usize;
                let e = num(text_of(t, "end").unwrap_or(""), "end")? as usize;
                if s > e || e >= byte_of.len() {
                    return Err(bad(t, format!("span {s}..{e} outside the text")));
                }
                gold.push((
                    byte_of[s],
                    byte_of[e],
                    text_of(t, "extractedName").unwrap_or("").to_string(),
                    text_of(t, "type").unwrap_or("").to_string(),
                    lat,
                    lon,
                ));
            }
        }
        let places = geocoder.geocode(text, Layers::default());
        r.gold += gold.len();
        r.predicted += places.len();
        for p in &places {
            let (s, e) = (p.span.start(), p.span.end());
            if gold.iter().any(|g| g.0 < e && s < g.1) {
                r.overlap += 1;
            }
            if !gold.iter().any(|g| g.0 == s && g.1 == e) {
                r.spurious.push((
                    ai,
                    text[s..e].to_string(),
                    p.name.clone(),
                    p.country.clone(),
                ));
            }
        }
        for g in &gold {
            let found = places
                .iter()
                .find(|p| p.span.start() == g.0 && p.span.end() == g.1);
            let km = found.map(|p| haversine_km((g.4, g.5), (p.lat, p.lon)));
            if let Some(k) = km {
                r.exact += 1;
                errors.push(k);
                if k <= 161.0 {
                    r.within_161 += 1;
                }
            }
            r.cases.push(GeoCase {
                article: ai,
                text: g.2.clone(),
                kind: g.3.clone(),
                gold: (g.4, g.5),
                found: found.map(|p| (p.name.clone(), p.country.clone(), p.lat, p.lon)),
                km,
            });
        }
    }
    if !errors.is_empty() {
        errors.sort_by(f64::total_cmp);
        let n = errors.len();
        r.median_km = if n % 2 == 1 {
            errors[n / 2]
        } else {
            (errors[n / 2 - 1] + errors[n / 2]) / 2.0
        };
        r.mean_km = errors.iter().sum::<f64>() / n as f64;
    }
    Ok(r)
}
