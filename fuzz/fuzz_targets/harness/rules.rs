//! Arbitrary bytes as a rule file (UTF-8 only): parse, then, if it parses,
//! check it in memory (imports of the bundled `rules/schema/` files are
//! resolved against those files; other imports are dropped), and render
//! every error and warning as the CLI would. Must never panic.

use std::sync::OnceLock;

use pacta::ast::Item;
use pacta::report::Diagnostic;
use pacta::rules::RuleSet;
use pacta::span::Sources;

use crate::common;

/// `rules/schema/` parsed once, with its import edges.
fn library() -> &'static (Sources, RuleSet) {
    static LIB: OnceLock<(Sources, RuleSet)> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut sources = Sources::new();
        let dir = common::normalize(&common::rules_dir().join("schema"));
        let access = pacta::input::Access::within([dir.as_path()]);
        let set = pacta::rules::load(std::slice::from_ref(&dir), &mut sources, &access).expect("rules/schema/ loads");
        (sources, set)
    })
}

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (lib_sources, lib) = library();
    let mut sources = lib_sources.clone();
    let path = common::normalize(&common::rules_dir().join("fuzz.pacta"));
    let file = sources.add(path.clone(), text.to_owned());
    let module = match pacta::syntax::parse(file, text) {
        Ok(m) => m,
        Err(errors) => {
            let diags = errors.into_iter().map(|e| Diagnostic::from(&pacta::Error::Syntax(e))).collect();
            return common::render_errors(&sources, diags);
        }
    };
    // Imports that name a library file become edges into the library.
    let dir = path.parent().expect("has a parent");
    let imports: Vec<_> = module
        .items
        .iter()
        .filter_map(|i| if let Item::Import(imp) = i { Some(imp) } else { None })
        .filter_map(|imp| {
            let id = sources.find(&common::normalize(&dir.join(&imp.path.value)))?;
            Some((lib.modules.iter().position(|m| m.file == id)?, imp.span))
        })
        .collect();
    // The library's modules keep their indexes, so the edges stand as found.
    let mut set = if imports.is_empty() { RuleSet::default() } else { lib.clone() };
    set.modules.push(module);
    set.imports.push(imports);
    let diags = match pacta::check::check(&set, &sources) {
        Ok(checked) => checked.warnings,
        Err(errors) => errors,
    };
    let diags = diags.into_iter().map(|e| Diagnostic::from(&pacta::Error::Check(e))).collect();
    common::render_errors(&sources, diags);
}
