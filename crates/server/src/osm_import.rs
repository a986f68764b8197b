//! `linli-server import-osm FILE`: recycling points from an OpenStreetMap extract.
//!
//! Reads GeoJSON (a `FeatureCollection` as overpass-turbo or osmtogeojson write it, tags flat
//! in `properties` or under `properties.tags`; also one feature per line) or OSM XML (`node`s,
//! and `way`s exported with `out center`). Takes `amenity=recycling`, `shop=second_hand` /
//! `charity` (consignment) and shops tagged `trade_in=yes` (以旧换新). Each element is
//! inserted or updated by its OSM id (`node/123`), so importing the same file twice changes
//! nothing; an element that cannot be used is reported with its line (XML) or feature number
//! (GeoJSON) and skipped, the others are imported.

use crate::db::recycling::{self, NewPoint};
use crate::db::Db;
use crate::error::AppResult;
use crate::opening;
use linli_contract::recycling::{Material, PointKind, DEFAULT_TIMEZONE};
use std::collections::BTreeMap;

type Tags = BTreeMap<String, String>;

/// One element of the file, before it is checked.
#[derive(Debug, Clone)]
pub struct Element {
    /// `line 12` or `feature 3`.
    pub place: String,
    pub osm_id: Option<String>,
    pub position: Option<(f64, f64)>,
    pub tags: Tags,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub inserted: usize,
    pub updated: usize,
    /// Elements of the file that are not recycling points at all (other amenities).
    pub ignored: usize,
    /// `(place, reason)` of each element skipped, and of each imported with a warning.
    pub problems: Vec<(String, String)>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "imported: {} new, {} updated, {} not recycling points; {} problem(s)",
            self.inserted,
            self.updated,
            self.ignored,
            self.problems.len()
        )?;
        for (place, reason) in &self.problems {
            writeln!(f, "  {place}: {reason}")?;
        }
        Ok(())
    }
}

/// The file is neither GeoJSON nor OSM XML.
#[derive(Debug)]
pub struct NotOsm(pub String);

impl std::fmt::Display for NotOsm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not an OpenStreetMap extract (GeoJSON or OSM XML): {}", self.0)
    }
}

impl std::error::Error for NotOsm {}

/// Reads the elements of a file.
pub fn read(text: &str) -> Result<Vec<Element>, NotOsm> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        read_xml(trimmed)
    } else if trimmed.starts_with('{') {
        read_geojson(trimmed)
    } else {
        Err(NotOsm("it starts with neither '<' nor '{'".into()))
    }
}

fn read_xml(text: &str) -> Result<Vec<Element>, NotOsm> {
    let doc = roxmltree::Document::parse(text).map_err(|e| NotOsm(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "osm" {
        return Err(NotOsm(format!("the root element is <{}>, not <osm>", root.tag_name().name())));
    }
    let mut out = Vec::new();
    for el in root.children().filter(|n| n.is_element()) {
        let kind = el.tag_name().name();
        if kind != "node" && kind != "way" && kind != "relation" {
            continue;
        }
        let line = doc.text_pos_at(el.range().start).row;
        let mut tags = Tags::new();
        let mut center = None;
        for child in el.children().filter(|n| n.is_element()) {
            match child.tag_name().name() {
                "tag" => {
                    if let (Some(k), Some(v)) = (child.attribute("k"), child.attribute("v")) {
                        tags.insert(k.to_string(), v.to_string());
                    }
                }
                "center" => center = coords(child.attribute("lat"), child.attribute("lon")),
                _ => {}
            }
        }
        let position = if kind == "node" { coords(el.attribute("lat"), el.attribute("lon")) } else { center };
        out.push(Element {
            place: format!("line {line}"),
            osm_id: el.attribute("id").map(|id| format!("{kind}/{id}")),
            position,
            tags,
        });
    }
    Ok(out)
}

fn coords(lat: Option<&str>, lon: Option<&str>) -> Option<(f64, f64)> {
    Some((lat?.trim().parse().ok()?, lon?.trim().parse().ok()?))
}

fn read_geojson(text: &str) -> Result<Vec<Element>, NotOsm> {
    let features: Vec<(String, serde_json::Value)> = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(doc) => match doc.get("type").and_then(|t| t.as_str()) {
            Some("FeatureCollection") => doc
                .get("features")
                .and_then(|f| f.as_array())
                .ok_or_else(|| NotOsm("a FeatureCollection without features".into()))?
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("feature {}", i + 1), f.clone()))
                .collect(),
            Some("Feature") => vec![("feature 1".into(), doc)],
            _ => return Err(NotOsm("JSON, but not a GeoJSON FeatureCollection".into())),
        },
        // One feature per line (GeoJSON text sequences).
        Err(_) => {
            let mut out = Vec::new();
            for (i, line) in text.lines().enumerate() {
                let line = line.trim_start_matches('\u{1e}').trim();
                if line.is_empty() {
                    continue;
                }
                match serde_json::from_str::<serde_json::Value>(line) {
                    Ok(v) => out.push((format!("line {}", i + 1), v)),
                    Err(e) => out.push((format!("line {}", i + 1), serde_json::json!({ "__error": e.to_string() }))),
                }
            }
            if out.iter().all(|(_, v)| v.get("__error").is_some()) {
                return Err(NotOsm("neither a GeoJSON document nor one feature per line".into()));
            }
            out
        }
    };
    Ok(features.into_iter().map(|(place, f)| geojson_element(place, &f)).collect())
}

