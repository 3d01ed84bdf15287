// The only module that talks to the Tauri backend.
//
// Errors are normalised to { kind, message } (the shape the Rust command
// serializes), whatever went wrong on the way.

function bridge() {
  const core = window.__TAURI__ && window.__TAURI__.core;
  return core && typeof core.invoke === "function" ? core.invoke : null;
}

function toError(err) {
  if (err && typeof err === "object" && typeof err.message === "string") {
    return { kind: typeof err.kind === "string" ? err.kind : "internal", message: err.message };
  }
  return { kind: "internal", message: String(err) };
}

/**
 * Analysis of the portfolio chosen at launch (a CSV path on the command line)
 * or of the bundled sample portfolio. Rejects with { kind, message }.
 */
export async function loadAnalysis() {
  const invoke = bridge();
  if (!invoke) {
    throw { kind: "environment", message: "The desktop backend is not available: open AI Exposure through its application, not in a browser." };
  }
  try {
    return await invoke("load_analysis");
  } catch (err) {
    throw toError(err);
  }
}
