// Suggestions as you type on every search box (input[type=search][name=q]): an ARIA combobox with a
// listbox of product titles (links) and known terms. Without JavaScript the boxes are plain forms.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-url");
  if (!url || !window.fetch) return;
  var counter = 0;

  function enhance(input) {
    var id = "suggesties-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggesties");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.parentNode.classList.add("has-suggestions");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");
    var timer = null, active = -1, request = 0;

    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }
    function mark(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", i === active ? "true" : "false");
      input.setAttribute("aria-activedescendant", all[active].id);
    }
    function choose(option) {
      var href = option.getAttribute("data-href");
      if (href) { window.location.href = href; return; }
      input.value = option.getAttribute("data-term");
      close();
      input.form.submit();
    }
    function add(text, kind, value) {
      var item = document.createElement("li");
      item.id = id + "-" + list.children.length;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.className = "suggestions__option suggestions__option--" + kind;
      item.textContent = text;
      if (kind === "titel") item.setAttribute("data-href", value); else item.setAttribute("data-term", value);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
      list.appendChild(item);
    }
    function show(data, number) {
      if (number !== request) return;
      list.innerHTML = ""; active = -1;
      data.titels.forEach(function (t) { add(t.titel, "titel", t.url); });
      data.termen.forEach(function (t) { add("Zoek op \u2018" + t + "\u2019", "term", t); });
      var any = list.children.length > 0;
      list.hidden = !any;
      input.setAttribute("aria-expanded", any ? "true" : "false");
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var value = input.value.trim();
      if (value.length < 2) { close(); return; }
      timer = window.setTimeout(function () {
        var number = ++request;
        fetch(url + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { titels: [], termen: [] }; })
          .then(function (data) { show(data, number); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); mark(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark(active - 1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(options()[active]); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  var inputs = document.querySelectorAll('input[type="search"][name="q"]');
  for (var i = 0; i < inputs.length; i++) enhance(inputs[i]);
})();
