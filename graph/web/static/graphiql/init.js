// Liên thông: start GraphiQL. Kept out of the page so the Content-Security-Policy needs no 'unsafe-inline'.
// The page passes its settings in <script type="application/json" id="graphiql-config">: data, not code.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("graphiql-config").textContent);
  var endpoint = window.location.pathname; // POST back to the URL the page came from: /graphql
  // react-style-singleton (inside the bundle) puts this nonce on the <style> it adds while a dialog is open;
  // the page's Content-Security-Policy allows styles carrying it.
  window.__webpack_nonce__ = config.styleNonce;

  function fetcher(params, options) {
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

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultEditorToolsVisibility: "headers", // officers paste the token and case number here
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false, // never keep bearer tokens in localStorage
    })
  );
})();
