// Corrections by keyboard and mouse, on every page with record rows (tr.record: the article
// view, the ledger, the review queue). j/k (or the arrows on a row) move between records;
// a accepts, r rejects, u undoes the last correction of the record; t m s o g p d e open the
// editor on type, mode, status, source, target, place, date, speaker; Enter saves, Escape
// cancels. Buttons and a double-click on a cell do the same. In the article view, n adds an
// event the machine missed: select its words in the text, press n, give its type (POSTed to
// /api/corrections/events; u on its row undoes it). Each correction is POSTed to
// /api/corrections with the token typed in the bar; the page then reloads, so what it shows is
// what the store holds, with the record in focus.
(function () {
  "use strict";
  const configNode = document.getElementById("review-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  const say = document.getElementById("review-status");
  const who = document.getElementById("who");
  const token = document.getElementById("token");
  const editor = document.getElementById("editor");
  const fieldBox = document.getElementById("editor-field");
  const input = document.getElementById("editor-value");
  const options = document.getElementById("editor-options");
  const hint = document.getElementById("editor-hint");
  const KEYS = { t: "type", m: "mode", s: "status", o: "source", g: "target", p: "place",
                 d: "date", e: "speaker" };
  const HINTS = { source: "actor ids, comma-separated (ISR, USA)", target: "actor ids, comma-separated",
                  date: "YYYY-MM-DD, YYYY-MM or YYYY; empty: no date", place: "empty: no place",
                  speaker: "who is said to say it", type: "a PLOVER type", mode: "a mode of the type",
                  status: "how the text puts it" };
  let current = null;
  let editing = null;
  let adding = null;  // the words of an event to add: {article, start, end, text}

  who.value = localStorage.getItem("newsledger-who") || "";
  token.value = sessionStorage.getItem("newsledger-token") || "";
  who.addEventListener("input", () => localStorage.setItem("newsledger-who", who.value.trim()));
  token.addEventListener("input", () => sessionStorage.setItem("newsledger-token", token.value.trim()));

  function rows() {
    return Array.from(document.querySelectorAll("tr.record")).filter((r) => r.offsetParent !== null);
  }

  function select(row) {
    if (!row) return;
    if (current) current.classList.remove("selected");
    current = row;
    row.classList.add("selected");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function fieldsOf(row) {
    return (config.fields[row.dataset.kind] || []).filter((f) => f !== "verdict");
  }

  function values(row) {
    try { return JSON.parse(row.dataset.values || "{}"); } catch (e) { return {}; }
  }

  function choices(row, field) {
    if (field === "type") return Object.keys(config.types);
    if (field === "status") return config.statuses;
    if (field === "mode") return config.types[values(row).type] || [];
    return [];
  }

  function fill(field) {
    const row = editing;
    options.replaceChildren(...choices(row, field).map((c) => {
      const o = document.createElement("option");
      o.value = c;
      return o;
    }));
    const value = values(row)[field];
    input.value = value == null ? "" : String(value);
    hint.textContent = HINTS[field] || "";
    fieldBox.value = field;
    input.focus();
    input.select();
  }

  function openEditor(row, field) {
    const fields = fieldsOf(row);
    if (!fields.length) {
      tell(`a ${row.dataset.kind} is accepted (a) or rejected (r); it has no field to correct`);
      return;
    }
    if (!fields.includes(field)) {
      if (field) {
        tell(`a ${row.dataset.kind} has no ${field}; it takes: ${fields.join(", ")}`);
        return;
      }
      field = fields[0];
    }
    editing = row;
    select(row);
    fieldBox.replaceChildren(...fields.map((f) => {
      const o = document.createElement("option");
      o.value = f;
      o.textContent = f;
      return o;
    }));
    document.getElementById("editor-record").textContent = `${row.dataset.kind} ${row.dataset.id}`;
    editor.hidden = false;
    fill(field);
  }

  // the selected words of the article's text, as character offsets in it
  function selectedWords() {
    const text = document.getElementById("text");
    const sel = window.getSelection();
    if (!text || !sel || sel.isCollapsed || !sel.rangeCount) return null;
    const range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    const words = range.toString();
    if (!words.trim()) return null;
    return { article: text.dataset.article, start, end: start + words.length, text: words };
  }

  function openAdd(words) {
    adding = words;
    editing = null;
    const o = document.createElement("option");
    o.value = "type";
    o.textContent = "type of the new event";
    fieldBox.replaceChildren(o);
    options.replaceChildren(...Object.keys(config.types).map((c) => {
      const opt = document.createElement("option");
      opt.value = c;
      return opt;
    }));
    document.getElementById("editor-record").textContent = `new event “${words.text}”`;
    hint.textContent = "a PLOVER type; Enter adds the event the machine missed";
    input.value = "";
    editor.hidden = false;
    input.focus();
  }

  async function add(words, type) {
    tell("saving …");
    try {
      const note = await call("POST", "/api/corrections/events", {
        article_id: words.article, start: words.start, end: words.end, type,
        who: who.value.trim() || null });
      reload({ dataset: { id: note.record_id } },
             `added: ${note.new.type} event “${note.new.text}” (annotation ${note.id}; u on its row undoes it)`);
    } catch (err) {
      tell(`not added: ${err.message}`, true);
    }
  }

  function closeEditor() {
    adding = null;
    editor.hidden = true;
    const row = editing;
    editing = null;
    if (row) select(row);
  }

  function tell(text, bad) {
    say.textContent = text;
    say.classList.toggle("bad", Boolean(bad));
  }

  function parse(field, raw) {
    const text = raw.trim();
    if (field === "source" || field === "target") {
      return text.split(/[\s,;]+/).filter(Boolean);
    }
    if ((field === "date" || field === "place" || field === "mode") && !text) return null;
    return text;
  }

  async function call(method, url, body) {
    const headers = { "Content-Type": "application/json" };
    if (token.value.trim()) headers.Authorization = "Bearer " + token.value.trim();
    const response = await fetch(url, { method, headers, body: body && JSON.stringify(body) });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const message = (data && data.error && data.error.message) || response.statusText;
      if (response.status === 401 || response.status === 403) token.focus();
      throw new Error(message);
    }
    return data;
  }

  function reload(row, message) {
    sessionStorage.setItem("newsledger-flash", message);
    const url = new URL(location.href);
    url.searchParams.set("focus", row.dataset.id);
    url.hash = "";
    location.replace(url.toString());
  }

  async function send(row, field, value) {
    const body = { kind: row.dataset.kind, record_id: row.dataset.id, field, value,
                   who: who.value.trim() || null };
    tell("saving …");
    try {
      const note = await call("POST", "/api/corrections", body);
      reload(row, `saved: ${field} ${JSON.stringify(note.old)} → ${JSON.stringify(note.new)}`
                  + ` (annotation ${note.id}; u undoes it)`);
    } catch (err) {
      tell(`not saved: ${err.message}`, true);
    }
  }

  async function undo(row) {
    try {
      const list = await call("GET", "/api/corrections?limit=1000&record_id="
                                     + encodeURIComponent(row.dataset.id));
      const last = list.items.find((n) => n.active && n.undoes == null);
      if (!last) { tell("nothing to undo on this record"); return; }
      const note = await call("POST", `/api/corrections/${last.id}/undo`,
                              { who: who.value.trim() || null });
      reload(row, `undone: annotation ${last.id} (${last.field}); ${note.field} is `
                  + `${JSON.stringify(note.new)} again`);
    } catch (err) {
      tell(`not undone: ${err.message}`, true);
    }
  }

  editor.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (adding) {
      const words = adding;
      adding = null;
      editor.hidden = true;
      add(words, input.value.trim());
      return;
    }
    if (!editing) return;
    const row = editing;
    const field = fieldBox.value;
    editor.hidden = true;
    editing = null;
    send(row, field, parse(field, input.value));
  });
  fieldBox.addEventListener("change", () => fill(fieldBox.value));
  document.getElementById("editor-cancel").addEventListener("click", closeEditor);

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.target.closest && ev.target.closest("#editor")) {
      if (ev.key === "Escape") { ev.preventDefault(); closeEditor(); }
      return;
    }
    if (ev.target.closest && ev.target.closest("input, select, textarea, button")) return;
    if (ev.key === "n" && document.getElementById("text")) {
      const words = selectedWords();
      if (words) openAdd(words);
      else tell("select the words of the missed event in the text, then press n");
      ev.preventDefault();
      return;
    }
    const list = rows();
    if (!list.length) return;
    const at = list.indexOf(current);
    const onRow = document.activeElement && document.activeElement.matches("tr.record");
    if (ev.key === "j" || (onRow && ev.key === "ArrowDown")) {
      select(list[Math.min(at + 1, list.length - 1)]);
    } else if (ev.key === "k" || (onRow && ev.key === "ArrowUp")) {
      select(list[Math.max(at - 1, 0)]);
    } else if (!current) {
      return;
    } else if (ev.key === "a") {
      send(current, "verdict", "accepted");
    } else if (ev.key === "r") {
      send(current, "verdict", "rejected");
    } else if (ev.key === "u") {
      undo(current);
    } else if (KEYS[ev.key]) {
      openEditor(current, KEYS[ev.key]);
    } else {
      return;
    }
    ev.preventDefault();
  });

  document.addEventListener("click", (ev) => {
    const row = ev.target.closest("tr.record");
    if (!row) return;
    const button = ev.target.closest("button[data-act]");
    select(row);
    if (!button) return;
    const act = button.dataset.act;
    if (act === "accept") send(row, "verdict", "accepted");
    else if (act === "reject") send(row, "verdict", "rejected");
    else if (act === "undo") undo(row);
    else if (act === "edit") openEditor(row, null);
  });
  document.addEventListener("dblclick", (ev) => {
    const cell = ev.target.closest("tr.record td[data-field]");
    if (cell && cell.dataset.field) {
      ev.preventDefault();
      openEditor(cell.closest("tr.record"), cell.dataset.field);
    }
  });

  const flash = sessionStorage.getItem("newsledger-flash");
  if (flash) {
    sessionStorage.removeItem("newsledger-flash");
    tell(flash);
  }
  const wanted = new URLSearchParams(location.search).get("focus");
  if (wanted) {
    select(rows().find((r) => r.dataset.id === wanted));
  }
})();
