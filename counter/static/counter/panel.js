/* Staff client, counter panel: the current ticket, actions and shortcuts, the own queue and
   parked tickets (the transfer dialog is transfer.js).

   Every action button keeps its place in every state (disabled, never hidden), and a tap
   within TAP_GUARD_MS of the previous one is ignored (one in flight is ignored anyway): the
   second tap of a double tap must not do what the first one made possible, such as finishing
   the citizen "Finish and call next" just called. */
window.Staff.panel = (function (Staff) {
  "use strict";

  const { S, state, $, $$, fmt, h, setText, serviceName, counterName, minutes, waitedNow } = Staff;
  const { byUrgency, noteTags, syncRows, say, showError, clearErrors, api } = Staff;

  const TAP_GUARD_MS = 600;
  let quietUntil = 0;

  /** False for an action that follows the previous one too closely to be meant. */
  function guardPassed() {
    const now = performance.now();
    if (now < quietUntil) return false;
    quietUntil = now + TAP_GUARD_MS;
    return true;
  }

  /** A tap or click (detail > 0) passes the guard. A click without a pointer (detail 0) is a
      shortcut key, which passed it in onKey, or Enter/Space on a focused button: deliberate. */
  function tapAllowed(event) {
    if (!event || !event.detail) return true;
    return guardPassed();
  }

  // ---- the counter panel -----------------------------------------------------------------

  async function loadCounter() {
    if (state.busy) {
      state.refreshDeferred = true;
      return;
    }
    const seq = ++state.counterSeq;
    try {
      const answer = await api("GET", "/counter");
      if (seq === state.counterSeq && !state.busy) renderCounter(answer);
    } catch (err) {
      showError(err);
    }
  }

  async function loadMyQueue() {
    try {
      const answer = await api("GET", "/queue");
      state.myQueue = answer.tickets;
      state.myQueueAt = Date.now();
      renderMyQueue();
    } catch (err) {
      showError(err);
    }
  }

  function ticketOpen() {
    return Boolean(state.counter && state.counter.ticket);
  }

  function counterFree() {
    return Boolean(state.counter) && !ticketOpen() && state.counter.counter.state === "open";
  }

  function renderCounter(answer) {
    state.counter = answer;
    const ticket = answer.ticket;
    const onBreak = answer.counter.state === "break";
    const onPhone = answer.counter.state === "phone";
    setText($("#cur-number"), ticket ? ticket.number : "");
    setText($("#cur-service"), ticket ? serviceName(ticket.service) : "");
    $("#cur-facts").hidden = !ticket;
    $("#cur-priority").hidden = !(ticket && ticket.priority);
    if (ticket) {
      setText($("#cur-status"), S.status[ticket.status] || ticket.status);
      const waited =
        ticket.called_at && ticket.arrived_at
          ? Math.max(0, Math.round((new Date(ticket.called_at) - new Date(ticket.arrived_at)) / 60000))
          : 0;
      setText($("#cur-waited"), minutes(waited));
      setText($("#cur-calls"), String(ticket.call_count));
    }
    setText($("#cur-empty"), ticket ? "" : onBreak ? S.on_break_note : onPhone ? S.on_phone_note : S.no_ticket);
    setText(
      $("#counter-state"),
      counterName(answer.counter.id) + " · " + (S.counter_state[answer.counter.state] || "")
    );
    renderParked(answer.parked || []);
    if (Staff.calls) Staff.calls.show(onPhone); // calls.js
    updateButtons();
    renderMyQueue();
  }

  function updateButtons() {
    const answer = state.counter;
    const status = answer && answer.ticket ? answer.ticket.status : null;
    const onBreak = Boolean(answer) && answer.counter.state === "break";
    const onPhone = Boolean(answer) && answer.counter.state === "phone";
    const free = counterFree();
    const active = document.activeElement;
    const allowed = {
      "call-next": free,
      recall: status === "called",
      start: status === "called",
      finish: status === "called" || status === "serving",
      "finish-next": status === "called" || status === "serving",
      "no-show": status === "called",
      park: status === "called" || status === "serving",
      transfer: status === "called" || status === "serving",
      outcome: status === "called" || status === "serving",
      break: free,
      resume: onBreak,
      phone: free,
      "phone-end": onPhone,
    };
    $$(".act").forEach((button) => {
      button.disabled = !allowed[button.dataset.action];
    });
    // The ticket the outcome panel was for is gone (finished, or the counter changed).
    if (!allowed.outcome && Staff.outcome) Staff.outcome.close();
    // A button that just became unusable loses focus: hand it to the next sensible action.
    if (active && active.classList && active.classList.contains("act") && (active.disabled || active.hidden)) {
      focusNextAction();
    }
    $$("#my-queue button, #parked button").forEach((button) => (button.disabled = !free));
  }

  function focusNextAction() {
    const next = ["start", "finish", "call-next", "resume", "phone-end"]
      .map((name) => $(`.act[data-action="${name}"]`))
      .find((button) => !button.disabled && !button.hidden);
    (next || $("#current-title")).focus();
  }

  function renderParked(parked) {
    const list = $("#parked");
    const free = counterFree();
    list.replaceChildren(
      ...parked.map((t) =>
        h("li", {}, [
          h("span", { className: "num", text: t.number }),
          h("span", { text: serviceName(t.service) }),
          h(
            "button",
            {
              type: "button",
              className: "btn btn-small",
              "data-unpark": t.id,
              "aria-label": fmt(S.call_back_ticket, { number: t.number }),
              disabled: !free,
              onclick: (event) => tapAllowed(event) && callTicket("unpark", t),
            },
            [S.call_back]
          ),
        ])
      )
    );
    setText($("#parked-empty"), parked.length ? "" : S.no_parked);
  }

  function renderMyQueue() {
    if (!state.me || !state.me.counter) return;
    const waiting = state.myQueue
      .filter((t) => t.status === "waiting")
      .sort(byUrgency(state.me.staff.username, state.me.counter));
    const free = counterFree();
    syncRows($("#my-queue tbody"), waiting, (t) => t.id, (t) =>
      h("tr", { className: t.priority ? "priority" : "", "data-number": t.number }, [
        h("th", { scope: "row", className: "num", text: t.number }),
        // The notes (priority, meant for someone) sit under the service: one column fewer
        // keeps the Call buttons inside the card at 1280 px in every language.
        h("td", {}, [h("span", { className: "q-name", text: serviceName(t.service) }), ...noteTags(t)]),
        h("td", { text: minutes(waitedNow(t, state.myQueueAt)) }),
        h("td", {}, [
          h(
            "button",
            {
              type: "button",
              className: "btn btn-small",
              "aria-label": fmt(S.call_ticket, { number: t.number }),
              disabled: !free,
              onclick: (event) => tapAllowed(event) && callTicket("call", t),
            },
            [S.call]
          ),
        ]),
      ])
    );
    setText($("#my-queue-empty"), waiting.length ? "" : S.nobody_waiting_list);
    $("#my-queue").hidden = !waiting.length;
    const counts = {};
    waiting.forEach((t) => (counts[t.service] = (counts[t.service] || 0) + 1));
    $("#my-counts").replaceChildren(
      ...Object.entries(counts)
        .sort((a, b) => b[1] - a[1] || serviceName(a[0]).localeCompare(serviceName(b[0])))
        .map(([service, n]) => h("li", { text: serviceName(service) + ": " + n }))
    );
  }

  const DONE_MESSAGES = {
    recall: "recalled_msg",
    start: "started_msg",
    "no-show": "no_show_msg",
    park: "parked_msg",
  };

  /** Post a counter action and show its answer; an error shows at `errorWhere` (default the
      page's error line). Resolves to the answer, or null when it was refused. */
  async function runCounterAction(path, body, message, errorWhere) {
    if (state.busy) return null;
    state.busy = true;
    state.counterSeq++; // answers to earlier reads are older than this one: drop them
    $("#counter-view").setAttribute("aria-busy", "true");
    clearErrors();
    let answer = null;
    try {
      answer = await api("POST", path, body);
      state.busy = false;
      renderCounter(answer);
      say(message(answer));
      // The row whose Call button was pressed is gone: keep keyboard users on the panel.
      if (!document.activeElement || document.activeElement === document.body) focusNextAction();
    } catch (err) {
      state.busy = false;
      showError(err, errorWhere);
      state.refreshDeferred = true; // our picture may be stale: read the counter again
    } finally {
      state.busy = false;
      $("#counter-view").removeAttribute("aria-busy");
      if (state.refreshDeferred && state.me) {
        state.refreshDeferred = false;
        loadCounter();
        loadMyQueue();
      }
    }
    return answer;
  }

  /** Finish the open ticket. Without `outcome` the visit is resolved (the one-tap case); the
      outcome panel (outcome.js) passes {outcome, administration?, tasks?}, its sentence and
      where its errors show. */
  function finish(callNext, outcome, outcomeText, errorWhere) {
    const before = state.counter && state.counter.ticket;
    if (!before) return Promise.resolve(null);
    // The ticket's id makes a repeat harmless: the server never finishes the next citizen.
    const body = Object.assign({ ticket: before.id, call_next: callNext }, outcome || {});
    return runCounterAction("/counter/finish", body, (answer) => {
      if (!answer.finished) return "";
      const number = answer.finished.number;
      const done = outcomeText
        ? fmt(S.finished_with_msg, { number: number, outcome: outcomeText })
        : fmt(S.finished_msg, { number: number });
      if (!callNext) return done;
      const next = answer.ticket ? fmt(S.called_msg, { number: answer.ticket.number }) : S.nobody_waiting_now;
      return done + " " + next;
    }, errorWhere);
  }

  function act(action) {
    if (action === "transfer") return Staff.transfer.open(); // transfer.js
    if (action === "outcome") return Staff.outcome.open(); // outcome.js
    if (action === "finish" || action === "finish-next") return finish(action === "finish-next");
    const before = state.counter && state.counter.ticket;
    return runCounterAction("/counter/" + action, null, (answer) => {
      if (action === "call-next") {
        return answer.ticket ? fmt(S.called_msg, { number: answer.ticket.number }) : S.nobody_waiting;
      }
      if (action === "break") return S.break_msg;
      if (action === "resume") return S.resume_msg;
      if (action === "phone") return S.phone_msg;
      if (action === "phone-end") return S.phone_end_msg;
      return fmt(S[DONE_MESSAGES[action]], { number: before ? before.number : "" });
    });
  }

  function callTicket(kind, ticket) {
    return runCounterAction("/counter/" + kind, { ticket: ticket.id }, (answer) =>
      fmt(S.called_msg, { number: answer.ticket ? answer.ticket.number : ticket.number })
    );
  }

  // ---- keyboard shortcuts ------------------------------------------------------------------

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
      return;
    }
    const target = event.target;
    if (target && target.closest && target.closest("input, select, textarea, [contenteditable], dialog")) {
      return; // typing, or a dialog is open
    }
    if ($("dialog[open]") || $("#counter-view").hidden) return;
    const key = (event.key || "").toLowerCase();
    const button = $$(".act").find((b) => b.dataset.key === key && !b.hidden && !b.disabled);
    if (!button) return;
    event.preventDefault();
    // A key pressed twice in a hurry is a double tap too: "A" twice must not finish the
    // citizen the first "A" just called.
    if (guardPassed()) button.click();
  }

  // ---- wiring ---------------------------------------------------------------------------------

  $$(".act").forEach((button) =>
    button.addEventListener("click", (event) => {
      if (tapAllowed(event)) act(button.dataset.action);
    })
  );
  document.addEventListener("keydown", onKey);

  function reset() {
    if (Staff.outcome) Staff.outcome.close();
    if (Staff.calls) Staff.calls.show(false);
    state.counter = null;
    state.myQueue = [];
    ["#parked", "#my-counts", "#my-queue tbody"].forEach((sel) => $(sel).replaceChildren());
  }

  return {
    load: () => (loadCounter(), loadMyQueue()),
    refreshWaited: renderMyQueue,
    reset: reset,
    // For the transfer dialog (transfer.js): show an answer, read the counter again.
    render: renderCounter,
    // For the outcome panel (outcome.js): finish with an outcome, and the same double-tap
    // guard as the buttons (the panel opens under the finger that opened it).
    finish: finish,
    tapAllowed: tapAllowed,
    reload: () => (loadCounter(), loadMyQueue()),
  };
})(window.Staff);
