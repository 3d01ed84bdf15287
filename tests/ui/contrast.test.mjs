// WCAG AA contrast of the colours in ui/styles.css, light and dark themes, computed from the
// CSS custom properties (the :root block, then the prefers-color-scheme: dark block over it).
//
// Relative luminance per WCAG 2.x: each sRGB channel c = value / 255 is linearised as
// c / 12.92 when c <= 0.04045, else ((c + 0.055) / 1.055) ^ 2.4; L = 0.2126 R + 0.7152 G +
// 0.0722 B; contrast = (L_lighter + 0.05) / (L_darker + 0.05).
//
// Pairs checked (foreground on background), in both themes:
//   4.5:1, body text:   --text on --bg, --surface, --surface-2, --row-hover, --why-bg
//   4.5:1, muted text:  --text-2 and --text-3 on --bg, --surface, --surface-2, --row-hover, --why-bg
//   4.5:1, links:       --accent on --bg, --surface, --surface-2
//   4.5:1, primary button: --surface (its text) on --accent
//   4.5:1, notices:     --warn-text on --warn-bg, --error-text on --error-bg
//   4.5:1, status pills: --st-green/-blue/-amber/-grey on their --st-*-bg
//   4.5:1, navy top bar: --topbar-text (the brand, the Rename/Delete buttons, .btn-top) and
//                        --topbar-text-2 (tag line, dataset, "Portfolio" label) on --topbar;
//                        its portfolio <select>: --text on --surface (covered above)
//   3:1,   focus rings: --accent (the :focus-visible outline) on --bg, --surface, --surface-2;
//                        --topbar-focus (.topbar :focus-visible) on --topbar
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const css = readFileSync(new URL("../../ui/styles.css", import.meta.url), "utf8");

/** The custom properties with a hex colour in `text`: { name: "#rrggbb" }. */
function hexProperties(text) {
  const out = {};
  for (const m of text.matchAll(/--([a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6})\s*;/g)) out[m[1]] = m[2];
  return out;
}

/** The text of the first `{ … }` block opening at or after `from` (braces balanced). */
function blockAt(text, from) {
  const open = text.indexOf("{", from);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error("unbalanced braces");
}

function themes() {
  const rootAt = css.search(/^:root\s*\{/m);
  const light = hexProperties(blockAt(css, rootAt));
  const media = css.indexOf("@media (prefers-color-scheme: dark)");
  const inner = blockAt(css, media);
  const darkRoot = blockAt(inner, inner.search(/:root\s*\{/));
  return { light, dark: { ...light, ...hexProperties(darkRoot) } };
}

function channel(v) {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex) {
  let h = hex.replace("#", "");
  if (h.length === 3) h = [...h].map((x) => x + x).join("");
  const [r, g, b] = [0, 2, 4].map((i) => channel(parseInt(h.slice(i, i + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("the WCAG formula on known values", () => {
  assert.equal(luminance("#ffffff"), 1);
  assert.equal(luminance("#000"), 0);
  assert.equal(contrast("#000000", "#ffffff"), 21);
  // #777777: 119/255 = 0.466667 -> ((0.466667 + 0.055) / 1.055)^2.4 = 0.184475; (1.05)/(0.234475) = 4.478
  assert.ok(Math.abs(luminance("#777777") - 0.184475) < 1e-6);
  assert.ok(Math.abs(contrast("#777777", "#ffffff") - 4.478) < 1e-3);
  // Pure red: 0.2126 -> (1.05)/(0.2626) = 3.998
  assert.ok(Math.abs(contrast("#ff0000", "#ffffff") - 3.998) < 1e-3);
});

const TEXT_BGS = ["bg", "surface", "surface-2", "row-hover", "why-bg"];
const PAIRS = [
  ...["text", "text-2", "text-3"].flatMap((fg) => TEXT_BGS.map((bg) => [fg, bg, 4.5])),
  ...["bg", "surface", "surface-2"].map((bg) => ["accent", bg, 4.5]),
  ["surface", "accent", 4.5],
  ["warn-text", "warn-bg", 4.5],
  ["error-text", "error-bg", 4.5],
  ...["green", "blue", "amber", "grey"].map((c) => [`st-${c}`, `st-${c}-bg`, 4.5]),
  ["topbar-text", "topbar", 4.5],
  ["topbar-text-2", "topbar", 4.5],
  ...["bg", "surface", "surface-2"].map((bg) => ["accent", bg, 3]),
  ["topbar-focus", "topbar", 3],
];

test("the stylesheet has both themes and every colour the pairs name", () => {
  const t = themes();
  for (const [name, vars] of Object.entries(t)) {
    for (const [fg, bg] of PAIRS) {
      assert.ok(vars[fg], `${name}: --${fg} is not a hex colour in styles.css`);
      assert.ok(vars[bg], `${name}: --${bg} is not a hex colour in styles.css`);
    }
  }
  assert.notEqual(t.light.bg, t.dark.bg, "the dark theme was not read");
  // The rules the pairs stand for are there: the focus ring colours and the top bar's.
  assert.match(css, /:focus-visible\s*\{\s*outline:\s*2px solid var\(--accent\)/);
  assert.match(css, /\.topbar :focus-visible\s*\{\s*outline-color:\s*var\(--topbar-focus\)/);
  assert.match(css, /\.topbar\s*\{[^}]*background:\s*var\(--topbar\);[^}]*color:\s*var\(--topbar-text\);/);
  assert.match(css, /\.btn-top\s*\{[^}]*color:\s*var\(--topbar-text\);/);
});

for (const theme of ["light", "dark"]) {
  test(`WCAG AA contrast, ${theme} theme`, () => {
    const vars = themes()[theme];
    const failures = PAIRS.map(([fg, bg, min]) => ({ fg, bg, min, ratio: contrast(vars[fg], vars[bg]) }))
      .filter((p) => p.ratio < p.min)
      .map((p) => `--${p.fg} ${vars[p.fg]} on --${p.bg} ${vars[p.bg]}: ${p.ratio.toFixed(2)}:1 < ${p.min}:1`);
    assert.deepEqual(failures, []);
  });
}
