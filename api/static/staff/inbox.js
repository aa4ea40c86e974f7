// The advisor inbox (/staff/inbox): the lists from GET /staff/api/handoffs, kept current by the
// event stream /staff/api/handoffs/events; one open chat, whose new events are fetched with
// ?after=<last seq> (never twice, never skipped). No framework, no inline script (strict CSP).
(function () {
  "use strict";
  var root = document.getElementById("inbox");
  if (!root) return;
  var API = "/staff/api/handoffs";
  var t = root.dataset;
  var $ = function (id) { return document.getElementById(id); };
  var state = { open: null, lastSeq: 0, detail: null, canned: {} };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Web and e-mail addresses and numbers (phone numbers too), as the widget finds them (its
  // LTR_RUNS): each isolated left to right so that "+358 40 1234567" reads right in Arabic.
  var LTR_RUNS = /\bhttps?:\/\/[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d(?:[\d \u00a0().\/–-]*\d)?/g;

  function isolated(node, text) {
    var last = 0;
    (text || "").replace(LTR_RUNS, function (match, index) {
      node.appendChild(document.createTextNode(text.slice(last, index)));
      node.appendChild(el("bdi", { dir: "ltr" }, match));
      last = index + match.length;
      return match;
    });
    node.appendChild(document.createTextNode((text || "").slice(last)));
    return node;
  }

  function say(text) { $("inbox-status").textContent = text || ""; }

  function request(method, path, body) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (method !== "GET") {
      options.headers["X-CSRF-Token"] = t.csrf;
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    return fetch(API + path, options).then(function (response) {
      if (response.status === 401) { window.location.href = "/staff/login"; throw new Error("logged out"); }
      return response.json().then(function (data) {
        if (!response.ok) { var error = new Error(response.status); error.status = response.status; error.data = data; throw error; }
        return data;
      });
    });
  }

  // --- the lists ---------------------------------------------------------------------------------

  function describe(chat) {
    var parts = [];
    if (chat.topic_title) parts.push(chat.topic_title);
    if (chat.municipality_name) parts.push(chat.municipality_name);
    parts.push(t.tMinutes.replace("{minutes}", String(Math.floor(chat.waiting_seconds / 60))));
    return parts.join(" · ");
  }

  function item(chat, action) {
    var li = el("li", { "data-id": String(chat.id), "aria-current": state.open === chat.id ? "true" : null });
    var language = el("span", { lang: chat.language, dir: chat.rtl ? "rtl" : "ltr",
      "class": chat.speaks_language ? "speaks" : null }, chat.language_name);
    li.appendChild(language);
    li.appendChild(document.createTextNode(" — " + describe(chat) + (chat.advisor && !chat.mine ? " (" + chat.advisor + ")" : "") + " "));
    var button = el("button", { type: "button", "data-action": action, "data-id": String(chat.id) },
      action === "claim" ? t.tTake : t.tOpen);
    li.appendChild(button);
    return li;
  }

  function fill(id, chats, action, empty) {
    var list = $(id);
    list.textContent = "";
    if (!chats.length) { list.appendChild(el("li", { "class": "muted" }, empty)); return; }
    chats.forEach(function (chat) { list.appendChild(item(chat, action)); });
  }

  var baseTitle = document.title;
  function showInbox(inbox) {
    // The number waiting in the tab's title: seen from another tab or window too.
    document.title = (inbox.waiting.length ? "(" + inbox.waiting.length + ") " : "") + baseTitle;
    fill("waiting", inbox.waiting, "claim", t.tNobody);
    fill("mine", inbox.mine, "open", t.tNone);
    fill("others", inbox.others, "open", t.tNone);
    if (state.open === null) return;
    var all = inbox.waiting.concat(inbox.mine, inbox.others);
    var current = all.filter(function (chat) { return chat.id === state.open; })[0];
    // Newer events, or the chat left the lists (it closed): fetch what is new.
    if (!current || current.last_seq > state.lastSeq || current.status !== state.detail.status) refresh();
  }

  function loadInbox() { return request("GET", "").then(showInbox); }

  // --- the open chat -----------------------------------------------------------------------------

  function who(event) {
    if (event.sender === "advisor") return state.detail.mine ? t.tYou : t.tAdvisor;
    if (event.sender === "bot") return t.tBot;
    return t.tUser;
  }

  function addEvent(event) {
    var list = $("events");
    if (event.sender === "system") {
      list.appendChild(el("li", { "class": "system", "data-seq": String(event.seq), "data-kind": event.kind }, event.label || event.kind));
      return;
    }
    if (event.transcript && !list.querySelector(".transcript-heading")) {
      list.appendChild(el("li", { "class": "system transcript-heading" }, t.tTranscript));
    }
    var classes = "from-" + event.sender + (event.transcript ? " transcript" : "");
    var li = el("li", { "class": classes, "data-seq": String(event.seq), "data-kind": event.kind });
    li.appendChild(el("span", { "class": "who" }, who(event)));
    // The user's words are in the user's language and direction; the advisor may write in another
    // (a canned answer goes in the user's): the browser tells the direction from the text itself.
    var own = event.sender !== "advisor";
    li.appendChild(isolated(el("span", { lang: own ? state.detail.language : null,
      dir: own && state.detail.rtl ? "rtl" : "auto" }), event.text));
    list.appendChild(li);
  }

  function showDetail(detail, replace) {
    var first = replace || state.detail === null || state.detail.id !== detail.id;
    state.detail = detail;
    if (first) {
      $("events").textContent = "";
      state.lastSeq = 0;
      if (!detail.share_transcript) $("events").appendChild(el("li", { "class": "system" }, t.tNoTranscript));
    }
    detail.events.forEach(function (event) {
      if (event.seq > state.lastSeq) { addEvent(event); state.lastSeq = event.seq; }
    });
    $("events").scrollTop = $("events").scrollHeight;
    $("conversation").hidden = false;
    var title = $("conversation-title");
    var name = detail.language_name.charAt(0).toUpperCase() + detail.language_name.slice(1);  // "persia"
    title.textContent = name + (detail.topic_title ? " — " + detail.topic_title : "");
    title.setAttribute("data-status", detail.status);
    $("conversation-meta").textContent = [detail.municipality_name, detail.advisor, detail.status === "closed" ? t.tClosed : null]
      .filter(Boolean).join(" · ");
    var writable = detail.status === "claimed" && detail.mine;
    $("reply").hidden = !writable;
    $("canned").hidden = !writable;
    $("hand-back").hidden = !writable;
    $("close-chat").hidden = !(writable || detail.status === "queued");
    if (writable) loadCanned(detail.language);
    Array.prototype.forEach.call(document.querySelectorAll(".chats li"), function (li) {
      if (li.getAttribute("data-id") === String(detail.id)) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    });
  }

  var refreshing = null;
  function refresh() {
    if (state.open === null || refreshing) return refreshing;
    var id = state.open;
    refreshing = request("GET", "/" + id + "?after=" + state.lastSeq)
      .then(function (detail) { if (state.open === id) showDetail(detail, false); })
      .catch(function () { say(t.tFailed); })
      .then(function () { refreshing = null; });
    return refreshing;
  }

  function open(id) {
    state.open = id;
    state.detail = null;
    return request("GET", "/" + id).then(function (detail) { showDetail(detail, true); });
  }

  function loadCanned(language) {
    if (state.canned.language === language) return;
    state.canned = { language: language };
    request("GET", "/canned?language=" + encodeURIComponent(language)).then(function (data) {
      var list = $("canned-list");
      list.textContent = "";
      data.answers.forEach(function (answer) {
        var li = el("li");
        li.appendChild(el("button", { type: "button", "data-canned": answer.key }, answer.label));
        li.appendChild(el("span", { "class": "user-text", lang: data.language, dir: data.rtl ? "rtl" : "ltr" }, answer.text));
        list.appendChild(li);
      });
    });
  }

  function act(promise) {
    say("");
    return promise.then(function (detail) {
      if (detail && detail.events) showDetail(detail, false); else refresh();
      return loadInbox();
    }).catch(function (error) {
      var code = error.status === 409 && error.data && error.data.error ? error.data.error.code : null;
      // The API's message is in the page's language; WhatsApp's closed window needs its own words.
      say(code === "handoff_claimed" ? t.tTaken : code === "whatsapp_window_closed" ? error.data.error.message : t.tFailed);
      return loadInbox();
    });
  }

  // --- wiring ------------------------------------------------------------------------------------

  root.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    var id = Number(target.getAttribute("data-id"));
    var action = target.getAttribute("data-action");
    if (action === "claim") {
      state.open = id; state.detail = null;
      act(request("POST", "/" + id + "/claim").then(function (detail) { showDetail(detail, true); return null; }));
    } else if (action === "open") {
      act(open(id));
    } else if (target.hasAttribute("data-canned") && state.open !== null) {
      act(request("POST", "/" + state.open + "/messages", { canned: target.getAttribute("data-canned") }));
    } else if (target.id === "hand-back" && state.open !== null) {
      act(request("POST", "/" + state.open + "/hand-back"));
    } else if (target.id === "close-chat" && state.open !== null) {
      act(request("POST", "/" + state.open + "/close"));
    }
  });

  $("reply").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = $("reply-text");
    var text = box.value.trim();
    if (!text || state.open === null) return;
    box.disabled = true;
    act(request("POST", "/" + state.open + "/messages", { text: text }).then(function () { box.value = ""; }))
      .then(function () { box.disabled = false; box.focus(); });
  });

  function listen() {
    var source = new EventSource(API + "/events");
    source.addEventListener("inbox", function (event) { say(""); showInbox(JSON.parse(event.data)); });
    source.onerror = function () { say(t.tLost); };  // EventSource reconnects by itself
  }

  loadInbox().then(listen);
  // The waiting times grow without news on the stream: redraw them now and then.
  window.setInterval(function () { loadInbox().catch(function () {}); }, 30000);
})();
