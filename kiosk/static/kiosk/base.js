/* The kiosk's shared ground: its config, the state of one citizen's visit, and text helpers.
   Every kiosk script adds its part to window.Kiosk; no citizen-facing text lives in them: it
   comes translated from the page (#kiosk-config). */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("kiosk-config").textContent);
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const plural = new Intl.PluralRules(config.lang);
  const announcer = $("#announce");

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[ds]/g, (match, key) =>
      key in values ? String(values[key]) : match
    );
  }

  function counted(forms, n) {
    // Danish and English name "one" or "other"; Arabic also "zero", "two", "few", "many".
    return fill(forms[plural.select(n)] || forms.other, { count: n });
  }

  // A clock time as the language writes it: "10.30" in Danish, "10:30" in English.
  const clockOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  const localLang = config.lang === "da" ? "da-DK" : "en-GB";
  const centreClock = new Intl.DateTimeFormat(localLang, {
    ...clockOptions,
    timeZone: config.timezone,
  });
  // Digits taken as they are (formatted as UTC, so the kiosk machine's zone cannot shift them).
  const digitsClock = new Intl.DateTimeFormat(localLang, { ...clockOptions, timeZone: "UTC" });

  // No counter that serves it is staffed: when one opens, or that nobody can say (on a
  // service button, short: "No counter open", so the buttons keep their size and place).
  function noWaitText(note, short) {
    if (note && note.code === "opens_at" && note.time) {
      return fill(config.strings.wait_opens, { time: centreClock.format(new Date(note.time)) });
    }
    return short ? config.strings.no_counter : config.strings.wait_unknown;
  }

  function announce(text) {
    // Emptied first so the same sentence twice is still read out.
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  window.Kiosk = {
    config: config,
    S: config.strings,
    lang: config.lang,
    REQUEST_TIMEOUT_MS: 10000,
    $: $,
    $$: $$,
    fill: fill,
    counted: counted,
    announce: announce,
    noWaitText: noWaitText,
    digitsClock: digitsClock,
    announcer: announcer,
    startScreen: $("#screen-start"),
    codeField: $("#checkin-code"),
    // One citizen's visit; restart() clears it.
    state: {
      current: $("#screen-start"),
      backTarget: $("#screen-start"), // where "Back" goes from the screen now shown
      intent: null, // one tap on a service: {service, nonce, button, from}; kept for retries
      busy: false,
      checkin: null, // the code being checked in: {code}; kept for a retry after a network error
    },
  };
})();
