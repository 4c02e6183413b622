// Tiny helpers shared by the SVG charts (timeline, actor graph).
window.nlsvg = (function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, parent) {
    const node = document.createElementNS(NS, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (parent) parent.append(node);
    return node;
  }
  function title(node, text) {
    const t = svg("title", {}, node);
    t.textContent = text;
    return node;
  }
  // A qualitative palette (Tableau 10) for event types and statuses.
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                   "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  function colour(i) { return PALETTE[i % PALETTE.length]; }
  const STATUS = { occurred: "#2f7d32", ongoing: "#1f78b4", planned: "#6a3d9a",
                   expected: "#b15928", alleged: "#e6550d", denied: "#c51b29",
                   negated: "#7f7f7f", hypothetical: "#a6a600" };
  function data() { return JSON.parse(document.getElementById("data").textContent); }
  return { svg, title, colour, STATUS, data };
})();
