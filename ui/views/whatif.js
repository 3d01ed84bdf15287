import { el } from "../dom.js";
export function render(container) {
  container.replaceChildren(el("p", { text: "Coming soon." }));
}
export function reset() {}
