// Enhancement only: on a narrow screen start with the filters folded so the results come first.
(function () {
  if (!window.matchMedia("(max-width: 59.99em)").matches) return;
  var filters = document.getElementById("filters");
  if (filters && !document.querySelector(".notice--error")) filters.removeAttribute("open");
})();
