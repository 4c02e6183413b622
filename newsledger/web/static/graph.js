// Actor graph: arrows from source to target actors, coloured by event type, width by count.
// Layout: a few hundred steps of Fruchterman-Reingold force placement from a circle, so the
// same data always draws the same picture.
(function () {
  "use strict";
  const { svg, title, colour, data } = window.nlsvg;
  const d = data();
  const box = document.getElementById("graph");
  const select = document.getElementById("type-filter");
  const MAX_NODES = 80;  // beyond this a node-link drawing stops being readable
  const typeColour = new Map(d.types.map((t, i) => [t, colour(i)]));

  function layout(nodes, edges, width, height) {
    const n = nodes.length;
    const pos = nodes.map((_, i) => ({
      x: width / 2 + Math.cos(2 * Math.PI * i / n) * width / 3,
      y: height / 2 + Math.sin(2 * Math.PI * i / n) * height / 3 }));
    if (n < 3) return pos;
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    const k = Math.sqrt(width * height / n) * .45;
    const cx = width / 2, cy = height / 2;
    let temp = width / 8;
    for (let step = 0; step < 300; step++) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const dist = Math.max(1, Math.hypot(dx, dy)), f = k * k / dist;
        dx /= dist; dy /= dist;
        disp[i].x += dx * f; disp[i].y += dy * f; disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
      edges.forEach((e) => {
        const i = index.get(e.source), j = index.get(e.target);
        let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const dist = Math.max(1, Math.hypot(dx, dy)), f = dist * dist / k;
        dx /= dist; dy /= dist;
        disp[i].x -= dx * f; disp[i].y -= dy * f; disp[j].x += dx * f; disp[j].y += dy * f;
      });
      // Gravity keeps separate groups of actors on the canvas instead of in its corners.
      pos.forEach((p, i) => { disp[i].x += (cx - p.x) * .8; disp[i].y += (cy - p.y) * .8; });
      pos.forEach((p, i) => {
        const len = Math.max(1, Math.hypot(disp[i].x, disp[i].y));
        p.x = Math.min(width - 120, Math.max(40, p.x + disp[i].x / len * Math.min(len, temp)));
        p.y = Math.min(height - 40, Math.max(40, p.y + disp[i].y / len * Math.min(len, temp)));
      });
      temp *= .985;
    }
    return pos;
  }

  function draw() {
    box.replaceChildren();
    const want = select.value;
    let edges = d.edges.filter((e) => !want || e.type === want);
    const degree = new Map();
    edges.forEach((e) => {
      degree.set(e.source, (degree.get(e.source) || 0) + e.count);
      degree.set(e.target, (degree.get(e.target) || 0) + e.count);
    });
    const nodes = d.nodes.filter((n) => degree.has(n.id))
      .sort((a, b) => degree.get(b.id) - degree.get(a.id)).slice(0, MAX_NODES);
    const kept = new Set(nodes.map((n) => n.id));
    edges = edges.filter((e) => kept.has(e.source) && kept.has(e.target));
    document.getElementById("edge-count").textContent =
      `${nodes.length} actors, ${edges.length} links`;
    document.getElementById("graph-empty").hidden = edges.length > 0;
    box.hidden = edges.length === 0;
    if (!edges.length) return;

    const width = Math.max(box.clientWidth || 900, 600), height = 560;
    const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
                              "aria-label": "actor graph" }, box);
    const defs = svg("defs", {}, root);
    typeColour.forEach((c, t) => {
      const m = svg("marker", { id: "arrow-" + t.replace(/\W/g, "_"), viewBox: "0 0 10 10",
                                refX: 10, refY: 5, markerWidth: 7, markerHeight: 7,
                                orient: "auto-start-reverse" }, defs);
      svg("path", { d: "M0,0 L10,5 L0,10 z", fill: c }, m);
    });
    const pos = layout(nodes, edges, width, height);
    const at = new Map(nodes.map((n, i) => [n.id, pos[i]]));
    const radius = (id) => 7 + 3 * Math.sqrt(degree.get(id) || 1);
    // Parallel links between one pair bend apart so each type stays visible.
    const pairSeen = new Map();
    const g = svg("g", {}, root);
    edges.forEach((e) => {
      const a = at.get(e.source), b = at.get(e.target);
      const key = [e.source, e.target].sort().join("|");
      const nth = pairSeen.get(key) || 0;
      pairSeen.set(key, nth + 1);
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.max(1, Math.hypot(dx, dy));
      const bend = 18 * (nth + 1) * (e.source < e.target ? 1 : -1);
      const mx = (a.x + b.x) / 2 - dy / len * bend, my = (a.y + b.y) / 2 + dx / len * bend;
      // End the arrow at the target circle's rim.
      const ex = b.x - (b.x - mx) / Math.hypot(b.x - mx, b.y - my) * (radius(e.target) + 2);
      const ey = b.y - (b.y - my) / Math.hypot(b.x - mx, b.y - my) * (radius(e.target) + 2);
      const path = svg("path", {
        d: `M${a.x},${a.y} Q${mx},${my} ${ex},${ey}`, fill: "none",
        stroke: typeColour.get(e.type), "stroke-width": 1.2 + Math.log2(1 + e.count),
        opacity: .8, "marker-end": `url(#arrow-${e.type.replace(/\W/g, "_")})`,
        class: "edge", "data-type": e.type }, g);
      title(path, `${e.source} → ${e.target}: ${e.type} ×${e.count}`);
      path.addEventListener("click", () => {
        location.href = `/ledger?actor=${encodeURIComponent(e.source)}&type=${encodeURIComponent(e.type)}`;
      });
    });
    nodes.forEach((n) => {
      const p = at.get(n.id);
      const node = svg("g", { class: "node", "data-actor": n.id, transform: `translate(${p.x},${p.y})` }, root);
      svg("circle", { r: radius(n.id), fill: "#1f3a5f", opacity: .85 }, node);
      const label = svg("text", { x: radius(n.id) + 3, y: 4 }, node);
      label.textContent = n.id;
      title(node, `${n.name} (${n.id}): ${degree.get(n.id)} event link(s)`);
      node.style.cursor = "pointer";
      node.addEventListener("click", () => { location.href = `/ledger?actor=${encodeURIComponent(n.id)}`; });
    });
    const legend = document.getElementById("graph-legend");
    legend.replaceChildren(...Array.from(new Set(edges.map((e) => e.type))).sort().map((t) => {
      const span = document.createElement("span");
      const i = document.createElement("i");
      i.style.background = typeColour.get(t);
      span.append(i, t);
      return span;
    }));
  }
  select.addEventListener("change", draw);
  draw();
})();
