/* The paper copy: what the ticket screen says about it as the printer answers.
   The server says how each print went ("printed" on /kiosk, for every kiosk: the number only,
   which the waiting-room screens show anyway). The news can beat the ticket's own answer, so
   it is kept for a minute by number (numbers start again each day). */
(function () {
  "use strict";

  const K = window.Kiosk;
  const { S, $ } = K;
  const PRINT_WAIT_MS = Math.max(1, Number(K.config.print_wait_seconds) || 4) * 1000;
  const NEWS_KEPT_MS = 60000;
  const printNews = new Map(); // ticket number -> {ok, error, at}
  let printTimer = null;
  let printFor = null; // the ticket number whose paper copy the ticket screen speaks of
  let printState = null; // pending | ok | failed

  function keepNews(news) {
    printNews.delete(news.number);
    printNews.set(news.number, { ok: news.ok, error: news.error, at: Date.now() });
    if (printNews.size > 50) printNews.delete(printNews.keys().next().value);
  }

  function freshNews(number) {
    const news = printNews.get(number);
    return news && Date.now() - news.at < NEWS_KEPT_MS ? news : null;
  }

  function setPrint(kind, error) {
    // Once the paper copy is out, a later failure (a reprint) does not take that back.
    if (printState === "ok" && kind !== "ok") return;
    printState = kind;
    let text = S.printing;
    if (kind === "ok") text = S.printed;
    else if (kind === "failed") text = (error === "paper_out" ? S.paper_out + " " : "") + S.not_printed;
    const line = $("#ticket-print");
    if (line.textContent !== text) line.textContent = text;
    $("#screen-ticket").dataset.print = kind;
  }

  function settlePrint(news) {
    window.clearTimeout(printTimer);
    setPrint(news.ok ? "ok" : "failed", news.error);
  }

  function onPrinted(news) {
    if (!news || typeof news.number !== "string") return;
    keepNews(news);
    if (news.number === printFor) settlePrint(news);
  }

  function watchPrint(ticket) {
    window.clearTimeout(printTimer);
    printFor = ticket.number;
    printState = null;
    const known = freshNews(ticket.number);
    if (known) {
      settlePrint(known);
      return;
    }
    const printer = ticket.printer;
    if (printer && (printer.paper === "out" || printer.error === "paper_out")) {
      setPrint("failed", "paper_out");
    } else if (printer && printer.online === false) {
      setPrint("failed", printer.error);
    } else {
      setPrint("pending");
      // No news in time: the printer or the live connection is in trouble. Say so plainly.
      printTimer = window.setTimeout(() => {
        if (printFor === ticket.number && printState === "pending") setPrint("failed", null);
      }, PRINT_WAIT_MS);
    }
  }

  function forgetPrint() {
    window.clearTimeout(printTimer);
    printFor = null;
    printState = null;
    $("#ticket-print").textContent = "";
    delete $("#screen-ticket").dataset.print;
  }

  Object.assign(K, { onPrinted: onPrinted, watchPrint: watchPrint, forgetPrint: forgetPrint });
})();
