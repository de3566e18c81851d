/* The live waiting figures on the service buttons (first from the API, then Socket.IO). */
(function () {
  "use strict";

  const K = window.Kiosk;
  const { S, $$, fill, counted } = K;
  // service id -> {waiting, estimated_wait_minutes, estimated_wait_range, wait_note,
  // stopped_today, reason}
  const live = {};

  function serviceLine(id) {
    const s = live[id];
    if (!s) return "";
    if (s.stopped_today) return S.stopped;
    if (s.reason === "no_tax_secondee") return S.no_tax_secondee;
    if (s.estimated_wait_minutes === null || s.estimated_wait_minutes === undefined) {
      // With nobody waiting, that no counter is open is the one thing worth saying (and a
      // line that fits keeps the buttons within reach).
      const why = K.noWaitText(s.wait_note, true);
      return s.waiting ? counted(S.waiting, s.waiting) + " · " + why : why;
    }
    // The range a ticket taken now is given ("about 10–15 min."), as its ticket will show
    // it; a server without ranges still sends the minutes.
    const range = s.estimated_wait_range;
    const wait = range
      ? fill(S.about_range, { low: range[0], high: range[1] })
      : fill(S.about_minutes, { minutes: s.estimated_wait_minutes || 0 });
    return (s.waiting ? counted(S.waiting, s.waiting) : S.nobody_waiting) + " · " + wait;
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
      const response = await fetch("/api/v1/services?lang=" + encodeURIComponent(K.lang), {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const body = await response.json();
      body.services.forEach((s) => {
        live[s.id] = {
          waiting: s.waiting,
          estimated_wait_minutes: s.estimated_wait_minutes,
          estimated_wait_range: s.estimated_wait_range,
          wait_note: s.wait_note,
          stopped_today: s.stopped_today,
          reason: s.reason,
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
    socket.on("printed", K.onPrinted);
  }

  Object.assign(K, { loadServices: loadServices, connectLive: connectLive });
})();
