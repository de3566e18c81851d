/* The question after a finished visit: shown when the ticket is done, sent once, anonymously. */
(function () {
  "use strict";

  var section = document.getElementById("feedback");
  var form = document.getElementById("feedback-form");
  var error = document.getElementById("feedback-error");
  var thanks = document.getElementById("feedback-thanks");
  var send = document.getElementById("feedback-send");
  var answered = section.dataset.answered === "true";

  function thank() {
    answered = true;
    form.hidden = true;
    thanks.hidden = false;
    thanks.focus();
  }

  // status.js tells every render; a visit that finishes while the page is open asks then.
  document.addEventListener("ticket-status", function (event) {
    var done = event.detail.status === "done";
    if (!thanks.hidden) return; // answered here: keep the thanks in view
    section.hidden = !done || answered;
  });

  function chosen(name) {
    var input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : null;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var solved = chosen("solved");
    if (!solved) {
      error.textContent = form.dataset.needAnswer;
      document.getElementById("solved-yes").focus();
      return;
    }
    var smiley = chosen("smiley");
    error.textContent = "";
    send.disabled = true;
    fetch("/api/v1/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        token: form.dataset.token,
        solved: solved === "yes",
        smiley: smiley ? Number(smiley) : null,
        language: document.documentElement.lang,
      }),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          // Answered before (another tab, a double tap): the answer stands, thank them too.
          if (response.ok || (body.error && body.error.code === "feedback_given")) return thank();
          error.textContent = body.error ? body.error.message : "";
        });
      })
      .catch(function () {
        error.textContent = form.dataset.offline;
      })
      .finally(function () {
        send.disabled = false;
      });
  });
})();
