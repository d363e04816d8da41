// The pacta extension: the grammar and language configuration are
// declared in package.json; this file starts `pacta lsp` over stdio
// through vscode-languageclient and restarts it when `pacta.path`
// changes or on the command `pacta.restartServer`.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** The server: `<pacta.path> lsp`, speaking LSP on stdin and stdout. */
function serverOptions() {
  const configured = vscode.workspace.getConfiguration('pacta').get('path');
  const command = typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'pacta';
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  return { run, debug: run };
}

/** Rule files always; YAML scenarios unless `pacta.scenarios` is off. */
function clientOptions() {
  const documentSelector = [{ scheme: 'file', language: 'pacta' }];
  if (vscode.workspace.getConfiguration('pacta').get('scenarios') !== false) {
    documentSelector.push({ scheme: 'file', language: 'yaml' });
  }
  return {
    documentSelector,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.pacta,pacta.toml}') },
  };
}

async function start() {
  client = new LanguageClient('pacta', 'pacta', serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (error) {
    const path = serverOptions().run.command;
    vscode.window.showErrorMessage(
      `pacta: could not start \`${path} lsp\` (${error && error.message ? error.message : error}). ` +
        'Install pacta (`cargo install pacta`) or set `pacta.path` to the binary.'
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop().catch(() => undefined);
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('pacta.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('pacta.path') || e.affectsConfiguration('pacta.scenarios')) {
        restart();
      }
    })
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
