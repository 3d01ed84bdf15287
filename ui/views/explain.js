// Explain: the why trace of the selected figure, with its formula and actual numbers.

import { el } from "../dom.js";
import { formatMoney, formatMoneyIn, formatPercent, formatWeight, UNKNOWN } from "../format.js";
import { findLink, linkKey, linkName, linksOfHolding, fundSnapshotText } from "../logic.js";
import { USD, money, whyPanel, linkCard, noAnalysis, asOfNotice, companyNames, linkLabel, materialityText, excludedText, APPROX_NOTE } from "./common.js";

const FORMULAS = {
  portfolio: "Look-through = Σ over links in totals of (your shares ÷ shares outstanding × amount attributed to the company). Weighted = Σ look-through × status weight × counterparty haircut.",
  counterparty: "Look-through with one counterparty = Σ over its links in totals of (your shares ÷ shares outstanding × attributed amount); weighted applies each link's status weight × haircut.",
  holding: "Look-through of a holding = Σ over its deals in totals of (quantity ÷ shares outstanding × attributed amount); weighted applies each deal's status weight × haircut.",
  deal: "Look-through of a deal = Σ over your holdings that are parties of (quantity ÷ shares outstanding × attributed amount); weighted = look-through × status weight × haircut.",
  link: "Look-through = quantity ÷ shares outstanding × attributed amount (rounded to cents); weighted = look-through × status weight × haircut.",
};

function resolve(ex, sel) {
  const links = ex.links || [];
  const p = ex.portfolio;
  const names = companyNames(ex);
  const cur = p?.currency || USD; // values are in the base currency; look-through in USD
  switch (sel.kind) {
    case "counterparty": {
      const r = (ex.by_counterparty || []).find((x) => x.counterparty === sel.key);
      if (!r) return null;
      return { title: `Counterparty: ${r.counterparty_name ?? r.counterparty}`, raw: r.look_through_usd, weighted: r.weighted_look_through_usd, label: r.look_through_label, approximate: r.approximate, extra: [["Linked value", formatMoneyIn(r.linked_value, cur)], ["Share of portfolio", formatPercent(r.linked_share)]], why: r.why, links: links.filter((l) => l.counterparty === sel.key), heading: (l) => `${linkName(l)} · ${l.deal_id} ${l.deal_title ?? ""}` };
    }
    case "holding": {
      const [symbol, account] = String(sel.key).split("|");
      const r = (ex.by_holding || []).find((x) => x.symbol === symbol && (x.account ?? "") === account) || (ex.by_holding || []).find((x) => x.symbol === symbol);
      if (!r) return null;
      const extra = [["Quantity", r.quantity], ["Value", formatMoneyIn(r.market_value, cur, { missing: r.unvalued_reason ? `not valued: ${r.unvalued_reason}` : UNKNOWN })]];
      if (r.fund) extra.push(["Fund holdings", fundSnapshotText(r.fund)]);
      else extra.push(["Ownership fraction", r.ownership_fraction ?? "unknown"]);
      return { title: `Holding: ${r.symbol} · ${r.name ?? r.company_name ?? ""}`, raw: r.look_through_usd, weighted: r.weighted_look_through_usd, label: r.look_through_label, approximate: r.approximate, extra, why: r.why, links: linksOfHolding(links, r), heading: (l) => (l.via ? `${linkName(l)} · ${l.deal_id} · ${l.deal_title ?? ""}` : `${l.deal_id} · ${l.deal_title ?? ""}`) };
    }
    case "deal": {
      const r = (ex.by_deal || []).find((x) => x.deal_id === sel.key);
      if (!r) return null;
      return { title: `Deal ${r.deal_id}: ${r.title ?? ""}`, raw: r.look_through_usd, weighted: r.weighted_look_through_usd, label: r.look_through_label, approximate: r.approximate, extra: [["Amount", formatMoney(r.amount_usd, { currency: USD, missing: "undisclosed" })], ["Status weight", formatWeight(r.weight)], ...(r.in_totals ? [] : [["Not in totals", excludedText(r.excluded_reason, r.amount_basis)]])], why: r.why, links: links.filter((l) => l.deal_id === sel.key), heading: (l) => linkName(l) };
    }
    case "link": {
      const l = findLink(links, sel.key);
      if (!l) return null;
      const material = materialityText(l, names.get(l.company_id));
      const extra = [["Status weight", formatWeight(l.weight)], ["Materiality", material ?? UNKNOWN]];
      if (!l.in_totals) extra.push(["Not in totals", excludedText(l.excluded_reason, l.amount_basis)]);
      if (l.via) extra.push(["Held through", `${l.via}: ${l.quantity ?? "unknown"} ${l.symbol} shares (holdings as of ${l.via_as_of ?? "?"})`]);
      return { title: `Link: ${linkName(l)} in ${l.deal_id}`, raw: l.look_through_usd, weighted: l.weighted_look_through_usd, label: linkLabel(l), approximate: l.approximate, extra, why: [], links: [l], heading: (x) => `${linkName(x)} · ${x.deal_id}`, names };
    }
    default:
      return { title: "Portfolio totals", raw: p.look_through_usd, weighted: p.weighted_look_through_usd, label: p.look_through_label, approximate: p.approximate, extra: [["Portfolio value", `${formatMoneyIn(p.total_value, cur)} (cash not included)`], ["Linked value", formatMoneyIn(p.linked_value, cur)], ["Share linked", formatPercent(p.linked_share)]], why: p.why, links: [], heading: () => "" };
  }
}

