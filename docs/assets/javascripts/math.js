// Formulas (arithmatex, \( \) and \[ \]) typeset by the vendored KaTeX, loaded only on pages that
// have math and applied to each formula as it nears the viewport: a long page has hundreds of
// formulas, and typesetting them all at load blocks the main thread for seconds.
(function () {
  var vendor = document.currentScript.src.replace(/javascripts\/math\.js.*$/, "vendor/katex/");
  var loading = null;

  function load() {
    if (!loading) {
      if (!document.querySelector('link[href$="katex.min.css"]')) {  // the page's head has it
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = vendor + "katex.min.css";
        document.head.appendChild(css);
      }
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = vendor + "katex.min.js";
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Formulas are typeset a few milliseconds' worth at a time, yielding between slices: a screen
  // of formulas typeset in one go is a long task (over 50 ms on a phone) that delays taps and
  // scrolling, and it was most of a topic page's blocking time.
  var queue = [];
  var scheduled = false;

  function render(el) {
    if (el.dataset.typeset === "done") return;
    var source = el.textContent.trim();
    var display = source.indexOf("\\[") === 0;
    var tex = source.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
    window.katex.render(tex, el, { displayMode: display, throwOnError: false });
    el.dataset.typeset = "done";
  }

  function drain() {
    scheduled = false;
    var end = performance.now() + 8;
    while (queue.length && performance.now() < end) render(queue.shift());
    if (queue.length) schedule();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      setTimeout(drain, 0);
    }
  }

  function typeset(els) {
    els = els.filter(function (el) { return !el.dataset.typeset; });
    els.forEach(function (el) { el.dataset.typeset = "pending"; });
    if (!els.length) return;
    load().then(function () {
      queue.push.apply(queue, els);
      schedule();
    });
  }

  function setup() {
    var formulas = Array.prototype.slice.call(document.querySelectorAll(".arithmatex"));
    if (!formulas.length) return;
    // A formula inside a sideways-scrolling table never meets the viewport on a phone until the
    // table is scrolled, so a table's formulas are typeset together when the table comes near.
    var groups = new Map();
    formulas.forEach(function (el) {
      var box = el.closest(".md-typeset__scrollwrap") || el;
      if (!groups.has(box)) groups.set(box, []);
      groups.get(box).push(el);
    });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          typeset(groups.get(entry.target));
        }
      });
    }, { rootMargin: "800px 0px" });
    groups.forEach(function (_, box) { observer.observe(box); });
    // Printing needs every formula now, not slice by slice.
    window.addEventListener("beforeprint", function () {
      typeset(formulas);
      if (window.katex) formulas.forEach(render);
    });
  }

  if (window.document$) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();  // Material's script did not load: the page still gets its formulas, diagrams, code
  }
})();
