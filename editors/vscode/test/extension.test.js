// Loads extension.js against stand-ins for the `vscode` API and
// vscode-languageclient (neither runs outside VS Code) and checks what it
// starts: `<pacta.path> lsp` over stdio, for pacta files and scenarios,
// and again when the setting changes.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');

/** A fake VS Code with `settings`, recording clients and handlers. */
function fakes(settings) {
  const seen = { clients: [], commands: {}, onConfig: null, errors: [] };
  const vscode = {
    workspace: {
      getConfiguration: (section) => ({ get: (key) => settings[`${section}.${key}`] }),
      createFileSystemWatcher: (glob) => ({ glob }),
      onDidChangeConfiguration: (handler) => {
        seen.onConfig = handler;
        return { dispose() {} };
      },
    },
    commands: {
      registerCommand: (name, handler) => {
        seen.commands[name] = handler;
        return { dispose() {} };
      },
    },
    window: { showErrorMessage: (message) => seen.errors.push(message) },
  };
  class LanguageClient {
    constructor(id, name, server, client) {
      Object.assign(this, { id, name, server, client, started: false, stopped: false });
      seen.clients.push(this);
    }
    async start() {
      if (settings.fail) throw new Error('spawn pacta ENOENT');
      this.started = true;
    }
    async stop() {
      this.stopped = true;
    }
  }
  const languageclient = { LanguageClient, TransportKind: { stdio: 0 } };
  return { seen, modules: { vscode, 'vscode-languageclient/node': languageclient } };
}

/** extension.js loaded afresh with `modules` standing in for its imports. */
function load(modules) {
  const file = path.join(__dirname, '..', 'extension.js');
  delete require.cache[require.resolve(file)];
  const original = Module._load;
  Module._load = function (request, ...rest) {
    return request in modules ? modules[request] : original.call(this, request, ...rest);
  };
  try {
    return require(file);
  } finally {
    Module._load = original;
  }
}

test('starts `pacta.path lsp` over stdio for rule files and scenarios', async () => {
  const { seen, modules } = fakes({ 'pacta.path': '/opt/pacta/bin/pacta' });
  const extension = load(modules);
  await extension.activate({ subscriptions: [] });
  assert.equal(seen.clients.length, 1);
  const [client] = seen.clients;
  assert.deepEqual(client.server.run, { command: '/opt/pacta/bin/pacta', args: ['lsp'], transport: 0 });
  assert.deepEqual(client.client.documentSelector, [
    { scheme: 'file', language: 'pacta' },
    { scheme: 'file', language: 'yaml' },
  ]);
  assert.ok(client.started);
  assert.ok('pacta.restartServer' in seen.commands);
  await extension.deactivate();
  assert.ok(client.stopped);
});

test('defaults to `pacta` on PATH and leaves YAML alone when told', async () => {
  const { seen, modules } = fakes({ 'pacta.path': '  ', 'pacta.scenarios': false });
  const extension = load(modules);
  await extension.activate({ subscriptions: [] });
  assert.equal(seen.clients[0].server.run.command, 'pacta');
  assert.deepEqual(seen.clients[0].client.documentSelector, [{ scheme: 'file', language: 'pacta' }]);
});

test('restarts when pacta.path changes, and says so when the binary is missing', async () => {
  const settings = { 'pacta.path': 'pacta' };
  const { seen, modules } = fakes(settings);
  const extension = load(modules);
  await extension.activate({ subscriptions: [] });
  settings['pacta.path'] = 'pacta-nightly';
  settings.fail = true;
  seen.onConfig({ affectsConfiguration: (key) => key === 'pacta.path' });
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(seen.clients.length, 2);
  assert.ok(seen.clients[0].stopped);
  assert.equal(seen.clients[1].server.run.command, 'pacta-nightly');
  assert.equal(seen.errors.length, 1);
  assert.match(seen.errors[0], /could not start `pacta-nightly lsp`.*pacta\.path/);
});
