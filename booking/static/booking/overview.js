/* All centres today: new figures every few seconds from the overview JSON, written into the
   page in place (no reload). The server sends every figure already written the reader's way. */
(function () {
  "use strict";

  var table = document.getElementById("overview-table");
  if (!table || !window.fetch) return;
  var warnings = document.getElementById("overview-warnings");
  var state = document.getElementById("overview-state");
  var caption = document.getElementById("overview-caption");
  var every = Number(table.getAttribute("data-refresh-ms")) || 5000;
  // The caption's sentence with "{day}" where the day goes (the page's language).
  var captionTemplate = caption.getAttribute("data-template");

  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  function renderRow(row, centre) {
    var labels = centre.labels || {};
    row.setAttribute("data-reporting", centre.reporting);
    row.classList.toggle("warned", Boolean(labels.warning));
    Array.prototype.forEach.call(row.querySelectorAll("[data-label]"), function (cell) {
      var text = labels[cell.getAttribute("data-label")];
      setText(cell, text == null ? "" : String(text));
    });
    var warning = row.querySelector("[data-label=warning]");
    if (warning) warning.hidden = !labels.warning;
  }

  // The warnings as shown, one line each ("Centre: sentence"), starting with the server's.
  function shownWarnings() {
    return Array.prototype.map
      .call(warnings.querySelectorAll("li"), function (item) { return item.textContent; })
      .join("\n");
  }
  var shown = shownWarnings();

  function renderWarnings(centres) {
    var warned = centres.filter(function (c) { return c.labels && c.labels.warning; });
    var wanted = warned.map(function (c) { return c.name + ": " + c.labels.warning; }).join("\n");
    // Rewritten only when a warning comes, goes or changes: each rewrite is read out.
    if (wanted === shown) return;
    shown = wanted;
    warnings.textContent = "";
    if (!warned.length) return;
    var list = document.createElement("ul");
    list.className = "alert";
    warned.forEach(function (c) {
      var item = document.createElement("li");
      var name = document.createElement("strong");
      name.textContent = c.name + ":";
      item.appendChild(name);
      item.appendChild(document.createTextNode(" " + c.labels.warning));
      list.appendChild(item);
    });
    warnings.appendChild(list);
  }

  function render(answer) {
    (answer.centres || []).forEach(function (centre) {
      var row = table.querySelector('tr[data-centre="' + CSS.escape(centre.id) + '"]');
      if (row) renderRow(row, centre);
    });
    renderWarnings(answer.centres || []);
    // Past midnight the figures are the new day's: the caption says which day.
    if (captionTemplate && answer.day_label) {
      setText(caption, captionTemplate.replace("{day}", answer.day_label));
    }
  }

  function refresh() {
    fetch(table.getAttribute("data-source"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (answer) {
        render(answer);
        setText(state, state.getAttribute("data-live"));
      })
      .catch(function () {
        setText(state, state.getAttribute("data-failed"));
      })
      .then(function () {
        setTimeout(refresh, every);
      });
  }

  setTimeout(refresh, every);
})();
