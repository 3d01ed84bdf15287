// Deals: the dataset, filterable by company/party, counterparty, status and date range.

import { el, button } from "../dom.js";
import { formatDate, formatDatePrecision, formatMoneyCompact, formatMoney, humanize, UNDISCLOSED, UNKNOWN } from "../format.js";
import { filterDeals } from "../logic.js";
import { statusPill, USD } from "./common.js";

const filter = { text: "", counterparty: "", status: "", from: "", to: "" };
let built = null; // { container, dataset, list, count }
let loading = false;

export function render(container, state, actions) {
  if (!state.dataset) {
    container.replaceChildren(el("p", { className: "loading", text: "Loading the deals dataset…", attrs: { role: "status" } }));
    if (!loading) {
      loading = true;
      actions.guard(actions.ensureDataset).finally(() => {
        loading = false;
      });
    }
    return;
  }
  if (!built || built.container !== container || built.dataset !== state.dataset) build(container, state.dataset, actions);
}

function input(id, label, type, key, refresh, extra = {}) {
  const node = el("input", { className: "input", testid: `deals-filter-${key}`, attrs: { id, type, value: filter[key], ...extra } });
  node.addEventListener("input", () => {
    filter[key] = node.value;
    refresh();
  });
  return el("div", { className: "field" }, el("label", { text: label, attrs: { for: id } }), node);
}

function select(id, label, key, options, refresh) {
  const node = el("select", { testid: `deals-filter-${key}`, attrs: { id } }, el("option", { text: "All", attrs: { value: "" } }), ...options.map(([v, t]) => el("option", { text: t, attrs: { value: v } })));
  node.value = filter[key];
  node.addEventListener("change", () => {
    filter[key] = node.value;
    refresh();
  });
  return el("div", { className: "field" }, el("label", { text: label, attrs: { for: id } }), node);
}

function build(container, dataset, actions) {
  const names = new Map((dataset.companies || []).map((c) => [c.id, c.name || c.id]));
  const deals = dataset.deals || [];
  const counterparties = [...new Set(deals.map((d) => d.counterparty).filter(Boolean))].sort().map((id) => [id, names.get(id) || id]);
  const statuses = [...new Set(deals.map((d) => d.status).filter(Boolean))].sort().map((s) => [s, humanize(s)]);
  const list = el("ul", { className: "deal-list", testid: "deal-list" });
  const count = el("p", { className: "muted", attrs: { role: "status" } });
  const refresh = () => renderList(list, count, dataset, names, actions);
  const form = el(
    "div",
    { className: "filters", attrs: { role: "search" } },
    input("deal-text", "Company or party", "search", "text", refresh, { placeholder: "e.g. Nvidia, OpenAI, S04" }),
    select("deal-cp", "Counterparty", "counterparty", counterparties, refresh),
    select("deal-status", "Status", "status", statuses, refresh),
    input("deal-from", "Announced from", "date", "from", refresh),
    input("deal-to", "to", "date", "to", refresh),
    button("Clear", () => {
      Object.assign(filter, { text: "", counterparty: "", status: "", from: "", to: "" });
      built = null;
      build(container, dataset, actions);
    }, { className: "btn" }),
  );
  const ds = dataset.dataset || {};
  container.replaceChildren(
    el("section", { className: "panel" }, el("div", { className: "panel-head" }, el("h2", { text: "Deals dataset" }), el("p", { className: "panel-note", text: `${ds.name ?? ""} version ${ds.version ?? "?"}, as of ${formatDate(ds.as_of)}. Sources open in your browser.` })), form, count, list),
  );
  built = { container, dataset };
  refresh();
}

function renderList(list, count, dataset, names, actions) {
  const deals = filterDeals(dataset, filter);
  count.textContent = `${deals.length} of ${(dataset.deals || []).length} deals`;
  const partiesOf = new Map();
  for (const p of dataset.parties || []) {
    if (!partiesOf.has(p.deal_id)) partiesOf.set(p.deal_id, []);
    partiesOf.get(p.deal_id).push(p);
  }
  const supersedes = new Map();
  for (const d of dataset.deals || []) if (d.superseded_by) supersedes.set(d.superseded_by, [...(supersedes.get(d.superseded_by) || []), d.id]);
  list.replaceChildren(...deals.map((d) => dealItem(d, partiesOf.get(d.id) || [], supersedes.get(d.id) || [], names, actions)));
  if (!deals.length) list.append(el("li", { className: "muted", text: "No deal matches these filters." }));
}

