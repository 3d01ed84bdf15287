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
  const g = barGeometry(rows, { width: 640 });
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
