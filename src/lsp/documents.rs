//! The documents the editor has open: their text as last sent (which wins
//! over the file on disk), version, path and kind. Changes arrive whole or
//! as ranges (incremental sync); a document that would grow past its
//! kind's size cap is kept as too large, without its text, and is checked
//! no further until it is sent whole again.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, TextDocumentItem, Uri};

use super::position::LineIndex;
use crate::input::{Kind, Overlay};

/// What a document holds, by its extension (or the editor's language id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Rules,
    Scenario,
}

impl Language {
    fn of(path: Option<&PathBuf>, language_id: &str) -> Option<Language> {
        let ext = path.and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("pacta") => return Some(Language::Rules),
            Some(e) if crate::scenario::EXTENSIONS.contains(&e) => return Some(Language::Scenario),
            _ => {}
        }
        match language_id {
            "pacta" => Some(Language::Rules),
            "yaml" | "json" => Some(Language::Scenario),
            _ => None,
        }
    }

    pub fn max_bytes(self) -> usize {
        let kind = match self {
            Language::Rules => Kind::Rules,
            Language::Scenario => Kind::Scenario,
        };
        usize::try_from(kind.max_bytes()).unwrap_or(usize::MAX).min(super::transport::MAX_BODY_BYTES)
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Uri,
    /// `None` for a document that is no local file.
    pub path: Option<PathBuf>,
    pub language: Language,
    pub version: i32,
    pub text: String,
    /// Past the size cap: `text` is empty and stands for nothing.
    pub too_large: bool,
}

/// Open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<String, Document>,
}

/// Why a notification about a document was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Neither rules nor a scenario: not pacta's to check.
    NotPacta,
    Unknown,
}

impl Documents {
    pub fn open(&mut self, item: TextDocumentItem) -> Result<&Document, Refused> {
        let path = super::uri::to_path(&item.uri);
        let language = Language::of(path.as_ref(), &item.language_id).ok_or(Refused::NotPacta)?;
        let mut doc =
            Document { uri: item.uri, path, language, version: item.version, text: String::new(), too_large: false };
        doc.set(item.text);
        let key = doc.uri.as_str().to_string();
        self.open.insert(key.clone(), doc);
        self.open.get(&key).ok_or(Refused::Unknown)
    }

    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Result<&Document, Refused> {
        let doc = self.open.get_mut(uri.as_str()).ok_or(Refused::Unknown)?;
        doc.version = version;
        for change in changes {
            doc.apply(change);
        }
        Ok(doc)
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri.as_str())
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri.as_str())
    }

    pub fn all(&self) -> impl Iterator<Item = &Document> {
        self.open.values()
    }

    /// The open rule files' texts, to stand for their files.
    pub fn overlay(&self) -> Overlay {
        let mut overlay = Overlay::default();
        for doc in self.all().filter(|d| d.language == Language::Rules && !d.too_large) {
            if let Some(path) = &doc.path {
                overlay.insert(path, doc.text.clone());
            }
        }
        overlay
    }
}

impl Document {
    fn set(&mut self, text: String) {
        self.too_large = text.len() > self.language.max_bytes();
        self.text = if self.too_large { String::new() } else { text };
    }

    fn apply(&mut self, change: TextDocumentContentChangeEvent) {
        let Some(range) = change.range else {
            self.set(change.text);
            return;
        };
        if self.too_large {
            return;
        }
        let index = LineIndex::new(&self.text);
        let (start, end) = (index.offset(range.start), index.offset(range.end));
        let (start, end) = (start.min(end), start.max(end));
        if self.text.len() - (end - start) + change.text.len() > self.language.max_bytes() {
            self.set(String::new());
            self.too_large = true;
            return;
        }
        self.text.replace_range(start..end, &change.text);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use lsp_types::{Position, Range};
    use std::str::FromStr;

    fn item(uri: &str, language: &str, text: &str) -> TextDocumentItem {
        TextDocumentItem::new(Uri::from_str(uri).unwrap(), language.into(), 1, text.into())
    }

    fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        let range = Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1));
        TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: text.into() }
    }

    #[test]
    fn applies_ranged_changes_in_utf16_positions() {
        let mut docs = Documents::default();
        let uri = Uri::from_str("file:///p/a.pacta").unwrap();
        docs.open(item(uri.as_str(), "pacta", "def é = 1\ndef b = 2\n")).unwrap();
        // `é` is one UTF-16 unit: (0, 8) is just before `1`.
        let doc = docs.change(&uri, 2, vec![edit((0, 8), (0, 9), "42"), edit((1, 0), (1, 3), "def")]).unwrap();
        assert_eq!(doc.text, "def é = 42\ndef b = 2\n");
        assert_eq!(doc.version, 2);
        let whole = TextDocumentContentChangeEvent { range: None, range_length: None, text: "x".into() };
        assert_eq!(docs.change(&uri, 3, vec![whole]).unwrap().text, "x");
        let other = Uri::from_str("file:///p/b.pacta").unwrap();
        assert_eq!(docs.change(&other, 1, Vec::new()).unwrap_err(), Refused::Unknown);
    }

    #[test]
    fn knows_rules_and_scenarios_and_refuses_the_rest() {
        let mut docs = Documents::default();
        assert_eq!(docs.open(item("file:///p/s.YAML", "plaintext", "")).unwrap().language, Language::Scenario);
        assert_eq!(docs.open(item("untitled:1", "pacta", "")).unwrap().language, Language::Rules);
        assert_eq!(docs.open(item("file:///p/notes.md", "markdown", "")).unwrap_err(), Refused::NotPacta);
    }

    #[test]
    fn a_document_past_its_cap_is_kept_without_its_text() {
        let mut docs = Documents::default();
        let uri = Uri::from_str("file:///p/a.pacta").unwrap();
        let big = "x".repeat(Language::Rules.max_bytes() + 1);
        assert!(docs.open(item(uri.as_str(), "pacta", &big)).unwrap().too_large);
        docs.open(item(uri.as_str(), "pacta", "small")).unwrap();
        let grow = edit((0, 0), (0, 0), &"y".repeat(Language::Rules.max_bytes()));
        let doc = docs.change(&uri, 2, vec![grow, edit((0, 0), (0, 0), "z")]).unwrap();
        assert!(doc.too_large && doc.text.is_empty());
    }
}