fn geojson_element(place: String, f: &serde_json::Value) -> Element {
    let props = f.get("properties").cloned().unwrap_or_default();
    let mut tags = Tags::new();
    let flat = props.get("tags").cloned().unwrap_or_else(|| props.clone());
    if let Some(obj) = flat.as_object() {
        for (k, v) in obj {
            if let Some(s) = v.as_str() {
                tags.insert(k.clone(), s.to_string());
            }
        }
    }
    if let Some(err) = f.get("__error").and_then(|e| e.as_str()) {
        tags.insert("__error".into(), err.into());
    }
    let osm_id = [f.get("id"), props.get("@id"), props.get("id")]
        .into_iter()
        .flatten()
        .find_map(|v| v.as_str().map(str::to_string))
        .or_else(|| {
            let t = props.get("type")?.as_str()?;
            let id = props.get("id")?.as_i64()?;
            Some(format!("{t}/{id}"))
        });
    let position = f.get("geometry").and_then(centre);
    Element { place, osm_id, position, tags }
}

/// A Point's coordinates, or the mean of a Polygon's outer ring.
fn centre(geometry: &serde_json::Value) -> Option<(f64, f64)> {
    let c = geometry.get("coordinates")?;
    match geometry.get("type")?.as_str()? {
        "Point" => Some((c.get(1)?.as_f64()?, c.get(0)?.as_f64()?)),
        "Polygon" => {
            let ring = c.get(0)?.as_array()?;
            let pts: Vec<(f64, f64)> =
                ring.iter().filter_map(|p| Some((p.get(1)?.as_f64()?, p.get(0)?.as_f64()?))).collect();
            (!pts.is_empty()).then(|| {
                let n = pts.len() as f64;
                (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n)
            })
        }
        _ => None,
    }
}

