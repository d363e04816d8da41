//! The requests about a document: hover, definition, references,
//! completion, document symbols. Each reads its parameters, finds the open
//! document (a request about one not open is an error: its text is not
//! known) and answers from the analysis of its unit; a scenario document
//! has none of these and gets an empty answer.

use lsp_server::ErrorCode;
use lsp_types::{
    CompletionParams, CompletionResponse, DocumentFormattingParams, DocumentSymbolParams, DocumentSymbolResponse,
    GotoDefinitionParams, GotoDefinitionResponse, HoverParams, ReferenceParams, TextDocumentPositionParams, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::documents::{Document, Documents, Language};
use super::position::LineIndex;
use super::workspace::{Found, Workspace};

/// An error reply: its code and message.
pub type Refusal = (ErrorCode, String);

/// Answers a request, or says why not; `None` for a method the server
/// does not know.
pub fn answer(method: &str, params: Value, docs: &Documents, ws: &mut Workspace) -> Option<Result<Value, Refusal>> {
    Some(match method {
        "textDocument/hover" => run(params, |p: HoverParams| {
            at(docs, ws, &p.text_document_position_params, |f, offset| {
                super::hover::hover(&f.analysis, f.file?, offset)
            })
        }),
        "textDocument/definition" => run(params, |p: GotoDefinitionParams| {
            at(docs, ws, &p.text_document_position_params, |f, offset| {
                super::navigate::definition(&f.analysis, f.file?, offset).map(GotoDefinitionResponse::Scalar)
            })
        }),
        "textDocument/references" => run(params, |p: ReferenceParams| {
            let with_declaration = p.context.include_declaration;
            at(docs, ws, &p.text_document_position, |f, offset| {
                Some(super::navigate::references(&f.analysis, f.file?, offset, with_declaration))
            })
        }),
        "textDocument/completion" => run(params, |p: CompletionParams| {
            let position = &p.text_document_position;
            let doc = rules(docs, &position.text_document.uri)?;
            let items = match doc {
                Some(doc) => {
                    let offset = LineIndex::new(&doc.text).offset(position.position);
                    super::completion::complete(ws, doc, docs, offset)
                }
                None => Vec::new(),
            };
            Ok(CompletionResponse::Array(items))
        }),
        "textDocument/documentSymbol" => run(params, |p: DocumentSymbolParams| {
            let doc = rules(docs, &p.text_document.uri)?;
            Ok(DocumentSymbolResponse::Nested(doc.map(|d| super::symbols::outline(&d.text)).unwrap_or_default()))
        }),
        "textDocument/formatting" => run(params, |p: DocumentFormattingParams| {
            let doc = rules(docs, &p.text_document.uri)?;
            Ok(doc.map(|d| super::format::edits(&d.text)).unwrap_or_default())
        }),
        _ => return None,
    })
}

/// Reads the parameters, answers, and serializes the answer.
fn run<P: DeserializeOwned, R: serde::Serialize>(
    params: Value,
    work: impl FnOnce(P) -> Result<R, Refusal>,
) -> Result<Value, Refusal> {
    let params =
        serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, format!("bad parameters: {e}")))?;
    let answer = work(params)?;
    serde_json::to_value(answer).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// The open document at `uri` if it is a rule file that can be checked
/// (`None` for a scenario or a document too large); an error if it is
/// not open.
fn rules<'d>(docs: &'d Documents, uri: &Uri) -> Result<Option<&'d Document>, Refusal> {
    let doc = docs.get(uri).ok_or_else(|| {
        (ErrorCode::InvalidParams, format!("unknown document {}: it is not open (textDocument/didOpen)", uri.as_str()))
    })?;
    Ok((doc.language == Language::Rules && !doc.too_large).then_some(doc))
}

/// Answers about a position in a rule document, from its unit's analysis.
fn at<R>(
    docs: &Documents,
    ws: &mut Workspace,
    place: &TextDocumentPositionParams,
    work: impl FnOnce(&Found, u32) -> Option<R>,
) -> Result<Option<R>, Refusal> {
    let Some(doc) = rules(docs, &place.text_document.uri)? else { return Ok(None) };
    let offset = LineIndex::new(&doc.text).offset(place.position);
    let found = ws.rules(doc, docs);
    Ok(work(&found, u32::try_from(offset).unwrap_or(u32::MAX)))
}
