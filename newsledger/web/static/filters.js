// Filter forms: leave empty fields out of the URL so links stay short and shareable.
(function () {
  "use strict";
  document.querySelectorAll("form.filters").forEach((form) => {
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const params = new URLSearchParams();
      new FormData(form).forEach((v, k) => { if (String(v).trim()) params.append(k, String(v).trim()); });
      const q = params.toString();
      location.href = location.pathname + (q ? "?" + q : "");
    });
  });
})();