/// What the tags make of an element: `Ok(None)` for something that is not a recycling point
/// (ignored), `Err(reason)` for one that cannot be imported.
pub fn to_point(el: &Element) -> Result<Option<(String, NewPoint, Vec<String>)>, String> {
    if let Some(err) = el.tags.get("__error") {
        return Err(format!("not JSON: {err}"));
    }
    let t = |k: &str| el.tags.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let shop = t("shop");
    let kind = if t("amenity") == Some("recycling") {
        let name = t("name").unwrap_or("");
        match t("recycling_type") {
            Some("centre") if name.contains("分拣") || name.contains("两网") || t("waste_sorting") == Some("yes") => {
                PointKind::SortingCentre
            }
            Some("centre") => PointKind::Station,
            _ => PointKind::DropOffBin,
        }
    } else if shop.is_some() && t("trade_in") == Some("yes") {
        PointKind::TradeIn
    } else if matches!(shop, Some("second_hand" | "charity")) || t("second_hand") == Some("only") {
        PointKind::Consignment
    } else {
        return Ok(None);
    };
    let osm_id = el.osm_id.clone().ok_or("no OSM id")?;
    let (lat, lng) = el.position.ok_or("no position (export ways with `out center`)")?;
    linli_contract::recycling::position(lat, lng).map_err(|_| format!("position {lat}, {lng} is not on Earth"))?;

    let mut materials: Vec<Material> = Vec::new();
    let mut warnings = Vec::new();
    for (k, v) in &el.tags {
        if let Some(key) = k.strip_prefix("recycling:") {
            if v != "yes" {
                continue;
            }
            match Material::parse(key) {
                Some(m) if !materials.contains(&m) => materials.push(m),
                Some(_) => {}
                None => warnings.push(format!("material recycling:{key} is not one Linli lists; left out")),
            }
        }
    }
    if materials.is_empty() {
        materials = match (kind, shop) {
            (PointKind::TradeIn, Some("mobile_phone")) => vec![Material::MobilePhones],
            (PointKind::TradeIn, Some("computer")) => vec![Material::Computers],
            (PointKind::TradeIn, _) => vec![Material::SmallAppliances, Material::ElectricalAppliances],
            (PointKind::Consignment, _) => {
                vec![Material::Clothes, Material::Shoes, Material::Books, Material::Furniture]
            }
            _ => return Err("no recycling:*=yes material".into()),
        };
    }
    materials.sort();

    let mut hours = t("opening_hours").unwrap_or("").to_string();
    if !opening::valid(&hours) || hours.chars().count() > linli_contract::recycling::limits::OPENING_HOURS_MAX {
        warnings.push(format!("opening_hours {hours:?} cannot be read; imported as unknown"));
        hours.clear();
    }
    let name = t("name:zh")
        .or(t("name"))
        .or(t("operator"))
        .map(str::to_string)
        .unwrap_or_else(|| kind.label(linli_contract::Lang::Zh).to_string());
    let address = t("addr:full").map(str::to_string).unwrap_or_else(|| {
        [t("addr:city"), t("addr:district"), t("addr:street"), t("addr:housenumber")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("")
    });
    let contact = t("contact:phone").or(t("phone")).unwrap_or("").to_string();
    let clip = |s: String, max: usize| s.chars().filter(|c| !c.is_control()).take(max).collect::<String>();
    use linli_contract::recycling::limits::{ADDRESS_MAX, CONTACT_MAX, NAME_MAX};
    let point = NewPoint {
        name: clip(name, NAME_MAX),
        kind,
        materials,
        pickup_materials: Vec::new(),
        opening_hours: hours,
        timezone: DEFAULT_TIMEZONE.into(),
        address: clip(address, ADDRESS_MAX),
        contact: clip(contact, CONTACT_MAX),
        lat,
        lng,
    };
    Ok(Some((osm_id, point, warnings)))
}

/// Imports a file's text. `Err` only when the file as a whole is not OSM data.
pub async fn import(db: &Db, now: i64, text: &str) -> AppResult<Result<Report, NotOsm>> {
    let elements = match read(text) {
        Ok(e) => e,
        Err(e) => return Ok(Err(e)),
    };
    let mut report = Report::default();
    for el in &elements {
        match to_point(el) {
            Ok(None) => report.ignored += 1,
            Err(reason) => report.problems.push((el.place.clone(), reason)),
            Ok(Some((osm_id, point, warnings))) => {
                for w in warnings {
                    report.problems.push((el.place.clone(), w));
                }
                if recycling::upsert_osm(db, now, &osm_id, &point).await? {
                    report.inserted += 1;
                } else {
                    report.updated += 1;
                }
            }
        }
    }
    Ok(Ok(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_osm_files_are_refused_whole() {
        assert!(read("id,name\n1,x").is_err());
        assert!(read("<html><body/></html>").is_err());
        assert!(read("{\"type\": \"Topology\"}").is_err());
    }

    #[test]
    fn xml_elements_carry_their_line() {
        let xml = "<osm>\n<node id=\"1\" lat=\"31.1\" lon=\"121.4\">\n<tag k=\"amenity\" v=\"recycling\"/>\n\
                   <tag k=\"recycling:paper\" v=\"yes\"/>\n</node>\n<way id=\"2\"><tag k=\"amenity\" v=\"recycling\"/></way>\n</osm>";
        let els = read(xml).unwrap();
        assert_eq!(els[0].place, "line 2");
        assert_eq!(els[0].osm_id.as_deref(), Some("node/1"));
        let (_, p, _) = to_point(&els[0]).unwrap().unwrap();
        assert_eq!(p.materials, vec![Material::Paper]);
        assert_eq!(els[1].place, "line 6");
        assert!(to_point(&els[1]).unwrap_err().contains("no position"));
    }
}
