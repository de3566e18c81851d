/* Staff client, reception: today's appointments with the citizens' names (asked live from
   central, never kept by the centre) and checking in by hand a citizen who lost their code. */
window.Staff.checkin = (function (Staff) {
  "use strict";

  const { S, state, $, fmt, h, setText, serviceName, clockTime, syncRows, showError, clearErrors, api } =
    Staff;

  let names = {}; // code -> name, from the last answer central gave
  let asked = new Set(); // the codes that answer covered: ask again only for new ones
  let namesDown = false;
  let asking = false;
  let list = [];
  let chosen = null; // the appointment in the dialog
  let busy = false;
  let session = 0; // bumped at logout: an answer for the last person is dropped, not shown

  function nameOf(a) {
    return names[a.code] || "";
  }

  function statusOf(a) {
    if (a.status !== "confirmed") return S.booking_cancelled;
    if (!a.checked_in) return S.no;
    return a.ticket_number ? fmt(S.checked_in_as, { number: a.ticket_number }) : S.yes;
  }

  function row(a) {
    const open = a.status === "confirmed" && !a.checked_in;
    const who = nameOf(a);
    const label = fmt(who ? S.check_in_who : S.check_in_time, {
      name: who,
      time: clockTime(a.start),
      service: serviceName(a.service),
    });
    return h("tr", { className: a.checked_in ? "checked-in" : "", "data-code": a.code }, [
      h("td", { text: clockTime(a.start) }),
      h("td", { className: "who", text: who || S.dash }),
      h("td", { text: serviceName(a.service) }),
      h("td", { text: statusOf(a) }),
      h("td", {}, [
        open
          ? h("button", {
              type: "button",
              className: "btn btn-small btn-secondary check-in",
              "data-code": a.code,
              "aria-label": label,
              "aria-haspopup": "dialog",
              text: S.check_in,
            })
          : null,
      ]),
    ]);
  }

  function render() {
    // A row is rebuilt when its name arrives: the key carries what the row shows.
    syncRows(
      $("#desk-appts tbody"),
      list,
      (a) => [a.code, a.status, a.checked_in, a.ticket_number || "", nameOf(a)].join("|"),
      row
    );
    setText($("#desk-appts-empty"), list.length ? "" : S.no_appointments);
    $("#desk-appts").hidden = !list.length;
    setText($("#names-note"), namesDown && list.length ? S.names_unavailable : "");
  }

  async function loadNames() {
    if (asking) return;
    asking = true;
    const mine = session;
    try {
      const answer = await api("GET", "/desk/names");
      if (mine !== session) return;
      names = answer.names || {};
      asked = new Set(list.map((a) => a.code));
      namesDown = false;
    } catch (_e) {
      if (mine !== session) return;
      // Shown without names, and asked again at the next refresh.
      names = {};
      namesDown = true;
    } finally {
      asking = false;
    }
    if (state.me) render();
  }

  /** Today's appointments (from the centre's own copy); names are asked for new codes only. */
  function show(appointments) {
    list = appointments;
    render();
    if (namesDown || list.some((a) => !asked.has(a.code))) loadNames();
  }

  // ---- checking in by hand ----------------------------------------------------------------

  function openDialog(code) {
    chosen = list.find((a) => a.code === code);
    if (!chosen) return;
    const who = nameOf(chosen);
    setText($("#checkin-name"), who || S.name_unknown);
    setText($("#checkin-time"), clockTime(chosen.start));
    setText($("#checkin-service"), serviceName(chosen.service));
    setText($("#checkin-error"), "");
    $("#checkin-confirm").hidden = false;
    $("#checkin-done").hidden = true;
    $("#checkin-dialog").showModal();
    $("#checkin-ok").focus();
  }

  async function confirm() {
    if (busy || !chosen) return;
    busy = true;
    $("#checkin-ok").disabled = true;
    clearErrors();
    const language = $("#checkin-dialog input[name=checkin-language]:checked").value;
    try {
      const answer = await api("POST", "/desk/checkins", { code: chosen.code, language: language });
      setText($("#checkin-number"), answer.number);
      setText(
        $("#checkin-text"),
        fmt(S.checked_in_msg, {
          number: answer.number,
          time: clockTime(answer.appointment && answer.appointment.start),
          service: serviceName(answer.service),
        })
      );
      $("#checkin-confirm").hidden = true;
      $("#checkin-done").hidden = false;
      $("#checkin-number").focus();
      if (Staff.appointments) Staff.appointments.load();
    } catch (err) {
      showError(err, $("#checkin-error"));
    } finally {
      busy = false;
      $("#checkin-ok").disabled = false;
    }
  }

  function close() {
    const code = chosen && chosen.code;
    chosen = null;
    if ($("#checkin-dialog").open) $("#checkin-dialog").close();
    // Back where reception was: the row's button, or the list when it is gone.
    const back = code && $(`#desk-appts button.check-in[data-code="${code}"]`);
    (back || $("#desk-appts-title")).focus();
  }

  $("#desk-appts").addEventListener("click", (event) => {
    const button = event.target.closest(".check-in");
    if (button) openDialog(button.dataset.code);
  });
  $("#checkin-ok").addEventListener("click", confirm);
  $("#checkin-cancel").addEventListener("click", close);
  $("#checkin-close").addEventListener("click", close);
  $("#checkin-dialog").addEventListener("cancel", (event) => {
    event.preventDefault();
    close();
  });

  function start() {
    $("#desk-appointments").hidden = false;
  }

  function reset() {
    session += 1;
    names = {};
    asked = new Set();
    namesDown = false;
    list = [];
    chosen = null;
    if ($("#checkin-dialog").open) $("#checkin-dialog").close();
    $("#desk-appointments").hidden = true;
    $("#desk-appts tbody").replaceChildren();
    ["#desk-appts-empty", "#names-note", "#checkin-name", "#checkin-number", "#checkin-text"].forEach((sel) =>
      setText($(sel), "")
    );
  }

  return { start, reset, show };
})(window.Staff);
