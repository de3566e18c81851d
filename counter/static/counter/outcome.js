/* Staff client, the outcome panel: finish a visit that was not simply resolved. Handed over
   to an administration (a second tap shows them, a third finishes), referred to another
   authority, or the citizen must come back; optionally which of the service's tasks it
   covered. Finish and "Finish and call next" stay the one-tap way for a resolved visit. */
window.Staff.outcome = (function (Staff) {
  "use strict";

  const { S, C, state, $, $$, fmt, h, setText } = Staff;

  const dialog = $("#outcome-dialog");
  const admins = $("#outcome-admins");
  const handOver = $('[data-outcome="handed_over"]', dialog);
  // The tasks are sent only when staff changed the ticks: otherwise the server's default
  // (the main task; on a hand-over, the service's first task of that administration).
  let tasksTouched = false;

  function serviceTasks(service) {
    return (C.service_tasks && C.service_tasks[service]) || [];
  }

  function renderTasks(service) {
    tasksTouched = false;
    const list = $("#outcome-task-list");
    list.replaceChildren(
      ...serviceTasks(service).map((task, i) => {
        const id = "outcome-task-" + i;
        return h("li", {}, [
          h("input", {
            type: "checkbox",
            id: id,
            value: task.id,
            checked: i === 0,
            onchange: () => (tasksTouched = true),
          }),
          h("label", { for: id }, [
            // The task list is the municipality's, in Danish only.
            h("span", { lang: "da", text: task.name }),
            i === 0 ? h("span", { className: "tag tag-target", text: S.main_task }) : null,
            h("span", { className: "task-meta", text: task.administration_label + " · " + task.level_label }),
          ]),
        ]);
      })
    );
  }

  function showAdministrations(shown) {
    admins.hidden = !shown;
    handOver.setAttribute("aria-expanded", String(shown));
  }

  function open() {
    const ticket = state.counter && state.counter.ticket;
    if (!ticket || dialog.open) return;
    setText($("#outcome-number"), ticket.number);
    setText($("#outcome-error"), "");
    showAdministrations(false);
    $("#outcome-tasks").open = false;
    $("#outcome-call-next").checked = false;
    renderTasks(ticket.service);
    dialog.showModal();
    handOver.focus();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  function chosenTasks() {
    if (!tasksTouched) return undefined;
    return $$("#outcome-task-list input:checked").map((box) => box.value);
  }

  async function finishWith(outcome, administration, text) {
    const tasks = chosenTasks();
    if (tasks && !tasks.length) {
      $("#outcome-tasks").open = true;
      setText($("#outcome-error"), S.choose_a_task);
      return;
    }
    setText($("#outcome-error"), "");
    const body = { outcome: outcome };
    if (administration) body.administration = administration;
    if (tasks) body.tasks = tasks;
    const answer = await Staff.panel.finish($("#outcome-call-next").checked, body, text, $("#outcome-error"));
    if (answer) close();
  }

  // ---- wiring ---------------------------------------------------------------------------------

  // Every tap here passes the same double-tap guard as the counter's buttons: the panel
  // opens where the finger was, and the second tap of a double tap must not finish the visit.
  handOver.addEventListener("click", (event) => {
    if (Staff.panel.tapAllowed(event)) showAdministrations(admins.hidden);
  });
  $$("[data-outcome]:not([data-outcome='handed_over'])", dialog).forEach((button) =>
    button.addEventListener("click", (event) => {
      if (!Staff.panel.tapAllowed(event)) return;
      const outcome = button.dataset.outcome;
      finishWith(outcome, null, S["outcome_" + outcome]);
    })
  );
  $$("[data-administration]", admins).forEach((button) =>
    button.addEventListener("click", (event) => {
      if (!Staff.panel.tapAllowed(event)) return;
      const text = fmt(S.outcome_handed_over, { administration: button.textContent.trim() });
      finishWith("handed_over", button.dataset.administration, text);
    })
  );
  $("#outcome-cancel").addEventListener("click", close);
  dialog.addEventListener("close", () => {
    if (!state.me || $("#counter-view").hidden) return; // logged out: the login form has focus
    const back = $('.act[data-action="outcome"]');
    (back && !back.disabled ? back : $('.act[data-action="call-next"]')).focus();
  });

  return { open: open, close: close };
})(window.Staff);
