// Long code blocks arrive as plain text with their highlighted tokens in an inert <template>
// (scripts/handbook/speed.py): one element per token makes every restyle of a long page slower.
// The tokens replace the plain text, the same characters, as the block nears the viewport, and
// all of them before printing. Without JavaScript the code stays plain and readable.
(function () {
  function paint(template) {
    var code = template.previousElementSibling.querySelector("code");
    code.replaceChildren(template.content);
    template.remove();
  }

  function setup() {
    var templates = Array.prototype.slice.call(document.querySelectorAll("template.hb-code"));
    if (!templates.length) return;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          var template = entry.target.nextElementSibling;
          if (template && template.matches("template.hb-code")) paint(template);
        }
      });
    }, { rootMargin: "600px 0px" });
    templates.forEach(function (template) { observer.observe(template.previousElementSibling); });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("template.hb-code").forEach(paint);
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
