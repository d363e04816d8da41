//! Areas — a state's territory — and the queries clauses ask of them:
//! does it contain a point, how far is a point from it.
//!
//! A national outline has thousands of vertices, and `distance_km` over
//! every fact of a table (or over every date of a timeline) would measure
//! the point against every edge each time: 8,000 rows took 29 s. So each
//! polygon gets an index on first use, shared by every evaluation of the
//! run: its bounding box in degrees, which settles containment for points
//! outside it, and an R-tree (`rstar`, already under `geo`) of its edges as
//! arcs on the unit sphere, which finds the nearest edge in a few steps.
//! Answers are those of `geo`'s linear scans: the tree only chooses which
//! edges `geo` measures, keeping every edge within rounding of the
//! nearest.

use std::sync::OnceLock;

use geo::{BoundingRect, Closest, Contains, CoordsIter, Distance, Geodesic, Haversine, HaversineClosestPoint};
use geo::{Line, MultiPolygon, Polygon, Rect};
use rstar::{AABB, PointDistance, RTree, RTreeObject};

/// An area: one or more polygons in (lon, lat) degrees.
#[derive(Debug)]
pub struct Area {
    shape: MultiPolygon<f64>,
    index: OnceLock<Vec<Indexed>>,
}

impl PartialEq for Area {
    fn eq(&self, other: &Self) -> bool {
        self.shape == other.shape
    }
}

impl Area {
    pub fn new(shape: MultiPolygon<f64>) -> Self {
        Area { shape, index: OnceLock::new() }
    }

    pub fn shape(&self) -> &MultiPolygon<f64> {
        &self.shape
    }

    fn index(&self) -> &[Indexed] {
        self.index.get_or_init(|| self.shape.0.iter().map(Indexed::new).collect())
    }

    /// Whether the point (lon, lat) lies inside, as `geo`'s `Contains`
    /// says (a point on the boundary is not inside).
    pub fn contains(&self, at: geo::Point<f64>) -> bool {
        self.shape.0.iter().zip(self.index()).any(|(polygon, i)| i.may_contain(at) && polygon.contains(&at))
    }

    /// Geodesic distance in km from the point to the nearest part of the
    /// area, 0 inside it; `None` when no polygon has a usable outline.
    pub fn distance_km(&self, from: geo::Point<f64>) -> Option<f64> {
        if self.contains(from) {
            return Some(0.0);
        }
        let q = unit(from);
        let mut best: Option<f64> = None;
        let mut order: Vec<(f64, &Indexed)> = self.index().iter().map(|i| (i.lower_bound_km(&q), i)).collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (bound, i) in order {
            // The bound is on the sphere; the geodesic distance differs
            // from it by well under 1 % anywhere on Earth.
            if best.is_some_and(|b| bound > b * ELLIPSOID_MARGIN) {
                break;
            }
            let km = match i.closest(from, &q) {
                Closest::Intersection(_) => Some(0.0),
                Closest::SinglePoint(p) => Some(Geodesic.distance(from, p) / 1000.0),
                Closest::Indeterminate => None,
            };
            best = match (best, km) {
                (Some(b), Some(k)) => Some(b.min(k)),
                (b, k) => b.or(k),
            };
        }
        best
    }
}

/// How far the geodesic distance may exceed the spherical one, and more.
const ELLIPSOID_MARGIN: f64 = 1.02;
/// The mean Earth radius `geo`'s haversine functions use, in km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// One polygon's index.
#[derive(Debug)]
struct Indexed {
    bbox: Option<Rect<f64>>,
    edges: RTree<Edge>,
    /// Fewer than three exterior positions: `geo` calls the nearest point
    /// of such a polygon indeterminate.
    degenerate: bool,
}

impl Indexed {
    fn new(polygon: &Polygon<f64>) -> Self {
        let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        let edges = rings.flat_map(|r| r.lines()).map(Edge::new).collect();
        Indexed {
            bbox: polygon.bounding_rect(),
            edges: RTree::bulk_load(edges),
            degenerate: polygon.exterior_coords_iter().count() < 3,
        }
    }

    fn may_contain(&self, p: geo::Point<f64>) -> bool {
        self.bbox.is_some_and(|b| {
            let (min, max) = (b.min(), b.max());
            (min.x..=max.x).contains(&p.x()) && (min.y..=max.y).contains(&p.y())
        })
    }

    /// A distance in km no edge of the polygon is nearer than.
    fn lower_bound_km(&self, q: &[f64; 3]) -> f64 {
        if self.edges.size() == 0 {
            return f64::INFINITY;
        }
        chord_km(self.edges.root().envelope().distance_2(q))
    }

    /// The nearest point of the outline, as `geo` finds it: the edges
    /// nearest on the sphere, measured by `geo` itself.
    fn closest(&self, from: geo::Point<f64>, q: &[f64; 3]) -> Closest<f64> {
        if self.degenerate {
            return Closest::Indeterminate;
        }
        let mut best: Option<(f64, Closest<f64>)> = None;
        let mut nearest = f64::INFINITY;
        for (edge, d2) in self.edges.nearest_neighbor_iter_with_distance_2(q) {
            if d2 > nearest * (1.0 + 1e-9) + 1e-18 {
                break;
            }
            nearest = nearest.min(d2);
            match edge.line.haversine_closest_point(&from) {
                hit @ Closest::Intersection(_) => return hit,
                Closest::SinglePoint(p) => {
                    let d = Haversine.distance(p, from);
                    if best.as_ref().is_none_or(|(b, _)| d < *b) {
                        best = Some((d, Closest::SinglePoint(p)));
                    }
                }
                Closest::Indeterminate => return Closest::Indeterminate,
            }
        }
        best.map_or(Closest::Indeterminate, |(_, c)| c)
    }
}

