/* Back to the Danish start screen (plain text, silent) when no one has touched the kiosk for a
   while, and a redraw when the centre opens or closes or a new day begins (a service may take
   walk-ins one day and need a booked time the next). */
(function () {
  "use strict";

  const K = window.Kiosk;
  const { state } = K;
  const OPENING_CHECK_MS = 60000;
  const idleMs = Math.max(5, Number(K.config.idle_seconds) || 30) * 1000;
  let idleTimer = null;

  function danishStart() {
    const url = new URL(window.location.href);
    url.searchParams.set("lang", "da");
    url.hash = "";
    return url.toString();
  }

  function onIdle() {
    // The next citizen gets the kiosk as it starts: a choice of large text or reading aloud
    // was for the one before.
    K.resetAccess();
    if (K.lang !== "da") {
      window.location.replace(danishStart());
      return;
    }
    if (state.current !== K.startScreen) K.restart(false);
    armIdle();
  }

  function armIdle() {
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(onIdle, idleMs);
  }

  async function checkOpening() {
    // The start screen was drawn open or closed, for one day; redraw it when either changes.
    if (state.current !== K.startScreen || state.busy) return;
    try {
      const response = await fetch("/api/v1/centre", { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      const turned = body.opening && body.opening.open !== K.config.open;
      const newDay = typeof body.today === "string" && body.today !== K.config.today;
      if ((turned || newDay) && state.current === K.startScreen) {
        window.location.reload();
      }
    } catch (err) {
      // Offline for a moment: try again at the next check.
    }
  }

  function watchIdle() {
    ["pointerdown", "keydown", "touchstart", "wheel"].forEach((type) => {
      document.addEventListener(type, armIdle, { capture: true, passive: true });
    });
    armIdle();
    window.setInterval(checkOpening, OPENING_CHECK_MS);
  }

  K.watchIdle = watchIdle;
})();
