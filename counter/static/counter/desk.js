/* Staff client, reception and manager: give a number, the centre's queue, counters,
   today's totals and per-service settings (the printer has its own part, printer.js). */
window.Staff.desk = (function (Staff) {
  "use strict";

  const { S, state, $, $$, fmt, h, setText, serviceName, counterName, minutes, clockTime } = Staff;
  const { staffName, waitedNow, byUrgency, noteTags, syncRows, say, showError, clearErrors, api } =
    Staff;
  const STATUS_ORDER = ["waiting", "called", "serving", "done", "no_show", "parked", "cancelled"];

  async function load() {
    try {
      const overview = await api("GET", "/overview");
      // A pushed snapshot that came first is at least as fresh (and has the queue too).
      if (state.overview || !state.me) return;
      state.overview = overview;
      state.overviewAt = Date.now();
      renderOverview();
    } catch (err) {
      showError(err);
    }
  }

  // ---- reception and manager ---------------------------------------------------------------

  function renderOverview() {
    const overview = state.overview;
    if (!overview) return;
    renderCounters(overview.counters || []);
    // Reception and the manager both see the centre's queue (and may void numbers in it).
    if (overview.queue) renderCentreQueue(overview.queue);
    if (state.me.staff.role === "reception") renderStaffSelect(overview.staff || []);
    if (state.me.staff.role === "manager") {
      renderTotals(overview.today || {});
      renderServices(overview.services || []);
    }
  }

  function renderCounters(counters) {
    syncRows($("#counters tbody"), counters, (c) => c.id, (c) => {
      const stateText = [S.counter_state[c.state] || c.state];
      if (c.state !== "closed" && c.since) stateText.push(fmt(S.since, { time: clockTime(c.since) }));
      const ticket = c.ticket;
      return h("tr", { "data-counter": c.id }, [
        h("th", { scope: "row", text: counterName(c.id) }),
        h("td", { text: stateText.join(" ") }),
        h("td", {
          text: c.staff ? c.staff_name + " (" + (S.role[c.role] || c.role) + ")" : S.dash,
        }),
        h(
          "td",
          {},
          ticket
            ? [
                h("strong", { text: ticket.number }),
                " " + (S.status[ticket.status] || ticket.status) + " · " + serviceName(ticket.service),
              ]
            : [S.dash]
        ),
      ]);
    });
  }

  function renderStaffSelect(people) {
    const select = $("#give-staff");
    const wanted = people
      .filter((p) => p.role !== "reception")
      .map((p) => [p.username, p.name + " (" + (S.role[p.role] || p.role) + ")"]);
    const have = Array.from(select.options).slice(1).map((o) => [o.value, o.textContent]);
    if (JSON.stringify(wanted) === JSON.stringify(have)) return; // don't disturb an open list
    const chosen = select.value;
    select.replaceChildren(
      select.options[0],
      ...wanted.map(([value, label]) => h("option", { value: value, text: label }))
    );
    select.value = wanted.some(([value]) => value === chosen) ? chosen : "";
  }

  function renderCentreQueue(queue) {
    const sorted = queue.slice().sort(byUrgency(null, null));
    // A ticket that left the queue cannot stay selected for voiding.
    const present = new Set(sorted.map((t) => t.id));
    state.voidSelected.forEach((id) => present.has(id) || state.voidSelected.delete(id));
    syncRows($("#centre-queue tbody"), sorted, (t) => t.id, (t) =>
      h("tr", { className: t.priority ? "priority" : "", "data-number": t.number }, [
        h("td", {}, [
          h("input", {
            type: "checkbox",
            className: "void-pick",
            checked: state.voidSelected.has(t.id),
            "data-ticket": t.id,
            "aria-label": fmt(S.select_ticket, { number: t.number }),
          }),
        ]),
        h("th", { scope: "row", className: "num", text: t.number }),
        h("td", { text: serviceName(t.service) }),
        h(
          "td",
          {},
          t.status === "parked"
            ? [h("span", { className: "tag tag-parked", text: fmt(S.parked_at, { counter: counterName(t.counter) }) })]
            : [S.status[t.status] || t.status]
        ),
        h("td", { text: minutes(waitedNow(t, state.overviewAt)) }),
        h("td", {}, noteTags(t)),
        h("td", {}, [
          h("button", {
            type: "button",
            className: "btn btn-small btn-secondary void-one",
            "data-ticket": t.id,
            text: S.void,
            "aria-label": fmt(S.void_ticket, { number: t.number }),
          }),
        ]),
      ])
    );
    renderParked(sorted.filter((t) => t.status === "parked"));
    setText($("#centre-queue-empty"), sorted.length ? "" : S.queue_empty);
    $("#centre-queue").hidden = !sorted.length;
    $("#void-selected").disabled = state.voidSelected.size === 0;
  }

  /** The parked numbers above everything else on the right: who comes back is seen at once. */
  function renderParked(parked) {
    setText($("#parked-count"), parked.length ? "(" + parked.length + ")" : "");
    $("#parked-all").replaceChildren(
      ...parked.map((t) =>
        h("li", { "data-number": t.number }, [
          h("strong", { className: "num", text: t.number }),
          " " + serviceName(t.service) + " · " + counterName(t.counter) + " · ",
          minutes(waitedNow(t, state.overviewAt)),
        ])
      )
    );
    $("#parked-all").hidden = !parked.length;
    setText($("#parked-all-empty"), parked.length ? "" : S.no_parked);
  }

  // ---- voiding numbers (reception) ---------------------------------------------------------

  async function voidTickets(ids) {
    clearErrors();
    try {
      const answer = await api("POST", "/tickets/void", { tickets: ids });
      ids.forEach((id) => state.voidSelected.delete(id));
      $("#void-selected").disabled = state.voidSelected.size === 0;
      say(fmt(S.voided_msg, { numbers: answer.voided.map((t) => t.number).join(", ") }));
    } catch (err) {
      showError(err, $("#void-error"));
    }
  }

  function onQueueClick(event) {
    const one = event.target.closest(".void-one");
    if (one) voidTickets([one.dataset.ticket]);
  }

  function onQueuePick(event) {
    const box = event.target.closest(".void-pick");
    if (!box) return;
    if (box.checked) state.voidSelected.add(box.dataset.ticket);
    else state.voidSelected.delete(box.dataset.ticket);
    $("#void-selected").disabled = state.voidSelected.size === 0;
  }

  function renderTotals(today) {
    const issued = Object.values(today).reduce((sum, n) => sum + n, 0);
    const entries = [[S.issued_today, issued]].concat(
      STATUS_ORDER.map((status) => [S.status[status], today[status] || 0])
    );
    $("#today").replaceChildren(
      ...entries.map(([label, n]) => h("div", {}, [h("dt", { text: label }), h("dd", { text: String(n) })]))
    );
  }

  /** A service's expected wait for a number taken now: the range the kiosk's button and the
   * ticket give ("ca. 10–15 min."), or why there is none (a server without ranges still sends
   * the minutes). */
  function serviceWait(s) {
    if (s.requires_appointment || s.estimated_wait_minutes === undefined) return S.dash;
    if (s.estimated_wait_minutes === null) return s.wait_note ? S.no_counter_open : S.dash;
    const range = s.estimated_wait_range;
    return range
      ? fmt(S.about_range, { low: range[0], high: range[1] })
      : fmt(S.about_minutes, { n: s.estimated_wait_minutes });
  }

  function renderServices(services) {
    services.forEach((s) => {
      const row = $(`#services tr[data-service="${s.id}"]`);
      if (!row) return;
      setText($(".s-waiting", row), String(s.waiting));
      setText($(".s-serving", row), String(s.counters_serving));
      setText($(".s-wait", row), serviceWait(s));
      $(".s-stopped", row).hidden = !s.stopped_today;
      const weight = $(".weight", row);
      if (document.activeElement !== weight && !weight.dataset.dirty) weight.value = String(s.weight);
      const stop = $(".stop", row);
      if (!stop.dataset.pending) stop.checked = Boolean(s.stopped_today);
    });
  }

  async function onWeight(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = $(".weight", form);
    const id = form.dataset.service;
    const value = Number(input.value);
    clearErrors();
    if (!input.value || !input.checkValidity() || !(value >= 0.1 && value <= 10)) {
      showError({ message: S.weight_invalid });
      input.focus();
      return;
    }
    try {
      const answer = await api("POST", "/manager/services/" + encodeURIComponent(id), { weight: value });
      delete input.dataset.dirty;
      input.value = String(answer.service.weight);
      say(fmt(S.weight_saved, { service: serviceName(id), weight: answer.service.weight }));
    } catch (err) {
      showError(err);
    }
  }

  async function onStop(event) {
    const box = event.currentTarget;
    const id = box.dataset.service;
    const stopped = box.checked;
    box.dataset.pending = "1";
    clearErrors();
    try {
      const answer = await api("POST", "/manager/services/" + encodeURIComponent(id), {
        stopped_today: stopped,
      });
      box.checked = Boolean(answer.service.stopped_today);
      const row = box.closest("tr");
      $(".s-stopped", row).hidden = !box.checked;
      say(fmt(stopped ? S.stopped_msg : S.resumed_msg, { service: serviceName(id) }));
    } catch (err) {
      box.checked = !stopped;
      showError(err);
    } finally {
      delete box.dataset.pending;
    }
  }

  function newNonce() {
    return "rc-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  async function onGive(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const submit = $("button[type=submit]", form);
    clearErrors();
    // One nonce per intended ticket: a retry after a lost answer gets the same ticket back.
    state.giveNonce = state.giveNonce || newNonce();
    const body = {
      service: form.service.value,
      priority: form.priority.checked,
      language: form.language.value,
      nonce: state.giveNonce,
    };
    if (form.staff.value) body.staff = form.staff.value;
    submit.disabled = true;
    try {
      const answer = await api("POST", "/reception/tickets", body);
      state.giveNonce = null;
      setText($("#issued-number"), answer.number);
      const parts = [fmt(S.issued, { number: answer.number, service: serviceName(answer.service) })];
      if (answer.priority) parts.push(S.priority + ".");
      if (body.staff) parts.push(fmt(S.for_staff, { name: staffName(body.staff) }) + ".");
      setText($("#issued-text"), parts.join(" "));
      // The next citizen starts from the ordinary case.
      form.priority.checked = false;
      form.staff.value = "";
    } catch (err) {
      showError(err, $("#give-error"));
    } finally {
      submit.disabled = false;
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------

  state.voidSelected = new Set();
  $("#centre-queue").addEventListener("click", onQueueClick);
  $("#centre-queue").addEventListener("change", onQueuePick);
  $("#void-selected").addEventListener("click", () => voidTickets(Array.from(state.voidSelected)));
  $("#give-form").addEventListener("submit", onGive);
  $("#give-form").addEventListener("change", () => (state.giveNonce = null));
  $$(".weight-form").forEach((form) => form.addEventListener("submit", onWeight));
  $$(".weight").forEach((input) => input.addEventListener("input", () => (input.dataset.dirty = "1")));
  $$(".stop").forEach((box) => box.addEventListener("change", onStop));

  function reset() {
    state.overview = null;
    state.voidSelected.clear();
    $("#void-selected").disabled = true;
    ["#centre-queue tbody", "#counters tbody", "#today", "#parked-all"].forEach((sel) =>
      $(sel).replaceChildren()
    );
    ["#parked-count", "#parked-all-empty"].forEach((sel) => ($(sel).textContent = ""));
    ["#issued-number", "#issued-text"].forEach((sel) => ($(sel).textContent = ""));
  }

  function refreshWaited() {
    if (state.overview && state.overview.queue && Staff.DESK_ROLES.includes(state.me.staff.role)) {
      renderCentreQueue(state.overview.queue);
    }
  }

  return { load, render: renderOverview, refreshWaited, reset };
})(window.Staff);