/// An edge of an outline: the great-circle arc between two positions.
#[derive(Debug)]
struct Edge {
    line: Line<f64>,
    a: [f64; 3],
    b: [f64; 3],
    envelope: AABB<[f64; 3]>,
}

impl Edge {
    fn new(line: Line<f64>) -> Self {
        let (a, b) = (unit(line.start_point()), unit(line.end_point()));
        // The arc bulges out of its chord by at most the sagitta, so the
        // chord's box grown by it (and a hair for rounding) holds the arc.
        let half = (dot(&a, &b).clamp(-1.0, 1.0).acos() / 2.0).cos();
        let grow = 1.0 - half + 1e-9;
        let lo = [a[0].min(b[0]) - grow, a[1].min(b[1]) - grow, a[2].min(b[2]) - grow];
        let hi = [a[0].max(b[0]) + grow, a[1].max(b[1]) + grow, a[2].max(b[2]) + grow];
        Edge { line, a, b, envelope: AABB::from_corners(lo, hi) }
    }
}

impl RTreeObject for Edge {
    type Envelope = AABB<[f64; 3]>;

    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

impl PointDistance for Edge {
    /// The squared chord from `q` to the nearest point of the arc.
    fn distance_2(&self, q: &[f64; 3]) -> f64 {
        let n = cross(&self.a, &self.b);
        let along = |c: &[f64; 3]| (0..3).map(|i| (q[i] - c[i]).powi(2)).sum::<f64>();
        let ends = along(&self.a).min(along(&self.b));
        let nn = dot(&n, &n);
        if nn < 1e-30 {
            return ends;
        }
        // `q` projected on the arc's great circle, inside the arc or not.
        let k = dot(q, &n) / nn;
        let p = [q[0] - k * n[0], q[1] - k * n[1], q[2] - k * n[2]];
        let len = dot(&p, &p).sqrt();
        if len < 1e-15 {
            return ends;
        }
        let p = [p[0] / len, p[1] / len, p[2] / len];
        let inside = dot(&cross(&self.a, &p), &n) >= 0.0 && dot(&cross(&p, &self.b), &n) >= 0.0;
        if inside { along(&p).min(ends) } else { ends }
    }
}

/// A position as a point on the unit sphere.
fn unit(p: geo::Point<f64>) -> [f64; 3] {
    let (lat, lon) = (p.y().to_radians(), p.x().to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The great-circle distance, in km, of a squared chord of the unit sphere.
fn chord_km(d2: f64) -> f64 {
    let chord = d2.max(0.0).sqrt().min(2.0);
    2.0 * (chord / 2.0).asin() * EARTH_RADIUS_KM
}

fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: &[f64; 3], b: &[f64; 3]) -> [f64; 3] {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use geo::{LineString, Point};

    /// `geo`'s own answer, by a pass over every edge.
    fn linear(area: &MultiPolygon<f64>, from: Point<f64>) -> Option<f64> {
        if area.contains(&from) {
            return Some(0.0);
        }
        area.0
            .iter()
            .filter_map(|poly| match poly.haversine_closest_point(&from) {
                Closest::Intersection(_) => Some(0.0),
                Closest::SinglePoint(q) => Some(Geodesic.distance(from, q) / 1000.0),
                Closest::Indeterminate => None,
            })
            .min_by(f64::total_cmp)
    }

    /// A jagged ring of `n` positions around (lon, lat), and an island.
    fn coast(lon: f64, lat: f64, n: usize) -> MultiPolygon<f64> {
        let ring: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                let t = (i % n) as f64 / n as f64 * std::f64::consts::TAU;
                let r = 3.0 + 0.7 * (t * 7.0).sin() + 0.3 * (t * 31.0).cos();
                (lon + r * t.cos() * 1.6, lat + r * t.sin())
            })
            .collect();
        let hole = LineString::from(vec![(lon, lat), (lon + 0.5, lat), (lon + 0.5, lat + 0.5), (lon, lat)]);
        let island = Polygon::new(
            LineString::from(vec![(lon + 9.0, lat), (lon + 9.5, lat), (lon + 9.5, lat + 0.4), (lon + 9.0, lat)]),
            vec![],
        );
        MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![hole]), island])
    }

    #[test]
    fn the_index_gives_geos_answers() {
        let shape = coast(30.0, 55.0, 4000);
        let area = Area::new(shape.clone());
        let mut checked = 0;
        for i in 0..400 {
            let t = i as f64 * 0.731;
            let from =
                Point::new(30.0 + 12.0 * t.cos() * (i as f64 / 400.0), 55.0 + 8.0 * t.sin() * (i % 7) as f64 / 7.0);
            let (want, got) = (linear(&shape, from), area.distance_km(from));
            assert_eq!(want.is_some(), got.is_some(), "{from:?}");
            let (want, got) = (want.unwrap(), got.unwrap());
            assert!((want - got).abs() <= 1e-6 * want.max(1.0), "{from:?}: {want} vs {got}");
            assert_eq!(shape.contains(&from), area.contains(from), "{from:?}");
            checked += 1;
        }
        assert_eq!(checked, 400);
        // Inside the hole: outside the area, at a distance.
        let hole = Point::new(30.4, 55.1);
        assert!(!area.contains(hole));
        assert!(area.distance_km(hole).unwrap() > 0.0);
    }

    #[test]
    fn a_polygon_without_an_outline_is_no_answer() {
        let line = Polygon::new(LineString::from(vec![(1.0, 1.0)]), vec![]);
        assert_eq!(Area::new(MultiPolygon(vec![line])).distance_km(Point::new(5.0, 5.0)), None);
    }
}
