//! Points (`{lat: 59.4, lon: 24.7}`) and GeoJSON geometries
//! (`{type: Polygon, coordinates: [[[lon, lat], …]]}`).
//!
//! A geometry is always a `MultiPolygon`: a `Polygon` is a multipolygon of
//! one, and a GeoJSON `Point` becomes a tiny square (about 1 cm across)
//! around the position, so that containment and intersection tests treat
//! it as the place it names. Rings are closed automatically; each needs at
//! least three positions. A third number in a position (altitude) and a
//! `bbox` member are ignored.

use std::sync::Arc;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::de::{IgnoredAny, MapAccess, SeqAccess};

use super::ScenarioErrorKind;
use super::cx::Cx;
use super::node::{Located, Node, NodeSeed, Shape, Text};
use super::value::Raw;
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::value::{Point, Value};

/// Half the side of the square a GeoJSON `Point` becomes, in degrees.
const POINT_RADIUS: f64 = 5e-8;

/// A number with the text describing it, for messages.
struct Number;

impl<'de> Node<'de> for Number {
    type Out = Result<f64, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Int(n) => Ok(n as f64),
            Shape::Float(x) if x.is_finite() => Ok(x),
            other => Err(other.describe()),
        }
    }
}

fn unknown_key(cx: &mut Cx, what: &str, key: String, allowed: &[&str], span: Span) {
    let suggestion = did_you_mean(&key, allowed.iter().copied());
    cx.error(ScenarioErrorKind::UnknownField { entity: what.into(), field: key, suggestion }, span);
}

fn missing(what: &str, field: &str) -> Raw {
    Raw::Bad(ScenarioErrorKind::MissingField { entity: what.into(), id: String::new(), field: field.into() })
}

/// `{lat, lon}` in degrees.
pub(super) fn point<'de, A: MapAccess<'de>>(cx: &mut Cx, mut map: A) -> Result<Raw, A::Error> {
    let (mut lat, mut lon) = (None, None);
    while let Some((key, loc)) = map.next_key_seed(Located(Text))? {
        let key = key.unwrap_or_else(|found| found);
        let key_span = cx.span(&loc);
        let (slot, limit) = match key.as_str() {
            "lat" => (&mut lat, 90.0),
            "lon" => (&mut lon, 180.0),
            _ => {
                unknown_key(cx, "point", key, &["lat", "lon"], key_span);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        };
        let (number, loc) = map.next_value_seed(Located(Number))?;
        let span = cx.span(&loc);
        *slot = Some(degrees(cx, number, &key, limit, span));
    }
    Ok(match (lat, lon) {
        (Some(Some(lat)), Some(Some(lon))) => Raw::Value(Value::Point(Arc::new(Point { lat, lon }))),
        (None, _) => missing("point", "lat"),
        (_, None) => missing("point", "lon"),
        // A coordinate was reported already.
        _ => Raw::Value(Value::Missing),
    })
}

/// Checks one coordinate; `None` when reported.
fn degrees(cx: &mut Cx, number: Result<f64, String>, key: &str, limit: f64, span: Span) -> Option<f64> {
    let name = if key == "lat" { "latitude" } else { "longitude" };
    let expected = format!("a {name} in degrees, from -{limit} to {limit}");
    match number {
        Ok(x) if (-limit..=limit).contains(&x) => Some(x),
        Ok(x) => {
            cx.error(ScenarioErrorKind::WrongType { expected, found: format!("`{x}`") }, span);
            None
        }
        Err(found) => {
            cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
            None
        }
    }
}

/// Nested number lists, kept until `type` says how to read them (GeoJSON
/// does not order `type` before `coordinates`).
enum Coords {
    Num(f64),
    List(Vec<Coords>),
    Bad(String),
}

struct CoordsNode;

impl<'de> Node<'de> for CoordsNode {
    type Out = Coords;

    fn scalar(self, shape: Shape<'_>) -> Coords {
        match shape {
            Shape::Int(n) => Coords::Num(n as f64),
            Shape::Float(x) if x.is_finite() => Coords::Num(x),
            other => Coords::Bad(other.describe()),
        }
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NodeSeed(CoordsNode))? {
            items.push(item);
        }
        Ok(Coords::List(items))
    }
}

const GEOMETRY_KEYS: [&str; 3] = ["type", "coordinates", "bbox"];
const GEOMETRY_TYPES: [&str; 3] = ["Polygon", "MultiPolygon", "Point"];

