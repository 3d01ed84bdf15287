// DOM helpers. Text is always inserted with textContent / text nodes, never as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

export function byId(id) {
  return document.getElementById(id);
}

function apply(node, props) {
  const { className, text, title, attrs, dataset, on, testid } = props;
  if (className) node.setAttribute("class", className);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (title) node.setAttribute("title", title);
  if (testid) node.setAttribute("data-testid", testid);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "style") throw new Error("inline style attributes are not allowed (CSP)");
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  if (dataset) for (const [k, v] of Object.entries(dataset)) node.dataset[k] = String(v);
  if (on) for (const [type, handler] of Object.entries(on)) node.addEventListener(type, handler);
}

function appendAll(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

/** el("td", { className: "num", text: "1", attrs: {...}, on: {click} }, child, …) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  apply(node, props);
  appendAll(node, children);
  return node;
}

/** Same as el() for SVG elements. */
export function svg(tag, props = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, props);
  appendAll(node, children);
  return node;
}

/** A <button type="button">. */
export function button(text, onClick, props = {}) {
  const b = el("button", { ...props, attrs: { type: "button", ...(props.attrs || {}) } }, text);
  if (onClick) b.addEventListener("click", onClick);
  return b;
}

/** A CSS class token derived from a data value ("in_talks (rumoured)" -> "in-talks-rumoured"). */
export function token(value) {
  return (
    String(value ?? "unknown")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "unknown"
  );
}

export function isMissing(value) {
  return value === null || value === undefined;
}

/** Shows a modal <dialog>; resolves with the value of the button that closed it. */
export function confirmDialog({ title, message, confirm = "OK", cancel = "Cancel", danger = false, testid }) {
  return new Promise((resolve) => {
    const ok = button(confirm, () => close(true), { className: danger ? "btn btn-danger" : "btn btn-primary", testid: testid ? `${testid}-confirm` : undefined });
    const no = button(cancel, () => close(false), { className: "btn", testid: testid ? `${testid}-cancel` : undefined });
    const dialog = el(
      "dialog",
      { className: "dialog", testid, attrs: { "aria-labelledby": "dialog-title" } },
      el("h2", { text: title, attrs: { id: "dialog-title" } }),
      el("p", { text: message }),
      el("div", { className: "dialog-actions" }, no, ok),
    );
    function close(value) {
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(value);
    }
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
