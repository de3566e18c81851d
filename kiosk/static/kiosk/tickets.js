/* Taking a number: one tap on a service sends one request (with a nonce kept for retries),
   and the answer becomes the ticket screen or a plain sentence. */
(function () {
  "use strict";

  const K = window.Kiosk;
  const { S, $, fill, counted, state } = K;

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

  function setBusy(on, button) {
    state.busy = on;
    [button, $("#retry")].forEach((b) => {
      if (!b) return;
      b.disabled = on;
      if (on) b.setAttribute("aria-busy", "true");
      else b.removeAttribute("aria-busy");
    });
  }

  /* POST JSON with a time limit: {ticket} on success, else {error, retry}. 5xx means nothing
     was saved (or the nonce or code finds it again): trying again is safe. */
  async function post(url, payload, button) {
    setBusy(true, button);
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), K.REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      let body = null;
      try {
        body = await response.json();
      } catch (err) {
        body = null;
      }
      if (response.ok && body && body.number) return { ticket: body };
      if (body && body.error && body.error.message) {
        return { error: body.error, retry: response.status >= 500 };
      }
      return { error: null, retry: true };
    } catch (err) {
      return { error: null, retry: true };
    } finally {
      window.clearTimeout(timer);
      setBusy(false, button);
    }
  }

  function chooseService(button, tapped, from) {
    if (state.busy) return;
    const service = button.dataset.service;
    if (button.dataset.requiresAppointment) {
      state.backTarget = from;
      K.show(document.getElementById("screen-appointment-" + service));
      showNextFree(service);
      return;
    }
    state.intent = { service: service, nonce: newNonce(), button: tapped || button, from: from };
    send();
  }

  async function send() {
    const mine = state.intent;
    if (!mine || state.busy) return;
    const button = state.current === $("#screen-error") ? $("#retry") : mine.button;
    const payload = { service: mine.service, language: K.lang, nonce: mine.nonce };
    const outcome = await post("/api/v1/tickets", payload, button);
    if (state.intent !== mine) return; // the kiosk was reset while the request ran
    if (outcome.ticket) {
      state.intent = null;
      showTicket(outcome.ticket);
    } else if (
      outcome.error &&
      (outcome.error.code === "appointment_required" || outcome.error.code === "no_tax_secondee")
    ) {
      const kind = outcome.error.code === "no_tax_secondee" ? "no-tax" : "appointment";
      const screen = document.getElementById("screen-" + kind + "-" + mine.service);
      if (screen) {
        state.backTarget = mine.from;
        K.show(screen);
        if (kind === "appointment") showNextFree(mine.service);
      } else {
        showError(outcome.error.message, false);
      }
    } else {
      showError(outcome.error ? outcome.error.message : S.network, outcome.retry);
    }
  }

  /* The next free booked time under the booking QR code, asked of central through the centre;
     left out when there is none soon or central does not answer. */
  async function showNextFree(service) {
    const line = document.querySelector('[data-next-free="' + service + '"]');
    if (!line) return;
    line.hidden = true;
    try {
      const response = await fetch(
        "/kiosk/book/" + encodeURIComponent(service) + "/next?lang=" + encodeURIComponent(K.lang),
        { headers: { Accept: "application/json" } },
      );
      const body = response.ok ? await response.json() : null;
      if (body && body.text) {
        line.textContent = body.text;
        line.hidden = false;
      }
    } catch (err) {
      // The QR code and the address are enough to book.
    }
  }

  function takeWalkIn(button) {
    const service = button.dataset.offerService;
    if (!service || state.busy) return;
    state.checkin = null;
    state.intent = { service: service, nonce: newNonce(), button: button, from: K.startScreen };
    send();
  }

  function showError(message, canRetry) {
    $("#error-message").textContent = message;
    $("#retry").hidden = !canRetry;
    K.show($("#screen-error"));
    K.announce(message);
  }

  function appointmentLine(appointment) {
    if (!appointment || typeof appointment.start !== "string") return "";
    // The server sends the centre's local time with its offset: its clock digits are the time.
    const found = /T(\d{2}):(\d{2})/.exec(appointment.start);
    if (!found) return "";
    const digits = new Date(Date.UTC(2000, 0, 1, Number(found[1]), Number(found[2])));
    return fill(S.your_time, { time: K.digitsClock.format(digits) });
  }

  function showTicket(ticket) {
    const screen = $("#screen-ticket");
    screen.dataset.ticketId = ticket.id;
    screen.dataset.number = ticket.number;
    $("#ticket-number").textContent = ticket.number;
    $("#ticket-service").textContent = ticket.service_name;
    const ahead = ticket.position > 0 ? counted(S.ahead, ticket.position) : S.next;
    // The range the ticket row keeps as shown ("about 10–15 minutes"), or why there is none.
    const range = ticket.estimated_wait_range;
    const wait = ticket.wait_note
      ? K.noWaitText(ticket.wait_note)
      : range
        ? fill(S.wait, { low: range[0], high: range[1] })
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
    K.show(screen);
    // After the screen shows: a live region that is hidden when it changes is not read out.
    K.watchPrint(ticket);
    const lines = appointment ? [appointment, S.called_at_time] : [ahead, wait];
    K.announce(
      [fill(S.announce, { number: ticket.number }), ticket.service_name]
        .concat(lines)
        .filter(Boolean)
        .join(" ")
    );
  }

  Object.assign(K, {
    post: post,
    chooseService: chooseService,
    send: send,
    takeWalkIn: takeWalkIn,
    showTicket: showTicket,
  });
})();
