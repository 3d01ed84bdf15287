// Entry point: load the analysis chosen at launch and render it.

import { loadAnalysis } from "./api.js";
import { renderAnalysis, renderError, renderLoading } from "./view.js";

async function start() {
  renderLoading();
  let analysis;
  try {
    analysis = await loadAnalysis();
  } catch (error) {
    renderError(error);
    return;
  }
  try {
    renderAnalysis(analysis);
  } catch (error) {
    renderError({ kind: "internal", message: `Could not display the analysis: ${error.message || error}` });
  }
}

start();
