// Static guards: no HTML-insertion APIs, no eval, no inline styles/scripts, Tauri only in api.js.
import test from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const UI = fileURLToPath(new URL("../../ui/", import.meta.url));

function files(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

const FORBIDDEN = [
  /\binnerHTML\b/,
  /\bouterHTML\b/,
  /\binsertAdjacentHTML\b/,
  /\bdocument\s*\.\s*write(ln)?\b/,
  /\beval\s*\(/,
  /\bnew\s+Function\b/,
  /setAttribute\(\s*["'`]style["'`]/,
  /\.cssText\b/,
  /\bcreateContextualFragment\b/,
  /\bDOMParser\b/,
];

test("no HTML-insertion or eval APIs in ui/**/*.js", () => {
  const js = files(UI, ".js");
  assert.ok(js.length >= 5, "found the UI modules");
  const hits = [];
  for (const file of js) {
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      for (const re of FORBIDDEN) if (re.test(line)) hits.push(`${relative(UI, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
});

test("window.__TAURI__ only in api.js", () => {
  const hits = files(UI, ".js").filter((f) => !f.endsWith("/api.js") && readFileSync(f, "utf8").includes("__TAURI__"));
  assert.deepEqual(hits.map((f) => relative(UI, f)), []);
});

test("index.html: module entry, no inline scripts, handlers, styles or remote resources", () => {
  const html = readFileSync(join(UI, "index.html"), "utf8");
  assert.match(html, /<script type="module" src="main.js"><\/script>/);
  const scripts = html.match(/<script\b[^>]*>/g) || [];
  assert.ok(scripts.every((s) => /\bsrc=/.test(s)), "every script has a src");
  assert.doesNotMatch(html, /\sstyle\s*=/i);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i);
  const css = readFileSync(join(UI, "styles.css"), "utf8");
  assert.doesNotMatch(css, /@import|url\(\s*["']?(https?:)?\/\//i);
});

test("index.html preloads every module except the entry, and nothing else", () => {
  const html = readFileSync(join(UI, "index.html"), "utf8");
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]).sort();
  const modules = files(UI, ".js")
    .map((f) => relative(UI, f))
    .filter((f) => f !== "main.js")
    .sort();
  assert.deepEqual(preloaded, modules);
});
