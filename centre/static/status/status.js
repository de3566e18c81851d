/* Keeps the ticket status page live: Socket.IO pushes, with a slow poll as a safety net. */
(function () {
  "use strict";

  var POLL_MS = 30000;
  var VIBRATION = [400, 150, 400, 150, 700];

  var data = JSON.parse(document.getElementById("status-data").textContent);
  var strings = data.strings;
  var ticket = data.ticket;
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
  var els = {
    number: document.getElementById("ticket-number"),
    service: document.getElementById("ticket-service"),
    turn: document.getElementById("turn"),
    word: document.getElementById("status-word"),
    ahead: document.getElementById("ahead"),
    wait: document.getElementById("wait"),
    message: document.getElementById("message"),
  };
  var baseTitle = document.title;

  function fill(template, t) {
    return String(template || "")
      .replace("{counter}", t.counter == null ? "" : t.counter)
      .replace("{n}", t.position)
      .replace("{low}", t.estimated_wait_range ? t.estimated_wait_range[0] : "")
      .replace("{high}", t.estimated_wait_range ? t.estimated_wait_range[1] : "");
  }

  /** Change text only when it differs, so live regions speak only about real changes. */
  function setText(el, text) {
    el.hidden = !text;
    if (el.textContent !== text) el.textContent = text;
  }

  function aheadText(t) {
    if (t.position == null) return "";
    if (t.position === 0) return strings.next;
    // Danish and English name "one" or "other"; Arabic also "zero", "two", "few", "many".
    var category = plural ? plural.select(t.position) : t.position === 1 ? "one" : "other";
    return fill(strings.ahead[category] || strings.ahead.other, t);
  }

  var timeFormat = window.Intl
    ? new Intl.DateTimeFormat(document.documentElement.lang, {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: data.timezone,
      })
    : null;

  /** The wait, or, while no counter that serves it is staffed, the sentence saying so. */
  function waitText(t) {
    var note = t.wait_note;
    if (!note) return t.estimated_wait_range ? fill(strings.wait, t) : "";
    if (note.code === "opens_at" && note.time && timeFormat) {
      return strings.wait_opens.replace("{time}", timeFormat.format(new Date(note.time)));
    }
    return strings.wait_unknown;
  }

  function renderTurn(t) {
    var text = t.status === "called" ? fill(strings.turn, t) : "";
    var current = els.turn.textContent.trim();
    if (current === text) return;
    els.turn.replaceChildren();
    if (text) {
      var p = document.createElement("p");
      p.className = "status-turn-text";
      p.textContent = text;
      els.turn.appendChild(p);
    }
  }

  function render(t) {
    var becameCalled = t.status === "called" && ticket.status !== "called";
    ticket = t;
    document.body.className = document.body.className.replace(/\bstatus-[a-z_]+\b/g, "").trim();
    document.body.classList.add("status-page", "status-" + t.status);
    setText(els.number, t.number);
    if (data.services[t.service]) setText(els.service, data.services[t.service]);
    renderTurn(t);
    setText(els.word, strings.status[t.status] || t.status);
    var waiting = t.status === "waiting";
    setText(els.ahead, waiting ? aheadText(t) : "");
    setText(els.wait, waiting ? waitText(t) : "");
    setText(els.message, fill(strings.message[t.status], t));
    document.title = t.status === "called" ? fill(strings.turn, t) : baseTitle;
    if (becameCalled && navigator.vibrate) navigator.vibrate(VIBRATION);
    // Others on the page (the question after a finished visit) follow the ticket too.
    document.dispatchEvent(new CustomEvent("ticket-status", { detail: t }));
  }

  // --- pushes -----------------------------------------------------------------------------
  var lastPush = 0;
  var socket = window.io("/ticket", {
    auth: { ticket: ticket.id },
    reconnectionAttempts: Infinity,
    reconnectionDelayMax: 5000,
  });
  socket.on("ticket", function (t) {
    lastPush = Date.now();
    render(t);
  });

  // --- the safety net: a poll every 30 s and whenever the phone shows the page again ---------
  function poll() {
    var started = Date.now();
    fetch("/api/v1/tickets/" + encodeURIComponent(ticket.id), {
      headers: { Accept: "application/json" },
      cache: "no-store",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (t) {
        // A push that arrived while the poll was under way is newer: keep it.
        if (t && lastPush <= started) render(t);
      })
      .catch(function () {});
  }
  setInterval(poll, POLL_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
  });

  render(ticket);
})();
