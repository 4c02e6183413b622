// Timeline: one lane per event type, a dot per dated event (colour = status), story spans on
// top; status buttons hide and show dots; a click on a dot opens the event's evidence.
(function () {
  "use strict";
  const { svg, title, STATUS, data } = window.nlsvg;
  const d = data();
  const box = document.getElementById("timeline");
  const stories = (d.stories || []).filter((s) => s.date_start);
  if (!d.lanes.length && !stories.length) {
    box.hidden = true;
    document.getElementById("timeline-empty").hidden = false;
    return;
  }
  const DAY = 86400000;
  const t = (iso) => Date.parse(String(iso).slice(0, 10) + "T00:00:00Z");
  let lo = t(d.min || stories[0].date_start), hi = t(d.max || lo);
  stories.forEach((s) => { lo = Math.min(lo, t(s.date_start)); hi = Math.max(hi, t(s.date_end || s.date_start)); });
  lo -= DAY; hi += DAY;
  const left = 170, right = 30, top = 30, laneH = 34;
  const width = Math.max(box.clientWidth || 900, 700);
  const lanes = (stories.length ? [{ type: "stories", events: [] }] : []).concat(d.lanes);
  const height = top + lanes.length * laneH + 30;
  const x = (ms) => left + (ms - lo) / (hi - lo) * (width - left - right);
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
                            "aria-label": "timeline of events" }, box);

  // Axis: ticks on days, Mondays, first days of months or of years, by the span shown.
  const axis = svg("g", { class: "axis" }, root);
  const span = (hi - lo) / DAY;
  const ticks = [];
  const first = new Date(lo);
  if (span <= 120) {
    const step = span <= 14 ? 1 : 7;
    const d0 = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
    if (step === 7) d0.setUTCDate(d0.getUTCDate() + ((8 - d0.getUTCDay()) % 7));
    for (let ms = d0.getTime(); ms <= hi; ms += step * DAY) ticks.push([ms, new Date(ms).toISOString().slice(5, 10)]);
  } else {
    const months = span <= 1200 ? (span <= 400 ? 1 : 3) : 12;
    let y = first.getUTCFullYear(), m = first.getUTCMonth() + 1;
    if (months === 12) { y += 1; m = 0; }
    for (;;) {
      while (m >= 12) { m -= 12; y += 1; }
      const ms = Date.UTC(y, m, 1);
      if (ms > hi) break;
      ticks.push([ms, months === 12 ? String(y) : new Date(ms).toISOString().slice(0, 7)]);
      m += months;
    }
  }
  ticks.forEach(([ms, text]) => {
    const px = x(ms);
    svg("line", { x1: px, x2: px, y1: top - 6, y2: height - 30, stroke: "#e3e6ea" }, axis);
    const label = svg("text", { x: px, y: top - 10, "text-anchor": "middle" }, axis);
    label.textContent = text;
  });

  lanes.forEach((lane, i) => {
    const y = top + i * laneH;
    svg("rect", { class: "lane", x: 0, y: y + 2, width, height: laneH - 4 }, root);
    const name = svg("text", { x: 8, y: y + laneH / 2 + 4 }, root);
    name.textContent = lane.type;
    if (lane.type === "stories") {
      stories.forEach((s) => {
        const a = x(t(s.date_start)), b = x(t(s.date_end || s.date_start) + DAY);
        const bar = svg("rect", { class: "story", x: a, y: y + 6, width: Math.max(6, b - a),
                                  height: laneH - 12, rx: 3, "data-story": s.id }, root);
        title(bar, `story ${s.id}: ${s.plover || ""}, ${s.events} events from ` +
                   `${(s.outlets || []).join(", ")}`);
        bar.addEventListener("click", () => {
          location.href = `/ledger?story=${encodeURIComponent(s.id)}`;
        });
      });
      return;
    }
    // Events on the same day in one lane stack sideways so each stays clickable.
    const seen = new Map();
    lane.events.forEach((e) => {
      const k = e.date;
      const n = seen.get(k) || 0;
      seen.set(k, n + 1);
      const cx = x(t(e.date) + DAY / 2) + (n % 5) * 7 - 14 * Math.min(1, n);
      const cy = y + laneH / 2 + (Math.floor(n / 5) % 2 ? 7 : 0) - (n > 0 ? 3 : 0);
      if (e.end && e.end !== e.date) {
        svg("line", { x1: x(t(e.date)), x2: x(t(e.end) + DAY), y1: cy, y2: cy,
                      stroke: STATUS[e.status] || "#888", "stroke-width": 3, opacity: .4,
                      "data-status": e.status, class: "range" }, root);
      }
      const dot = svg("circle", { class: "dot", cx, cy, r: 6, fill: STATUS[e.status] || "#888",
                                  "data-status": e.status, "data-event": e.id }, root);
      title(dot, `${e.date}${e.end && e.end !== e.date ? " – " + e.end : ""} · ${e.label} · ${e.status}` +
                 (e.outlet ? ` · ${e.outlet}` : ""));
      dot.addEventListener("click", () => {
        location.href = `/articles/${e.article}?event=${encodeURIComponent(e.id)}#ev-${e.id}`;
      });
    });
  });

  document.querySelectorAll("#status-legend button").forEach((btn) => {
    btn.style.borderColor = STATUS[btn.dataset.status];
    btn.addEventListener("click", () => {
      const on = btn.getAttribute("aria-pressed") !== "true";
      btn.setAttribute("aria-pressed", String(on));
      root.querySelectorAll(`[data-status="${btn.dataset.status}"]`).forEach((n) => {
        n.style.display = on ? "" : "none";
      });
    });
  });
})();
