// Checks Flux texts with InfluxData's own compiler: libflux built to WebAssembly for the Flux language server (npm
// @influxdata/flux-lsp-browser). One long-lived process speaking JSON lines, so thousands of texts are cheap:
//   in:  {"id": 1, "text": "from(bucket: \"b\") |> ...", "ast": true}
//   out: {"id": 1, "syntax": true, "valid": true, "semantic": true, "errors": [], "ast": {...}}
// syntax: the parser reported no error anywhere in the AST; valid: is_valid_flux(text); semantic: new Flux(text).is_valid()
// (types and built-in function signatures). The AST comes without its "location" members (positions and source
// excerpts), so two texts can be compared node by node.
// Usage: node libflux-check.mjs <folder of @influxdata/flux-lsp-browser>. The process ends when stdin closes, so it
// never outlives the test host that started it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node libflux-check.mjs <folder of @influxdata/flux-lsp-browser>\n');
  process.exit(2);
}

// The package is built for bundlers (`import * as wasm from './..._bg.wasm'`). Under plain Node its glue module is
// loaded with that import replaced by a setter, the module instantiated by hand with the glue's exports as imports,
// and the glue's cached memory views set once the instance exists.
let glue = readFileSync(join(dir, 'flux-lsp-browser_bg.js'), 'utf8');
const importLine = "import * as wasm from './flux-lsp-browser_bg.wasm';";
const memoryViews = /cachedInt32Memory0 = new Int32Array\(wasm\.memory\.buffer\);\s*cachedUint8Memory0 = new Uint8Array\(wasm\.memory\.buffer\);\s*$/;
if (!glue.includes(importLine) || !memoryViews.test(glue)) {
  process.stderr.write('flux-lsp-browser_bg.js does not have the expected shape (a different package version?)\n');
  process.exit(3);
}
glue = glue.replace(importLine, 'let wasm;').replace(memoryViews,
  'export function __attach(w) { wasm = w; cachedInt32Memory0 = new Int32Array(w.memory.buffer); cachedUint8Memory0 = new Uint8Array(w.memory.buffer); }\n');
const flux = await import('data:text/javascript;base64,' + Buffer.from(glue).toString('base64'));
const module = await WebAssembly.compile(readFileSync(join(dir, 'flux-lsp-browser_bg.wasm')));
const imports = {};
for (const { module: from, name } of WebAssembly.Module.imports(module)) (imports[from] ??= {})[name] = flux[name];
const instance = await WebAssembly.instantiate(module, imports);
flux.__attach(instance.exports);
const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;

// Collects the parser's error messages (nodes carry "errors": [{"msg": ...}]) and drops "location" members.
function strip(node, errors) {
  if (Array.isArray(node)) return node.map(n => strip(n, errors));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'location') continue;
    if (key === 'errors' && Array.isArray(value)) for (const e of value) errors.push(e && e.msg !== undefined ? e.msg : String(e));
    out[key] = strip(value, errors);
  }
  return out;
}

function check(text, withAst) {
  const errors = [];
  const ast = strip(flux.parse(text), errors);
  const valid = flux.is_valid_flux(text);
  const compiled = new flux.Flux(text);
  let semantic;
  try { semantic = compiled.is_valid(); } finally { compiled.free(); }
  return { syntax: errors.length === 0, valid, semantic, errors, ast: withAst ? ast : null };
}

const out = process.stdout;
out.write(JSON.stringify({ ready: true, version }) + '\n');
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', line => {
  if (line.length === 0) return;
  let id = null;
  try {
    const request = JSON.parse(line);
    id = request.id;
    out.write(JSON.stringify({ id, ...check(String(request.text), request.ast === true) }) + '\n');
  } catch (e) {
    out.write(JSON.stringify({ id, failure: String(e && e.stack || e) }) + '\n');
  }
});
// Node ends by itself once stdin is closed and the last answer is written.
