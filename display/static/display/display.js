/* The waiting-room screen: renders the /display snapshot and pushes, announces each call. */
(function () {
  "use strict";

  var strings = JSON.parse(document.getElementById("display-strings").textContent);
  var config = JSON.parse(document.getElementById("display-config").textContent);
  var HIGHLIGHT_MS = 6000;

  var els = {
    centre: document.querySelector(".display-centre"),
    latest: document.getElementById("latest"),
    idle: document.getElementById("latest-idle"),
    number: document.getElementById("latest-number"),
    arrow: document.getElementById("latest-arrow"),
    counter: document.getElementById("latest-counter"),
    recent: document.getElementById("recent"),
    waiting: document.getElementById("waiting"),
    connection: document.getElementById("connection"),
    connectionText: document.getElementById("connection-text"),
    clock: document.getElementById("clock"),
    sound: document.getElementById("sound-on"),
    hours: document.getElementById("hours"),
  };

  // Newest first; the first one is the big call, the rest the recent list.
  var calls = [];
  var highlightTimer = null;

  function counterLabel(counter) {
    return strings.counter.replace("{counter}", counter);
  }

  function span(className, text, hidden) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    if (hidden) el.setAttribute("aria-hidden", "true");
    return el;
  }

  function renderLatest(highlight) {
    var call = calls[0];
    els.idle.hidden = Boolean(call);
    els.arrow.hidden = !call;
    els.number.textContent = call ? call.number : "";
    els.counter.textContent = call ? counterLabel(call.counter) : "";
    if (highlight) {
      // Restart the animation even when the same number is called again.
      els.latest.classList.remove("is-new");
      void els.latest.offsetWidth;
      els.latest.classList.add("is-new");
      clearTimeout(highlightTimer);
      highlightTimer = setTimeout(function () {
        els.latest.classList.remove("is-new");
      }, HIGHLIGHT_MS);
    }
  }

  function renderRecent() {
    var items = calls.slice(1, 1 + config.recent).map(function (call) {
      var li = document.createElement("li");
      li.className = "display-recent-item";
      li.appendChild(span("display-recent-number", call.number));
      li.appendChild(span("display-arrow", "→", true));
      li.appendChild(span("display-recent-counter", counterLabel(call.counter)));
      return li;
    });
    els.recent.replaceChildren.apply(els.recent, items);
  }

  function renderCalls(highlight) {
    renderLatest(highlight);
    renderRecent();
  }

  /** A wait only where it means something: people wait and a staffed counter serves them. */
  function waitText(figures) {
    if (!figures || !figures.waiting) return "";
    if (figures.estimated_wait_minutes === null) return figures.wait_note ? strings.no_counter : "";
    if (!figures.estimated_wait_minutes) return "";
    // The range a ticket taken now is given, as the kiosk's button and the ticket show it.
    var range = figures.estimated_wait_range;
    if (range) return strings.about_range.replace("{low}", range[0]).replace("{high}", range[1]);
    return strings.about_minutes.replace("{n}", figures.estimated_wait_minutes);
  }

  function renderWaiting(waiting) {
    els.waiting.querySelectorAll("[data-service]").forEach(function (row) {
      var figures = waiting[row.getAttribute("data-service")];
      row.querySelector("[data-count]").textContent = figures ? String(figures.waiting) : "0";
      var wait = row.querySelector("[data-wait]");
      wait.textContent = waitText(figures);
      wait.classList.toggle("is-note", Boolean(figures && figures.estimated_wait_minutes === null));
    });
  }

  // --- opening hours: today's, or when the centre next opens, in the centre's zone ---------
  var lang = document.documentElement.lang || "da";
  var timeFormat = new Intl.DateTimeFormat(lang, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: config.timezone,
  });
  var dayFormat = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: config.timezone });
  var dateKey = new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone });
  var hoursTimer = null;

  function at(iso) {
    return timeFormat.format(new Date(iso));
  }

  function renderHours(opening) {
    clearTimeout(hoursTimer);
    if (!opening || !opening.now) {
      els.hours.textContent = "";
      return;
    }
    var text;
    var today = opening.today || [];
    var allDay = today.length === 1 && at(today[0].opens) === at(today[0].closes);
    if (opening.open && allDay) {
      // Open round the clock: "open all day", as the kiosk says it, not "00.00–24.00".
      text = strings.open_all_day;
    } else if (opening.open) {
      var spans = (opening.today || []).map(function (p) {
        // Open until midnight is written "24.00", as the opening hours say it.
        var closes = at(p.closes).replace(/^00(\D)00$/, "24$100");
        return at(p.opens) + "–" + closes;
      });
      text = strings.open_today.replace("{hours}", spans.join(", "));
    } else if (opening.opens_at) {
      var sameDay = dateKey.format(new Date(opening.opens_at)) === dateKey.format(new Date(opening.now));
      text = sameDay
        ? strings.opens_today.replace("{time}", at(opening.opens_at))
        : strings.opens_on.replace("{day}", dayFormat.format(new Date(opening.opens_at))).replace("{time}", at(opening.opens_at));
    } else {
      text = strings.closed_today;
    }
    els.hours.textContent = text;
    els.hours.setAttribute("data-open", opening.open ? "true" : "false");
    // Nothing is pushed when the centre opens or closes: ask again just after, on the
    // server's clock (the screen's own clock may be off).
    var next = opening.open ? opening.closes_at : opening.opens_at;
    if (next) {
      var delay = Date.parse(next) - Date.parse(opening.now) + 1000;
      hoursTimer = setTimeout(function () {
        socket.emit("refresh");
      }, Math.min(Math.max(delay, 1000), 86400000));
    }
  }

  function addCall(call) {
    var rest = calls.filter(function (c) {
      return c.number !== call.number;
    });
    calls = [call].concat(rest).slice(0, 1 + config.recent);
  }

  function setConnection(state) {
    els.connection.setAttribute("data-state", state);
    els.connectionText.textContent = strings[state];
  }

  // --- clock: the centre's time zone, whatever the machine's zone is; shown as the page's
  // language writes a time ("15.50" in Danish, "15:50" in the others), with "HH:MM" for the
  // datetime attribute ---------------------------------------------------------------------
  function clockIn(locale) {
    return new Intl.DateTimeFormat(locale, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: config.timezone,
    });
  }
  // Danish alone writes "15.50"; every other citizen language "15:50" (TIME_PATTERNS).
  var shownClock = clockIn(document.documentElement.lang === "da" ? "da-DK" : "en-GB");
  var machineClock = clockIn("en-GB");

  function tick() {
    var now = new Date();
    els.clock.textContent = shownClock.format(now);
    els.clock.setAttribute("datetime", machineClock.format(now));
  }
  tick();
  setInterval(tick, 1000);

  // --- sound ------------------------------------------------------------------------------
  var announcer = new window.DisplayAnnouncer({
    speech: config.speech,
    onSoundBlocked: function (blocked) {
      els.sound.hidden = !blocked;
    },
  });
  announcer.prepare();
  els.sound.addEventListener("click", function () {
    announcer.unlock();
  });

  // --- live data --------------------------------------------------------------------------
  var socket = window.io("/display", {
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 5000,
  });

  socket.on("connect", function () {
    setConnection("connected");
  });
  socket.on("disconnect", function (reason) {
    setConnection("reconnecting");
    // The client does not retry by itself after the server closed the socket on purpose.
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", function () {
    setConnection("reconnecting");
    // A refused connection is not retried automatically either: keep trying forever.
    if (!socket.active) {
      setTimeout(function () {
        socket.connect();
      }, 5000);
    }
  });

  socket.on("state", function (state) {
    if (state.centre && state.centre.name) els.centre.textContent = state.centre.name;
    calls = (state.calls || []).slice(0, 1 + config.recent);
    renderCalls(false);
    renderWaiting(state.waiting || {});
    renderHours(state.opening);
  });
  socket.on("ticket_called", function (call) {
    addCall(call);
    renderCalls(true);
    announcer.announce(call);
  });
  socket.on("queue", function (queue) {
    renderWaiting(queue.waiting || {});
  });

  // For tests and for a technician's console.
  window.enindgangDisplay = { socket: socket, announcer: announcer };
})();
