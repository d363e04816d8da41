// Tokenises sample.pacta with the TextMate grammar, as VS Code does
// (vscode-textmate on the oniguruma regex engine), and checks the scopes
// of each kind of token.
'use strict';

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.join(__dirname, '..', 'syntaxes', 'pacta.tmLanguage.json');
const SAMPLE = fs.readFileSync(path.join(__dirname, 'sample.pacta'), 'utf8').split('\n');

let lines;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.pacta' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  const grammar = await registry.loadGrammar('source.pacta');
  let stack = vsctm.INITIAL;
  lines = SAMPLE.map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes }));
  });
});

/** The token that is exactly `text`, the `nth` such on the first line of the sample containing `where`. */
function token(where, text, nth = 0) {
  const i = SAMPLE.findIndex((l) => l.includes(where));
  assert.notEqual(i, -1, `no line of the sample contains ${JSON.stringify(where)}`);
  const found = lines[i].filter((t) => t.text === text);
  assert.ok(found.length > nth, `no token ${JSON.stringify(text)} on line ${i + 1}: ${JSON.stringify(lines[i].map((t) => t.text))}`);
  return found[nth];
}

/** Asserts that the token `text` (on the line containing `where`) has `scope` among its scopes. */
function scoped(where, text, scope, nth = 0) {
  const t = token(where, text, nth);
  assert.ok(t.scopes.includes(scope), `${JSON.stringify(text)} in ${JSON.stringify(where)}: ${t.scopes.join(' ')} lacks ${scope}`);
}

/** Asserts that no scope of the token `text` starts with `prefix`. */
function notScoped(where, text, prefix, nth = 0) {
  const t = token(where, text, nth);
  assert.ok(!t.scopes.some((s) => s.startsWith(prefix)), `${JSON.stringify(text)}: ${t.scopes.join(' ')} has ${prefix}`);
}

test('every line is in the pacta scope', () => {
  for (const line of lines) for (const t of line) assert.equal(t.scopes[0], 'source.pacta');
});

test('comments', () => {
  scoped('// A sample', '//', 'punctuation.definition.comment.pacta');
  scoped('// A sample', ' A sample of every kind of token, read by grammar.test.js.', 'comment.line.double-slash.pacta');
});

test('item keywords and the names they declare', () => {
  scoped('import "schema', 'import', 'keyword.control.import.pacta');
  for (const kw of ['enum', 'record', 'entity', 'treaty', 'def', 'article', 'clause']) {
    const line = SAMPLE.find((l) => l.trimStart().startsWith(`${kw} `));
    scoped(line, kw, 'keyword.declaration.item.pacta');
  }
  scoped('parties [', 'parties', 'keyword.declaration.item.pacta');
  scoped('param baseline', 'param', 'keyword.declaration.item.pacta');
  scoped('enum Region', 'Region', 'entity.name.type.pacta');
  scoped('entity Deployment', 'Deployment', 'entity.name.type.pacta');
  scoped('treaty t', 't', 'entity.name.namespace.treaty.pacta');
  scoped('def force', 'force', 'entity.name.function.pacta');
  scoped('param baseline', 'baseline', 'variable.other.constant.parameter.pacta');
});

test('clause ids and article numbers', () => {
  scoped('article 4 ', '4', 'entity.name.section.article.pacta');
  scoped('article 7a', '7a', 'entity.name.section.article.pacta');
  scoped('clause 4.1', '4.1', 'entity.name.section.clause.pacta');
  scoped('clause 7.2-b', '7.2-b', 'entity.name.section.clause.pacta');
  notScoped('clause 4.1', '4.1', 'constant.numeric');
});

test('clause statements and expression keywords', () => {
  scoped('forbid d:', 'forbid', 'keyword.control.rule.pacta');
  scoped('review d:', 'review', 'keyword.control.rule.pacta');
  scoped('text "The parties', 'text', 'keyword.other.clause.pacta');
  scoped('unless "consent"', 'unless', 'keyword.other.clause.pacta');
  scoped('due as_of', 'due', 'keyword.other.clause.pacta');
  scoped('severity violation', 'severity', 'keyword.other.clause.pacta');
  scoped('severity violation', 'violation', 'constant.language.severity.pacta');
  scoped('forbid d:', 'where', 'keyword.control.where.pacta');
  scoped('sum d.personnel', 'sum', 'keyword.control.quantifier.pacta');
  scoped('sum d.personnel', 'for', 'keyword.control.quantifier.pacta');
  scoped('unless "consent"', 'exists', 'keyword.control.quantifier.pacta');
  scoped('review d:', 'if', 'keyword.control.conditional.pacta');
  scoped('review d:', 'then', 'keyword.control.conditional.pacta');
  scoped('review d:', 'has', 'keyword.operator.word.pacta');
  scoped('unless "consent"', 'in', 'keyword.operator.word.pacta');
  scoped('forbid d:', 'or', 'keyword.operator.logical.pacta');
  scoped('forbid d:', 'not', 'keyword.operator.logical.pacta');
  scoped('review d:', 'true', 'constant.language.boolean.pacta');
  scoped('review d:', 'none', 'constant.language.none.pacta');
  scoped('due as_of', 'as_of', 'variable.language.as-of.pacta');
});

