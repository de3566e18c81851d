/* Staff client, reception: book a later appointment for the citizen at the desk through the
   central booking service. The time is held first, so pressing Book again after a lost answer
   returns the same booking instead of a second one. */
window.Staff.booking = (function (Staff) {
  "use strict";

  const { S, C, state, $, fmt, h, setText, clockTime, clearErrors, api } = Staff;
  const dayFormat = new Intl.DateTimeFormat(C.lang === "da" ? "da-DK" : "en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: C.timezone,
  });
  const PERSON_FIELDS = ["name", "phone", "email", "contact"];

  let held = null; // {hold, start, expires_at, service}
  let services = {};
  let today = null; // the centre's date, from the server
  let busy = false; // a hold or a booking is on its way

  const dayText = (iso) => dayFormat.format(new Date(iso));

  function localDay(offsetDays) {
    // YYYY-MM-DD counted from the centre's date (the tablet's clock may be set to anything).
    const base = today ? new Date(today + "T12:00:00Z") : new Date();
    return new Date(base.getTime() + offsetDays * 86400000).toISOString().slice(0, 10);
  }

  function setDays() {
    const day = $("#book-day");
    day.min = localDay(0);
    if (!day.value || day.value < day.min) day.value = localDay(1);
  }

  function showBookError(err, quiet) {
    clearFieldErrors();
    const fields = Object.assign({}, err.fields || {});
    // The centre's own check names one field; central's answer names each.
    if (err.field && !fields[err.field]) fields[err.field] = { message: err.message };
    let first = null;
    PERSON_FIELDS.forEach((name) => {
      if (!fields[name]) return;
      setText($("#book-" + name + "-error"), fields[name].message);
      const input = $("#book-" + name);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        first = first || input;
      }
    });
    setText($("#book-error"), err.message);
    // Not on the page's own first load: that would scroll "Give a number" out of sight.
    if (quiet) return;
    (first && !first.closest("[hidden]") ? first : $("#book-error")).focus();
  }

  function clearFieldErrors() {
    PERSON_FIELDS.forEach((name) => {
      setText($("#book-" + name + "-error"), "");
      const input = $("#book-" + name);
      if (input) input.removeAttribute("aria-invalid");
    });
    setText($("#book-error"), "");
  }

  function holdIsGone(err) {
    // The held time ran out or was taken: a new time must be chosen.
    return err.code === "unknown_hold" || err.code === "slot_taken" || !!(err.fields && err.fields.hold);
  }

  async function loadServices() {
    const select = $("#book-service");
    if (select.options.length) return;
    setText($("#book-status"), S.book_asking);
    try {
      const answer = await api("GET", "/desk/services");
      today = answer.today || null;
      setDays();
      services = {};
      select.replaceChildren(
        ...answer.services.map((s) => {
          services[s.id] = s.name;
          return h("option", { value: s.id, text: s.name });
        })
      );
      setText($("#book-status"), "");
    } catch (err) {
      setText($("#book-status"), "");
      showBookError(err, true);
    }
  }

  function timeButton(slot) {
    return h("button", {
      type: "button",
      className: "btn btn-secondary time",
      "data-start": slot.start,
      "aria-pressed": held && held.start === slot.start ? "true" : "false",
      text: clockTime(slot.start),
      onclick: () => chooseTime(slot.start),
    });
  }

  function showTimes(slots, heading) {
    const list = $("#book-time-list");
    list.replaceChildren(...(heading ? [h("p", { text: heading })] : []), ...slots.map(timeButton));
    $("#book-times").hidden = !slots.length;
    setText($("#book-status"), slots.length ? "" : S.book_no_times);
  }

  async function onSearch(event) {
    event.preventDefault();
    clearErrors();
    const form = event.currentTarget;
    if (!form.service.value) return loadServices();
    await releaseHeld();
    ["#booked-code", "#booked-text"].forEach((sel) => setText($(sel), ""));
    setText($("#book-status"), S.book_asking);
    try {
      const query = "?service=" + encodeURIComponent(form.service.value) + "&date=" + form.day.value;
      const answer = await api("GET", "/desk/free-times" + query);
      showTimes(answer.slots, "");
    } catch (err) {
      setText($("#book-status"), "");
      $("#book-times").hidden = true;
      showBookError(err);
    }
  }

  async function releaseHeld() {
    if (!held) return;
    const token = held.hold;
    held = null;
    $("#book-person").hidden = true;
    try {
      await api("DELETE", "/desk/holds/" + encodeURIComponent(token));
    } catch (_e) {
      /* central away: the hold runs out by itself in a few minutes */
    }
  }

  async function chooseTime(start) {
    // A second tap while the first is still asking would leave a hold behind.
    if (busy) return;
    busy = true;
    try {
      await holdTime(start);
    } finally {
      busy = false;
    }
  }

  async function holdTime(start) {
    clearErrors();
    await releaseHeld();
    setText($("#book-status"), S.book_asking);
    try {
      held = await api("POST", "/desk/holds", { service: $("#book-service").value, start: start });
      setText($("#book-status"), "");
      document.querySelectorAll("#book-time-list .time").forEach((b) => {
        b.setAttribute("aria-pressed", b.dataset.start === start ? "true" : "false");
      });
      setText(
        $("#book-held"),
        fmt(S.book_held, {
          time: clockTime(held.start),
          day: dayText(held.start),
          until: clockTime(held.expires_at),
        })
      );
      $("#book-person").hidden = false;
      $("#book-name").focus();
    } catch (err) {
      setText($("#book-status"), "");
      showBookError(err);
      if (err.alternatives && err.alternatives.length) showTimes(err.alternatives, S.book_alternatives);
    }
  }

  async function onBook(event) {
    event.preventDefault();
    if (!held || busy) return;
    busy = true;
    try {
      await bookHeld(event.currentTarget);
    } finally {
      busy = false;
    }
  }

  function confirmationText(booking) {
    const text =
      fmt(S.book_done, {
        service: services[booking.service] || booking.service,
        day: dayText(booking.start),
        time: clockTime(booking.start),
      }) +
      " " +
      fmt(S.book_code, { code: booking.code });
    const contact = [booking.phone, booking.email].filter(Boolean).join(", ");
    return contact ? text + " " + fmt(S.book_sent_to, { contact: contact }) : text;
  }

  async function bookHeld(form) {
    const submit = $("#book-submit");
    clearFieldErrors();
    const body = { hold: held.hold, name: form.name.value.trim(), language: form.language.value };
    if (form.phone.value.trim()) body.phone = form.phone.value.trim();
    if (form.email.value.trim()) body.email = form.email.value.trim();
    submit.disabled = true;
    try {
      // The same hold again returns the same booking: safe to press after any failure.
      const booking = await api("POST", "/desk/bookings", body);
      held = null;
      setText($("#booked-code"), booking.code);
      setText($("#booked-text"), confirmationText(booking));
      form.reset();
      form.hidden = true;
      $("#book-times").hidden = true;
      $("#booked-code").focus();
    } catch (err) {
      if (holdIsGone(err)) {
        held = null;
        form.hidden = true;
        if (err.alternatives && err.alternatives.length) showTimes(err.alternatives, S.book_alternatives);
      }
      showBookError(err);
    } finally {
      submit.disabled = false;
    }
  }

  function start() {
    setDays();
    loadServices();
  }

  function reset() {
    today = null;
    services = {};
    $("#book-service").replaceChildren();
    $("#book-person").reset();
    $("#book-person").hidden = true;
    $("#book-times").hidden = true;
    $("#book-time-list").replaceChildren();
    ["#book-status", "#book-held", "#booked-code", "#booked-text"].forEach((sel) => setText($(sel), ""));
    clearFieldErrors();
  }

  $("#book-search").addEventListener("submit", onSearch);
  $("#book-person").addEventListener("submit", onBook);

  return { start, reset, leave: releaseHeld };
})(window.Staff);
