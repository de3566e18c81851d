"""The waiting-room display in real Chromium: calls, recalls, speech queue, reconnects, axe."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, wait_for_js
from tests.live_http import Counter, issue

SCREEN = {"width": 1920, "height": 1080}

# A speechSynthesis that records every utterance and "speaks" each for 300 ms. It starts each
# utterance at once, even over another one, so only the display's own queue prevents overlap.
# Every oscillator start is recorded too: that is the chime.
FAKE_SPEECH = """
(() => {
  window.__speech = { spoken: [], cancels: 0 };
  window.__chimes = [];
  class FakeUtterance extends EventTarget {
    constructor(text) {
      super();
      this.text = text; this.lang = ""; this.voice = null; this.rate = 1;
      this.onstart = null; this.onend = null; this.onerror = null;
    }
  }
  function fire(utterance, type) {
    const event = new Event(type);
    if (typeof utterance["on" + type] === "function") utterance["on" + type](event);
    utterance.dispatchEvent(event);
  }
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices() { return []; },
    addEventListener() {}, removeEventListener() {},
    speak(utterance) {
      const record = { text: utterance.text, lang: utterance.lang, start: performance.now(),
                       end: null };
      window.__speech.spoken.push(record);
      fire(utterance, "start");
      setTimeout(() => { record.end = performance.now(); fire(utterance, "end"); }, 300);
    },
    cancel() { window.__speech.cancels += 1; },
    pause() {}, resume() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = FakeUtterance;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    window.__chimes.push(performance.now());
    return start.apply(this, args);
  };
})();
"""

# An AudioContext that stays suspended until resumed from a real click, like a browser without
# the autoplay flag.
BLOCKED_AUDIO = """
(() => {
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    get state() { return this.__unlocked ? "running" : "suspended"; }
    resume() {
      if (!navigator.userActivation.isActive) return new Promise(() => {});
      this.__unlocked = true;
      this.dispatchEvent(new Event("statechange"));
      return Promise.resolve();
    }
  };
})();
"""


@pytest.fixture
def screen(page):
    page.set_viewport_size(SCREEN)
    return page


def open_display(page, base: str, query: str = "", speech: bool = False):
    if speech:
        page.add_init_script(FAKE_SPEECH)
    page.goto(f"{base}/display{query}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")


def spoken(page) -> list[dict]:
    return page.evaluate("window.__speech.spoken")


def wait_spoken(page, count: int) -> list[dict]:
    """Wait until `count` utterances have been spoken to the end."""
    wait_for_js(
        page,
        f"window.__speech.spoken.filter(u => u.end !== null).length >= {count}",
        timeout=10_000,
    )
    return spoken(page)


def test_display_shows_called_number_and_counter_within_two_seconds(demo_server, screen):
    ticket = issue(demo_server.url)
    counter = Counter(demo_server.url)
    open_display(screen, demo_server.url, "?lang=en")

    answer = counter.act("call-next")
    answered = time.monotonic()

    assert answer["ticket"]["number"] == ticket["number"]
    expect(screen.locator("#latest-number")).to_have_text(ticket["number"], timeout=2000)
    expect(screen.locator("#latest-counter")).to_have_text("Counter 1", timeout=2000)
    assert time.monotonic() - answered < 2.0
    expect(screen.locator("#latest-arrow")).to_be_visible()


def test_display_highlights_a_new_call_without_motion_when_reduced_motion_is_asked(
    demo_server, screen
):
    screen.emulate_media(reduced_motion="reduce")
    issue(demo_server.url)
    counter = Counter(demo_server.url)
    open_display(screen, demo_server.url)

    counter.act("call-next")

    expect(screen.locator("#latest")).to_have_class(re.compile(r"\bis-new\b"), timeout=2000)
    assert screen.evaluate("document.getAnimations().length") == 0


def test_display_recall_shows_and_announces_the_number_again(demo_server, screen):
    first = issue(demo_server.url)
    second = issue(demo_server.url, service="tax_questions")
    one, two = Counter(demo_server.url), Counter(demo_server.url, "tax1", "2")
    open_display(screen, demo_server.url, "?lang=en", speech=True)

    one.act("call-next")
    two.act("call-next")
    expect(screen.locator("#latest-number")).to_have_text(second["number"])
    wait_spoken(screen, 2)

    one.act("recall")

    expect(screen.locator("#latest-number")).to_have_text(first["number"], timeout=2000)
    expect(screen.locator("#latest-counter")).to_have_text("Counter 1")
    # The recalled number moves up, it is not listed twice.
    expect(screen.locator("#recent li")).to_have_count(1)
    expect(screen.locator("#recent li")).to_have_text(f"{second['number']}→Counter 2")
    texts = [u["text"] for u in wait_spoken(screen, 3)]
    assert re.search(r"\bA 1\b.*\b1$", texts[0]) and re.search(r"\bA 1\b.*\b1$", texts[2])


def test_display_snapshot_on_load_shows_earlier_calls_and_waiting_counts(demo_server, screen):
    calls = [issue(demo_server.url) for _ in range(4)]
    tax = issue(demo_server.url, service="tax_questions")
    Counter(demo_server.url).act("call-next")
    Counter(demo_server.url, "tax1", "2").act("call-next")

    open_display(screen, demo_server.url, "?lang=en")

    expect(screen.locator(".display-centre")).to_have_text("Borgerservice Nørrebro")
    expect(screen.locator("#latest-number")).to_have_text(tax["number"])
    expect(screen.locator("#latest-counter")).to_have_text("Counter 2")
    expect(screen.locator("#recent li")).to_have_text([f"{calls[0]['number']}→Counter 1"])
    other = screen.locator('[data-service="other"]')
    expect(other).to_contain_text("Other questions")
    expect(other.locator("[data-count]")).to_have_text("3")
    expect(screen.locator('[data-service="tax_questions"] [data-count]')).to_have_text("0")
    # Appointment-only services have no queue to show.
    expect(screen.locator('[data-service="passport"]')).to_have_count(0)
    expect(screen.locator("#clock")).to_have_text(re.compile(r"^\d\d:\d\d$"))


def test_display_clock_is_written_as_the_page_language_writes_a_time(demo_server, screen):
    open_display(screen, demo_server.url)  # Danish: "15.50"
    clock = screen.locator("#clock")
    expect(clock).to_have_text(re.compile(r"^\d\d\.\d\d$"))
    # The machine-readable value stays HH:MM, and it is the same time.
    assert clock.get_attribute("datetime") == clock.inner_text().replace(".", ":")
    open_display(screen, demo_server.url, "?lang=en")
    expect(clock).to_have_text(re.compile(r"^\d\d:\d\d$"))
    open_display(screen, demo_server.url, "?lang=ur")  # Urdu, like Arabic: "15:50"
    expect(clock).to_have_text(re.compile(r"^\d\d:\d\d$"))


def test_display_updates_waiting_counts_when_tickets_are_issued(demo_server, screen):
    open_display(screen, demo_server.url)
    expect(screen.locator('[data-service="moving"] [data-count]')).to_have_text("0")

    issue(demo_server.url, service="moving")
    issue(demo_server.url, service="moving")

    expect(screen.locator('[data-service="moving"] [data-count]')).to_have_text("2", timeout=2000)


def test_display_speaks_calls_in_quick_succession_in_order_without_overlap(demo_server, screen):
    first = issue(demo_server.url)
    second = issue(demo_server.url, service="tax_questions")
    one, two = Counter(demo_server.url), Counter(demo_server.url, "tax1", "2")
    open_display(screen, demo_server.url, speech=True)

    one.act("call-next")
    two.act("call-next")

    expect(screen.locator("#latest-number")).to_have_text(second["number"], timeout=2000)
    done = wait_spoken(screen, 2)
    assert len(done) == 2
    assert re.search(r"\bA 1\b.*\b1$", done[0]["text"]), done
    assert re.search(r"\bT 1\b.*\b2$", done[1]["text"]), done
    assert first["number"] == "A001" and second["number"] == "T001"
    assert done[1]["start"] >= done[0]["end"], "the second call cut into the first"
    assert all(u["lang"] == "da-DK" for u in done)
    assert screen.evaluate("window.__speech.cancels") == 0
    # A chime before each utterance: one after the previous utterance ended, before this starts.
    chimes = screen.evaluate("window.__chimes")
    previous_end = 0
    for utterance in done:
        assert any(previous_end <= c <= utterance["start"] for c in chimes), (chimes, done)
        previous_end = utterance["end"]


def test_display_speaks_english_with_speech_en(demo_server, screen):
    issue(demo_server.url)
    counter = Counter(demo_server.url)
    open_display(screen, demo_server.url, "?speech=en", speech=True)

    counter.act("call-next")

    [utterance] = wait_spoken(screen, 1)
    assert utterance["text"] == "Number A 1, counter 1"
    assert utterance["lang"] == "en-GB"


def test_display_with_speech_off_chimes_but_does_not_speak(demo_server, screen):
    issue(demo_server.url)
    counter = Counter(demo_server.url)
    open_display(screen, demo_server.url, "?speech=off", speech=True)

    counter.act("call-next")

    wait_for_js(screen, "window.__chimes.length > 0")
    expect(screen.locator("#latest-number")).to_have_text("A001")
    screen.wait_for_timeout(1500)  # longer than the chime: speech would have started by now
    assert spoken(screen) == []


def test_display_offers_a_sound_button_when_the_browser_blocks_audio(demo_server, screen):
    screen.add_init_script(BLOCKED_AUDIO)
    open_display(screen, demo_server.url, "?lang=en")
    button = screen.get_by_role("button", name="Click to turn on sound")

    expect(button).to_be_visible()
    button.click()

    expect(button).to_be_hidden()


def test_display_reconnects_after_server_restart_and_resyncs(demo_server, screen):
    counter = Counter(demo_server.url)
    open_display(screen, demo_server.url, "?lang=en")
    expect(screen.locator("#connection")).to_have_text("Live")
    manager = "window.enindgangDisplay.socket.io"
    assert screen.evaluate(f"{manager}.reconnectionAttempts()") == float("inf")
    assert screen.evaluate(f"{manager}.reconnectionDelayMax()") <= 5000

    demo_server.stop()
    expect(screen.locator("#connection")).to_have_attribute("data-state", "reconnecting")
    expect(screen.locator("#connection")).to_have_text("Reconnecting…")

    # Keep the display away while a call is made, so it can only learn of it from the snapshot
    # it gets on reconnecting, and for several attempts, so it must keep on trying.
    refused: list[str] = []

    def refuse(route) -> None:
        refused.append(route.request.url)
        route.abort()

    screen.route("**/socket.io/**", refuse)
    demo_server.start()
    missed = issue(demo_server.url)
    counter.act("call-next")
    deadline = time.monotonic() + 30
    while len(refused) < 4 and time.monotonic() < deadline:
        screen.wait_for_timeout(200)  # lets Playwright run the route handler meanwhile
    assert len(refused) >= 4
    screen.unroute("**/socket.io/**")

    expect(screen.locator("#connection")).to_have_attribute(
        "data-state", "connected", timeout=10_000
    )
    expect(screen.locator("#latest-number")).to_have_text(missed["number"])

    counter.act("no-show")
    live = issue(demo_server.url)
    answer = counter.act("call-next")
    answered = time.monotonic()
    assert answer["ticket"]["number"] == live["number"]
    expect(screen.locator("#latest-number")).to_have_text(live["number"], timeout=2000)
    assert time.monotonic() - answered < 2.0


def test_display_has_no_axe_violations_with_calls_on_it(demo_server, screen):
    for _ in range(3):
        issue(demo_server.url)
    issue(demo_server.url, service="tax_questions")
    one, two = Counter(demo_server.url), Counter(demo_server.url, "tax1", "2")
    open_display(screen, demo_server.url)

    one.act("call-next")
    two.act("call-next")

    expect(screen.locator("#recent li")).to_have_count(1)
    wait_for_js(screen, "document.getAnimations().length === 0", timeout=10_000)
    assert axe_violations(screen) == []


# The same fake, with a browser that has an Arabic and a Danish voice.
ARABIC_VOICE = FAKE_SPEECH.replace(
    "getVoices() { return []; }",
    'getVoices() { return [{ lang: "da-DK", name: "Dansk" }, { lang: "ar-SA", name: "Arabic" }]; }',
)


def test_display_speaks_each_call_in_its_citizens_language_when_it_has_that_voice(
    demo_server, screen
):
    issue(demo_server.url, language="ar")
    issue(demo_server.url, service="tax_questions")
    one, two = Counter(demo_server.url), Counter(demo_server.url, "tax1", "2")
    screen.add_init_script(ARABIC_VOICE)
    open_display(screen, demo_server.url)

    one.act("call-next")
    two.act("call-next")

    done = wait_spoken(screen, 2)
    assert done[0]["lang"] == "ar" and re.search("[\u0600-\u06ff]", done[0]["text"]), done
    assert "A 1" in done[0]["text"]
    assert done[1]["lang"] == "da-DK" and "T 1" in done[1]["text"], done
    assert done[1]["start"] >= done[0]["end"], "the Danish call cut into the Arabic one"


def test_display_speaks_an_arabic_call_in_danish_without_an_arabic_voice(demo_server, screen):
    issue(demo_server.url, language="ar")
    counter = Counter(demo_server.url)
    open_display(screen, demo_server.url, speech=True)

    counter.act("call-next")

    [utterance] = wait_spoken(screen, 1)
    assert utterance["lang"] == "da-DK"
    assert not re.search("[\u0600-\u06ff]", utterance["text"])
