/* Staff client, entry point: login and session, the live connection, and start-up. */
(function (Staff) {
  "use strict";

  const { S, state, DESK_ROLES, $, fmt, setText, counterName, clearErrors, api } = Staff;
  const { panel, desk, kiosks, feedback, printer, appointments, booking } = Staff;
  const PAGE_TITLE = $("#page-title").textContent;

  // ---- login and session -------------------------------------------------------------------

  function counterIdOf(counter) {
    return counter && typeof counter === "object" ? counter.id : counter || null;
  }

  async function boot() {
    try {
      const me = await api("GET", "/me");
      startSession(me.staff, counterIdOf(me.counter), me.csrf_token);
    } catch (_e) {
      showLogin();
    }
  }

  function showLogin() {
    $("#login-view").hidden = false;
    setText($("#page-title"), PAGE_TITLE);
    $("#username").focus();
  }

  async function onLogin(event) {
    event.preventDefault();
    clearErrors();
    const form = event.currentTarget;
    const submit = $("#login-submit");
    submit.disabled = true;
    try {
      const answer = await api("POST", "/login", {
        username: form.username.value.trim(),
        password: form.password.value,
        counter: form.counter.value || null,
      });
      form.password.value = "";
      startSession(answer.staff, counterIdOf(answer.counter), answer.csrf_token);
    } catch (err) {
      let text = err.message;
      if (err.code === "not_authenticated") {
        text = S.bad_credentials;
        form.password.value = "";
      } else if (err.code === "validation" && err.field === "counter") {
        text = S.choose_counter;
      }
      $("#login-error").textContent = text;
      (err.field === "counter" ? form.counter : form.username).focus();
    } finally {
      submit.disabled = false;
    }
  }

  function startSession(staff, counterId, csrf) {
    state.me = { staff: staff, counter: counterId };
    state.csrf = csrf;
    const role = staff.role;
    const atDesk = DESK_ROLES.includes(role);
    $("#login-view").hidden = true;
    $("#counter-view").hidden = !counterId;
    // The manager gets the reception page's queue (to void numbers), not its desk tools.
    $("#reception-view").hidden = !atDesk;
    $(".reception-side").hidden = role !== "reception";
    $(".reception-grid").classList.toggle("queue-only", role !== "reception");
    setText($("#reception-title"), role === "reception" ? S.role.reception : $("#centre-queue-title").textContent);
    $("#manager-view").hidden = role !== "manager";
    $("#overview-view").hidden = !atDesk;
    $("#logout").hidden = false;
    const who = $("#who");
    who.hidden = false;
    who.textContent = fmt(counterId ? S.who_at : S.who, {
      name: staff.name,
      role: S.role[role] || role,
      counter: counterName(counterId),
    });
    setText($("#page-title"), counterId ? counterName(counterId) : S.role[role] || role);
    connectLive();
    printer.start(role);
    if (counterId) panel.load();
    if (atDesk) desk.load();
    kiosks.start(role);
    feedback.start(role);
    appointments.start();
    if (role === "reception") booking.start();
    $("#page-title").focus();
  }

  function endSession(text) {
    if (state.socket) {
      state.socket.disconnect();
      state.socket = null;
    }
    state.me = null;
    state.csrf = null;
    // Clear what the last person saw: the tablet may be shared.
    panel.reset();
    desk.reset();
    kiosks.reset();
    feedback.reset();
    printer.reset();
    appointments.reset();
    booking.reset();
    ["#counter-view", "#reception-view", "#manager-view", "#overview-view", "#who", "#logout"].forEach(
      (sel) => ($(sel).hidden = true)
    );
    ["#live-state", "#message"].forEach((sel) => ($(sel).textContent = ""));
    clearErrors();
    showLogin();
    if (text) $("#login-error").textContent = text;
  }

  async function onLogout() {
    // A time held for a citizen is given back now, not left to run out.
    await booking.leave();
    try {
      await api("POST", "/logout");
    } catch (_e) {
      /* logged out already, or the server is away: the screen is cleared anyway */
    }
    endSession();
  }

  // ---- live updates -------------------------------------------------------------------------

  function connectLive() {
    if (state.socket) state.socket.disconnect();
    if (typeof io !== "function") return;
    const socket = io("/counter");
    state.socket = socket;
    socket.on("connect", () => setText($("#live-state"), ""));
    // The server refused or closed us: the session may be gone (a logout elsewhere, a new
    // password, its hours are up). Ask, then retry or log out.
    function checkSession() {
      api("GET", "/me")
        .then(() => setTimeout(() => state.socket === socket && socket.connect(), 3000))
        .catch(() => {});
    }
    socket.on("disconnect", (reason) => {
      if (state.socket !== socket) return;
      setText($("#live-state"), S.live_lost);
      if (reason === "io server disconnect") checkSession();
    });
    socket.on("connect_error", () => {
      if (state.socket !== socket) return;
      setText($("#live-state"), S.live_lost);
      if (!socket.active) checkSession();
    });
    socket.on("overview", onOverview);
    socket.on("printer", (printerState) => {
      if (state.overview) state.overview.printer = printerState;
      printer.render(printerState);
    });
    socket.on("printed", printer.onPrinted);
  }

  function onOverview(overview) {
    if (!state.me) return;
    state.overview = overview;
    state.overviewAt = Date.now();
    printer.render(overview.printer);
    if (DESK_ROLES.includes(state.me.staff.role)) desk.render();
    if (state.me.counter) panel.load();
    appointments.load();
  }

  // ---- wiring ---------------------------------------------------------------------------------

  $("#login-form").addEventListener("submit", onLogin);
  $("#logout").addEventListener("click", onLogout);
  Staff.onUnauthorized = endSession;
  // Waited minutes keep counting between pushes.
  setInterval(() => {
    if (!state.me) return;
    if (state.me.counter) panel.refreshWaited();
    desk.refreshWaited();
  }, 30000);

  boot();
})(window.Staff);
