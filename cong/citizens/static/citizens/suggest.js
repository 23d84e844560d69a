// While a citizen types a question, show answers to similar published questions.
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form || !window.fetch) return;
  var box = document.getElementById("similar");
  var list = box.querySelector("ul");
  var fields = [form.querySelector("[name=title]"), form.querySelector("[name=body]")];
  var timer = null;
  var last = "";

  function show(results) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title; // never innerHTML: titles are citizens' text
      a.target = "_blank";
      a.rel = "noopener";
      li.appendChild(a);
      var unit = document.createElement("span");
      unit.className = "cong-meta";
      unit.textContent = " — " + r.unit;
      li.appendChild(unit);
      list.appendChild(li);
    });
    box.hidden = results.length === 0;
  }

  function lookup() {
    var text = fields.map(function (f) { return f ? f.value : ""; }).join(" ").trim();
    if (text.length < 8 || text === last) return;
    last = text;
    var url = form.dataset.similarUrl + "?portal=" + encodeURIComponent(form.dataset.portal) +
      "&q=" + encodeURIComponent(text.slice(0, 500));
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { show(data.results || []); })
      .catch(function () {});
  }

  fields.forEach(function (field) {
    if (!field) return;
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 400);
    });
  });
})();