function picker(ex, sel, actions) {
  const id = "explain-pick";
  const s = el("select", { testid: "explain-pick", attrs: { id } });
  const add = (group, items) => {
    const g = el("optgroup", { attrs: { label: group } });
    for (const [value, text] of items) g.append(el("option", { text, attrs: { value } }));
    s.append(g);
  };
  add("Portfolio", [["portfolio:", "Portfolio totals"]]);
  add("Counterparties", (ex.by_counterparty || []).map((r) => [`counterparty:${r.counterparty}`, r.counterparty_name ?? r.counterparty]));
  add("Holdings", (ex.by_holding || []).map((r) => [`holding:${r.symbol}|${r.account ?? ""}`, `${r.symbol}${r.account ? " · " + r.account : ""}`]));
  add("Deals", (ex.by_deal || []).map((r) => [`deal:${r.deal_id}`, `${r.deal_id} ${r.title ?? ""}`]));
  if (sel.kind === "link") {
    const [deal, symbol, via] = String(sel.key).split("|");
    add("Link", [[`link:${sel.key}`, `${via ? `${symbol} via ${via}` : symbol} in ${deal}`]]);
  }
  s.value = `${sel.kind}:${sel.kind === "portfolio" ? "" : sel.key ?? ""}`;
  s.addEventListener("change", () => {
    const i = s.value.indexOf(":");
    actions.explain(s.value.slice(0, i), s.value.slice(i + 1) || null);
    document.getElementById(id)?.focus();
  });
  return el("div", { className: "field" }, el("label", { text: "Explain", attrs: { for: id } }), s);
}

export function render(container, state, actions) {
  const a = state.analysis;
  if (!a) return noAnalysis(container);
  const ex = a.exposure;
  const sel = state.explain || { kind: "portfolio" };
  const r = resolve(ex, sel) || resolve(ex, { kind: "portfolio" });
  const figures = el(
    "dl",
    { className: "source-list explain-figures", testid: "explain-figures" },
    el("div", {}, el("dt", { text: "Look-through" }), el("dd", { text: money(r.raw, r.label, r.approximate) })),
    el("div", {}, el("dt", { text: "Weighted" }), el("dd", { text: money(r.weighted, r.label, r.approximate) })),
    ...r.extra.map(([k, v]) => el("div", {}, el("dt", { text: k }), el("dd", { text: v }))),
  );
  const names = companyNames(ex);
  const body = sel.kind === "link" ? el("ul", { className: "why-list" }, ...r.links.map((l) => linkCard(l, r.heading(l), true, names.get(l.company_id)))) : whyPanel(r.why, r.links, r.heading, sel.kind === "portfolio" ? null : undefined, names, sel.kind === "link" ? null : (l) => actions.explain("link", linkKey(l)));
  container.replaceChildren(
    ...[asOfNotice(state, actions)].filter(Boolean),
    el(
      "section",
      { className: "panel explain", testid: "explain" },
      el("div", { className: "panel-head" }, el("h2", { text: r.title, testid: "explain-title" })),
      picker(ex, sel, actions),
      el("p", { className: "formula", testid: "explain-formula", text: FORMULAS[sel.kind] || FORMULAS.portfolio }),
      figures,
      r.approximate ? el("p", { className: "muted", text: APPROX_NOTE }) : null,
      el("div", { testid: "explain-trace" }, body),
    ),
  );
}
