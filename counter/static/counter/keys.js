/* Staff client: the keyboard letters stay the same in every language (README, "Keyboard
   letters"), so each button shows its letter: marked in the label where the label has it
   ("A_f_slut"), and always in the badge beside it (Overfør T). */
(function (Staff) {
  "use strict";

  const { $$ } = Staff;

  /** Underline the first letter of the label that is the button's key, if there is one. */
  function markKey(button) {
    const key = (button.dataset.key || "").toLowerCase();
    if (!key || button.querySelector(".key-letter")) return;
    const label = Array.from(button.childNodes).find(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
    );
    if (!label) return;
    const text = label.textContent;
    const at = text.toLowerCase().indexOf(key);
    if (at < 0) return;
    const mark = document.createElement("span");
    mark.className = "key-letter";
    mark.textContent = text.charAt(at);
    // One element for the whole label: the button lays its children out as flex items.
    const wrap = document.createElement("span");
    wrap.className = "key-label";
    wrap.append(text.slice(0, at).trimStart(), mark, text.slice(at + 1).trimEnd());
    label.replaceWith(wrap, " ");
  }

  $$("button[data-key]").forEach(markKey);
})(window.Staff);
