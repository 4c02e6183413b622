// Ledger: sort by clicking a column header; narrow the rows shown with the quick filter.
(function () {
  "use strict";
  const table = document.getElementById("ledger");
  if (!table) return;
  const body = table.tBodies[0];
  const heads = Array.from(table.tHead.rows[0].cells);

  heads.forEach((th, col) => {
    if (!th.dataset.sort) return;
    th.addEventListener("click", () => {
      const asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      const rows = Array.from(body.rows);
      const key = (r) => r.cells[col].textContent.trim().toLowerCase();
      // Empty cells sort last either way.
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        if (!x || !y) return (!x) - (!y);
        return asc ? x.localeCompare(y) : y.localeCompare(x);
      });
      body.append(...rows);
    });
  });

  const quick = document.getElementById("quick");
  const shown = document.getElementById("shown");
  quick.addEventListener("input", () => {
    const q = quick.value.trim().toLowerCase();
    let n = 0;
    Array.from(body.rows).forEach((r) => {
      const hit = !q || r.textContent.toLowerCase().includes(q);
      r.classList.toggle("hidden", !hit);
      n += hit;
    });
    shown.textContent = n;
  });
})();
