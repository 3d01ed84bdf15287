// Application state: one plain object and a change notification.

const listeners = new Set();

export const state = {
  app: null, // AppState
  analysis: null, // Analysis shown (current scenario)
  baseline: null, // Analysis under the portfolio's saved scenario
  dataset: null, // the `deals` JSON, loaded on first use
  view: "overview",
  asOf: "", // "Figures as of" (YYYY-MM-DD), "" = as of the dataset; kept across what-if and portfolios
  asOfChosen: "", // the day in the date control (differs from asOf while its figures load)
  explain: { kind: "portfolio", key: null },
  import: { phase: "idle" }, // idle | progress | preview | failed | cancelled
  funds: null, // FundsView (the `funds` command), loaded when the Funds page is first shown
  fundsStatus: { phase: "idle" }, // idle | working | done | older | failed | ask (a fund holdings file)
  currency: null, // CurrencySettings (the `currency_settings` command), loaded when Settings is first shown
  prices: null, // { id, list }: the prices given for portfolio id (the `prices` command)
  pricesStatus: { phase: "idle" }, // idle | working | done | failed (a prices file)
  busy: false,
};

/** Merges `patch` into the state and notifies listeners. */
export function update(patch) {
  Object.assign(state, patch);
  for (const fn of listeners) fn(state, patch);
}

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const DISCLAIMER =
  "Not financial advice. AI Exposure is an informational tool: figures are estimates from public reports about deals that may change or never complete. Do your own research or consult a licensed adviser before making investment decisions.";
