/* The contact centre's workspace: a call logged in two taps, the first free time found and
   booked, a booking moved or cancelled, and the live waits fetched again every few seconds.
   Everything goes through /api/v1/contact; the server writes every label in the page's
   language. */
(function () {
  "use strict";

  var root = document.getElementById("contact");
  if (!root || !window.fetch) return;
  var api = root.getAttribute("data-api");
  var lang = root.getAttribute("data-lang");
  var csrf = root.getAttribute("data-csrf");
  var serviceNames = JSON.parse(document.getElementById("service-names").textContent);
  var outcomeNames = JSON.parse(document.getElementById("outcome-names").textContent);

  function $(id) { return document.getElementById(id); }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key] || ""; });
  }

  // The error's sentence and what is wrong with each field, as the server wrote them.
  function errorText(body) {
    var error = (body && body.error) || {};
    var parts = [error.message || root.getAttribute("data-failed")];
    Object.keys(error.fields || {}).forEach(function (name) {
      parts.push(error.fields[name].message);
    });
    return parts.join(" ");
  }

  function call(method, path, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json", "X-CSRFToken": csrf },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var sep = path.indexOf("?") < 0 ? "?" : "&";
    return fetch(api + path + sep + "lang=" + encodeURIComponent(lang), options).then(
      function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error(errorText(answer));
          return answer;
        });
      }
    );
  }

  // ---- the call, in two taps: the service, then how it ended ------------------------------
  var callStatus = $("call-status");
  var admins = $("call-administrations");
  var places = $("call-places");
  var chosenService = null;

  function chooseService(id) {
    chosenService = id;
    Array.prototype.forEach.call(document.querySelectorAll("[data-service]"), function (b) {
      if (b.tagName === "BUTTON") b.setAttribute("aria-pressed", String(b.getAttribute("data-service") === id));
    });
  }

  // The outcomes that take a third tap, each with its panel of choices.
  function showChoices(panel) {
    [admins, places].forEach(function (p) { p.hidden = p !== panel; });
    var first = panel && panel.querySelector("button");
    if (first) first.focus();
  }

  function logCall(outcome, where) {
    if (!chosenService) {
      callStatus.textContent = callStatus.getAttribute("data-choose");
      return;
    }
    var body = { service: chosenService, outcome: outcome };
    if (outcome === "handed_over") body.administration = where;
    if (outcome === "put_through") body.to = where;
    call("POST", "/calls", body)
      .then(function (answer) {
        callStatus.textContent = fill(callStatus.getAttribute("data-logged"), {
          service: serviceNames[answer.call.service] || answer.call.service,
          outcome: outcomeNames[answer.call.outcome] || answer.call.outcome,
        });
        showChoices(null);
        chooseService(null);
      })
      .catch(function (err) { callStatus.textContent = err.message; });
  }

  $("call-log").addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-service")) chooseService(button.getAttribute("data-service"));
    else if (button.getAttribute("data-outcome") === "handed_over") showChoices(admins);
    else if (button.getAttribute("data-outcome") === "put_through") showChoices(places);
    else if (button.hasAttribute("data-outcome")) {
      showChoices(null);
      logCall(button.getAttribute("data-outcome"));
    } else if (button.hasAttribute("data-administration")) {
      logCall("handed_over", button.getAttribute("data-administration"));
    } else if (button.hasAttribute("data-place")) {
      logCall("put_through", button.getAttribute("data-place"));
    }
  });

  // ---- first free time, booking, moving ---------------------------------------------------
  var result = $("free-result");
  var bookForm = $("book-form");
  var bookStatus = $("book-status");
  var chosenSlot = null;
  var moving = null; // the booking being moved, when "Find new times" asked

  function when(slot) {
    var start = new Date(slot.start);
    return {
      date: start.toLocaleDateString(lang === "da" ? "da-DK" : "en-GB", {
        weekday: "long", day: "numeric", month: "long", timeZone: "Europe/Copenhagen",
      }),
      time: slot.start.slice(11, 16).replace(":", lang === "da" ? "." : ":"),
    };
  }

  function centreName(id) {
    var option = document.querySelector('#free-centre option[value="' + CSS.escape(id) + '"]');
    return option ? option.textContent : id;
  }

  function slotButton(slot) {
    var item = document.createElement("li");
    var shown = when(slot);
    var text = document.createElement("span");
    text.textContent = centreName(slot.centre) + ": " + shown.date + " " + shown.time;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button primary small";
    button.textContent = result.getAttribute(moving ? "data-move" : "data-book");
    button.addEventListener("click", function () { chooseSlot(slot); });
    item.appendChild(text);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(button);
    return item;
  }

  function showSlots(answer) {
    result.textContent = "";
    if (!answer.next.length) {
      result.textContent = result.getAttribute("data-none");
      return;
    }
    var list = document.createElement("ul");
    list.className = "slot-list";
    // Each centre's first time, then the next times (which may repeat the first ones).
    var seen = {};
    answer.centres.concat(answer.next.map(function (s) { return { first: s }; }))
      .forEach(function (entry) {
        var slot = entry.first;
        if (!slot || seen[slot.centre + slot.start]) return;
        seen[slot.centre + slot.start] = true;
        list.appendChild(slotButton(slot));
      });
    result.appendChild(list);
  }

  function findFree(service, centre) {
    var query = "?service=" + encodeURIComponent(service);
    if (centre) query += "&centre=" + encodeURIComponent(centre);
    bookForm.hidden = true;
    call("GET", "/first-free" + query)
      .then(showSlots)
      .catch(function (err) { result.textContent = err.message; });
  }

  $("free-form").addEventListener("submit", function (event) {
    event.preventDefault();
    moving = null;
    findFree($("free-service").value, $("free-centre").value);
  });

  function chooseSlot(slot) {
    chosenSlot = slot;
    if (moving) {
      call("POST", "/bookings/" + encodeURIComponent(moving) + "/move", {
        centre: slot.centre, start: slot.start,
      })
        .then(function (answer) {
          var shown = when(slot);
          bookStatus.textContent = fill(bookStatus.getAttribute("data-moved"), {
            date: shown.date, time: shown.time, centre: centreName(answer.centre),
          });
          result.textContent = "";
          moving = null;
        })
        .catch(function (err) { bookStatus.textContent = err.message; });
      return;
    }
    var shown = when(slot);
    $("book-chosen").textContent = centreName(slot.centre) + ": " + shown.date + " " + shown.time;
    bookForm.hidden = false;
    $("book-name").focus();
  }

  bookForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { service: $("free-service").value, centre: chosenSlot.centre, start: chosenSlot.start };
    ["name", "email", "phone"].forEach(function (field) {
      var value = $("book-" + field).value.trim();
      if (value) body[field] = value;
    });
    call("POST", "/bookings", body)
      .then(function (answer) {
        var shown = when(chosenSlot);
        bookStatus.textContent = fill(bookStatus.getAttribute("data-booked"), {
          service: serviceNames[answer.service] || answer.service,
          centre: centreName(answer.centre), date: shown.date, time: shown.time,
          code: answer.code,
        });
        bookForm.reset();
        bookForm.hidden = true;
        result.textContent = "";
        // The call is one tap from logged: its service is chosen, "booked" is next.
        chooseService(answer.service);
        var booked = document.querySelector('[data-outcome="booked"]');
        if (booked) booked.focus();
      })
      .catch(function (err) { bookStatus.textContent = err.message; });
  });

  // ---- a booking by its code --------------------------------------------------------------
  var found = null;
  $("code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    call("GET", "/bookings/" + encodeURIComponent($("booking-code").value.trim()))
      .then(function (answer) {
        found = answer;
        var shown = when(answer);
        $("booking-summary").textContent = [
          answer.code, answer.service_name, centreName(answer.centre), shown.date, shown.time,
          answer.name, answer.status_label,
        ].filter(Boolean).join(" · ");
        $("booking-found").hidden = false;
      })
      .catch(function (err) {
        $("booking-found").hidden = true;
        bookStatus.textContent = err.message;
      });
  });

  $("booking-move").addEventListener("click", function () {
    if (!found) return;
    moving = found.code;
    $("free-service").value = found.service;
    findFree(found.service, "");
  });

  $("booking-cancel").addEventListener("click", function () {
    if (!found) return;
    call("POST", "/bookings/" + encodeURIComponent(found.code) + "/cancel", {})
      .then(function (answer) {
        bookStatus.textContent = fill(bookStatus.getAttribute("data-cancelled"), { code: answer.code });
        $("booking-found").hidden = true;
      })
      .catch(function (err) { bookStatus.textContent = err.message; });
  });

  // ---- live waits -------------------------------------------------------------------------
  var table = $("waits-table");
  var every = Number(root.getAttribute("data-refresh-ms")) || 10000;

  function renderWaits(answer) {
    (answer.centres || []).forEach(function (centre) {
      var row = table.querySelector('tr[data-centre="' + CSS.escape(centre.id) + '"]');
      if (!row) return;
      row.setAttribute("data-reporting", centre.reporting);
      row.querySelector("[data-label=reporting]").textContent = centre.labels.reporting;
      row.querySelector("[data-label=updated]").textContent = centre.labels.updated;
      centre.services.forEach(function (queue) {
        var cell = row.querySelector('td[data-service="' + CSS.escape(queue.service) + '"]');
        if (cell && cell.textContent !== queue.label) cell.textContent = queue.label;
      });
    });
  }

  function refresh() {
    fetch(table.getAttribute("data-source"), {
      headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(renderWaits)
      .catch(function () {})
      .then(function () { setTimeout(refresh, every); });
  }
  setTimeout(refresh, every);
})();
