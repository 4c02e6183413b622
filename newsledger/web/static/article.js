// Article view: hover or click a highlighted span to see what was found there; toggle kinds;
// follow ?event=ID from the ledger to the event's trigger.
(function () {
  "use strict";
  const spans = JSON.parse(document.getElementById("spans").textContent);
  const byId = new Map(spans.map((s) => [s.id, s]));
  const details = document.getElementById("details");
  const text = document.getElementById("text");
  const kindNames = { mention: "actor", trigger: "event", cue: "attribution cue",
                      scope: "attributed text", marker: "slant marker",
                      speaker: "speaker's loaded word" };
  let pinned = null;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  function hidden(kind) { return document.body.classList.contains("hide-" + kind); }

  function show(segment) {
    const ids = (segment.dataset.ids || "").split(" ").filter(Boolean).map(Number);
    const items = ids.map((i) => byId.get(i)).filter((s) => s && !hidden(s.kind));
    details.replaceChildren(el("h2", {}, ["Details"]));
    if (!items.length) {
      details.append(el("p", { class: "hint" }, ["Hover or click a highlighted span."]));
      return;
    }
    // Narrowest span first: the mention before the sentence-wide scope around it.
    items.sort((a, b) => (a.end - a.start) - (b.end - b.start));
    for (const s of items) {
      const dl = el("dl");
      s.detail.forEach(([k, v]) => dl.append(el("dt", {}, [k]), el("dd", {}, [String(v)])));
      details.append(el("div", { class: "item", "data-kind": s.kind }, [
        el("span", { class: "kind k-" + s.kind }, [kindNames[s.kind] || s.kind]), " ",
        el("b", {}, [s.label]), dl]));
    }
  }

  text.addEventListener("mouseover", (ev) => {
    const seg = ev.target.closest(".s");
    if (seg && !pinned) show(seg);
  });
  text.addEventListener("click", (ev) => {
    const seg = ev.target.closest(".s");
    if (pinned) pinned.classList.remove("active");
    if (!seg || seg === pinned) { pinned = null; return; }
    pinned = seg;
    seg.classList.add("active");
    show(seg);
  });

  document.querySelectorAll("#legend input[data-kind]").forEach((box) => {
    box.addEventListener("change", () => {
      document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });

  // Segments covering [start, end): the event's trigger.
  function segmentsIn(start, end) {
    return Array.from(text.querySelectorAll(".s.k-trigger")).filter((seg) => {
      return (seg.dataset.ids || "").split(" ").some((i) => {
        const s = byId.get(Number(i));
        return s && s.kind === "trigger" && s.start === start && s.end === end;
      });
    });
  }

  function focusEvent(row) {
    document.querySelectorAll(".focus").forEach((n) => n.classList.remove("focus"));
    row.classList.add("focus");
    const segs = segmentsIn(Number(row.dataset.start), Number(row.dataset.end));
    segs.forEach((s) => s.classList.add("focus"));
    if (segs.length) {
      segs[0].scrollIntoView({ block: "center" });
      show(segs[0]);
    }
  }

  document.querySelectorAll("tr.event-row").forEach((row) => {
    row.addEventListener("click", () => focusEvent(row));
  });
  const wanted = new URLSearchParams(location.search).get("event");
  if (wanted) {
    const row = document.getElementById("ev-" + wanted);
    if (row) focusEvent(row);
  }
})();
