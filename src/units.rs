//! Distances with their units. A distance is held in kilometres (an `f64`)
//! whatever unit it was written in, so `500 nmi < 1000 km` compares like
//! with like; it is a type of its own (`distance`), so the checker rejects
//! a distance compared with a count or a bare number (a dimension error),
//! as it rejects a duration compared with an int. Rules write units after
//! a number (`1000 km`, `500 nmi`, `2.5 km`); scenarios write the same as
//! text (`range: 500 nmi`).

/// The units a distance may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistanceUnit {
    Km,
    M,
    Nmi,
    Mi,
}

impl DistanceUnit {
    /// Every unit, as written.
    pub const ALL: [(&'static str, DistanceUnit); 4] =
        [("km", DistanceUnit::Km), ("m", DistanceUnit::M), ("nmi", DistanceUnit::Nmi), ("mi", DistanceUnit::Mi)];

    pub fn parse(word: &str) -> Option<DistanceUnit> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, u)| *u)
    }

    pub fn symbol(self) -> &'static str {
        Self::ALL.iter().find(|(_, u)| *u == self).map_or("km", |(w, _)| w)
    }

    /// Kilometres in one of this unit (the international nautical mile and
    /// statute mile, exactly).
    pub fn in_km(self) -> f64 {
        match self {
            DistanceUnit::Km => 1.0,
            DistanceUnit::M => 0.001,
            DistanceUnit::Nmi => 1.852,
            DistanceUnit::Mi => 1.609_344,
        }
    }
}

/// `amount unit` in kilometres; `None` when not finite.
pub fn to_km(amount: f64, unit: DistanceUnit) -> Option<f64> {
    let km = amount * unit.in_km();
    km.is_finite().then_some(km)
}

/// A distance written as text: `500 nmi`, `1_000 km`, `2.5 km`.
pub fn parse_distance(text: &str) -> Option<f64> {
    let mut words = text.split_whitespace();
    let (amount, unit) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let amount: f64 = amount.replace('_', "").parse().ok()?;
    to_km(amount, DistanceUnit::parse(unit)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_read_in_every_unit_and_reject_the_rest() {
        assert_eq!(parse_distance("500 km"), Some(500.0));
        assert_eq!(parse_distance("1_000 m"), Some(1.0));
        assert_eq!(parse_distance("10 nmi"), Some(18.52));
        assert_eq!(parse_distance("2.5 km"), Some(2.5));
        assert!((parse_distance("1 mi").unwrap_or_default() - 1.609_344).abs() < 1e-12);
        for bad in ["500", "km", "500 parsecs", "500 km north", "1e400 km", "nan km"] {
            assert_eq!(parse_distance(bad), None, "{bad}");
        }
    }
}
