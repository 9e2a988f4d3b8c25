// @mention completion in comment boxes: typing "@ri" offers the people who can see the review
// (GET /reviews/<pk>/mentions/?q=ri, which answers only for a review the user may open).
// Arrow keys move, Enter or Tab picks, Escape closes; a click picks too. No build step.
(function () {
  "use strict";

  var TOKEN = /(?:^|[^\w@.+-])@([\w.+-]*)$/;
  var list = null; // the open listbox, if any
  var state = { textarea: null, start: 0, options: [], active: -1, seq: 0 };
  var timer = null;
  var counter = 0;

  function candidatesUrl(textarea) {
    var form = textarea.form;
    if (!form) return null;
    var action = form.getAttribute("action") || "";
    var m = action.match(/^(.*\/reviews\/\d+\/)comments\/$/);
    if (m) return m[1] + "mentions/";
    var ws = textarea.closest("[data-review]");
    if (ws && /\/comments\/\d+\/edit\/$/.test(action)) {
      return "/reviews/" + ws.dataset.review + "/mentions/";
    }
    return null;
  }

  function close() {
    if (list) list.remove();
    list = null;
    if (state.textarea) {
      state.textarea.removeAttribute("aria-activedescendant");
      state.textarea.setAttribute("aria-expanded", "false");
    }
    state.options = [];
    state.active = -1;
  }

  function setActive(i) {
    if (!list) return;
    var items = list.querySelectorAll("li");
    state.active = (i + items.length) % items.length;
    items.forEach(function (li, n) { li.setAttribute("aria-selected", n === state.active ? "true" : "false"); });
    state.textarea.setAttribute("aria-activedescendant", items[state.active].id);
  }

  function pick(i) {
    var person = state.options[i];
    var ta = state.textarea;
    if (!person || !ta) return;
    var before = ta.value.slice(0, state.start);
    var after = ta.value.slice(ta.selectionStart);
    var insert = "@" + person.username + " ";
    ta.value = before + insert + after.replace(/^[\w.+-]*/, "");
    var caret = before.length + insert.length;
    ta.setSelectionRange(caret, caret);
    close();
    ta.focus();
  }

  function show(textarea, options) {
    close();
    state.textarea = textarea;
    state.options = options;
    if (!options.length) return;
    list = document.createElement("ul");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.id = "mention-list-" + (++counter);
    list.setAttribute("aria-label", "People who can see this review");
    options.forEach(function (person, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.dataset.username = person.username;
      var strong = document.createElement("strong");
      strong.textContent = "@" + person.username;
      li.appendChild(strong);
      if (person.name) li.appendChild(document.createTextNode(" " + person.name));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
      list.appendChild(li);
    });
    // Over the page, not in its flow: a list that pushed the form's button down would move it
    // away from under the pointer when focus leaves the box and the list closes, losing the click.
    textarea.insertAdjacentElement("afterend", list);
    list.style.top = textarea.offsetTop + textarea.offsetHeight + "px";
    list.style.left = textarea.offsetLeft + "px";
    textarea.setAttribute("aria-controls", list.id);
    textarea.setAttribute("aria-expanded", "true");
    setActive(0);
  }

  function lookup(textarea) {
    var url = candidatesUrl(textarea);
    if (!url) return;
    var m = textarea.value.slice(0, textarea.selectionStart).match(TOKEN);
    if (!m) { close(); return; }
    var query = m[1];
    var start = textarea.selectionStart - query.length - 1;
    var seq = ++state.seq;
    fetch(url + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (r) { return r.ok ? r.json() : { candidates: [] }; })
      .then(function (data) {
        if (seq !== state.seq || document.activeElement !== textarea) return;
        state.start = start;
        show(textarea, data.candidates || []);
        state.start = start;
      })
      .catch(function () { close(); });
  }

  document.addEventListener("input", function (e) {
    var t = e.target;
    if (!(t instanceof HTMLTextAreaElement) || t.name !== "body") return;
    if (!candidatesUrl(t)) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { lookup(t); }, 120);
  });

  // Capture phase, so the workspace's own shortcuts (Escape) do not also act on these keys.
  document.addEventListener("keydown", function (e) {
    if (!list || e.target !== state.textarea) return;
    var handled = true;
    switch (e.key) {
      case "ArrowDown": setActive(state.active + 1); break;
      case "ArrowUp": setActive(state.active - 1); break;
      case "Enter":
      case "Tab": pick(state.active); break;
      case "Escape": close(); break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); e.stopPropagation(); }
  }, true);

  document.addEventListener("focusout", function (e) {
    if (list && e.target === state.textarea) close();
  });
})();
