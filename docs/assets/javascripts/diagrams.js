// Mermaid diagrams that were not drawn at build time (handbook/diagrams.py), rendered only when
// one is about to scroll into view (or before printing).
// The renderer is 3.5 MB; loading it eagerly blocks every page that has a diagram. The source
// stays in the page as a code block, so the diagram reads as text until (or without) rendering.
(function () {
  var here = document.currentScript.src;
  var renderer = here.replace(/javascripts\/diagrams\.js.*$/, "vendor/mermaid/mermaid.min.js");
  var loading = null;
  var counter = 0;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = renderer;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "default";
  }

  function describe(pre) {
    // The sentence in the admonition that follows each diagram is its text alternative.
    var next = pre.nextElementSibling;
    var p = next && next.classList.contains("admonition") ? next.querySelector("p:last-child") : null;
    return p ? p.textContent.trim() : "diagram";
  }

  function render(pre) {
    return load().then(function () {
      window.mermaid.initialize({ startOnLoad: false, theme: scheme(), securityLevel: "strict" });
      return window.mermaid.render("hb-diagram-" + counter++, pre.dataset.source);
    }).then(function (out) {
      var box = pre.previousElementSibling;
      if (!box || !box.classList.contains("hb-diagram-svg")) {
        box = document.createElement("div");
        box.className = "hb-diagram-svg";
        box.setAttribute("role", "img");
        box.setAttribute("aria-label", describe(pre));
        pre.parentNode.insertBefore(box, pre);
      }
      box.innerHTML = out.svg;
      pre.hidden = true;
      pre.dataset.rendered = "true";
    }).catch(function (error) {
      pre.dataset.rendered = "error";
      console.error("diagram could not be rendered", error);
    });
  }

  function setup() {
    // Diagrams drawn ahead of time are images that load as they near the viewport; printing
    // needs them all.
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".hb-diagram-svg img[loading=lazy]").forEach(function (img) {
        img.loading = "eager";
      });
    });
    // Diagrams without a drawing (handbook/diagrams.py; `make diagrams` not run since the
    // diagram changed) are drawn here.
    var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.hb-diagram"));
    if (!blocks.length) return;
    blocks.forEach(function (pre) { pre.dataset.source = pre.textContent; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          render(entry.target);
        }
      });
    }, { rootMargin: "200px 0px" });
    blocks.forEach(function (pre) { observer.observe(pre); });
    window.addEventListener("beforeprint", function () {
      blocks.forEach(function (pre) { if (!pre.dataset.rendered) render(pre); });
    });
    // Follow the light/dark palette switch.
    new MutationObserver(function () {
      blocks.forEach(function (pre) { if (pre.dataset.rendered === "true") render(pre); });
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  if (window.document$) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();  // Material's script did not load: the page still gets its formulas, diagrams, code
  }
})();
