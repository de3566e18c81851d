/* The report form: choosing a first or last day means the from–to period (without this the
   form would keep the month chosen before and show it instead of the days typed). */
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  if (!form) return;
  const period = form.querySelector("#report-period");
  ["#report-from", "#report-to"].forEach(function (selector) {
    const field = form.querySelector(selector);
    if (field && period) {
      field.addEventListener("change", function () {
        period.value = "range";
      });
    }
  });
})();
