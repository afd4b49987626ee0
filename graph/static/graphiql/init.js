// Liên thông: start GraphiQL. Kept out of the page so the Content-Security-Policy needs no 'unsafe-inline'.
// The page passes its settings in <script type="application/json" id="graphiql-config">: data, not code.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("graphiql-config").textContent);
  var endpoint = window.location.pathname; // POST back to the URL the page came from: /graphql
  // react-style-singleton (inside the bundle) puts this nonce on the <style> it adds while a dialog is open;
  // the page's Content-Security-Policy allows styles carrying it.
  window.__webpack_nonce__ = config.styleNonce;
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));

  function post(params, options) {
    var headers = Object.assign({}, (options && options.headers) || {}, {
      "Content-Type": "application/json",
      "Accept": "application/graphql-response+json, application/json",
    });
    return fetch(endpoint, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(params),
      credentials: "same-origin",
    }).then(function (response) {
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (err) {
          return { errors: [{ message: "HTTP " + response.status + ": " + text }] };
        }
      });
    });
  }

  // The token in the Headers tab (the Authorization header less "Bearer"); undefined while its JSON is half typed.
  function tokenIn(headersText) {
    var headers;
    try {
      headers = JSON.parse(headersText || "{}") || {};
    } catch (err) {
      return undefined;
    }
    var name = Object.keys(headers).find(function (key) {
      return key.toLowerCase() === "authorization";
    });
    return name === undefined ? "" : String(headers[name]).replace(/^\s*bearer\b/i, "").trim();
  }

  // GraphiQL fetches the schema when it starts and whenever its fetcher changes, not when the headers do. So it
  // starts without asking (schema: null, there is no token yet), and a new token in the Headers tab renders it
  // again with a new fetcher: the Docs panel loads with that token, and nobody needs to know about ↻.
  var token = tokenIn(config.defaultHeaders);
  var pending = null;

  function onEditHeaders(text) {
    var typed = tokenIn(text);
    clearTimeout(pending);
    if (typed !== undefined && typed !== token) {
      pending = setTimeout(function () {
        token = typed;
        render();
      }, 300);
    }
  }

  function render() {
    root.render(
      React.createElement(GraphiQL, {
        fetcher: function (params, options) {
          return post(params, options);
        },
        schema: token ? undefined : null, // undefined: introspect; null: no schema yet
        defaultQuery: config.defaultQuery,
        defaultHeaders: config.defaultHeaders,
        onEditHeaders: onEditHeaders,
        defaultEditorToolsVisibility: "headers", // officers paste the token and case number here
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false, // never keep bearer tokens in localStorage
      })
    );
  }

  render();
})();
