// SVG charts built with createElementNS; labels are SVG text via textContent.
// Colours come from CSS (currentColor and variables), so light and dark work.

import { svg } from "./dom.js";
import { barGeometry } from "./logic.js";

/**
 * Horizontal bars, raw and status-weighted per row.
 * rows: [{ key, label, raw, weighted, rawText, weightedText }].
 * onSelect(row, which) is called when a bar group is activated.
 */
export function counterpartyChart(rows, { title, onSelect } = {}) {
  const g = barGeometry(rows, { width: 640, labelWidth: 160 });
  const root = svg("svg", {
    className: "chart",
    attrs: { viewBox: `0 0 ${g.width} ${g.height}`, role: "img", "aria-label": title || "Bar chart", preserveAspectRatio: "xMinYMin meet" },
  });
  if (title) root.append(svg("title", { text: title }));
  g.bars.forEach((bar, i) => {
    const row = rows[i];
    const group = svg("g", { className: "chart-row", dataset: { key: row.key } });
    group.append(
      svg("text", { className: "chart-label", text: bar.label, attrs: { x: bar.x - 8, y: bar.rawY + bar.barHeight + 2, "text-anchor": "end" } }),
      svg("rect", { className: "chart-track", attrs: { x: bar.x, y: bar.rawY, width: g.track, height: bar.barHeight * 2 + 3, rx: 2 } }),
      svg("rect", { className: "chart-bar chart-raw", attrs: { x: bar.x, y: bar.rawY, width: bar.rawWidth, height: bar.barHeight, rx: 2 } }),
      svg("rect", { className: "chart-bar chart-weighted", attrs: { x: bar.x, y: bar.weightedY, width: bar.weightedWidth, height: bar.barHeight, rx: 2 } }),
      svg("text", { className: "chart-value", text: row.rawText, attrs: { x: bar.x + g.track + 6, y: bar.rawY + bar.barHeight - 1 } }),
      svg("text", { className: "chart-value chart-value-weighted", text: row.weightedText, attrs: { x: bar.x + g.track + 6, y: bar.weightedY + bar.barHeight - 1 } }),
    );
    if (onSelect) {
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "button");
      group.setAttribute("aria-label", `${row.label}: ${row.rawText} look-through, ${row.weightedText} weighted. Explain`);
      group.addEventListener("click", () => onSelect(row));
      group.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          onSelect(row);
        }
      });
    }
    root.append(group);
  });
  return root;
}

/**
 * Stacked columns over time: `geometry` from logic.stackGeometry, `view` from
 * logic.timelineSeries. Every column has a <title> (its date, total and each series, as the
 * core's figures formatted by `text`) and the data-date / data-total of the core's point.
 * `marker`: an ISO date to mark with a vertical line (the "Figures as of" day), or null.
 */
