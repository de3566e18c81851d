/* Staff client, the kiosk printer: its state, the tickets whose paper copy failed (with a
   Reprint button), and the virtual printer's latest printouts. */
window.Staff.printer = (function (Staff) {
  "use strict";

  const { S, C, state, $, $$, fmt, h, setText, clockTime, say, showError, clearErrors, api } =
    Staff;
  const PRINTOUTS_DELAY_MS = 300; // a burst of prints is one refresh

  let pushes = 0; // printer states received live: a slower answer to a read must not undo them
  let printoutsSeq = 0;
  let printoutsTimer = null;
  const asked = new Map(); // ticket id -> number, reprints this person asked for

  // ---- the printer's state and the tickets not printed -------------------------------------

  function stateText(printer) {
    // paper "unknown" (a printer that cannot tell) is no alert.
    if (printer.paper === "out" || printer.error === "paper_out") return S.printer.out;
    if (!printer.online) return S.printer.offline;
    if (printer.paper === "low") return S.printer.low;
    return S.printer.ok;
  }

  function reasonText(code) {
    return S.print_error[code] || S.print_error.other;
  }

  function render(printer) {
    if (!printer) return;
    const text = stateText(printer);
    const line = $("#printer-line");
    setText(line, text);
    line.classList.toggle("bad", text !== S.printer.ok);
    const failed = printer.failed || [];
    renderFailed(failed);
    $("#printer-view").classList.toggle("alert", text !== S.printer.ok || failed.length > 0);
  }

  function renderFailed(failed) {
    const list = $("#printer-failed-list");
    const existing = new Map($$("li", list).map((li) => [li.dataset.ticket, li]));
    const active = document.activeElement;
    const hadFocus = list.contains(active);
    // Newest first: the citizen who just left the kiosk is most likely at the desk now.
    const items = failed
      .slice()
      .reverse()
      .map((ticket) => {
        const old = existing.get(ticket.id);
        if (old) {
          setText($(".reason", old), reasonText(ticket.error));
          return old;
        }
        return h("li", { "data-ticket": ticket.id, "data-number": ticket.number }, [
          h("span", { className: "num", text: ticket.number }),
          h("span", { className: "reason", text: reasonText(ticket.error) }),
          h(
            "button",
            {
              type: "button",
              className: "btn btn-small",
              "aria-label": fmt(S.reprint_ticket, { number: ticket.number }),
              onclick: (event) => reprint(ticket, event.currentTarget),
            },
            [S.reprint]
          ),
        ]);
      });
    list.replaceChildren(...items);
    $("#printer-failed").hidden = !items.length;
    if (hadFocus && !list.contains(document.activeElement)) {
      // The ticket just reprinted left the list: keep keyboard users near it.
      const stillThere = items.find((li) => li.contains(active));
      (stillThere ? active : $("#printer-line")).focus();
    }
  }

  async function reprint(ticket, button) {
    clearErrors();
    button.disabled = true;
    // Before the request: the printer may finish before its answer arrives.
    asked.set(ticket.id, ticket.number);
    try {
      await api("POST", "/printer/reprint", { ticket: ticket.id });
      say(fmt(S.reprint_sent, { number: ticket.number }));
    } catch (err) {
      asked.delete(ticket.id);
      showError(err);
    } finally {
      button.disabled = false;
    }
  }

  /** A print attempt's outcome (the "printed" push). */
  function onPrinted(news) {
    if (!news || !state.me) return;
    if (asked.has(news.ticket)) {
      asked.delete(news.ticket);
      if (news.ok) say(fmt(S.reprint_ok, { number: news.number }));
      else showError({ message: fmt(S.reprint_failed, { number: news.number }) });
    }
    schedulePrintouts();
  }

  function onPush(printer) {
    pushes++;
    render(printer);
  }

  async function load() {
    const seen = pushes;
    try {
      const printer = await api("GET", "/printer");
      if (state.me && seen === pushes) render(printer);
    } catch (err) {
      showError(err);
    }
  }

  // ---- the virtual printer's printouts --------------------------------------------------------

  function printoutsShown() {
    const details = $("#printouts");
    return Boolean(details && details.open && state.me);
  }

  function schedulePrintouts() {
    if (!printoutsShown()) return;
    window.clearTimeout(printoutsTimer);
    printoutsTimer = window.setTimeout(loadPrintouts, PRINTOUTS_DELAY_MS);
  }

  async function loadPrintouts() {
    if (!printoutsShown()) return;
    const seq = ++printoutsSeq;
    try {
      const answer = await api("GET", "/printer/printouts");
      if (seq === printoutsSeq && state.me) renderPrintouts(answer.printouts || []);
    } catch (_err) {
      /* the next print refreshes the list again */
    }
  }

  function renderPrintouts(printouts) {
    const shown = printouts.filter((p) => p.png_url);
    const list = $("#printouts-list");
    const old = new Map($$("li", list).map((li) => [li.dataset.src, li]));
    list.replaceChildren(
      ...shown.map(
        (p) =>
          // The same picture keeps its element: no flicker, no second download.
          old.get(p.png_url) ||
          h("li", { "data-src": p.png_url, "data-name": p.name }, [
            h("figure", {}, [
              h("img", { src: p.png_url, alt: fmt(S.printout_alt, { number: p.name }) }),
              h("figcaption", {}, [h("strong", { text: p.name }), " " + clockTime(p.at)]),
            ]),
          ])
      )
    );
    setText($("#printouts-empty"), shown.length ? "" : S.no_printouts);
  }

  // ---- session ----------------------------------------------------------------------------------

  function start(role) {
    $("#printer-view").hidden = false;
    const details = $("#printouts");
    if (details) {
      $("#printouts-view").hidden = false;
      // The manager sees the printouts at once; others open them when they want to.
      details.open = role === "manager";
    }
    load();
    loadPrintouts();
  }

  function reset() {
    window.clearTimeout(printoutsTimer);
    printoutsSeq++;
    asked.clear();
    $("#printer-view").hidden = true;
    $("#printer-view").classList.remove("alert");
    setText($("#printer-line"), "");
    $("#printer-line").classList.remove("bad");
    $("#printer-failed-list").replaceChildren();
    $("#printer-failed").hidden = true;
    const details = $("#printouts");
    if (details) {
      $("#printouts-view").hidden = true;
      details.open = false;
      $("#printouts-list").replaceChildren();
      setText($("#printouts-empty"), "");
    }
  }

  const details = $("#printouts");
  if (details && C.virtual_printer) {
    details.addEventListener("toggle", () => {
      if (details.open) loadPrintouts();
    });
  }

  return { start, reset, render: onPush, onPrinted, load };
})(window.Staff);
