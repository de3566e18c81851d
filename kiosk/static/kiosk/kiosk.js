/* The kiosk's screens (start, category, ticket, errors), live waits and the idle reset.
   No citizen-facing text lives here: it comes translated from the page (#kiosk-config). */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("kiosk-config").textContent);
  const S = config.strings;
  const lang = config.lang;
  const plural = new Intl.PluralRules(lang);
  const REQUEST_TIMEOUT_MS = 10000;
  const OPENING_CHECK_MS = 60000;

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const startScreen = $("#screen-start");
  const codeField = $("#checkin-code");
  const CODE_CHARS = new Set(String(config.code_alphabet || "").split(""));
  const announcer = $("#announce");

  let current = startScreen;
  let backTarget = startScreen; // where "Back" goes from the screen now shown
  let intent = null; // one tap on a service: {service, nonce, button, from}; kept for retries
  let busy = false;
  let checkin = null; // the code being checked in: {code}; kept for a retry after a network error
  const live = {}; // service id -> {waiting, estimated_wait_minutes, stopped_today}

  // ---- text helpers ------------------------------------------------------------------------

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[ds]/g, (match, key) =>
      key in values ? String(values[key]) : match
    );
  }

  function counted(forms, n) {
    return fill(plural.select(n) === "one" ? forms.one : forms.other, { count: n });
  }

  function announce(text) {
    // Emptied first so the same sentence twice is still read out.
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  // ---- screens -----------------------------------------------------------------------------

  function show(screen, focus) {
    $$(".screen").forEach((s) => {
      s.hidden = s !== screen;
    });
    current = screen;
    window.scrollTo(0, 0);
    const heading = $("h1", screen);
    if (focus !== false && heading) heading.focus({ preventScroll: true });
  }

  function restart(focus) {
    intent = null;
    checkin = null;
    codeField.value = "";
    forgetPrint();
    announcer.textContent = "";
    backTarget = startScreen;
    show(startScreen, focus);
    loadServices();
  }

  function back() {
    const target = backTarget;
    backTarget = startScreen;
    show(target);
  }

  function openCategory(button) {
    const single = button.dataset.singleService;
    if (single) {
      // One service only: skip a screen with a single button on it.
      const serviceButton = $(`[data-service="${CSS.escape(single)}"]`);
      if (serviceButton) chooseService(serviceButton, button, startScreen);
      return;
    }
    const screen = document.getElementById("screen-category-" + button.dataset.openCategory);
    if (!screen) return;
    backTarget = startScreen;
    show(screen);
  }

  // ---- live waiting figures ----------------------------------------------------------------

  // No counter that serves it is staffed: when one opens, or that nobody can say.
  const openingTime = new Intl.DateTimeFormat(lang, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: config.timezone,
  });
  function noWaitText(note) {
    if (note && note.code === "opens_at" && note.time) {
      return fill(S.wait_opens, { time: openingTime.format(new Date(note.time)) });
    }
    return S.wait_unknown;
  }
  const noWait = (s) => s.estimated_wait_minutes === null || s.estimated_wait_minutes === undefined;

  function serviceLine(id) {
    const s = live[id];
    if (!s) return "";
    if (s.stopped_today) return S.stopped;
    if (noWait(s)) {
      return (s.waiting ? counted(S.waiting, s.waiting) : S.nobody_waiting) + " · " + noWaitText(s.wait_note);
    }
    if (!s.waiting) return S.nobody_waiting;
    return (
      counted(S.waiting, s.waiting) +
      " · " +
      fill(S.about_minutes, { minutes: s.estimated_wait_minutes || 0 })
    );
  }

  function categoryLine(ids) {
    if (ids.length === 1) return serviceLine(ids[0]);
    const known = ids.filter((id) => live[id]);
    if (!known.length) return "";
    if (known.every((id) => live[id].stopped_today)) return S.stopped;
    const total = known.reduce((sum, id) => sum + (live[id].waiting || 0), 0);
    return total ? counted(S.waiting, total) : S.nobody_waiting;
  }

  function render() {
    $$("[data-live-service]").forEach((el) => {
      if (el.closest("button").dataset.requiresAppointment) return;
      el.textContent = serviceLine(el.dataset.liveService);
    });
    $$("[data-live-category]").forEach((el) => {
      const ids = el.closest("button").dataset.walkIn.split(" ").filter(Boolean);
      if (ids.length) el.textContent = categoryLine(ids);
    });
  }

  async function loadServices() {
    try {
      const response = await fetch("/api/v1/services?lang=" + encodeURIComponent(lang), {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const body = await response.json();
      body.services.forEach((s) => {
        live[s.id] = {
          waiting: s.waiting,
          estimated_wait_minutes: s.estimated_wait_minutes,
          wait_note: s.wait_note,
          stopped_today: s.stopped_today,
        };
      });
      render();
    } catch (err) {
      // The Socket.IO snapshot fills the figures in as soon as it connects.
    }
  }

  function connectLive() {
    if (typeof window.io !== "function") return;
    const socket = window.io("/kiosk");
    socket.on("services", (figures) => {
      Object.keys(figures).forEach((id) => {
        live[id] = Object.assign({}, live[id], figures[id]);
      });
      render();
    });
    socket.on("printed", onPrinted);
  }

  // ---- taking a number ---------------------------------------------------------------------

  function newNonce() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID exists only on https/localhost; a kiosk on plain http on the LAN lands here.
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function chooseService(button, tapped, from) {
    if (busy) return;
    const service = button.dataset.service;
    if (button.dataset.requiresAppointment) {
      backTarget = from;
      show(document.getElementById("screen-appointment-" + service));
      return;
    }
    intent = { service: service, nonce: newNonce(), button: tapped || button, from: from };
    send();
  }

  function setBusy(on, button) {
    busy = on;
    [button, $("#retry")].forEach((b) => {
      if (!b) return;
      b.disabled = on;
      if (on) b.setAttribute("aria-busy", "true");
      else b.removeAttribute("aria-busy");
    });
  }

  async function send() {
    if (!intent || busy) return;
    const mine = intent;
    const button = current === $("#screen-error") ? $("#retry") : mine.button;
    setBusy(true, button);
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let outcome;
    try {
      const response = await fetch("/api/v1/tickets", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ service: mine.service, language: lang, nonce: mine.nonce }),
        signal: controller.signal,
      });
      let body = null;
      try {
        body = await response.json();
      } catch (err) {
        body = null;
      }
      if (response.ok && body && body.number) {
        outcome = { ticket: body };
      } else if (body && body.error && body.error.message) {
        // 5xx means nothing was saved (or the nonce finds it again): trying again is safe.
        outcome = { error: body.error, retry: response.status >= 500 };
      } else {
        outcome = { error: null, retry: true };
      }
    } catch (err) {
      outcome = { error: null, retry: true };
    } finally {
      window.clearTimeout(timer);
      setBusy(false, button);
    }
    if (intent !== mine) return; // the kiosk was reset while the request ran
    if (outcome.ticket) {
      intent = null;
      showTicket(outcome.ticket);
    } else if (outcome.error && outcome.error.code === "appointment_required") {
      const screen = document.getElementById("screen-appointment-" + mine.service);
      if (screen) {
        backTarget = mine.from;
        show(screen);
      } else {
        showError(outcome.error.message, false);
      }
    } else {
      showError(outcome.error ? outcome.error.message : S.network, outcome.retry);
    }
  }

  function showError(message, canRetry) {
    $("#error-message").textContent = message;
    $("#retry").hidden = !canRetry;
    show($("#screen-error"));
    announce(message);
  }

  function showTicket(ticket) {
    const screen = $("#screen-ticket");
    screen.dataset.ticketId = ticket.id;
    screen.dataset.number = ticket.number;
    $("#ticket-number").textContent = ticket.number;
    $("#ticket-service").textContent = ticket.service_name;
    const ahead = ticket.position > 0 ? counted(S.ahead, ticket.position) : S.next;
    const wait = ticket.wait_note
      ? noWaitText(ticket.wait_note)
      : ticket.position > 0 && ticket.estimated_wait_minutes > 0
        ? fill(S.wait, { minutes: ticket.estimated_wait_minutes })
        : "";
    $("#ticket-ahead").textContent = ahead;
    $("#ticket-wait").textContent = wait;
    $("#ticket-wait").hidden = !wait;
    const appointment = appointmentLine(ticket.appointment);
    $("#ticket-appointment").textContent = appointment;
    $("#ticket-appointment").hidden = !appointment;
    // An appointment is called at its time: no queue position to speak of.
    $("#ticket-ahead").hidden = Boolean(appointment);
    if (appointment) {
      $("#ticket-wait").textContent = S.called_at_time;
      $("#ticket-wait").hidden = false;
    }
    // The phone link may use the public address; the QR image is served by this centre.
    const token = new URL(ticket.status_url, window.location.href).pathname
      .split("/")
      .filter(Boolean)
      .pop();
    $("#ticket-qr").src = "/t/" + encodeURIComponent(token) + "/qr.svg";
    show(screen);
    // After the screen shows: a live region that is hidden when it changes is not read out.
    watchPrint(ticket);
    const lines = appointment ? [appointment, S.called_at_time] : [ahead, wait];
    announce(
      [fill(S.announce, { number: ticket.number }), ticket.service_name].concat(lines)
        .filter(Boolean)
        .join(" ")
    );
  }

  // ---- checking in for a booked time ----------------------------------------------------------

  // A clock time as the language writes it: "10.30" in Danish, "10:30" in English.
  const clockFormat = new Intl.DateTimeFormat(lang === "da" ? "da-DK" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  });

  function appointmentLine(appointment) {
    if (!appointment || typeof appointment.start !== "string") return "";
    // The server sends the centre's local time with its offset: its clock digits are the time
    // (formatted as UTC so that the kiosk machine's own zone cannot shift them).
    const found = /T(\d{2}):(\d{2})/.exec(appointment.start);
    if (!found) return "";
    const digits = new Date(Date.UTC(2000, 0, 1, Number(found[1]), Number(found[2])));
    return fill(S.your_time, { time: clockFormat.format(digits) });
  }

  function cleanCode(text) {
    return String(text || "")
      .toUpperCase()
      .replace(/[\s-]/g, "");
  }

  function openCheckin() {
    codeField.value = "";
    backTarget = startScreen;
    show($("#screen-checkin"));
  }

  function pressKey(key) {
    if (codeField.value.length < 20) codeField.value += key;
  }

  function backspace() {
    codeField.value = codeField.value.slice(0, -1);
  }

  async function sendCheckin(button) {
    if (!checkin || busy) return;
    const mine = checkin;
    setBusy(true, button);
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let outcome;
    try {
      const response = await fetch("/api/v1/checkins", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ code: mine.code, language: lang }),
        signal: controller.signal,
      });
      let body = null;
      try {
        body = await response.json();
      } catch (err) {
        body = null;
      }
      if (response.ok && body && body.number) outcome = { ticket: body };
      else if (body && body.error && body.error.message) {
        // The same code again soon gives the same ticket back: a retry after 5xx is safe.
        outcome = { error: body.error, retry: response.status >= 500 };
      } else outcome = { error: null, retry: true };
    } catch (err) {
      outcome = { error: null, retry: true };
    } finally {
      window.clearTimeout(timer);
      setBusy(false, button);
    }
    if (checkin !== mine) return; // the kiosk was reset while the request ran
    if (outcome.ticket) {
      checkin = null;
      codeField.value = "";
      showTicket(outcome.ticket);
    } else {
      showCheckinError(outcome.error, outcome.retry);
    }
  }

  function showCheckinError(error, canRetry) {
    const message = error ? error.message : S.network;
    $("#checkin-error-message").textContent = message;
    const walkIn = $("#walk-in");
    const offer = error && error.offer === "walk_in" && error.service ? error.service : "";
    walkIn.dataset.offerService = offer;
    walkIn.hidden = !offer;
    $("#checkin-retry").hidden = !canRetry;
    backTarget = $("#screen-checkin");
    show($("#screen-checkin-error"));
    announce(message);
  }

  function checkIn(code, button) {
    const cleaned = cleanCode(code);
    if (!cleaned || busy) return;
    checkin = { code: cleaned };
    intent = null;
    sendCheckin(button);
  }

  function takeWalkIn(button) {
    const service = button.dataset.offerService;
    if (!service || busy) return;
    checkin = null;
    intent = { service: service, nonce: newNonce(), button: button, from: startScreen };
    send();
  }

  // ---- the keyboard-wedge scanner ----------------------------------------------------------
  // A USB scanner types the code a few ms a key and ends with Enter. Such a burst is taken
  // as a check-in on any screen; people typing (slowly) never make one.

  const BURST_GAP_MS = 50;
  const MIN_CODE = 4;
  let burst = "";
  let burstAt = 0;

  function onWedgeKey(event) {
    if (event.target === codeField || event.ctrlKey || event.altKey || event.metaKey) return;
    const now = performance.now();
    const quick = now - burstAt < BURST_GAP_MS;
    if (event.key === "Enter") {
      const code = cleanCode(burst);
      const isCode = quick && code.length >= MIN_CODE && [...code].every((c) => CODE_CHARS.has(c));
      burst = "";
      if (!isCode) return;
      // The Enter belongs to the scan: it must not also press the focused button.
      event.preventDefault();
      event.stopPropagation();
      checkIn(code, null);
      return;
    }
    if (event.key.length !== 1) return;
    burst = quick ? burst + event.key : event.key;
    burstAt = now;
  }

  // ---- the paper copy --------------------------------------------------------------------------
  // The server says how each print went ("printed" on /kiosk, for every kiosk: the number only,
  // which the waiting-room screens show anyway). The news can beat the ticket's own answer, so
  // it is kept for a minute by number (numbers start again each day).

  const PRINT_WAIT_MS = Math.max(1, Number(config.print_wait_seconds) || 4) * 1000;
  const NEWS_KEPT_MS = 60000;
  const printNews = new Map(); // ticket number -> {ok, error, at}
  let printTimer = null;
  let printFor = null; // the ticket number whose paper copy the ticket screen speaks of
  let printState = null; // pending | ok | failed

  function keepNews(news) {
    printNews.delete(news.number);
    printNews.set(news.number, { ok: news.ok, error: news.error, at: Date.now() });
    if (printNews.size > 50) printNews.delete(printNews.keys().next().value);
  }

  function freshNews(number) {
    const news = printNews.get(number);
    return news && Date.now() - news.at < NEWS_KEPT_MS ? news : null;
  }

  function setPrint(kind, error) {
    // Once the paper copy is out, a later failure (a reprint) does not take that back.
    if (printState === "ok" && kind !== "ok") return;
    printState = kind;
    let text = S.printing;
    if (kind === "ok") text = S.printed;
    else if (kind === "failed") text = (error === "paper_out" ? S.paper_out + " " : "") + S.not_printed;
    const line = $("#ticket-print");
    if (line.textContent !== text) line.textContent = text;
    $("#screen-ticket").dataset.print = kind;
  }

  function settlePrint(news) {
    window.clearTimeout(printTimer);
    setPrint(news.ok ? "ok" : "failed", news.error);
  }

  function onPrinted(news) {
    if (!news || typeof news.number !== "string") return;
    keepNews(news);
    if (news.number === printFor) settlePrint(news);
  }

  function watchPrint(ticket) {
    window.clearTimeout(printTimer);
    printFor = ticket.number;
    printState = null;
    const known = freshNews(ticket.number);
    if (known) {
      settlePrint(known);
      return;
    }
    const printer = ticket.printer;
    if (printer && (printer.paper === "out" || printer.error === "paper_out")) {
      setPrint("failed", "paper_out");
    } else if (printer && printer.online === false) {
      setPrint("failed", printer.error);
    } else {
      setPrint("pending");
      // No news in time: the printer or the live connection is in trouble. Say so plainly.
      printTimer = window.setTimeout(() => {
        if (printFor === ticket.number && printState === "pending") setPrint("failed", null);
      }, PRINT_WAIT_MS);
    }
  }

  function forgetPrint() {
    window.clearTimeout(printTimer);
    printFor = null;
    printState = null;
    $("#ticket-print").textContent = "";
    delete $("#screen-ticket").dataset.print;
  }

  // ---- idle reset and opening hours --------------------------------------------------------

  const idleMs = Math.max(5, Number(config.idle_seconds) || 30) * 1000;
  let idleTimer = null;

  function danishStart() {
    const url = new URL(window.location.href);
    url.searchParams.set("lang", "da");
    url.hash = "";
    return url.toString();
  }

  function onIdle() {
    if (lang !== "da") {
      window.location.replace(danishStart());
      return;
    }
    if (current !== startScreen) restart(false);
    armIdle();
  }

  function armIdle() {
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(onIdle, idleMs);
  }

  async function checkOpening() {
    // The start screen was drawn open or closed; redraw it when that changes.
    if (current !== startScreen || busy) return;
    try {
      const response = await fetch("/api/v1/centre", { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      if (body.opening && body.opening.open !== config.open && current === startScreen) {
        window.location.reload();
      }
    } catch (err) {
      // Offline for a moment: try again at the next check.
    }
  }

  // ---- wiring --------------------------------------------------------------------------------

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    // Codes have double letters: each tap on a key counts.
    if (button.dataset.key) {
      pressKey(button.dataset.key);
      return;
    }
    // The second tap of a double tap must not press what appeared under the finger.
    if (event.detail > 1) return;
    if (button.dataset.openCategory) openCategory(button);
    else if (button.dataset.service) chooseService(button, button, current);
    else if (button.dataset.action === "back") back();
    else if (button.dataset.action === "restart") restart();
    else if (button.dataset.action === "retry") send();
    else if (button.dataset.action === "checkin") openCheckin();
    else if (button.dataset.action === "backspace") backspace();
    else if (button.dataset.action === "checkin-retry") sendCheckin(button);
    else if (button.dataset.action === "walk-in") takeWalkIn(button);
  });

  $("#checkin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    checkIn(codeField.value, $("#checkin-ok"));
  });
  codeField.addEventListener("input", () => {
    const cleaned = cleanCode(codeField.value);
    if (cleaned !== codeField.value) codeField.value = cleaned;
  });
  document.addEventListener("keydown", onWedgeKey, { capture: true });

  ["pointerdown", "keydown", "touchstart", "wheel"].forEach((type) => {
    document.addEventListener(type, armIdle, { capture: true, passive: true });
  });
  // A long press on a touch screen must not open a menu.
  document.addEventListener("contextmenu", (event) => event.preventDefault());

  armIdle();
  loadServices();
  connectLive();
  window.setInterval(checkOpening, OPENING_CHECK_MS);
  document.documentElement.dataset.ready = "";
})();
