/* Checking in for a booked time: the code typed on the kiosk's keys or scanned (a USB scanner
   types it as a quick burst of keys ending with Enter, on any screen). */
(function () {
  "use strict";

  const K = window.Kiosk;
  const { S, $, state, codeField } = K;
  const CODE_CHARS = new Set(String(K.config.code_alphabet || "").split(""));

  function cleanCode(text) {
    return String(text || "")
      .toUpperCase()
      .replace(/[\s-]/g, "");
  }

  function openCheckin() {
    codeField.value = "";
    state.backTarget = K.startScreen;
    K.show($("#screen-checkin"));
  }

  function pressKey(key) {
    if (codeField.value.length < 20) codeField.value += key;
  }

  function backspace() {
    codeField.value = codeField.value.slice(0, -1);
  }

  async function sendCheckin(button) {
    const mine = state.checkin;
    if (!mine || state.busy) return;
    // The same code again soon gives the same ticket back: a retry after 5xx is safe.
    const outcome = await K.post("/api/v1/checkins", { code: mine.code, language: K.lang }, button);
    if (state.checkin !== mine) return; // the kiosk was reset while the request ran
    if (outcome.ticket) {
      state.checkin = null;
      codeField.value = "";
      K.showTicket(outcome.ticket);
    } else {
      showCheckinError(outcome.error, outcome.retry);
    }
  }

  function showCheckinError(error, canRetry) {
    const message = error ? error.message : S.network;
    $("#checkin-error-message").textContent = message;
    const walkIn = $("#walk-in");
    const offer = error && error.offer === "walk_in" && error.service ? error.service : "";
    walkIn.dataset.offerService = offer;
    walkIn.hidden = !offer;
    $("#checkin-retry").hidden = !canRetry;
    state.backTarget = $("#screen-checkin");
    K.show($("#screen-checkin-error"));
    K.announce(message);
  }

  function checkIn(code, button) {
    const cleaned = cleanCode(code);
    if (!cleaned || state.busy) return;
    state.checkin = { code: cleaned };
    state.intent = null;
    sendCheckin(button);
  }

  // ---- the keyboard-wedge scanner ----------------------------------------------------------
  // People typing (slowly) never make a burst.

  const BURST_GAP_MS = 50;
  const MIN_CODE = 4;
  let burst = "";
  let burstAt = 0;

  function onWedgeKey(event) {
    if (event.target === codeField || event.ctrlKey || event.altKey || event.metaKey) return;
    const now = performance.now();
    const quick = now - burstAt < BURST_GAP_MS;
    if (event.key === "Enter") {
      const code = cleanCode(burst);
      const isCode = quick && code.length >= MIN_CODE && [...code].every((c) => CODE_CHARS.has(c));
      burst = "";
      if (!isCode) return;
      // The Enter belongs to the scan: it must not also press the focused button.
      event.preventDefault();
      event.stopPropagation();
      checkIn(code, null);
      return;
    }
    if (event.key.length !== 1) return;
    burst = quick ? burst + event.key : event.key;
    burstAt = now;
  }

  function wireCheckin() {
    $("#checkin-form").addEventListener("submit", (event) => {
      event.preventDefault();
      checkIn(codeField.value, $("#checkin-ok"));
    });
    codeField.addEventListener("input", () => {
      const cleaned = cleanCode(codeField.value);
      if (cleaned !== codeField.value) codeField.value = cleaned;
    });
    document.addEventListener("keydown", onWedgeKey, { capture: true });
  }

  Object.assign(K, {
    openCheckin: openCheckin,
    pressKey: pressKey,
    backspace: backspace,
    sendCheckin: sendCheckin,
    wireCheckin: wireCheckin,
  });
})();
