/* Staff client, phone duty: log each call taken in two taps, the service asked about (kept
   from the last call) and how the call ended (a hand-over asks which administration). Each
   call carries its own nonce, kept until the server has answered: a double tap or a retry
   sends the same nonce again and the call is stored once. */
window.Staff.calls = (function (Staff) {
  "use strict";

  const { S, $, $$, fmt, setText, say, showError, clearErrors, api } = Staff;

  const section = $("#call-log");
  const admins = $("#call-admins");
  const handOver = $('[data-call-outcome="handed_over"]', section);
  let nonce = null;
  let sending = false;
  let logged = 0;

  function newNonce() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // also where randomUUID is not offered (plain http)
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function showAdministrations(shown) {
    const hadFocus = admins.contains(document.activeElement);
    admins.hidden = !shown;
    handOver.setAttribute("aria-expanded", String(shown));
    if (hadFocus && !shown) handOver.focus(); // the focused button was just hidden
  }

  /** Show the panel on phone duty; a new stretch of duty counts its calls from nought. */
  function show(onPhone) {
    if (onPhone && section.hidden) {
      logged = 0;
      setText($("#call-log-count"), "");
      showAdministrations(false);
    }
    section.hidden = !onPhone;
  }

  async function log(outcome, administration, outcomeText) {
    if (sending) return; // the first tap is on its way with this call's nonce
    sending = true;
    nonce = nonce || newNonce();
    const select = $("#call-service");
    const body = { service: select.value, outcome: outcome, nonce: nonce };
    if (administration) body.administration = administration;
    clearErrors();
    try {
      const answer = await api("POST", "/counter/call-log", body);
      nonce = null; // answered: the next tap is the next call
      showAdministrations(false);
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

  handOver.addEventListener("click", (event) => {
    if (Staff.panel.tapAllowed(event)) showAdministrations(admins.hidden);
  });
  $$("[data-call-outcome]:not([data-call-outcome='handed_over'])", section).forEach((button) =>
    button.addEventListener("click", (event) => {
      if (Staff.panel.tapAllowed(event)) log(button.dataset.callOutcome, null, button.textContent.trim());
    })
  );
  $$("[data-call-administration]", admins).forEach((button) =>
    button.addEventListener("click", (event) => {
      if (!Staff.panel.tapAllowed(event)) return;
      const text = fmt(S.outcome_handed_over, { administration: button.textContent.trim() });
      log("handed_over", button.dataset.callAdministration, text);
    })
  );

  return { show: show };
})(window.Staff);
