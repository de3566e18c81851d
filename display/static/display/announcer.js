/* Chime and spoken calls for the waiting room, strictly one after another. */
(function () {
  "use strict";

  // The two-tone ding takes this long; the voice starts after it has faded.
  var CHIME_MS = 1100;
  var TONES = [
    { at: 0, hz: 659.25 }, // E5
    { at: 0.38, hz: 523.25 }, // C5
  ];
  // Chromium without a speech backend may never fire "end": move on after this.
  var SAFETY_BASE_MS = 6000;
  var SAFETY_PER_CHAR_MS = 150;
  // A breath between two calls so they are heard as two.
  var GAP_MS = 400;

  function wait(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  /** "A017" -> "A 17": the letter alone, then the number as people say it. */
  function spokenNumber(number) {
    var match = /^([A-Za-z]+)0*(\d+)$/.exec(String(number));
    return match ? match[1].toUpperCase() + " " + match[2] : String(number);
  }

  function Announcer(options) {
    this.speech = options.speech || { enabled: false };
    this.onSoundBlocked = options.onSoundBlocked || function () {};
    this.queue = [];
    this.busy = false;
    this.audio = null;
    this.current = null; // keeps the utterance alive: Chromium drops "end" of collected ones
  }

  /** The ticket's own language when this browser has a voice for it, else the room's. */
  Announcer.prototype.spokenIn = function (call) {
    var own = (this.speech.languages || {})[call.language];
    if (own && call.language && this.voice(own.lang)) return own;
    return { lang: this.speech.lang, template: this.speech.template };
  };

  Announcer.prototype.text = function (call, spoken) {
    return (spoken || this.spokenIn(call)).template
      .replace("{number}", spokenNumber(call.number))
      .replace("{counter}", String(call.counter));
  };

  /** Create the AudioContext and report whether the browser lets it play. */
  Announcer.prototype.prepare = function () {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    var self = this;
    this.audio = new Ctx();
    this.audio.addEventListener("statechange", function () {
      self.reportSound();
    });
    this.audio.resume().catch(function () {}).then(function () {
      self.reportSound();
    });
    // resume() may stay pending forever without a user gesture.
    setTimeout(function () {
      self.reportSound();
    }, 500);
  };

  Announcer.prototype.reportSound = function () {
    this.onSoundBlocked(Boolean(this.audio) && this.audio.state === "suspended");
  };

  /** Called from a click: the gesture browsers want before they play sound or speech. */
  Announcer.prototype.unlock = function () {
    var self = this;
    if (!this.audio) this.prepare();
    if (this.audio) {
      this.audio.resume().then(function () {
        self.reportSound();
      });
    }
  };

  Announcer.prototype.chime = function () {
    var audio = this.audio;
    if (!audio || audio.state !== "running") return Promise.resolve();
    var start = audio.currentTime + 0.05;
    TONES.forEach(function (tone) {
      var t = start + tone.at;
      var gain = audio.createGain();
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.35, t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.7);
      gain.connect(audio.destination);
      // A sine with a quiet octave above sounds like a bell rather than a beep.
      [
        { type: "sine", mult: 1, level: 1 },
        { type: "sine", mult: 2, level: 0.25 },
      ].forEach(function (partial) {
        var osc = audio.createOscillator();
        var level = audio.createGain();
        osc.type = partial.type;
        osc.frequency.value = tone.hz * partial.mult;
        level.gain.value = partial.level;
        osc.connect(level);
        level.connect(gain);
        osc.start(t);
        osc.stop(t + 0.75);
      });
    });
    return wait(CHIME_MS);
  };

  Announcer.prototype.voice = function (lang) {
    var synth = window.speechSynthesis;
    if (!synth) return null;
    var voices = (synth.getVoices && synth.getVoices()) || [];
    var wanted = String(lang || this.speech.lang).toLowerCase();
    var prefix = wanted.split("-")[0];
    var exact = null;
    var close = null;
    voices.forEach(function (voice) {
      var lang = String(voice.lang || "").replace("_", "-").toLowerCase();
      if (lang === wanted && !exact) exact = voice;
      if (lang.split("-")[0] === prefix && !close) close = voice;
    });
    return exact || close;
  };

  /** Speak one call; resolves on "end", on "error", or after the safety timeout. */
  Announcer.prototype.say = function (call) {
    var self = this;
    var synth = window.speechSynthesis;
    if (!this.speech.enabled || !synth || !window.SpeechSynthesisUtterance) {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      var spoken = self.spokenIn(call);
      var text = self.text(call, spoken);
      var utterance = new window.SpeechSynthesisUtterance(text);
      var finished = false;
      var timer = null;
      function finish() {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        self.current = null;
        resolve();
      }
      utterance.lang = spoken.lang;
      var voice = self.voice(spoken.lang);
      if (voice) utterance.voice = voice;
      utterance.rate = 0.9;
      utterance.onend = finish;
      utterance.onerror = finish;
      self.current = utterance;
      timer = setTimeout(finish, SAFETY_BASE_MS + text.length * SAFETY_PER_CHAR_MS);
      synth.speak(utterance);
    });
  };

  /** Queue a call: chime, then voice; the next call waits until this one has ended. */
  Announcer.prototype.announce = function (call) {
    this.queue.push(call);
    this.pump();
  };

  Announcer.prototype.pump = function () {
    if (this.busy || this.queue.length === 0) return;
    var self = this;
    var call = this.queue.shift();
    this.busy = true;
    function next() {
      self.busy = false;
      self.pump();
    }
    this.chime()
      .then(function () {
        return self.say(call);
      })
      .catch(function () {})
      .then(function () {
        return wait(GAP_MS);
      })
      .then(next);
  };

  window.DisplayAnnouncer = Announcer;
  window.DisplayAnnouncer.spokenNumber = spokenNumber;
})();