/// A GeoJSON geometry object.
pub(super) fn geometry<'de, A: MapAccess<'de>>(cx: &mut Cx, mut map: A) -> Result<Raw, A::Error> {
    let mut kind: Option<(String, Span)> = None;
    let mut coords: Option<(Coords, Span)> = None;
    while let Some((key, loc)) = map.next_key_seed(Located(Text))? {
        let key = key.unwrap_or_else(|found| found);
        let key_span = cx.span(&loc);
        match key.as_str() {
            "type" => {
                let (text, loc) = map.next_value_seed(Located(Text))?;
                kind = Some((text.unwrap_or_else(|found| found), cx.span(&loc)));
            }
            "coordinates" => {
                let (c, loc) = map.next_value_seed(Located(CoordsNode))?;
                let span = cx.span(&loc);
                coords = Some((c, cx.close(span)));
            }
            "bbox" => map.next_value::<IgnoredAny>().map(drop)?,
            _ => {
                unknown_key(cx, "geometry", key, &GEOMETRY_KEYS, key_span);
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    let Some((kind, kind_span)) = kind else {
        return Ok(missing("geometry", "type"));
    };
    let Some((coords, coords_span)) = coords else {
        return Ok(missing("geometry", "coordinates"));
    };
    Ok(build(cx, &kind, kind_span, &coords, coords_span))
}

fn build(cx: &mut Cx, kind: &str, kind_span: Span, coords: &Coords, span: Span) -> Raw {
    let (shape, built) = match kind {
        "Polygon" => ("a list of rings of [lon, lat] positions", polygon(coords).map(|p| MultiPolygon(vec![p]))),
        "MultiPolygon" => ("a list of polygons, each a list of rings of [lon, lat] positions", multi(coords)),
        "Point" => ("a [lon, lat] position", position(coords).map(square)),
        _ => {
            let suggestion = did_you_mean(kind, GEOMETRY_TYPES);
            let kind = ScenarioErrorKind::UnknownVariant {
                enum_name: "GeoJSON geometry type (Polygon, MultiPolygon, Point)".into(),
                value: kind.into(),
                suggestion,
            };
            cx.error(kind, kind_span);
            return Raw::Value(Value::Missing);
        }
    };
    match built {
        Ok(g) => Raw::Value(Value::Geometry(Arc::new(crate::area::Area::new(g)))),
        Err(found) => {
            let expected = format!("{kind} coordinates: {shape}");
            cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
            Raw::Value(Value::Missing)
        }
    }
}

fn list(c: &Coords) -> Result<&[Coords], String> {
    match c {
        Coords::List(items) => Ok(items),
        Coords::Num(x) => Err(format!("`{x}`")),
        Coords::Bad(found) => Err(found.clone()),
    }
}

fn position(c: &Coords) -> Result<Coord<f64>, String> {
    let items = list(c)?;
    let num = |i: usize| match items.get(i) {
        Some(Coords::Num(x)) => Ok(*x),
        Some(Coords::List(_)) => Err("a list where a number belongs".to_string()),
        Some(Coords::Bad(found)) => Err(found.clone()),
        None => Err("a position with fewer than two numbers".to_string()),
    };
    let (lon, lat) = (num(0)?, num(1)?);
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("[{lon}, {lat}], outside [-180..180, -90..90] (positions are [lon, lat])"));
    }
    Ok(Coord { x: lon, y: lat })
}

fn ring(c: &Coords) -> Result<LineString<f64>, String> {
    let points = list(c)?.iter().map(position).collect::<Result<Vec<_>, _>>()?;
    let distinct = points.len() - usize::from(points.len() > 1 && points.first() == points.last());
    if distinct < 3 {
        return Err(format!("a ring of {distinct} distinct positions (at least 3 are needed)"));
    }
    Ok(LineString::from(points))
}

fn polygon(c: &Coords) -> Result<Polygon<f64>, String> {
    let mut rings = list(c)?.iter().map(ring);
    let exterior = rings.next().ok_or_else(|| "a polygon without rings".to_string())??;
    let interiors = rings.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn multi(c: &Coords) -> Result<MultiPolygon<f64>, String> {
    list(c)?.iter().map(polygon).collect::<Result<Vec<_>, _>>().map(MultiPolygon)
}

fn square(at: Coord<f64>) -> MultiPolygon<f64> {
    let r = POINT_RADIUS;
    let corners = [(-r, -r), (r, -r), (r, r), (-r, r), (-r, -r)];
    let ring: Vec<Coord<f64>> = corners.iter().map(|(dx, dy)| Coord { x: at.x + dx, y: at.y + dy }).collect();
    MultiPolygon(vec![Polygon::new(LineString::from(ring), Vec::new())])
}
