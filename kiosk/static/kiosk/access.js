/* Large text and reading aloud: a citizen's choice, kept across a change of language (in
   sessionStorage) until the idle reset gives the kiosk back to the next citizen. */
(function () {
  "use strict";

  const K = window.Kiosk;
  const { $, $$, state } = K;
  const LARGE = "kiosk-large-text";
  const SPEAK = "kiosk-read-aloud";
  const VOICE_LANG = { da: "da-DK", en: "en-GB" };
  const speech = "speechSynthesis" in window ? window.speechSynthesis : null;

  function remembered(key) {
    try {
      return window.sessionStorage.getItem(key) === "on";
    } catch (err) {
      return false;
    }
  }

  function remember(key, on) {
    try {
      if (on) window.sessionStorage.setItem(key, "on");
      else window.sessionStorage.removeItem(key);
    } catch (err) {
      // No storage: the choice lasts until the page changes language.
    }
  }

  function setLarge(on) {
    document.documentElement.classList.toggle("large-text", on);
    $("#large-text").setAttribute("aria-pressed", String(on));
    remember(LARGE, on);
  }

  // ---- reading aloud ------------------------------------------------------------------------

  const visible = (el) => el.getClientRects().length > 0;
  const clean = (text) => String(text || "").replace(/\s+/g, " ").trim();

  function buttonText(el) {
    // A tile: its name and its live line, not the long hint.
    const name = $(".tile-name", el);
    return name ? clean([name.textContent, ($(".tile-live", el) || {}).textContent].join(". ")) : clean(el.textContent);
  }

  /* What the screen says: its heading, its sentences, then its buttons (not the code keys),
     then the tools row. */
  function screenTexts(screen) {
    const texts = [];
    const heading = $("h1", screen);
    if (heading) texts.push(clean(heading.innerText));
    $$("p, label, figcaption, .hours-week", screen)
      .filter((el) => visible(el) && !el.closest("button, h1, .visually-hidden"))
      .forEach((el) => texts.push(clean(el.innerText)));
    $$("button, a", screen)
      .concat($$("#tools button, #tools a"))
      .filter((el) => visible(el) && !el.dataset.key)
      .forEach((el) => texts.push(buttonText(el)));
    return texts.filter(Boolean);
  }

  function speak(texts) {
    if (!speech) return;
    speech.cancel();
    texts.forEach((text) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = VOICE_LANG[K.lang] || K.lang;
      speech.speak(utterance);
    });
  }

  function reading() {
    return $("#read-aloud").getAttribute("aria-pressed") === "true";
  }

  function readScreen(screen) {
    if (speech) speech.cancel();
    if (!reading()) return;
    // Next turn: the screen's own script (the ticket's paper copy line) has filled it in.
    window.setTimeout(() => {
      if (reading() && state.current === screen) speak(screenTexts(screen));
    }, 0);
  }

  function setReading(on) {
    $("#read-aloud").setAttribute("aria-pressed", String(on));
    remember(SPEAK, on);
    if (on) readScreen(state.current);
    else if (speech) speech.cancel();
  }

  function resetAccess() {
    setLarge(false);
    setReading(false);
  }

  function wireAccess() {
    const speakButton = $("#read-aloud");
    // A browser without a voice offers no button that would do nothing.
    speakButton.hidden = !speech;
    setLarge(remembered(LARGE));
    if (speech) setReading(remembered(SPEAK));
    K.onShown(readScreen);
  }

  Object.assign(K, {
    toggleLarge: () => setLarge($("#large-text").getAttribute("aria-pressed") !== "true"),
    toggleReading: () => setReading(!reading()),
    resetAccess: resetAccess,
    wireAccess: wireAccess,
  });
})();
