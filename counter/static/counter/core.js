/* Staff client, shared part: strings, state, DOM helpers, messages and the API wrapper.
   All user-facing text comes from the #strings JSON the server rendered (translated there). */
window.Staff = (function () {
  "use strict";

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const S = JSON.parse($("#strings").textContent);
  const C = JSON.parse($("#config").textContent);
  const DESK_ROLES = ["reception", "manager"];
  const timeFormat = new Intl.DateTimeFormat(C.lang === "da" ? "da-DK" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: C.timezone,
  });

  const state = {
    me: null, // {staff: {username, name, role}, counter: id|null}
    csrf: null,
    counter: null, // last answer of the counter API
    myQueue: [],
    myQueueAt: 0,
    overview: null,
    overviewAt: 0,
    socket: null,
    busy: false, // a counter action is in flight: ignore more taps, defer refreshes
    refreshDeferred: false,
    counterSeq: 0,
    giveNonce: null,
  };

  // ---- small helpers ------------------------------------------------------------------

  function fmt(template, params) {
    return String(template).replace(/%\((\w+)\)s/g, (_m, key) =>
      params && params[key] !== undefined && params[key] !== null ? String(params[key]) : ""
    );
  }

  function h(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (value === undefined || value === null || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach((child) => {
      if (child !== null && child !== undefined) {
        node.append(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function setText(node, text) {
    // Rewriting the same text makes some screen readers announce it again.
    if (node.textContent !== text) node.textContent = text;
  }

  const serviceName = (id) => C.services[id] || id;
  const counterName = (id) => C.counters[id] || id;
  const minutes = (n) => fmt(S.minutes, { n: n });
  const clockTime = (iso) => (iso ? timeFormat.format(new Date(iso)) : "");

  function staffName(username) {
    const people = (state.overview && state.overview.staff) || [];
    const person = people.find((p) => p.username === username);
    return person ? person.name : username;
  }

  /** Minutes waited now: the server's figure plus the time since we got it. */
  function waitedNow(ticket, receivedAt) {
    return ticket.waited_minutes + Math.max(0, Math.floor((Date.now() - receivedAt) / 60000));
  }

  function byUrgency(me, counter) {
    // Roughly the router's order: priority, then sent to me, then longest wait.
    const mine = (t) => Boolean((me && t.target_staff === me) || (counter && t.target_counter === counter));
    return (a, b) =>
      Number(b.priority) - Number(a.priority) ||
      Number(mine(b)) - Number(mine(a)) ||
      String(a.arrived_at).localeCompare(String(b.arrived_at));
  }

  function noteTags(ticket) {
    const tags = [];
    if (ticket.priority) tags.push(h("span", { className: "tag tag-priority", text: S.priority }));
    if (ticket.target_staff) {
      tags.push(
        h("span", {
          className: "tag tag-target",
          text: fmt(S.for_staff, { name: staffName(ticket.target_staff) }),
        })
      );
    }
    if (ticket.not_staff) {
      // Passed on "not to" someone: say whom, so nobody calls it back to them by hand.
      const me = state.me && state.me.staff && state.me.staff.username;
      tags.push(
        h("span", {
          className: "tag tag-target",
          text:
            ticket.not_staff === me ? S.not_to_you : fmt(S.not_to_staff, { name: staffName(ticket.not_staff) }),
        })
      );
    }
    if (ticket.target_counter) {
      tags.push(
        h("span", {
          className: "tag tag-target",
          text: fmt(S.for_counter, { counter: counterName(ticket.target_counter) }),
        })
      );
    }
    return tags;
  }

  /** Replace a tbody's rows, keeping the focused control's row so focus survives a push. */
  function syncRows(tbody, items, key, build) {
    const existing = new Map($$("tr", tbody).map((tr) => [tr.dataset.key, tr]));
    const active = document.activeElement;
    const rows = items.map((item) => {
      const id = String(key(item));
      const fresh = build(item);
      fresh.dataset.key = id;
      const old = existing.get(id);
      if (old && old.contains(active)) {
        // Update the cells in place but keep the focused button element itself.
        Array.from(old.children).forEach((cell, i) => {
          const newCell = fresh.children[i];
          if (newCell && !cell.contains(active)) cell.replaceWith(newCell);
        });
        old.className = fresh.className;
        return old;
      }
      return fresh;
    });
    tbody.replaceChildren(...rows);
    if (active && rows.some((r) => r.contains(active)) && document.activeElement !== active) {
      active.focus();
    }
  }

  // ---- messages -------------------------------------------------------------------------

  function say(text) {
    $("#error").textContent = "";
    $("#message").textContent = text || "";
  }

  function showError(err, where) {
    if (!state.me) return; // logged out meanwhile: the login form says why
    const text = (err && err.message) || S.network_error;
    $("#message").textContent = "";
    (where || $("#error")).textContent = text;
  }

  function clearErrors() {
    $$(".error").forEach((node) => (node.textContent = ""));
  }

  // ---- the API ---------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || S.network_error);
      this.status = status;
      this.code = (body && body.code) || "network";
      this.reason = body && body.reason;
      this.field = body && body.field;
      // Passed on from central by the desk booking: per-field messages and other free times.
      this.fields = (body && body.fields) || {};
      this.alternatives = (body && body.alternatives) || [];
    }
  }

  async function api(method, path, body, retried) {
    const url = "/api/v1" + path + (path.includes("?") ? "&" : "?") + "lang=" + encodeURIComponent(C.lang);
    const options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (method !== "GET") {
      options.headers["Content-Type"] = "application/json";
      if (state.csrf) options.headers["X-CSRFToken"] = state.csrf;
      options.body = JSON.stringify(body || {});
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (_e) {
      throw new ApiError(0, { code: "network", message: S.network_error });
    }
    let data = null;
    try {
      data = await response.json();
    } catch (_e) {
      data = null;
    }
    if (response.ok) return data;
    const error = (data && data.error) || { code: "server_error", message: S.network_error };
    if (error.code === "csrf_failed" && !retried && path !== "/me") {
      // The token went stale (e.g. the server restarted): fetch a fresh one, try once more.
      try {
        const me = await api("GET", "/me", null, true);
        state.csrf = me.csrf_token;
        return api(method, path, body, true);
      } catch (_e) {
        /* fall through to the original error */
      }
    }
    const err = new ApiError(response.status, error);
    if (response.status === 401 && state.me && path !== "/logout") Staff.onUnauthorized(err.message);
    throw err;
  }

  const Staff = {
    S,
    C,
    state,
    DESK_ROLES,
    $,
    $$,
    fmt,
    h,
    setText,
    serviceName,
    counterName,
    minutes,
    clockTime,
    staffName,
    waitedNow,
    byUrgency,
    noteTags,
    syncRows,
    say,
    showError,
    clearErrors,
    api,
    // Set by the entry point: what to do when the server says we are no longer logged in.
    onUnauthorized: () => {},
  };
  return Staff;
})();
