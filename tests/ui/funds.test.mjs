// Funds in the UI: links through funds, the snapshot line, "which holding is it?", share counts.
// Every expected value worked out by hand.
import test from "node:test";
import assert from "node:assert/strict";
import {
  linkKey,
  findLink,
  linkName,
  linksOfHolding,
  linksOfConstituent,
  fundSnapshotText,
  fundSourceText,
  fundIsApproximate,
  fundLikeHoldings,
  needsFundSymbol,
  normaliseTicker,
  shortList,
  barGeometry,
  groupHoldings,
} from "../../ui/logic.js";
import { formatShares } from "../../ui/format.js";

// NVDA held directly and through VTI, MSFT only through VTI, GOOGL+GOOG through IVV.
const LINKS = [
  { deal_id: "D18", symbol: "NVDA", via: null, company_id: "nvidia" },
  { deal_id: "D18", symbol: "NVDA", via: "VTI", via_as_of: "2026-08-31", company_id: "nvidia" },
  { deal_id: "S04", symbol: "MSFT", via: "VTI", company_id: "microsoft" },
  { deal_id: "D52", symbol: "GOOGL+GOOG", via: "IVV", company_id: "alphabet" },
];

test("linkKey / findLink tell a link through a fund from the same deal held directly", () => {
  assert.equal(linkKey(LINKS[0]), "D18|NVDA|");
  assert.equal(linkKey(LINKS[1]), "D18|NVDA|VTI");
  assert.equal(findLink(LINKS, "D18|NVDA|VTI"), LINKS[1]);
  assert.equal(findLink(LINKS, "D18|NVDA|"), LINKS[0]);
  // A key of before funds (deal|symbol) means the shares held directly.
  assert.equal(findLink(LINKS, "D18|NVDA"), LINKS[0]);
  assert.equal(findLink(LINKS, "D18|NVDA|QQQ"), null);
  assert.equal(findLink(LINKS, "D52|GOOGL+GOOG|IVV"), LINKS[3]);
});

test("linkName: 'NVDA via VTI' through a fund, the symbol alone held directly", () => {
  assert.equal(linkName(LINKS[0]), "NVDA");
  assert.equal(linkName(LINKS[1]), "NVDA via VTI");
  assert.equal(linkName(LINKS[3]), "GOOGL+GOOG via IVV");
});

test("linksOfHolding: a fund row has the links through it; a company row only its own shares'", () => {
  const vti = { symbol: "VTI", fund: { symbol: "VTI" } };
  assert.deepEqual(linksOfHolding(LINKS, vti), [LINKS[1], LINKS[2]]);
  const nvda = { symbol: "NVDA", company_id: "nvidia" };
  assert.deepEqual(linksOfHolding(LINKS, nvda), [LINKS[0]]);
  assert.deepEqual(linksOfHolding(LINKS, { symbol: "KO", company_id: null }), []);
  assert.deepEqual(linksOfHolding(undefined, nvda), []);
});

test("linksOfConstituent: the fund's links of that company", () => {
  assert.deepEqual(linksOfConstituent(LINKS, "VTI", { company_id: "nvidia" }), [LINKS[1]]);
  assert.deepEqual(linksOfConstituent(LINKS, "IVV", { company_id: "nvidia" }), []);
  assert.deepEqual(linksOfConstituent(LINKS, "IVV", { company_id: "alphabet" }), [LINKS[3]]);
});

test("fundSnapshotText: day, source, method (≈ when approximate), coverage; a proxy says whose holdings", () => {
  const vti = { symbol: "VTI", as_of: "2026-08-31", source: "bundled", method: "weight", proxy_of: null, coverage: "0.2750" };
  assert.equal(fundSnapshotText(vti), "Holdings as of 2026-08-31 · bundled snapshot · method weight (≈) · covers 27.5% of the fund");
  const ivv = { symbol: "IVV", as_of: "2026-10-30", source: "IVV_holdings_2026-10-30.csv", method: "shares", coverage: "0.1609" };
  assert.equal(fundSnapshotText(ivv), "Holdings as of 2026-10-30 · from IVV_holdings_2026-10-30.csv · method shares · covers 16.1% of the fund");
  const fxaix = { symbol: "FXAIX", as_of: "2026-09-04", source: "bundled", method: "proxy", proxy_of: "IVV", coverage: "0.3140" };
  assert.equal(fundSnapshotText(fxaix), "Holdings as of 2026-09-04 · bundled snapshot · seen through IVV's holdings (FXAIX publishes none we have) · method proxy (≈) · covers 31.4% of the fund");
  assert.match(fundSnapshotText({ ...vti, coverage: null }), /coverage unknown$/);
  assert.equal(fundSnapshotText(null), "");
});

test("fundSourceText and fundIsApproximate", () => {
  assert.equal(fundSourceText("bundled"), "bundled snapshot");
  assert.equal(fundSourceText(null), "bundled snapshot");
  assert.equal(fundSourceText("VTI.csv"), "from VTI.csv");
  assert.equal(fundIsApproximate({ method: "shares" }), false);
  assert.equal(fundIsApproximate({ method: "weight" }), true);
  assert.equal(fundIsApproximate({ method: "proxy" }), true);
  assert.equal(fundIsApproximate(null), false);
});

