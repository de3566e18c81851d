/* Staff client, today's appointments (who has checked in) and whether the central booking
   service can be reached; both refreshed on every overview push and every 15 seconds. */
window.Staff.appointments = (function (Staff) {
  "use strict";

  const { S, state, $, fmt, h, setText, serviceName, clockTime, syncRows, api } = Staff;
  const POLL_MS = 15000;

  let timer = null;
  let loading = false;
  let again = false; // a push came while a read was in flight: read once more after it

  function row(a) {
    const status = a.status !== "confirmed" ? S.booking_cancelled : a.checked_in ? S.yes : S.no;
    return h("tr", { className: a.checked_in ? "checked-in" : "" }, [
      h("td", { text: clockTime(a.start) }),
      h("td", { text: serviceName(a.service) }),
      h("td", { text: status }),
      h("td", { className: "num", text: a.ticket_number || S.dash }),
    ]);
  }

  function renderAppointments(list) {
    syncRows($("#appointments tbody"), list, (a) => a.code, row);
    setText($("#appointments-empty"), list.length ? "" : S.no_appointments);
  }

  function renderCentral(central) {
    // Only after a first try: "since" is null until the centre has spoken to central at all.
    const down = central && central.reachable === false && central.since;
    const text = down ? fmt(S.central_unreachable, { time: clockTime(central.since) }) : "";
    setText($("#central-state"), text);
  }

  async function load() {
    if (!state.me) return;
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      const [appointments, centre] = await Promise.all([
        api("GET", "/appointments"),
        api("GET", "/centre"),
      ]);
      if (!state.me) return;
      // Reception gets the list with names and check-in by hand (checkin.js).
      if (reception()) Staff.checkin.show(appointments.appointments || []);
      else renderAppointments(appointments.appointments || []);
      renderCentral(centre.central);
    } catch (_e) {
      // The next push or poll tries again; the panel's own errors speak of the connection.
    } finally {
      loading = false;
      if (again) {
        again = false;
        load();
      }
    }
  }

  const reception = () => Boolean(state.me && state.me.staff.role === "reception");

  function start() {
    $("#appointments-view").hidden = reception();
    if (reception()) Staff.checkin.start();
    window.clearInterval(timer);
    timer = window.setInterval(load, POLL_MS);
    load();
  }

  function reset() {
    window.clearInterval(timer);
    timer = null;
    $("#appointments-view").hidden = true;
    Staff.checkin.reset();
    $("#appointments tbody").replaceChildren();
    setText($("#appointments-empty"), "");
    setText($("#central-state"), "");
  }

  return { start, reset, load };
})(window.Staff);