const EVENT_KINDS = { announced: "announced", status: "status change", amount: "amount change", superseded: "superseded", update: "update" };

function sourceHost(url) {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** The deal's dated history (the core's `events`, in their order): what happened on each day,
 * the status and amount from then on, and the sources of that report. */
function eventList(d, actions) {
  const events = d.events || [];
  if (!events.length) return null;
  const known = new Set(d.sources || []);
  const items = events.map((e) => {
    const amount = e.amount_usd === null || e.amount_usd === undefined ? (e.amount_basis === "undisclosed" ? UNDISCLOSED : UNKNOWN) : formatMoneyCompact(e.amount_usd, { currency: USD });
    const facts = [humanize(e.status), `amount ${amount}${e.amount_basis && e.amount_basis !== "undisclosed" ? ` (${humanize(e.amount_basis)})` : ""}`];
    if (e.related_deal) facts.push(`see ${e.related_deal}`);
    // open_source opens only the dataset's deal sources: other URLs are shown, not opened.
    const links = (e.sources || []).map((url) => (known.has(url) ? button(sourceHost(url), () => actions.openSource(url), { className: "btn btn-link", title: url, testid: "event-source", dataset: { url } }) : el("span", { className: "event-source-text", text: sourceHost(url), title: url })));
    return el(
      "li",
      { className: `event event-${e.kind}`, testid: "deal-event", dataset: { kind: e.kind ?? "", on: e.on ?? "" } },
      el("span", { className: "event-date", text: formatDatePrecision(e.on, e.precision) }),
      el("span", { className: "event-kind", text: EVENT_KINDS[e.kind] ?? humanize(e.kind) }),
      el("span", { className: "event-facts", text: facts.join(" · ") }),
      e.detail ? el("span", { className: "event-detail", text: e.detail }) : null,
      links.length ? el("span", { className: "event-sources" }, ...links) : null,
    );
  });
  return el("div", { className: "events" }, el("p", { className: "events-title", text: `History (${events.length} ${events.length === 1 ? "event" : "events"})` }), el("ol", { className: "event-list", testid: "deal-events" }, ...items));
}

function dealItem(d, parties, supersedes, names, actions) {
  const amount = d.amount_usd === null || d.amount_usd === undefined ? UNDISCLOSED : formatMoneyCompact(d.amount_usd, { currency: USD });
  const partyList = el(
    "ul",
    { className: "parties" },
    ...parties.map((p) => {
      const roles = [p.role, ...(p.other_roles || [])].filter(Boolean).map(humanize).join(", ");
      const attributed = p.attributed_usd && p.attributed_usd !== "deal" ? ` · attributed ${formatMoneyCompact(p.attributed_usd, { currency: USD })}` : "";
      return el("li", {}, el("strong", { text: names.get(p.party) || p.party }), ` — ${roles}${p.link === "indirect" ? " (indirect)" : ""}${attributed}`);
    }),
  );
  const history = el("ul", { className: "history" });
  history.append(el("li", { text: `Now ${humanize(d.status)} (as of ${formatDate(d.status_as_of)})${d.status_detail ? `: ${d.status_detail}` : ""}` }));
  if (d.superseded_by) history.append(el("li", { text: `Superseded by ${d.superseded_by}` }));
  if (supersedes.length) history.append(el("li", { text: `Supersedes ${supersedes.join(", ")}` }));
  if (d.part_of) history.append(el("li", { text: `Part of ${d.part_of}` }));
  const events = eventList(d, actions);
  const sources = el(
    "div",
    { className: "sources" },
    el("span", { className: "muted", text: "Sources:" }),
    ...(d.sources || []).map((url) => button(sourceHost(url), () => actions.openSource(url), { className: "btn btn-link", title: url, testid: "deal-source", dataset: { url } })),
  );
  return el(
    "li",
    { className: "deal", testid: "deal", dataset: { deal: d.id } },
    el("div", { className: "deal-head" }, el("span", { className: "ticker", text: d.id }), el("h3", { text: d.title ?? "" }), statusPill(d.status)),
    el("p", { className: "deal-meta", text: `Counterparty ${names.get(d.counterparty) || d.counterparty || "?"} · announced ${formatDatePrecision(d.announced_on, d.announced_precision)} · amount ${amount}${d.amount_basis ? ` (${humanize(d.amount_basis)})` : ""}`, title: d.amount_usd ? formatMoney(d.amount_usd, { currency: USD }) : "Amount not disclosed" }),
    d.amount_note ? el("p", { className: "deal-note", text: d.amount_note }) : null,
    partyList,
    history,
    events,
    sources,
  );
}
