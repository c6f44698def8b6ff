/* Load search only when a reader starts to search.
 *
 * Material fetches search/search_index.json and its search worker's script on every first
 * visit: the index grows with the site (megabytes for a county's strategies) and the script
 * is 40 KB, which most readers never use. This holds both back until the search box gets
 * focus (by click, tap, Tab, or Material's "/", "s" and "f" shortcuts) or the address
 * carries a search (?q=). Search works exactly as before; it starts when it is first
 * wanted. Loaded before Material's own script (see macros/theme/main.html), so it is in
 * place when Material asks for the index and makes its worker.
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
  // Material makes its search worker as the page loads, and the worker's script is
  // downloaded then. Give Material a stand-in that makes the real worker (so downloads its
  // script) when Material first sends it work: the index, which arrives after start().
  var RealWorker = window.Worker;
  var eventTargets = (function () {  // older browsers cannot make an EventTarget of their own
    try { return Boolean(new EventTarget()); } catch (error) { return false; }
  })();
  if (RealWorker && eventTargets) {
    var isSearchWorker = function (address) {
      return /\/workers\/search\.[^/]*\.js$/.test(new URL(String(address), location.href).pathname);
    };
    var LazyWorker = function (address, options) {
      var target = new EventTarget(), real = null;
      var forward = function (event) {
        target.dispatchEvent(event.type === "error" ? new Event("error") : new MessageEvent(event.type, { data: event.data }));
      };
      target.postMessage = function () {
        if (!real) {
          real = new RealWorker(address, options);
          ["message", "messageerror", "error"].forEach(function (type) { real.addEventListener(type, forward); });
        }
        real.postMessage.apply(real, arguments);
      };
      target.terminate = function () { if (real) real.terminate(); };
      return target;
    };
    window.Worker = function (address, options) {
      return isSearchWorker(address) ? LazyWorker(address, options) : new RealWorker(address, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  if (/[?&]q=/.test(location.search)) start();
})();
