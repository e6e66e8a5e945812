// Load the search index when the reader first reaches for search (focus, click or the "/" and
// "s" shortcuts), not with every page: the index is the heaviest download of a page, and on a
// slow connection it delays the page's own content. Material fetches the index with XMLHttpRequest;
// this holds back that one XMLHttpRequest and leaves every other request untouched.
(function () {
  var wanted = null;
  var release;
  var requested = new Promise(function (resolve) { release = resolve; });

  function want() {
    if (!wanted) { wanted = true; release(); }
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.hbSearchIndex = /search\/search_index\.json(\?|$)/.test(String(url)) && String(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.hbSearchIndex || wanted) return send.apply(xhr, args);
    prefetchWhenSettled(xhr.hbSearchIndex);
    requested.then(function () { send.apply(xhr, args); });
  };

  // Once the page has settled, the index is downloaded into the browser's cache, not read:
  // reading 1.8 MB of JSON holds the page for a moment, so that waits for the first search.
  function prefetchWhenSettled(url) {
    function prefetch() {
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = url;
      document.head.appendChild(link);
    }
    function later() {
      setTimeout(function () {
        if (window.requestIdleCallback) window.requestIdleCallback(prefetch); else prefetch();
      }, 8000);
    }
    if (document.readyState === "complete") later(); else window.addEventListener("load", later);
  }

  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.matches && e.target.matches(".md-search__input")) want();
  });
  document.addEventListener("pointerdown", function (e) {
    if (e.target && e.target.closest && e.target.closest(".md-search, label[for='__search']")) want();
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" || e.key === "s" || e.key === "f") want();
  }, true);
  // A page opened from a search result (?h=…) reads the index at once.
  if (/[?&]h=/.test(location.search)) want();
})();
