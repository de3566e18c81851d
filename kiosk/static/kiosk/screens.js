/* Which screen shows: showing one, going back, starting again, opening a category. */
(function () {
  "use strict";

  const K = window.Kiosk;
  const { $, $$, state } = K;
  const shownListeners = []; // called with each screen as it is shown

  function show(screen, focus) {
    $$(".screen").forEach((s) => {
      s.hidden = s !== screen;
    });
    state.current = screen;
    // Changing language starts again: offered on the start screen only.
    $("#langs").hidden = screen !== K.startScreen;
    window.scrollTo(0, 0);
    const heading = $("h1", screen);
    if (focus !== false && heading) heading.focus({ preventScroll: true });
    shownListeners.forEach((listener) => listener(screen));
  }

  function onShown(listener) {
    shownListeners.push(listener);
  }

  function restart(focus) {
    state.intent = null;
    state.checkin = null;
    K.codeField.value = "";
    K.forgetPrint();
    K.announcer.textContent = "";
    state.backTarget = K.startScreen;
    show(K.startScreen, focus);
    K.loadServices();
  }

  function back() {
    const target = state.backTarget;
    state.backTarget = K.startScreen;
    show(target);
  }

  function openCategory(button) {
    const single = button.dataset.singleService;
    if (single) {
      // One service only: skip a screen with a single button on it.
      const serviceButton = $(`[data-service="${CSS.escape(single)}"]`);
      if (serviceButton) K.chooseService(serviceButton, button, K.startScreen);
      return;
    }
    const screen = document.getElementById("screen-category-" + button.dataset.openCategory);
    if (!screen) return;
    state.backTarget = K.startScreen;
    show(screen);
  }

  Object.assign(K, { show: show, onShown: onShown, restart: restart, back: back, openCategory: openCategory });
})();
