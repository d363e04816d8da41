//! Where a fact comes from and how far it can be trusted: `source:` and
//! `confidence:`, which any fact may carry beside its `id:`.
//!
//! Sources are cited the way reference works footnote their figures: text,
//! an optional URL and the date the page was read. Confidence is graded on
//! the Admiralty (NATO) scale: a letter for the source's reliability
//! (A completely reliable … E unreliable, F cannot be judged) and a digit
//! for the information's credibility (1 confirmed … 5 improbable, 6 cannot
//! be judged), written together as `B2`.

use crate::value::ArcStr;
use std::collections::HashSet;
use std::fmt;

use crate::calendar::Date;

/// The provenance of one fact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub sources: Vec<Source>,
    pub confidence: Option<Confidence>,
}

/// One cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The citation as written (a title, a report and page, or a URL).
    pub text: ArcStr,
    pub url: Option<ArcStr>,
    /// When the source was read.
    pub accessed: Option<Date>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        if let Some(url) = self.url.as_deref().filter(|u| *u != &*self.text) {
            write!(f, " <{url}>")?;
        }
        if let Some(d) = self.accessed {
            write!(f, " (accessed {d})")?;
        }
        Ok(())
    }
}

/// `source A; source B (confidence B2)`, or `confidence B2` alone.
impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.sources.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{s}")?;
        }
        match (self.sources.is_empty(), self.confidence) {
            (true, Some(c)) => write!(f, "confidence {c}"),
            (false, Some(c)) => write!(f, " (confidence {c})"),
            (_, None) => Ok(()),
        }
    }
}

/// An Admiralty grade: reliability `A`–`F`, credibility `1`–`6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Confidence {
    /// `b'A'` … `b'F'`.
    reliability: u8,
    /// 1 … 6.
    credibility: u8,
}

impl Confidence {
    /// `B2`, `b2`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Confidence> {
        let mut chars = text.trim().chars();
        let (letter, digit) = (chars.next()?.to_ascii_uppercase(), chars.next()?);
        if chars.next().is_some() || !('A'..='F').contains(&letter) || !('1'..='6').contains(&digit) {
            return None;
        }
        Some(Confidence { reliability: letter as u8, credibility: digit as u8 - b'0' })
    }

    /// Whether this grade is at least `min` on both scales. `F` and `6`
    /// ("cannot be judged") meet only a minimum of `F` or `6`.
    pub fn meets(self, min: Confidence) -> bool {
        self.reliability <= min.reliability && self.credibility <= min.credibility
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.reliability as char, self.credibility)
    }
}

/// Facts graded below a minimum (`--min-confidence`): not loaded, and
/// references to them read as unknown.
#[derive(Debug, Clone, Default)]
pub struct LeftOut {
    pub min: Option<Confidence>,
    /// Per entity table, the ids left out.
    pub ids: Vec<HashSet<ArcStr>>,
    pub count: usize,
}

impl LeftOut {
    pub fn new(min: Option<Confidence>, entities: usize) -> Self {
        LeftOut { min, ids: vec![HashSet::new(); entities], count: 0 }
    }

    /// Whether a fact so graded is left out.
    pub fn excludes(&self, p: Option<&Provenance>) -> bool {
        matches!((self.min, p.and_then(|p| p.confidence)), (Some(min), Some(c)) if !c.meets(min))
    }

    pub fn contains(&self, entity: usize, id: &str) -> bool {
        self.ids.get(entity).is_some_and(|ids| ids.contains(id))
    }
}

/// What `confidence:` and `--min-confidence` accept.
pub const CONFIDENCE_HELP: &str = "an Admiralty grade: a letter for the source's reliability (A completely reliable, \
     B usually, C fairly, D not usually, E unreliable, F cannot be judged) and a digit for the information's \
     credibility (1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged), e.g. `B2`";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn grades_parse_and_compare_on_both_scales() {
        let g = |s| Confidence::parse(s).unwrap();
        assert_eq!(g("b2").to_string(), "B2");
        assert!(
            Confidence::parse("G1").is_none() && Confidence::parse("A7").is_none() && Confidence::parse("A").is_none()
        );
        assert!(g("A1").meets(g("B2")) && g("B2").meets(g("B2")));
        assert!(!g("C1").meets(g("B2")) && !g("A3").meets(g("B2")));
        assert!(!g("F6").meets(g("E5")) && g("F6").meets(g("F6")));
    }
}
