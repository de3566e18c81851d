/* Staff client, manager: today's anonymous answers from citizens, per service and counter. */
window.Staff.feedback = (function (Staff) {
  "use strict";

  const { S, C, state, $, h, setText, serviceName, counterName, syncRows, api } = Staff;
  // No push carries answers (they write no event, to stay anonymous): read them now and then.
  const POLL_MS = 20000;
  const oneDecimal = new Intl.NumberFormat(C.lang === "da" ? "da-DK" : "en-GB", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

  let timer = null;

  function render(list) {
    syncRows($("#feedback-table tbody"), list, (f) => f.service + "/" + f.counter, (f) =>
      h("tr", { "data-service": f.service, "data-counter": f.counter }, [
        h("th", { scope: "row", text: serviceName(f.service) }),
        h("td", { text: counterName(f.counter) }),
        h("td", { className: "num f-answers", text: String(f.answers) }),
        h("td", { className: "num f-solved", text: String(f.solved) }),
        h("td", { className: "num f-not-solved", text: String(f.not_solved) }),
        h("td", {
          className: "num f-smiley",
          text: f.average_smiley === null ? S.dash : oneDecimal.format(f.average_smiley),
        }),
      ])
    );
    setText($("#feedback-empty"), list.length ? "" : S.no_feedback);
    $("#feedback-table").hidden = !list.length;
  }

  async function load() {
    if (!state.me || state.me.staff.role !== "manager") return;
    try {
      const answer = await api("GET", "/manager/feedback");
      if (state.me) render(answer.feedback || []);
    } catch (_e) {
      // The next poll tries again; the page's own errors speak of the connection.
    }
  }

  function start(role) {
    $("#feedback-view").hidden = role !== "manager";
    window.clearInterval(timer);
    timer = null;
    if (role !== "manager") return;
    timer = window.setInterval(load, POLL_MS);
    load();
  }

  function reset() {
    window.clearInterval(timer);
    timer = null;
    $("#feedback-view").hidden = true;
    $("#feedback-table tbody").replaceChildren();
    setText($("#feedback-empty"), "");
  }

  return { start, reset, load };
})(window.Staff);