export function timelineChart(geometry, view, { title, text, dateText, maxText, marker } = {}) {
  const g = geometry;
  const root = svg("svg", {
    className: "chart timeline-chart",
    testid: "timeline-chart",
    attrs: { viewBox: `0 0 ${g.width} ${g.height}`, role: "img", "aria-label": title || "Chart over time", preserveAspectRatio: "xMinYMin meet" },
  });
  if (title) root.append(svg("title", { text: title }));
  const right = g.columns.length ? g.columns[g.columns.length - 1].x + g.columns[g.columns.length - 1].w : g.width;
  const left = g.columns.length ? g.columns[0].x : 0;
  root.append(
    svg("line", { className: "tl-grid", attrs: { x1: left, x2: right, y1: g.plotTop, y2: g.plotTop } }),
    svg("line", { className: "tl-axis", attrs: { x1: left, x2: right, y1: g.baseline, y2: g.baseline } }),
  );
  if (maxText) root.append(svg("text", { className: "chart-label tl-max", text: maxText, attrs: { x: left + 2, y: g.plotTop - 2 } }));
  for (const col of g.columns) {
    const group = svg("g", { className: "tl-col", testid: "timeline-column", dataset: { date: col.date, total: col.total ?? "" } });
    const parts = view.series.map((s) => [s.name, s.values[col.i]]).filter(([, v]) => v !== null && v !== undefined);
    const lines = [`${dateText(col.date)}: ${text(col.total)} weighted look-through`, ...parts.map(([name, v]) => `${name}: ${text(v)}`)];
    group.append(
      svg("title", { text: lines.join("\n") }),
      svg("rect", { className: "tl-hit", attrs: { x: col.x, y: g.plotTop, width: col.w, height: g.baseline - g.plotTop } }),
      ...col.segments.map((seg) => svg("rect", { className: `tl-seg series-${seg.index}`, dataset: { series: seg.key }, attrs: { x: col.x, y: seg.y, width: col.w, height: seg.h } })),
    );
    root.append(group);
  }
  if (marker) {
    const col = g.columns.find((c) => c.date >= marker) || null;
    if (col) {
      const x = Math.round((col.x + col.w / 2) * 10) / 10;
      root.append(svg("line", { className: "tl-marker", testid: "timeline-marker", attrs: { x1: x, x2: x, y1: g.plotTop - 6, y2: g.baseline } }));
    }
  }
  if (g.columns.length) {
    const first = g.columns[0];
    const last = g.columns[g.columns.length - 1];
    root.append(
      svg("text", { className: "chart-label tl-date", testid: "timeline-first-date", text: dateText(first.date), attrs: { x: first.x, y: g.height - 4, "text-anchor": "start" } }),
      svg("text", { className: "chart-label tl-date", testid: "timeline-last-date", text: dateText(last.date), attrs: { x: last.x + last.w, y: g.height - 4, "text-anchor": "end" } }),
    );
  }
  return root;
}

/**
 * One horizontal bar per fund: its status-weighted look-through, with the day of the holdings
 * it is seen through under its ticker. rows: [{ key, label, date, value, text, name }] (`value`
 * a decimal string or null, `text` the figure as shown, `name` the accessible name of the bar).
 * Each bar is a button (role, tabindex, Enter/Space) when `onSelect` is given.
 */
export function fundChart(rows, { title, onSelect } = {}) {
  const g = barGeometry(
    rows.map((r) => ({ label: r.label, raw: r.value, weighted: null })),
    { width: 900, labelWidth: 150, valueWidth: 130, rowHeight: 34, barHeight: 16, top: 6 },
  );
  const root = svg("svg", {
    className: "chart fund-chart",
    testid: "fund-chart",
    attrs: { viewBox: `0 0 ${g.width} ${g.height}`, role: onSelect ? "group" : "img", "aria-label": title || "Bar chart", preserveAspectRatio: "xMinYMin meet" },
  });
  if (title) root.append(svg("title", { text: title }));
  g.bars.forEach((bar, i) => {
    const row = rows[i];
    const group = svg("g", { className: "chart-row fund-bar", testid: "fund-bar", dataset: { symbol: row.key, asOf: row.date ?? "" } });
    group.append(
      svg("title", { text: row.name }),
      svg("text", { className: "chart-label fund-bar-label", text: bar.label, attrs: { x: bar.x - 10, y: bar.y + 12, "text-anchor": "end" } }),
      svg("text", { className: "chart-label fund-bar-date", testid: "fund-bar-date", text: row.dateText ?? "", attrs: { x: bar.x - 10, y: bar.y + 26, "text-anchor": "end" } }),
      svg("rect", { className: "chart-track", attrs: { x: bar.x, y: bar.y + 2, width: g.track, height: bar.barHeight, rx: 2 } }),
      svg("rect", { className: "chart-bar chart-weighted", attrs: { x: bar.x, y: bar.y + 2, width: bar.rawWidth, height: bar.barHeight, rx: 2 } }),
      svg("text", { className: "chart-value chart-value-weighted", testid: "fund-bar-value", text: row.text, attrs: { x: bar.x + g.track + 8, y: bar.y + 15 } }),
    );
    if (onSelect) {
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "button");
      group.setAttribute("aria-label", row.name);
      group.addEventListener("click", () => onSelect(row));
      group.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          onSelect(row);
        }
      });
    }
    root.append(group);
  });
  return root;
}
