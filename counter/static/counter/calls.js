/* Staff client, phone duty: log each call taken in two taps, the service asked about (kept
   from the last call) and how the call ended (a hand-over asks which administration, a call
   put through which centre or administration: a third tap). Each call carries its own nonce,
   kept until the server has answered: a double tap or a retry sends the same nonce again and
   the call is stored once. */
window.Staff.calls = (function (Staff) {
  "use strict";

  const { S, $, $$, fmt, setText, say, showError, clearErrors, api } = Staff;

  const section = $("#call-log");
  // The outcomes that ask one more tap, each with the panel of its choices.
  const more = {
    handed_over: $("#call-admins"),
    put_through: $("#call-places"),
  };
  let nonce = null;
  let sending = false;
  let logged = 0;

  function newNonce() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // also where randomUUID is not offered (plain http)
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** Show the choices of one outcome (or none: null), hiding the other's. */
  function showChoices(outcome) {
    Object.keys(more).forEach((key) => {
      const panel = more[key];
      const opener = $('[data-call-outcome="' + key + '"]', section);
      const shown = key === outcome;
      const hadFocus = panel.contains(document.activeElement);
      panel.hidden = !shown;
      opener.setAttribute("aria-expanded", String(shown));
      if (hadFocus && !shown) opener.focus(); // the focused button was just hidden
    });
  }

  /** Show the panel on phone duty; a new stretch of duty counts its calls from nought. */
  function show(onPhone) {
    if (onPhone && section.hidden) {
      logged = 0;
      setText($("#call-log-count"), "");
      showChoices(null);
    }
    section.hidden = !onPhone;
  }

  async function log(outcome, where, outcomeText) {
    if (sending) return; // the first tap is on its way with this call's nonce
    sending = true;
    nonce = nonce || newNonce();
    const select = $("#call-service");
    const body = { service: select.value, outcome: outcome, nonce: nonce };
    if (outcome === "handed_over") body.administration = where;
    if (outcome === "put_through") body.to = where;
    clearErrors();
    try {
      const answer = await api("POST", "/counter/call-log", body);
      nonce = null; // answered: the next tap is the next call
      showChoices(null);
      if (answer.repeat) {
        say(S.call_logged_again);
      } else {
        logged += 1;
        const service = select.options[select.selectedIndex].textContent.trim();
        say(fmt(S.call_logged_msg, { service: service, outcome: outcomeText }));
      }
      setText($("#call-log-count"), fmt(S.calls_this_duty, { n: logged }));
    } catch (err) {
      // Refused (it will not be stored): the next tap is a new call. Not answered at all
      // (network): keep the nonce, so trying again cannot store it twice.
      if (err.code !== "network" && err.code !== "server_error") nonce = null;
      showError(err);
    } finally {
      sending = false;
    }
  }

  Object.keys(more).forEach((key) => {
    const opener = $('[data-call-outcome="' + key + '"]', section);
    opener.addEventListener("click", (event) => {
      if (Staff.panel.tapAllowed(event)) showChoices(more[key].hidden ? key : null);
    });
  });
  $$("[data-call-outcome]", section)
    .filter((button) => !more[button.dataset.callOutcome])
    .forEach((button) =>
      button.addEventListener("click", (event) => {
        if (!Staff.panel.tapAllowed(event)) return;
        showChoices(null);
        log(button.dataset.callOutcome, null, button.textContent.trim());
      })
    );
  $$("[data-call-administration]", more.handed_over).forEach((button) =>
    button.addEventListener("click", (event) => {
      if (!Staff.panel.tapAllowed(event)) return;
      const text = fmt(S.outcome_handed_over, { administration: button.textContent.trim() });
      log("handed_over", button.dataset.callAdministration, text);
    })
  );
  $$("[data-call-place]", more.put_through).forEach((button) =>
    button.addEventListener("click", (event) => {
      if (!Staff.panel.tapAllowed(event)) return;
      const text = fmt(S.outcome_put_through, { place: button.textContent.trim() });
      log("put_through", button.dataset.callPlace, text);
    })
  );

  return { show: show };
})(window.Staff);