test("fundLikeHoldings: fund rows, then symbols not in the dataset; each symbol once", () => {
  const rows = [
    { symbol: "MSFT", resolved: true },
    { symbol: "ZZZX", resolved: false, name: "Some fund" },
    { symbol: "VTI", resolved: true, name: "Vanguard Total", fund: { symbol: "VTI" } },
    { symbol: "VTI", account: "IRA", resolved: true, fund: { symbol: "VTI" } },
    { symbol: "KO", resolved: false },
  ];
  assert.deepEqual(fundLikeHoldings(rows), [
    { symbol: "VTI", name: "Vanguard Total", fund: true },
    { symbol: "ZZZX", name: "Some fund", fund: false },
    { symbol: "KO", name: "", fund: false },
  ]);
  assert.deepEqual(fundLikeHoldings(undefined), []);
});

test("needsFundSymbol: only the core's fund_not_named refusal, and only without a symbol", () => {
  const msg = "holdings.csv does not say which fund it holds: say which holding it is (SYMBOL=FILE, or choose the holding in the app)";
  assert.equal(needsFundSymbol({ kind: "fund_not_named", message: msg }, false), true);
  assert.equal(needsFundSymbol({ kind: "fund_not_named", message: msg }, true), false);
  assert.equal(needsFundSymbol({ kind: "usage", message: "holdings.csv holds IVV's holdings, not VOO's: it was not used" }, false), false);
  assert.equal(needsFundSymbol({ kind: "usage", message: msg }, false), false, "the kind decides, not the words");
  assert.equal(needsFundSymbol({ kind: "import", message: msg }, false), false);
  assert.equal(needsFundSymbol(null, false), false);
});

test("normaliseTicker", () => {
  assert.equal(normaliseTicker(" ivv "), "IVV");
  assert.equal(normaliseTicker("BRK.B"), "BRK.B");
  assert.equal(normaliseTicker(""), null);
  assert.equal(normaliseTicker("two words"), null);
  assert.equal(normaliseTicker("<img>"), null);
});

test("shortList: the first names and how many more", () => {
  assert.deepEqual(shortList(["OpenAI", "Anthropic", "xAI", "Groq", "HUMAIN"], 3), { shown: "OpenAI, Anthropic, xAI", more: 2, all: "OpenAI, Anthropic, xAI, Groq, HUMAIN" });
  assert.deepEqual(shortList(["OpenAI"], 3), { shown: "OpenAI", more: 0, all: "OpenAI" });
  assert.deepEqual(shortList(undefined), { shown: "", more: 0, all: "" });
});

test("formatShares: 4 decimals half-up, zeros trimmed; tiny counts keep 2 significant digits", () => {
  // 200 × 314,352,325 ÷ 1,124,800,000 = 55.8947946301564722617354196…
  assert.equal(formatShares("55.89479463015647226173541963"), "55.8948");
  assert.equal(formatShares("60"), "60");
  assert.equal(formatShares("17.00"), "17");
  assert.equal(formatShares("1234.56785"), "1,234.5679");
  assert.equal(formatShares("0.0246113054686061498803167004"), "0.0246");
  assert.equal(formatShares("0.0000123456"), "0.000012");
  assert.equal(formatShares("0"), "0");
  assert.equal(formatShares(null), "unknown");
});

test("the fund bars: one bar per fund scaled to the largest weighted look-through", () => {
  // As ui/charts.js fundChart lays them out: the weighted figure as the only bar.
  const g = barGeometry(
    [
      { label: "FXAIX", raw: "378.30", weighted: null },
      { label: "QQQ", raw: "121.11", weighted: null },
      { label: "X", raw: null, weighted: null },
    ],
    { width: 900, labelWidth: 150, valueWidth: 130, rowHeight: 34, barHeight: 16, top: 6 },
  );
  assert.equal(g.track, 620);
  assert.equal(g.bars[0].rawWidth, 620);
  // 121.11 / 378.30 = 0.320142… → × 620 = 198.488… → 198.5
  assert.equal(g.bars[1].rawWidth, 198.5);
  assert.equal(g.bars[2].rawWidth, 0);
  assert.equal(g.height, 6 * 2 + 3 * 34);
});

test("api: funds, import_fund_file (symbol or null), remove_fund_file", async () => {
  const api = await import("../../ui/api.js");
  const calls = [];
  let fail = null;
  globalThis.window = {
    __TAURI__: {
      core: {
        invoke: async (command, args) => {
          calls.push([command, args]);
          if (fail) throw fail;
          return command === "import_fund_file" ? null : { snapshots: [], files: [], notes: [] };
        },
      },
    },
  };
  try {
    assert.deepEqual(await api.funds(), { snapshots: [], files: [], notes: [] });
    assert.equal(await api.importFundFile(null), null);
    await api.importFundFile("IVV");
    await api.importFundFile("");
    await api.removeFundFile(3);
    await api.importFundAgain("FXAIX");
    assert.deepEqual(calls, [
      ["funds", undefined],
      ["import_fund_file", { symbol: null }],
      ["import_fund_file", { symbol: "IVV" }],
      ["import_fund_file", { symbol: null }],
      ["remove_fund_file", { id: 3 }],
      ["import_fund_again", { symbol: "FXAIX" }],
    ]);
    fail = { kind: "usage", message: "x.csv does not say which fund it holds" };
    await assert.rejects(api.importFundFile(null), { kind: "usage", message: "x.csv does not say which fund it holds", problems: [] });
  } finally {
    delete globalThis.window;
  }
});

test("groupHoldings: tickers held directly, then the companies per fund", () => {
  assert.deepEqual(groupHoldings(["MSFT", "NVDA", "NVDA via VTI", "GOOGL+GOOG via VTI", "MSFT via IVV"]), {
    direct: ["MSFT", "NVDA"],
    via: [
      { fund: "VTI", symbols: ["NVDA", "GOOGL+GOOG"] },
      { fund: "IVV", symbols: ["MSFT"] },
    ],
  });
  assert.deepEqual(groupHoldings(undefined), { direct: [], via: [] });
});
