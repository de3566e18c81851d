/* Staff client, the transfer dialog: send the counter's ticket to another service (only those
   a walk-in can have, nothing chosen beforehand, optionally "not to me") or another counter. */
window.Staff.transfer = (function (Staff) {
  "use strict";

  const { S, state, $, fmt, setText, serviceName, counterName, say, showError, api } = Staff;

  function openTransfer() {
    const ticket = state.counter && state.counter.ticket;
    const dialog = $("#transfer-dialog");
    if (!ticket || dialog.open) return;
    $("#transfer-error").textContent = "";
    setText($("#transfer-number"), ticket.number);
    // Nothing is chosen for the person: each transfer starts from an empty choice.
    $("#transfer-service").value = "";
    $("#transfer-not-me").checked = false;
    const counterSelect = $("#transfer-counter");
    counterSelect.value = "";
    Array.from(counterSelect.options).forEach((option) => {
      option.disabled = option.value === state.me.counter;
    });
    markMissing("#transfer-service", "");
    markMissing("#transfer-counter", "");
    dialog.showModal();
    $("#transfer-service").focus();
  }

  function closeTransfer() {
    const dialog = $("#transfer-dialog");
    if (dialog.open) dialog.close();
  }

  /** Show (or clear) the sentence under a select that has no choice yet. */
  function markMissing(selector, text) {
    const select = $(selector);
    setText($(selector + "-error"), text);
    if (text) select.setAttribute("aria-invalid", "true");
    else select.removeAttribute("aria-invalid");
  }

  async function transfer(body, label) {
    const ticket = state.counter && state.counter.ticket;
    if (!ticket || state.busy) return;
    state.busy = true;
    state.counterSeq++;
    try {
      const answer = await api("POST", "/counter/transfer", body);
      state.busy = false;
      closeTransfer();
      Staff.panel.render(answer);
      const sentence = body.service
        ? body.not_to_me
          ? S.transferred_not_me_msg
          : S.transferred_service_msg
        : S.transferred_counter_msg;
      say(
        fmt(sentence, {
          number: ticket.number,
          service: label,
          counter: label,
        })
      );
    } catch (err) {
      showError(err, $("#transfer-error"));
    } finally {
      state.busy = false;
      if (state.me) Staff.panel.reload();
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------

  $("#transfer-cancel").addEventListener("click", closeTransfer);
  $("#transfer-dialog").addEventListener("close", () => {
    const back = $('.act[data-action="transfer"]');
    (back && !back.disabled ? back : $('.act[data-action="call-next"]')).focus();
  });
  $("#transfer-service-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const select = $("#transfer-service");
    if (!select.value) {
      markMissing("#transfer-service", S.choose_service);
      select.focus();
      return;
    }
    markMissing("#transfer-service", "");
    const notToMe = $("#transfer-not-me").checked;
    transfer({ service: select.value, not_to_me: notToMe }, serviceName(select.value));
  });
  $("#transfer-counter-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const select = $("#transfer-counter");
    if (!select.value) {
      markMissing("#transfer-counter", S.choose_counter_to);
      select.focus();
      return;
    }
    markMissing("#transfer-counter", "");
    transfer({ counter: select.value }, counterName(select.value));
  });

  return { open: openTransfer };
})(window.Staff);
