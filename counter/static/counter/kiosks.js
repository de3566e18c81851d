/* Staff client, manager: the paired kiosks, when each was last seen, and revoking one. */
window.Staff.kiosks = (function (Staff) {
  "use strict";

  const { S, C, state, $, fmt, h, setText, syncRows, say, showError, clearErrors, api } = Staff;
  const dayTime = new Intl.DateTimeFormat(C.lang === "da" ? "da-DK" : "en-GB", {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: C.timezone,
  });
  const when = (iso) => (iso ? dayTime.format(new Date(iso)) : "");

  async function load() {
    if (!state.me || state.me.staff.role !== "manager") return;
    try {
      const answer = await api("GET", "/manager/kiosks");
      render(answer.kiosks);
    } catch (err) {
      showError(err);
    }
  }

  function render(kiosks) {
    syncRows($("#kiosks tbody"), kiosks, (k) => k.id, (k) =>
      h("tr", { "data-kiosk": k.id, className: k.revoked ? "revoked" : "" }, [
        h("th", { scope: "row", text: k.name }),
        h("td", { text: k.paired ? fmt(S.kiosk_paired_at, { time: when(k.paired_at) }) : S.kiosk_not_paired }),
        h("td", { text: k.last_seen_at ? when(k.last_seen_at) : S.kiosk_never }),
        h("td", { text: k.revoked ? S.kiosk_revoked : S.kiosk_active }),
        h("td", {}, [
          k.revoked
            ? S.dash
            : h("button", {
                type: "button",
                className: "btn btn-small btn-secondary revoke",
                "data-kiosk": k.id,
                "data-name": k.name,
                text: S.revoke,
                "aria-label": fmt(S.revoke_kiosk, { name: k.name }),
              }),
        ]),
      ])
    );
    setText($("#kiosks-empty"), kiosks.length ? "" : S.no_kiosks);
    $("#kiosks").hidden = !kiosks.length;
  }

  async function onClick(event) {
    const button = event.target.closest(".revoke");
    if (!button) return;
    clearErrors();
    button.disabled = true;
    try {
      await api("POST", "/manager/kiosks/" + encodeURIComponent(button.dataset.kiosk) + "/revoke", {});
      say(fmt(S.revoked_msg, { name: button.dataset.name }));
      await load();
    } catch (err) {
      button.disabled = false;
      showError(err);
    }
  }

  $("#kiosks").addEventListener("click", onClick);

  function start(role) {
    $("#kiosks-view").hidden = role !== "manager";
    if (role === "manager") load();
  }

  function reset() {
    $("#kiosks-view").hidden = true;
    $("#kiosks tbody").replaceChildren();
    setText($("#kiosks-empty"), "");
  }

  return { start, load, reset };
})(window.Staff);
