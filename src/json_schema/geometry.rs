//! A GeoJSON geometry as `scenario/geometry.rs` reads it: `type` one of
//! `Polygon`, `MultiPolygon` and `Point`, `coordinates` shaped by it,
//! positions `[lon, lat]` in degrees, an optional `bbox` ignored.

use serde_json::{Value as Json, json};

/// `[lon, lat]`; a third number (altitude) and more are ignored.
fn position() -> Json {
    json!({
        "type": "array",
        "prefixItems": [
            { "type": "number", "minimum": -180, "maximum": 180 },
            { "type": "number", "minimum": -90, "maximum": 90 }
        ],
        "minItems": 2
    })
}

/// A ring: at least three positions (it closes itself).
fn ring() -> Json {
    json!({ "type": "array", "items": position(), "minItems": 3 })
}

/// A polygon: an exterior ring, then holes.
fn polygon() -> Json {
    json!({ "type": "array", "items": ring(), "minItems": 1 })
}

/// `coordinates` for the geometry type `kind`.
fn when(kind: &str, coordinates: Json) -> Json {
    json!({
        "if": { "properties": { "type": { "const": kind } } },
        "then": { "properties": { "coordinates": coordinates } }
    })
}

pub fn schema() -> Json {
    json!({
        "type": "object",
        "description": "A GeoJSON geometry; positions are [lon, lat].",
        "properties": {
            "type": { "enum": ["Polygon", "MultiPolygon", "Point"] },
            "coordinates": { "type": "array" },
            "bbox": true
        },
        "required": ["type", "coordinates"],
        "additionalProperties": false,
        "allOf": [
            when("Point", position()),
            when("Polygon", polygon()),
            when("MultiPolygon", json!({ "type": "array", "items": polygon() }))
        ]
    })
}
