// Material requests the site's one search index as soon as a page loads. This book writes one
// index per language (hooks/search.py): a page asks for its own language's, and only when the
// reader first opens search. Loaded before Material's bundle (overrides/main.html), which requests
// the index with XMLHttpRequest; every other request goes through untouched.
(() => {
  const language = document.documentElement.lang === "en" ? "en" : "vi";
  const ownIndex = (url) => {
    const address = new URL(url, location.href);
    if (!address.pathname.endsWith("/search/search_index.json")) return null;
    address.pathname = address.pathname.replace(/search_index\.json$/, `search_index.${language}.json`);
    return address.href;
  };
  const searchOpened = () =>
    new Promise((resolve) => {
      const toggle = document.getElementById("__search");
      if (!toggle || toggle.checked) return resolve();
      const onChange = () => {
        if (!toggle.checked) return;
        toggle.removeEventListener("change", onChange);
        resolve();
      };
      toggle.addEventListener("change", onChange);
    });

  const deferred = new WeakSet();
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const own = ownIndex(url);
    if (own) deferred.add(this);
    return open.call(this, method, own || url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (!deferred.has(this)) return send.call(this, body);
    searchOpened().then(() => send.call(this, body));
  };
})();
