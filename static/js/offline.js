// Field work with a weak signal (issue 19): the installable app's service worker, drafts kept on
// the phone, and the outbox of forms saved without a connection.
//
// - A form marked `data-offline-form` (home visit, service record) keeps its draft in localStorage
//   as it is typed and restores it on reload (the service worker serves the page from its copy).
// - Saving it sends it with fetch(); without a connection, or when no answer comes, it goes into
//   the outbox (IndexedDB) with its own one-time token, shown with a count in the navbar, and is
//   sent when the connection returns. The token makes a retry return the record already made
//   (stations.once answers `X-Outbox: 1` senders with JSON), never a second one.
// - A refusal (resident archived, case closed meanwhile) stays in the outbox with the server's
//   message; "打开修改" puts it back into its form as a draft.
// - Photos (already shrunk by static/js/visits.js) travel with their item in IndexedDB and leave
//   the phone with it: deleted once sent, with the item, or at logout. Drafts never hold photos.
// - Sent items and drafts are deleted; logging out warns about unsent items and clears the phone.
(function () {
  "use strict";
  var body = document.body;
  var USER = body.getAttribute("data-user") || "";
  var LOGIN_URL = body.getAttribute("data-login-url") || "/accounts/login/";
  var PAGES_CACHE = "ss-pages-v1";
  var DB_NAME = "stationsite-offline";
  var STORE = "outbox";
  var DRAFT_PREFIX = "ss-draft:";
  var SKIP = { csrfmiddlewaretoken: true, form_token: true };
  var strings = document.getElementById("offline-strings");

  function t(name, values) {
    var text = (strings && strings.getAttribute("data-" + name)) || name;
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/" }).catch(function () {});
  }

  // ---- IndexedDB: the outbox ------------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result;
        var request = work(transaction.objectStore(STORE));
        if (request) {
          request.onsuccess = function () { result = request.result; };
        }
        transaction.oncomplete = function () { db.close(); resolve(result); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function allItems() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).filter(function (item) { return item.user === USER; });
    });
  }
  function addItem(item) { return withStore("readwrite", function (store) { return store.add(item); }); }
  function putItem(item) { return withStore("readwrite", function (store) { return store.put(item); }); }
  function getItem(id) { return withStore("readonly", function (store) { return store.get(id); }); }
  function deleteItem(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }
  function clearOutbox() { return withStore("readwrite", function (store) { return store.clear(); }); }

  // ---- Forms and drafts -----------------------------------------------------------------------
  function newToken() {
    var bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (!SKIP[name] && typeof value === "string") {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  // The chosen files: [[name, File]] (IndexedDB keeps File objects as they are).
  function filesOf(form) {
    var files = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      if (!input.disabled && input.name) {
        Array.prototype.forEach.call(input.files || [], function (file) {
          files.push([input.name, file]);
        });
      }
    });
    return files;
  }

  function restoreFiles(form, files) {
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      var own = (files || []).filter(function (pair) { return pair[0] === input.name; });
      if (own.length) {
        input.dispatchEvent(new CustomEvent("photos-restore", {
          detail: own.map(function (pair) { return pair[1]; }),
        }));
      }
    });
  }

  function fill(form, fields) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || SKIP[element.name]) {
        return;
      }
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = false;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) { option.selected = false; });
      }
    });
    fields.forEach(function (pair) {
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name !== pair[0] || element.type === "file") {
          return;
        }
        if (element.type === "checkbox" || element.type === "radio") {
          if (element.value === pair[1]) {
            element.checked = true;
          }
        } else if (element.tagName === "SELECT" && element.multiple) {
          Array.prototype.forEach.call(element.options, function (option) {
            if (option.value === pair[1]) {
              option.selected = true;
            }
          });
        } else {
          element.value = pair[1];
        }
      });
    });
  }

  function pageKey() { return location.pathname + location.search; }
  function draftKey() { return DRAFT_PREFIX + USER + ":" + pageKey(); }

  function saveDraft(form) {
    try {
      localStorage.setItem(draftKey(), JSON.stringify({ at: Date.now(), fields: fieldsOf(form) }));
    } catch (error) { /* storage full or disabled: the form still works online */ }
  }
  function readDraft() {
    try {
      return JSON.parse(localStorage.getItem(draftKey()) || "null");
    } catch (error) {
      return null;
    }
  }
  function dropDraft() { localStorage.removeItem(draftKey()); }
  function clearDrafts() {
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(DRAFT_PREFIX) === 0) {
        localStorage.removeItem(key);
      }
    });
  }

  function clock(at) {
    var moment = new Date(at);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return (moment.getMonth() + 1) + "-" + two(moment.getDate()) + " " + two(moment.getHours()) + ":" + two(moment.getMinutes());
  }

  function notice(form, kind, text, button) {
    var old = form.parentNode.querySelector("[data-offline-notice]");
    if (old) {
      old.remove();
    }
    var box = document.createElement("div");
    box.className = "alert alert-" + kind + " d-flex flex-wrap align-items-center gap-2";
    box.setAttribute("role", "status");
    box.setAttribute("data-offline-notice", kind);
    var span = document.createElement("span");
    span.className = "me-auto";
    span.textContent = text;
    box.appendChild(span);
    if (button) {
      box.appendChild(button);
    }
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function titleOf(form) {
    var title = form.getAttribute("data-offline-title") || "";
    var select = form.querySelector("select[name=resident]");
    if (select && select.selectedIndex > 0) {
      title = select.options[select.selectedIndex].text;
    }
    var kind = form.getAttribute("data-offline-kind") || "";
    return (kind + " " + title).trim();
  }

  // "打开修改" of an outbox item: its fields back into the form as the draft (#outbox-<id>).
  function restoreFromOutbox(form) {
    var fromOutbox = /^#outbox-(\d+)$/.exec(location.hash);
    if (!fromOutbox) {
      return false;
    }
    history.replaceState(null, "", pageKey());
    getItem(Number(fromOutbox[1])).then(function (item) {
      if (item && item.user === USER) {
        fill(form, item.fields);
        restoreFiles(form, item.files);
        form.dispatchEvent(new Event("change"));  // parts that follow a field (the checklists)
        saveDraft(form);
        notice(form, "warning", t("restored", { message: item.message || "" }));
        var panel = document.getElementById("outbox-panel");
        if (panel) {
          panel.hidden = true;
        }
        return deleteItem(item.id).then(refresh);
      }
    });
    return true;
  }

  // A copy of the page served offline hours later still shows the times of when it was fetched:
  // a blank form starts at the phone's clock (`data-now-offset` minutes from now, rounded down to
  // `data-now-round`), as the server would have filled it.
  function freshTimes(form) {
    form.querySelectorAll("input[data-now-offset]").forEach(function (input) {
      // The station's wall clock (its UTC offset is on the page), whatever zone the phone is set to.
      var shift = body.hasAttribute("data-utc-offset")
        ? Number(body.getAttribute("data-utc-offset")) / 60 + new Date().getTimezoneOffset()
        : 0;
      var moment = new Date(Date.now() + (shift + Number(input.getAttribute("data-now-offset"))) * 60000);
      var round = Number(input.getAttribute("data-now-round")) || 1;
      moment.setMinutes(moment.getMinutes() - (moment.getMinutes() % round), 0, 0);
      function two(n) { return (n < 10 ? "0" : "") + n; }
      input.value = moment.getFullYear() + "-" + two(moment.getMonth() + 1) + "-" + two(moment.getDate()) +
        "T" + two(moment.getHours()) + ":" + two(moment.getMinutes());
    });
    if (window.followDuration) {
      window.followDuration(form);
    }
  }

  function setupForm(form) {
    var draft = readDraft();
    if (!("indexedDB" in window) || !window.fetch || !window.crypto) {
      return;  // an old browser: the form posts as an ordinary form
    }
    window.addEventListener("hashchange", function () { restoreFromOutbox(form); });
    if (restoreFromOutbox(form)) {
      // the item's fields replace any draft
    } else if (draft && draft.fields && draft.fields.length) {
      fill(form, draft.fields);
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-sm btn-outline-secondary";
      discard.textContent = t("draft-discard");
      discard.addEventListener("click", function () {
        if (window.confirm(t("draft-discard-confirm"))) {
          dropDraft();
          form.reset();
          freshTimes(form);
          discard.parentNode.remove();
        }
      });
      notice(form, "info", t("draft-restored", { time: clock(draft.at) }), discard);
    } else {
      freshTimes(form);
    }
    form.addEventListener("input", function () { saveDraft(form); });
    form.addEventListener("change", function () { saveDraft(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitForm(form);
    });
    keepPageCopy();
  }

  // The first visit of a form page may not have gone through the service worker yet.
  function keepPageCopy() {
    if (!("caches" in window) || !navigator.onLine) {
      return;
    }
    caches.open(PAGES_CACHE).then(function (cache) {
      return cache.match(pageKey()).then(function (hit) {
        return hit || cache.add(pageKey());
      });
    }).catch(function () {});
  }

  // Once its records are sent, the copy of a form page (it names the resident) leaves the phone,
  // unless another record or a draft of the same form still needs it offline.
  function forgetPage(url) {
    if (!("caches" in window)) {
      return Promise.resolve();
    }
    var draft = localStorage.getItem(DRAFT_PREFIX + USER + ":" + url);
    return allItems().then(function (items) {
      if (draft || items.some(function (other) { return other.url === url; })) {
        return;
      }
      return caches.open(PAGES_CACHE).then(function (cache) { return cache.delete(url); });
    }).catch(function () {});
  }

  function queue(form, item, message) {
    return addItem(item).then(function () {
      dropDraft();
      form.reset();
      freshTimes(form);
      notice(form, "warning", message);
      window.scrollTo(0, 0);
      return refresh();
    }, function () {
      notice(form, "danger", t("no-storage"));  // the draft stays
    });
  }

  function submitForm(form) {
    var button = form.querySelector("[type=submit]");
    var item = {
      user: USER,
      url: form.getAttribute("action") || pageKey(),
      title: titleOf(form),
      fields: fieldsOf(form),
      files: filesOf(form),
      token: newToken(),
      createdAt: Date.now(),
      status: "pending",
      message: "",
    };
    if (!navigator.onLine) {
      return queue(form, item, t("queued"));
    }
    if (button) {
      button.disabled = true;
    }
    var csrf = csrfOf(document);
    return send(item, csrf).then(function (result) {
      if (result.kind === "saved") {
        dropDraft();
        forgetPage(pageKey()).then(function () { window.location.assign(result.location); });
      } else if (result.kind === "refused") {
        showRefusal(result.html);
      } else if (result.kind === "login") {
        return queue(form, item, t("need-login"));
      } else {
        return queue(form, item, t("queued-weak"));
      }
    }).finally(function () {
      if (button) {
        button.disabled = false;
      }
    });
  }

  // A form with errors comes back as its page: show it in place, the draft stays.
  function showRefusal(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var current = document.querySelector("main");
    if (!fresh || !current) {
      return;
    }
    current.replaceWith(document.adoptNode(fresh));
    if (window.setUpResidentPicker) {
      document.querySelectorAll("select[data-resident-picker]").forEach(window.setUpResidentPicker);
    }
    if (window.setUpVisitForms) {
      window.setUpVisitForms(document.querySelector("main"));
    }
    var form = document.querySelector("form[data-offline-form]");
    if (form) {
      form.addEventListener("input", function () { saveDraft(form); });
      form.addEventListener("change", function () { saveDraft(form); });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        submitForm(form);
      });
    }
    window.scrollTo(0, 0);
  }

  // ---- Sending --------------------------------------------------------------------------------
  function csrfOf(page) {
    var input = page.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    try {
      return JSON.parse(page.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function isLogin(response) {
    return response.redirected && new URL(response.url).pathname === LOGIN_URL;
  }

  // A fresh CSRF token (a page cached before the last login carries a stale one): null when the
  // session has ended, undefined without a connection.
  function freshCsrf(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (isLogin(response)) {
        return null;
      }
      return response.text().then(function (html) {
        return csrfOf(new DOMParser().parseFromString(html, "text/html"));
      });
    }, function () { return undefined; });
  }

  function errorsOf(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var texts = [];
    page.querySelectorAll("main .alert-danger, main .invalid-feedback, main .errorlist li").forEach(function (element) {
      var text = element.textContent.replace(/\s+/g, " ").trim();
      if (text && texts.indexOf(text) === -1) {
        texts.push(text);
      }
    });
    if (!texts.length) {
      var heading = page.querySelector("main h1, h1");
      var paragraph = page.querySelector("main p");
      [heading, paragraph].forEach(function (element) {
        if (element && element.textContent.trim()) {
          texts.push(element.textContent.replace(/\s+/g, " ").trim());
        }
      });
    }
    return texts.join(" ");
  }

  // One attempt: {kind: "saved", location, repeat} | {kind: "refused", message, html} |
  // {kind: "login"} | {kind: "retry"} (the server is busy with it) | {kind: "network"}.
  function send(item, csrf) {
    var data = new FormData();
    item.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    (item.files || []).forEach(function (pair) { data.append(pair[0], pair[1], pair[1].name); });
    data.append("csrfmiddlewaretoken", csrf);
    data.append("form_token", item.token);
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 20000);
    return fetch(item.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Outbox": "1", "X-CSRFToken": csrf },
      signal: controller.signal,
    }).then(function (response) {
      clearTimeout(timer);
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("application/json") === 0) {
        return response.json().then(function (answer) {
          return { kind: "saved", location: answer.location, repeat: answer.repeat };
        });
      }
      if (isLogin(response)) {
        return { kind: "login" };
      }
      if (response.redirected) {
        return { kind: "saved", location: response.url, repeat: false };
      }
      if (response.status === 409 || response.status >= 500) {
        return { kind: "retry" };
      }
      return response.text().then(function (html) {
        return { kind: "refused", status: response.status, message: errorsOf(html), html: html };
      });
    }, function () {
      clearTimeout(timer);
      return { kind: "network" };
    });
  }

  function sendWithFreshToken(item, csrf) {
    return send(item, csrf).then(function (result) {
      if (result.kind === "refused" && result.status === 403) {
        return freshCsrf(item.url).then(function (token) {
          return token ? send(item, token) : result;
        });
      }
      return result;
    });
  }

  function status(text) {
    document.querySelectorAll("[data-outbox-status]").forEach(function (element) {
      element.textContent = text;
    });
  }

  var flushing = null;
  function flush() {
    if (flushing) {
      return flushing;
    }
    if (!USER || !navigator.onLine) {
      return Promise.resolve();
    }
    flushing = allItems().then(function (items) {
      var pending = items.filter(function (item) { return item.status !== "refused"; });
      if (!pending.length) {
        return;
      }
      status(t("sending"));
      var sent = 0;
      var refused = 0;
      return freshCsrf(pending[0].url).then(function (csrf) {
        if (csrf === null) {
          return "login";
        }
        if (csrf === undefined) {
          return "network";
        }
        return pending.reduce(function (chain, item) {
          return chain.then(function (stop) {
            if (stop) {
              return stop;
            }
            return sendWithFreshToken(item, csrf).then(function (result) {
              if (result.kind === "saved") {
                sent += 1;
                return deleteItem(item.id).then(function () { return forgetPage(item.url); })
                  .then(function () { return null; });
              }
              if (result.kind === "refused") {
                refused += 1;
                item.status = "refused";
                item.message = result.message;
                return putItem(item).then(function () { return null; });
              }
              return result.kind;
            });
          });
        }, Promise.resolve());
      }).then(function (stop) {
        var parts = [];
        if (sent) {
          parts.push(t("sent", { count: sent }));
        }
        if (refused) {
          parts.push(t("refused-count", { count: refused }));
          document.getElementById("outbox-panel").hidden = false;
        }
        if (stop === "login") {
          parts.push(t("need-login"));
        } else if (stop === "network") {
          parts.push(t("still-offline"));
        } else if (stop) {
          parts.push(t("error"));
        }
        status(parts.join(" "));
      });
    }).catch(function () {
      status(t("error"));
    }).then(function () {
      flushing = null;
      return refresh();
    });
    return flushing;
  }

  // ---- The navbar count and the outbox panel ---------------------------------------------------
  function button(label, className) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    return element;
  }

  function refresh() {
    if (!USER || !("indexedDB" in window)) {
      return Promise.resolve();
    }
    return allItems().then(function (items) {
      document.querySelectorAll("[data-outbox-count]").forEach(function (element) {
        element.textContent = String(items.length);
      });
      document.querySelectorAll("[data-outbox-toggle]").forEach(function (element) {
        element.hidden = items.length === 0;
      });
      var list = document.querySelector("[data-outbox-list]");
      if (!list) {
        return;
      }
      list.textContent = "";
      if (!items.length) {
        var empty = document.createElement("li");
        empty.className = "list-group-item text-muted";
        empty.textContent = t("empty");
        list.appendChild(empty);
      }
      items.forEach(function (item) {
        var row = document.createElement("li");
        row.className = "list-group-item";
        row.setAttribute("data-outbox-item", item.status);
        var title = document.createElement("div");
        title.className = "fw-semibold";
        title.textContent = item.title;
        var meta = document.createElement("div");
        meta.className = "small text-muted";
        meta.textContent = (item.status === "refused" ? t("refused-label") : t("pending")) +
          " · " + t("saved-at", { time: clock(item.createdAt) }) +
          ((item.files || []).length ? " · " + t("photos", { count: item.files.length }) : "");
        row.appendChild(title);
        row.appendChild(meta);
        if (item.status === "refused") {
          var message = document.createElement("div");
          message.className = "small text-danger";
          message.textContent = t("refused", { message: item.message });
          row.appendChild(message);
        }
        var actions = document.createElement("div");
        actions.className = "d-flex gap-2 mt-2";
        var edit = document.createElement("a");
        edit.className = "btn btn-sm btn-outline-primary";
        edit.href = item.url + "#outbox-" + item.id;
        edit.textContent = t("edit");
        var remove = button(t("delete"), "btn btn-sm btn-outline-danger");
        remove.addEventListener("click", function () {
          if (window.confirm(t("delete-confirm"))) {
            deleteItem(item.id).then(refresh);
          }
        });
        actions.appendChild(edit);
        actions.appendChild(remove);
        row.appendChild(actions);
        list.appendChild(row);
      });
    }).catch(function () {});
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-outbox-toggle]");
    var panel = document.getElementById("outbox-panel");
    if (toggle && panel) {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
    }
    if (event.target.closest("[data-outbox-send]")) {
      flush();
    }
  });

  // ---- Logging out: warn about unsent items, then leave nothing on the phone -------------------
  function forgetEverything() {
    clearDrafts();
    var work = [clearOutbox()];
    if ("caches" in window) {
      work.push(caches.delete(PAGES_CACHE));
    }
    return Promise.all(work);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-logout]");
    if (!form) {
      return;
    }
    event.preventDefault();
    allItems().then(function (items) {
      if (items.length && !window.confirm(t("logout-warning", { count: items.length }))) {
        return;
      }
      return forgetEverything().then(function () { form.submit(); });
    }).catch(function () { form.submit(); });
  });

  // ---- Start ----------------------------------------------------------------------------------
  if (!USER) {
    // Signed out (or timed out): the copies of form pages belong to a session that has ended.
    if ("caches" in window) {
      caches.delete(PAGES_CACHE).catch(function () {});
    }
    return;
  }
  function showConnection() {
    document.querySelectorAll("[data-offline-indicator]").forEach(function (element) {
      element.hidden = navigator.onLine;
    });
  }
  showConnection();
  window.addEventListener("offline", showConnection);
  window.addEventListener("online", showConnection);
  document.querySelectorAll("form[data-offline-form]").forEach(setupForm);
  window.addEventListener("online", flush);
  refresh().then(flush);
  setInterval(flush, 60000);
  // For the browser tests and for support: what is waiting, and one attempt of one item.
  window.stationOutbox = { items: allItems, send: send, flush: flush, csrf: freshCsrf };
})();
