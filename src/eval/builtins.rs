//! Built-in functions. Distances are geodesic (WGS 84 ellipsoid, via
//! `geo`'s Karney implementation); the nearest point of an area is found on
//! the sphere first (`HaversineClosestPoint`), which is accurate to well
//! under a kilometre at treaty scales, then measured geodesically.

use geo::{Distance, Geodesic};

use super::context::{Ctx, Slot};
use super::error::{EvalError, Unknown};
use crate::plan::{Builtin, Expr};
use crate::value::{Geometry, Point, Value};

impl Ctx<'_> {
    pub(super) fn builtin(
        &self,
        func: Builtin,
        args: &[Expr],
        e: &Expr,
        frame: &mut Vec<Slot>,
    ) -> Result<Value, EvalError> {
        if func == Builtin::At {
            return self.at(args, e, frame);
        }
        let values = args.iter().map(|a| self.present(a, frame)).collect::<Result<Vec<_>, _>>()?;
        let fail = |kind, why: &str| EvalError::new(kind, why.to_string(), e.span);
        if let Some(ranged) = super::estimate::builtin(func, &values) {
            return ranged.map_err(|why| fail(Unknown::Estimate, &why));
        }
        match (func, values.as_slice()) {
            (Builtin::DistanceKm, [Value::Point(a), Value::Point(b)]) => {
                Ok(Value::Decimal(point_distance_km(**a, **b)))
            }
            (Builtin::DistanceKm, [Value::Point(a), Value::Geometry(g)]) => area_distance_km(**a, g)
                .map(Value::Decimal)
                .ok_or_else(|| fail(Unknown::WrongValue, "the area has no usable outline")),
            (Builtin::Distance, [Value::Point(a), Value::Point(b)]) => Ok(Value::Distance(point_distance_km(**a, **b))),
            (Builtin::Distance, [Value::Point(a), Value::Geometry(g)]) => area_distance_km(**a, g)
                .map(Value::Distance)
                .ok_or_else(|| fail(Unknown::WrongValue, "the area has no usable outline")),
            (Builtin::Within, [Value::Point(a), Value::Geometry(g)]) => Ok(Value::Bool(g.contains(to_geo(**a)))),
            (Builtin::Len, [Value::List(items)]) => Ok(Value::Int(i64::try_from(items.len()).unwrap_or(i64::MAX))),
            (Builtin::Year, [Value::Date(d)]) => Ok(Value::Int(i64::from(d.year()))),
            (Builtin::DaysBetween, [Value::Date(a), Value::Date(b)]) => crate::calendar::days_between(*a, *b)
                .map(|d| Value::Int(i64::from(d)))
                .ok_or_else(|| fail(Unknown::Arithmetic, "dates too far apart")),
            (Builtin::Abs, [Value::Int(n)]) => {
                n.checked_abs().map(Value::Int).ok_or_else(|| fail(Unknown::Arithmetic, "overflow"))
            }
            (Builtin::Abs, [Value::Decimal(x)]) => Ok(Value::Decimal(x.abs())),
            (Builtin::Abs, [Value::Distance(x)]) => Ok(Value::Distance(x.abs())),
            (Builtin::Low | Builtin::High | Builtin::Declared, [v]) => Ok(v.clone()),
            (Builtin::Undecided, [Value::Text(why)]) => Err(fail(Unknown::Undecided, why)),
            (Builtin::Text, [v]) => Ok(Value::text(&self.render(v))),
            (Builtin::Id, [Value::Fact(r)]) => self
                .facts
                .fact(*r)
                .map(|f| Value::text(&f.id))
                .ok_or_else(|| fail(Unknown::Internal, "internal: fact out of range")),
            _ => Err(fail(Unknown::Internal, "internal: built-in applied to unexpected values")),
        }
    }
}

impl Ctx<'_> {
    /// `at(d.field, date)`: the field's value on the date, read before the
    /// evaluation date would be applied to a series.
    fn at(&self, args: &[Expr], e: &Expr, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        let [field, date] = args else {
            return Err(EvalError::new(Unknown::Internal, "internal: `at` takes two arguments", e.span));
        };
        let on = match self.present(date, frame)? {
            Value::Date(d) => d,
            other => {
                let found = format!("`at` needs a date, found `{}`", self.render(&other));
                return Err(EvalError::new(Unknown::WrongValue, found, date.span));
            }
        };
        let raw = match &field.kind {
            crate::plan::ExprKind::Field { base, slot, .. } => self.field(base, *slot, frame)?,
            _ => self.eval(field, frame)?,
        };
        match raw {
            Value::Series(s) => self.on_date(field, &s, on, frame),
            v => self.known(field, v, frame),
        }
    }
}

fn to_geo(p: Point) -> geo::Point<f64> {
    geo::Point::new(p.lon, p.lat)
}

pub fn point_distance_km(a: Point, b: Point) -> f64 {
    Geodesic.distance(to_geo(a), to_geo(b)) / 1000.0
}

/// Distance from a point to the nearest part of an area; 0 inside it
/// (through the area's index: see [`crate::area`]).
pub fn area_distance_km(p: Point, area: &Geometry) -> Option<f64> {
    area.distance_km(to_geo(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moscow_to_warsaw_is_about_1150_km() {
        let moscow = Point { lat: 55.7558, lon: 37.6173 };
        let warsaw = Point { lat: 52.2297, lon: 21.0122 };
        let d = point_distance_km(moscow, warsaw);
        assert!((1140.0..1160.0).contains(&d), "{d}");
    }

    #[test]
    fn distance_to_an_area_is_zero_inside_and_positive_outside() {
        // A 1°×1° square around (0.5, 0.5).
        let square = Geometry::new(geo::MultiPolygon(vec![geo::Polygon::new(
            geo::LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]),
            vec![],
        )]));
        assert_eq!(area_distance_km(Point { lat: 0.5, lon: 0.5 }, &square), Some(0.0));
        let east = area_distance_km(Point { lat: 0.5, lon: 2.0 }, &square).unwrap_or(0.0);
        // One degree of longitude at the equator is about 111.3 km.
        assert!((110.0..113.0).contains(&east), "{east}");
    }
}