test('strings and escapes', () => {
  scoped('treaty t', 'Sample treaty', 'string.quoted.double.pacta');
  scoped('text "The parties', '\\"', 'constant.character.escape.pacta');
  scoped('import "schema', '"', 'punctuation.definition.string.begin.pacta');
});

test('message templates and their holes', () => {
  const line = 'message "{d.owner.name}';
  scoped(line, 'message', 'keyword.other.clause.pacta');
  scoped(line, ' stations ', 'string.quoted.double.template.pacta');
  scoped(line, '{', 'punctuation.section.embedded.begin.pacta');
  scoped(line, '}', 'punctuation.section.embedded.end.pacta');
  scoped(line, 'owner', 'meta.embedded.expression.pacta');
  scoped(line, 'owner', 'variable.other.property.pacta');
  notScoped(line, 'owner', 'string');
  scoped(line, '{{', 'constant.character.escape.brace.pacta');
  scoped(line, '}}', 'constant.character.escape.brace.pacta');
  scoped(line, '\\"', 'constant.character.escape.pacta');
  scoped(line, 'text', 'entity.name.function.call.pacta');
  // The template ends where its quote does: the next line is code again.
  scoped('message "check', 'message', 'keyword.other.clause.pacta');
  scoped('message "check', 'id', 'meta.embedded.expression.pacta');
});

test('dates, durations, distances and numbers', () => {
  scoped('param baseline', '1997-05-27', 'constant.numeric.date.pacta');
  scoped('param notice', '30', 'constant.numeric.integer.pacta');
  scoped('param notice', 'days', 'keyword.other.unit.duration.pacta');
  scoped('param notice', '30', 'meta.quantity.duration.pacta');
  scoped('due as_of', 'months', 'keyword.other.unit.duration.pacta');
  scoped('param reach', '1000', 'constant.numeric.pacta');
  scoped('param reach', 'km', 'keyword.other.unit.distance.pacta');
  scoped('param sea', 'nmi', 'keyword.other.unit.distance.pacta');
  scoped('personnel: int = 5_000', '5_000', 'constant.numeric.integer.pacta');
  scoped('forbid d:', '1.5', 'constant.numeric.decimal.pacta');
  scoped('forbid d:', '500.0', 'constant.numeric.decimal.pacta');
});

test('types, Type::id paths, bindings and fields', () => {
  scoped('record Membership', 'text', 'support.type.primitive.pacta');
  scoped('record Membership', 'date', 'support.type.primitive.pacta');
  scoped('record Membership', '?', 'keyword.operator.optional.pacta');
  scoped('regions: list<Region>', 'list', 'support.type.primitive.pacta');
  scoped('regions: list<Region>', '<', 'punctuation.definition.type.begin.pacta');
  scoped('regions: list<Region>', 'Region', 'entity.name.type.pacta');
  scoped('regions: list<Region>', '>', 'punctuation.definition.type.end.pacta');
  scoped('regions: list<Region>', 'regions', 'variable.other.declaration.pacta');
  scoped('parties [', 'State', 'entity.name.type.pacta');
  scoped('parties [', '::', 'punctuation.separator.path.pacta');
  scoped('parties [', 'USA', 'variable.other.constant.member.pacta');
  scoped('parties [', 'RUS', 'string.quoted.double.pacta');
  scoped('unless "consent"', 'eastern_europe', 'variable.other.constant.member.pacta');
  scoped('forbid d:', 'd', 'variable.other.declaration.pacta');
  scoped('forbid d:', 'Deployment', 'entity.name.type.pacta');
  scoped('forbid d:', 'personnel', 'variable.other.property.pacta');
  scoped('forbid d:', 'force', 'entity.name.function.call.pacta');
});

test('operators', () => {
  scoped('sum d.personnel', '==', 'keyword.operator.comparison.pacta');
  scoped('sum d.personnel', '<=', 'keyword.operator.comparison.pacta');
  scoped('forbid d:', '>', 'keyword.operator.comparison.pacta');
  scoped('forbid d:', '>=', 'keyword.operator.comparison.pacta');
  scoped('unless "consent"', '!=', 'keyword.operator.comparison.pacta');
  scoped('forbid d:', '??', 'keyword.operator.coalesce.pacta');
  scoped('forbid d:', '*', 'keyword.operator.arithmetic.pacta');
  scoped('due as_of', '+', 'keyword.operator.arithmetic.pacta');
  scoped('param baseline', '=', 'keyword.operator.assignment.pacta');
});
