/* Load the search index only when a reader starts to search.
 *
 * Material fetches search/search_index.json on every first visit, and the index grows with
 * the site: for a county's strategies it is megabytes that most readers never use. This
 * holds that one request back until the search box gets focus (by click, tap, Tab, or
 * Material's "/", "s" and "f" shortcuts) or the address carries a search (?q=). Search
 * works exactly as before; it starts when it is first wanted. Loaded before Material's own
 * script (see macros/theme/main.html), so it is in place when Material asks for the index.
 */
(function () {
  "use strict";
  var started = false;
  var waiting = [];

  function start() {
    if (started) return;
    started = true;
    waiting.splice(0).forEach(function (send) { send(); });
  }

  // Material asks for the index with XMLHttpRequest: hold that one request's send().
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, address) {
    this.isSearchIndex = /\/search\/search_index\.json$/.test(new URL(String(address), location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (request.isSearchIndex && !started) {
      waiting.push(function () { send.apply(request, args); });
      return;
    }
    return send.apply(request, args);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("[data-md-component=search]")) start();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") start();  // the search toggle on small screens
  });
  if (/[?&]q=/.test(location.search)) start();
})();
