//! Reading a fact's `source:` and `confidence:` (see `provenance.rs`).
//!
//! ```yaml
//! source: "IISS, The Military Balance 2022, p. 112"
//! source: [https://example.org/a, "Ministry of Defence press release"]
//! source: { text: "NATO fact sheet", url: https://…, accessed: 2021-12-20 }
//! confidence: B2
//! ```

use crate::value::ArcStr;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess};

use super::ScenarioErrorKind;
use super::cx::Cx;
use super::node::{Located, Node, Shape};
use super::position::located;
use super::provenance::{CONFIDENCE_HELP, Confidence, Source};
use crate::span::Span;

const EXPECTED: &str = "a source: text, `{text, url, accessed}`, or a list of them";

/// `source:`: one source or a list.
pub(super) struct SourcesSeed<'a, 's> {
    pub cx: &'a mut Cx<'s>,
}

impl<'de> DeserializeSeed<'de> for SourcesSeed<'_, '_> {
    type Value = Vec<Source>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Source>, D::Error> {
        let (read, loc) = located(d, super::node::NodeSeed(Sources { cx: &mut *self.cx }))?;
        let span = self.cx.span(&loc);
        Ok(settle(self.cx, read, span))
    }
}

/// What a node held: sources, or what was found instead.
type Read = Result<Vec<Source>, String>;

fn settle(cx: &mut Cx, read: Read, span: Span) -> Vec<Source> {
    read.unwrap_or_else(|found| {
        cx.error(ScenarioErrorKind::WrongType { expected: EXPECTED.into(), found }, span);
        Vec::new()
    })
}

struct Sources<'a, 's> {
    cx: &'a mut Cx<'s>,
}

impl<'de> Node<'de> for Sources<'_, '_> {
    type Out = Read;

    fn scalar(self, shape: Shape<'_>) -> Read {
        one(shape).map(|s| vec![s])
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        let mut out = Vec::new();
        while let Some((read, loc)) = seq.next_element_seed(Located(OneSource { cx: &mut *self.cx }))? {
            let span = self.cx.span(&loc);
            out.extend(settle(self.cx, read.map(|s| vec![s]), span));
        }
        Ok(Ok(out))
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Read, A::Error> {
        Ok(cited(self.cx, map)?.map(|s| vec![s]))
    }
}

/// One item of a list of sources.
struct OneSource<'a, 's> {
    cx: &'a mut Cx<'s>,
}

impl<'de> Node<'de> for OneSource<'_, '_> {
    type Out = Result<Source, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        one(shape)
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Out, A::Error> {
        cited(self.cx, map)
    }
}

/// A source written as text: a URL stands for itself.
fn one(shape: Shape<'_>) -> Result<Source, String> {
    match shape {
        Shape::Str(s) if !s.trim().is_empty() => {
            let url = (s.starts_with("https://") || s.starts_with("http://")).then(|| ArcStr::from(s));
            Ok(Source { text: ArcStr::from(s), url, accessed: None })
        }
        other => Err(other.describe()),
    }
}

/// `{text, url, accessed}`.
fn cited<'de, A: MapAccess<'de>>(cx: &mut Cx, mut map: A) -> Result<Result<Source, String>, A::Error> {
    let (mut text, mut url, mut accessed) = (None, None, None);
    while let Some((key, loc)) = map.next_key_seed(Located(super::node::Text))? {
        let (value, vloc) = map.next_value_seed(Located(super::node::Text))?;
        let (key_span, value_span) = (cx.span(&loc), cx.span(&vloc));
        match (key.as_deref(), value) {
            (Ok("text"), Ok(v)) => text = Some(v),
            (Ok("url"), Ok(v)) => url = Some(v),
            (Ok("accessed"), Ok(v)) => match crate::calendar::parse_date(&v) {
                Ok(d) => accessed = Some(d),
                Err(e) => cx.error(ScenarioErrorKind::BadDate(e), value_span),
            },
            (Ok("text" | "url" | "accessed"), Err(found)) => {
                cx.error(ScenarioErrorKind::WrongType { expected: "text".into(), found }, value_span);
            }
            (other, _) => {
                let field = match other {
                    Ok(k) => k.to_string(),
                    Err(found) => found.clone(),
                };
                let suggestion = crate::suggest::did_you_mean(&field, ["text", "url", "accessed"]);
                let kind = ScenarioErrorKind::UnknownField { entity: "source".into(), field, suggestion };
                cx.error(kind, key_span);
            }
        }
    }
    Ok(match (text, url) {
        (Some(text), url) => Ok(Source { text: ArcStr::from(text), url: url.map(ArcStr::from), accessed }),
        (None, Some(url)) => Ok(Source { text: ArcStr::from(url.as_str()), url: Some(ArcStr::from(url)), accessed }),
        (None, None) => Err("a mapping without `text` or `url`".into()),
    })
}

/// `confidence:`: an Admiralty grade.
pub(super) struct ConfidenceSeed<'a, 's> {
    pub cx: &'a mut Cx<'s>,
}

impl<'de> DeserializeSeed<'de> for ConfidenceSeed<'_, '_> {
    type Value = Option<Confidence>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Confidence>, D::Error> {
        let (read, loc) = located(d, super::node::NodeSeed(super::node::Text))?;
        let span = self.cx.span(&loc);
        let grade = read.ok().as_deref().and_then(Confidence::parse);
        if grade.is_none() {
            let written = self.cx.text().get(span.range()).unwrap_or("").to_string();
            self.cx.error(ScenarioErrorKind::BadConfidence(written), span);
        }
        Ok(grade)
    }
}

/// For the error's help.
pub(super) fn help() -> &'static str {
    CONFIDENCE_HELP
}
