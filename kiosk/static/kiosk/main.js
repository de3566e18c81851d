/* Wires the kiosk's buttons to the other kiosk scripts and starts it; loaded last. */
(function () {
  "use strict";

  const K = window.Kiosk;
  const ACTIONS = {
    back: () => K.back(),
    restart: () => K.restart(),
    retry: () => K.send(),
    checkin: () => K.openCheckin(),
    backspace: () => K.backspace(),
    "checkin-retry": (button) => K.sendCheckin(button),
    "walk-in": (button) => K.takeWalkIn(button),
    "large-text": () => K.toggleLarge(),
    "read-aloud": () => K.toggleReading(),
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    // Codes have double letters: each tap on a key counts.
    if (button.dataset.key) {
      K.pressKey(button.dataset.key);
      return;
    }
    // The second tap of a double tap must not press what appeared under the finger.
    if (event.detail > 1) return;
    if (button.dataset.openCategory) K.openCategory(button);
    else if (button.dataset.service) K.chooseService(button, button, K.state.current);
    else if (ACTIONS[button.dataset.action]) ACTIONS[button.dataset.action](button);
  });
  // A long press on a touch screen must not open a menu.
  document.addEventListener("contextmenu", (event) => event.preventDefault());

  K.wireCheckin();
  K.wireAccess();
  K.watchIdle();
  K.loadServices();
  K.connectLive();
  document.documentElement.dataset.ready = "";
})();
