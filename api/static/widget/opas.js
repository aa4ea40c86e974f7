/* Opas chat widget. Embed with one tag:
 *   <script src="https://<opas api>/widget/opas.js" data-municipality="porvoo" defer></script>
 * Everything lives in a shadow root, so the site's CSS and the widget's never meet. Bot and user
 * text are only ever set as text nodes (with <br> and http/https links): never as HTML.
 * The conversation is kept in localStorage, so that it survives a reload; "Start over" clears it. */
(() => {
  "use strict";
  const script = document.currentScript || document.querySelector('script[src*="/widget/opas.js"]');
  if (!script || window.__opasWidget) return; // one widget per page, even if embedded twice
  window.__opasWidget = true;

  const BASE = new URL(script.src, location.href).href.replace(/\/widget\/opas\.js([?#].*)?$/, "");
  // An id such as "porvoo"; anything else is left out rather than failing every session.
  const MUNICIPALITY = /^[a-z][a-z0-9_]{0,40}$/.test((script.dataset.municipality || "").toLowerCase())
    ? script.dataset.municipality.toLowerCase() : null;
  const STORE_KEY = "opas-widget:v1";
  const SAFE_PROTOCOLS = new Set(["http:", "https:"]);
  // What must read left to right inside right-to-left text: web and e-mail addresses, phone
  // numbers and other numbers ("+358 40 1234567" would otherwise show as "1234567 40 358+").
  const LTR_RUNS = /\bhttps?:\/\/[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d(?:[\d \u00a0().\/–-]*\d)?/g;
  const LONG_URL = 40; // a longer address is shown as a short label (the booking's links are ~100)
  const changeLanguagePayload = (code) => `/change_language{"requested_language":"${code}"}`;

  // --- persisted state ---------------------------------------------------------------------------
  const fresh = () => ({ v: 1, sessionId: null, expiresAt: null, language: null, picked: null,
    privacyAccepted: false, open: false, entries: [], handoff: null });

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      if (!saved || saved.v !== 1) return fresh();
      if (saved.expiresAt && Date.parse(saved.expiresAt) < Date.now()) {
        // The session can no longer be used: keep only the user's choices, not the old talk.
        return { ...fresh(), language: saved.language, privacyAccepted: saved.privacyAccepted };
      }
      for (const entry of saved.entries || []) {
        // A reload while waiting: the outcome is unknown, so offer to send it again.
        if (entry.status === "pending") entry.status = "failed";
      }
      return { ...fresh(), ...saved };
    } catch (error) {
      return fresh();
    }
  }

  let state = load();
  const save = () => {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (error) { /* private mode */ }
  };

  // --- small DOM helpers: attributes via setAttribute, children as nodes or text -----------------
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? "" : String(value));
    }
    el.append(...children.filter((child) => child !== null && child !== undefined));
    return el;
  }

  function safeHref(url) {
    try {
      const parsed = new URL(url); // no base: relative and odd URLs fail and stay text
      return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  const link = (href, label) => h("a", { href, target: "_blank", rel: "noopener noreferrer" },
    label, h("span", { class: "opas-sr" }, ` (${t("new_tab")})`));

  /** A link's text: the address itself, or for a long one a label (the booking confirmation's
   * calendar and cancel links) or its host; the full address stays in the link and its title. */
  function linkLabel(href, url) {
    if (url.length <= LONG_URL) return url;
    const parsed = new URL(href);
    if (/\.ics$|\/calendar\b/.test(parsed.pathname)) return t("calendar_link");
    if (/\/cancel\b/.test(parsed.pathname)) return t("cancel_link");
    return `${parsed.host}/…`;
  }

  /** One line's addresses, numbers and plain text: addresses as links; every such run isolated
   * left to right (<bdi dir="ltr">) so that it reads right in right-to-left text. */
  function lineNodes(line) {
    const found = [];
    let last = 0;
    for (const match of line.matchAll(LTR_RUNS)) {
      let run = match[0];
      if (/^https?:/.test(run)) run = run.replace(/[.,;:!?)\]]+$/, ""); // sentence punctuation is not the URL's
      else if (run.includes("@")) run = run.replace(/[.]+$/, "");
      const href = /^https?:/.test(run) ? safeHref(run) : null;
      let node = run;
      if (href) {
        node = link(href, linkLabel(href, run));
        node.setAttribute("title", href);
      }
      found.push(line.slice(last, match.index), h("bdi", { dir: "ltr" }, node));
      last = match.index + run.length;
    }
    found.push(line.slice(last));
    return found;
  }

  /** Text as nodes: line breaks become <br>, http(s) addresses links; everything else is text. */
  function richText(text) {
    const paragraph = h("p", { class: "opas-text", dir: "auto" });
    String(text).split("\n").forEach((line, index) => {
      if (index) paragraph.append(h("br"));
      paragraph.append(...lineNodes(line));
    });
    return paragraph;
  }

  // --- interface texts (served by the API from the Babel catalogs) -------------------------------
  let ui = null; // {language, direction, languages: [{code, name, direction}], strings, max_message_chars}
  const t = (key) => (ui && ui.strings[key]) || key;

  function browserLanguages() {
    const tags = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
    return tags.filter(Boolean).slice(0, 8)
      .map((tag, index) => (index ? `${tag};q=${(1 - index * 0.1).toFixed(1)}` : tag)).join(",");
  }

  async function loadStrings(language) {
    const url = new URL(`${BASE}/widget/strings`);
    if (language) url.searchParams.set("language", language);
    const response = await fetch(url, { headers: { "Accept-Language": browserLanguages() } });
    if (!response.ok) throw new Error(`widget strings: HTTP ${response.status}`);
    return response.json();
  }

  // --- the API ------------------------------------------------------------------------------------
  class ChatError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function post(path, body) {
    let response;
    try {
      response = await fetch(`${BASE}${path}`, { method: "POST", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", "Accept-Language": ui.language } });
    } catch (error) {
      throw new ChatError(0, t("network_error"));
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      throw new ChatError(response.status, (data && data.error && data.error.message) || t("network_error"));
    }
    return data;
  }

  async function ensureSession() {
    if (state.sessionId) return state.sessionId;
    const session = await post("/v1/chat/sessions", { language: ui.language, municipality: MUNICIPALITY });
    state.sessionId = session.session_id;
    state.expiresAt = session.expires_at;
    save();
    return state.sessionId;
  }

  // --- the widget's DOM ---------------------------------------------------------------------------
  const texts = []; // [element, text id, attribute or null]: what applyUi fills in per language
  const tr = (element, key, attribute = null) => { texts.push([element, key, attribute]); return element; };

  const host = h("div", { id: "opas-chat" });
  const shadow = host.attachShadow({ mode: "open" });
  const root = h("div", { class: "opas", hidden: true }); // shown once the style sheet is in
  const stylesheet = h("link", { rel: "stylesheet", href: `${BASE}/widget/opas.css` });
  stylesheet.addEventListener("load", () => { root.hidden = false; });

  const launcher = h("button", { type: "button", class: "opas-launcher", "aria-expanded": "false",
    "aria-controls": "opas-panel", onclick: () => (panel.hidden ? openPanel() : closePanel()) },
  h("span", { class: "opas-launcher-icon", "aria-hidden": "true" }), tr(h("span"), "launcher"));
  const languageSelect = h("select", { id: "opas-language", onchange: (event) => pickLanguage(event.target.value) });
  const privacyButton = tr(h("button", { type: "button", class: "opas-primary", onclick: acceptPrivacy }), "privacy_accept");
  const privacy = h("div", { class: "opas-privacy", role: "region", "aria-labelledby": "opas-privacy-heading" },
    tr(h("h3", { id: "opas-privacy-heading" }), "privacy_heading"), tr(h("p"), "privacy_text"), privacyButton);
  const hint = tr(h("p", { class: "opas-hint" }), "empty_hint");
  const log = h("div", { class: "opas-log", role: "log", "aria-live": "polite", tabindex: "0",
    "aria-labelledby": "opas-title" });
  const typingText = tr(h("span"), "typing");
  const typing = h("div", { class: "opas-typing", role: "status" });
  const formError = h("p", { class: "opas-form-error", role: "alert" });
  // Shown when the message is over the limit: no maxlength, so a paste is never cut silently.
  const counter = h("p", { id: "opas-counter", class: "opas-counter", "aria-live": "polite" });
  const input = tr(h("textarea", { id: "opas-input", rows: "2", onkeydown: onInputKey, oninput: showLength,
    "aria-describedby": "opas-counter" }), "input_placeholder", "placeholder");
  const form = h("form", { class: "opas-form", onsubmit: onSubmit },
    tr(h("label", { for: "opas-input", class: "opas-sr" }), "input_label"), input,
    tr(h("button", { type: "submit", class: "opas-primary opas-send" }), "send"));

  const panel = h("section", { id: "opas-panel", class: "opas-panel", role: "dialog",
    "aria-labelledby": "opas-title", hidden: true, onkeydown: (event) => {
      if (event.key === "Escape") { event.preventDefault(); closePanel(); }
      if (event.key === "Tab" && fullScreen.matches) holdFocus(event);
    } },
  h("header", { class: "opas-header" },
    h("div", { class: "opas-titles" }, h("h2", { id: "opas-title" }, "Opas"),
      tr(h("p", { class: "opas-subtitle" }), "subtitle")),
    tr(h("button", { type: "button", class: "opas-close", onclick: closePanel },
      h("span", { "aria-hidden": "true" }, "×")), "close", "aria-label"),
    h("div", { class: "opas-tools" }, tr(h("label", { for: "opas-language" }), "language"), languageSelect,
      tr(h("button", { type: "button", class: "opas-restart", onclick: restart }), "restart"),
      tr(h("button", { type: "button", class: "opas-restart opas-delete", onclick: deleteConversation }), "delete"))),
  privacy, hint, log, typing, formError, counter, form);

  root.append(launcher, panel);

  // On a phone the panel covers the page (opas.css, the same width): a modal dialog, so Tab
  // cycles inside it instead of reaching the page's links hidden behind it.
  const fullScreen = matchMedia("(max-width: 480px)");
  const markModal = () => { if (fullScreen.matches) panel.setAttribute("aria-modal", "true"); else panel.removeAttribute("aria-modal"); };
  fullScreen.addEventListener("change", markModal);
  markModal();

  function holdFocus(event) {
    const focusable = [...panel.querySelectorAll("button, [href], select, textarea, input, [tabindex]:not([tabindex='-1'])")]
      .filter((element) => !element.disabled && element.getClientRects().length);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const current = shadow.activeElement;
    if (event.shiftKey && (current === first || !panel.contains(current))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (current === last || !panel.contains(current))) {
      event.preventDefault();
      first.focus();
    }
  }
  shadow.append(stylesheet, root);

  function applyUi() {
    root.setAttribute("lang", ui.language);
    root.setAttribute("dir", ui.direction);
    for (const [element, key, attribute] of texts) {
      if (attribute) element.setAttribute(attribute, t(key));
      else element.textContent = t(key);
    }
    showLength();
    for (const heading of log.querySelectorAll(".opas-sources-heading")) heading.textContent = t("sources");
    for (const element of log.querySelectorAll(".opas-feedback [data-text], .opas-feedback[data-text]")) {
      element.textContent = t(element.dataset.text);
    }
    for (const element of log.querySelectorAll(".opas-feedback [data-label], .opas-feedback[data-label]")) {
      element.setAttribute(element.tagName === "BUTTON" ? "title" : "aria-label", t(element.dataset.label));
    }
    if (replies) replies.setAttribute("aria-label", t("quick_replies"));
    languageSelect.replaceChildren(...ui.languages.map((option) => h("option",
      { value: option.code, lang: option.code, dir: option.direction, selected: option.code === ui.language },
      option.name)));
    showState();
  }

  function showState() {
    privacy.hidden = state.privacyAccepted;
    log.hidden = form.hidden = !state.privacyAccepted;
    hint.hidden = !state.privacyAccepted || state.entries.some((entry) => entry.who === "user");
  }

  // --- conversation -------------------------------------------------------------------------------
  const nodes = new Map(); // entry → its element
  let replies = null; // the quick-reply buttons of the latest bot turn
  let busy = false;
  let generation = 0; // counts "Start over"s

  function sourcesNode(sources) {
    return h("div", { class: "opas-sources" }, h("p", { class: "opas-sources-heading" }, t("sources")),
      h("ul", {}, ...sources.map((source) => {
        const href = source.url ? safeHref(source.url) : null;
        return h("li", { dir: "auto" }, href ? link(href, source.title) : source.title);
      })));
  }

  // --- thumbs up/down on answers: counted per topic for the coordinators (docs/analytics.md) ------
  const SOURCE_ID = /^[a-z0-9][a-z0-9_.-]{0,59}$/;
  const thumbPath = "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.5-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z";

  /** What a rating of this turn says (its topic, language, place and sources), for answers only. */
  function ratingOf(opas) {
    if (opas.kind !== "answer" || !opas.topic) return null;
    return { topic: opas.topic, language: opas.language || ui.language, municipality: opas.municipality || null,
      sources: (opas.sources || []).map((source) => source && source.id).filter((id) => SOURCE_ID.test(id || "")).slice(0, 10) };
  }

  function thumbIcon(down) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (down) svg.setAttribute("class", "opas-thumb-down");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", thumbPath);
    svg.append(path);
    return svg;
  }

  // data-text / data-label: the text id of an element's text or label, renamed by applyUi when the
  // interface language changes (the answers above stay; their buttons follow the new language).
  function feedbackNode(entry) {
    if (entry.rated) {
      return h("p", { class: "opas-feedback opas-feedback-done", tabindex: "-1", "data-text": "feedback_thanks" },
        t("feedback_thanks"));
    }
    const thumb = (rating, key) => h("button", { type: "button", class: "opas-thumb", title: t(key), "data-label": key,
      onclick: (event) => rate(entry, rating, event.currentTarget.parentElement) },
    thumbIcon(rating === "down"), h("span", { class: "opas-sr", "data-text": key }, t(key)));
    return h("div", { class: "opas-feedback", role: "group", "aria-label": t("feedback_question"),
      "data-label": "feedback_question" },
    h("span", { class: "opas-feedback-question", "aria-hidden": "true", "data-text": "feedback_question" },
      t("feedback_question")),
    thumb("up", "feedback_up"), thumb("down", "feedback_down"));
  }

  async function rate(entry, rating, group) {
    const buttons = [...group.querySelectorAll("button")];
    buttons.forEach((button) => { button.disabled = true; });
    try {
      await post(`/v1/chat/sessions/${encodeURIComponent(state.sessionId)}/feedback`, { rating, ...entry.feedback });
    } catch (error) { // not counted (e.g. the session expired): the buttons stay for another try
      buttons.forEach((button) => { button.disabled = false; });
      return;
    }
    entry.rated = rating;
    save();
    const thanks = feedbackNode(entry);
    group.replaceWith(thanks);
    thanks.focus(); // the pressed button is gone: keep the keyboard user where they were
  }

  function entryNode(entry) {
    if (entry.who === "note") return h("p", { class: "opas-note" }, t(entry.key));
    if (entry.who === "notice") return h("p", { class: "opas-note opas-notice", dir: "auto" }, entry.text);
    if (entry.who === "advisor") {
      return h("div", { class: "opas-msg opas-advisor" }, h("span", { class: "opas-author" }, t("advisor")),
        richText(entry.text || ""));
    }
    const mine = entry.who === "user";
    const node = h("div", { class: `opas-msg ${mine ? "opas-user" : "opas-bot"}` },
      h("span", { class: "opas-sr" }, `${mine ? t("you") : "Opas"}: `), richText(entry.text || ""));
    if (entry.sources && entry.sources.length) node.append(sourcesNode(entry.sources));
    if (entry.feedback) node.append(feedbackNode(entry));
    if (entry.status === "pending") node.classList.add("opas-pending");
    if (entry.status === "failed") {
      node.append(h("p", { class: "opas-error" }, entry.error || t("not_sent")),
        h("button", { type: "button", class: "opas-retry", onclick: () => deliver(entry) }, t("retry")));
    }
    return node;
  }

  function show(entry) {
    const node = entryNode(entry);
    const old = nodes.get(entry);
    if (old) old.replaceWith(node);
    else log.insertBefore(node, replies);
    nodes.set(entry, node);
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    state.entries.push(entry);
    show(entry);
    showState();
    save();
  }

  function forget(entry) {
    state.entries = state.entries.filter((item) => item !== entry);
    const node = nodes.get(entry);
    if (node) node.remove();
    nodes.delete(entry);
  }

  function showReplies(buttons) {
    if (replies) replies.remove();
    replies = null;
    if (!buttons || !buttons.length) return;
    replies = h("div", { class: "opas-replies", role: "group", "aria-label": t("quick_replies") },
      ...buttons.map((button) => h("button", { type: "button", class: "opas-reply", dir: "auto",
        onclick: () => { submit(button.title, button.payload); input.focus(); } }, button.title)));
    log.append(replies);
    log.scrollTop = log.scrollHeight;
  }

  async function addTurn(turn) {
    const opas = turn.opas || {};
    // The bot owns the conversation language (it may switch on request): the interface follows,
    // first, so that this turn's own labels ("Sources:") are already in the new language.
    if (opas.language && opas.language !== ui.language && ui.languages.some((o) => o.code === opas.language)) {
      await switchUi(opas.language);
    }
    const seen = new Set();
    const sources = (opas.sources || []).filter((source) => source && source.title
      && !seen.has(source.id || source.title) && seen.add(source.id || source.title));
    const messages = turn.messages || [];
    messages.forEach((message, index) => {
      const last = index === messages.length - 1;
      add({ who: "bot", text: message.text || "", sources: last ? sources : [],
        buttons: last ? messages.flatMap((item) => item.buttons || []) : [],
        feedback: last ? ratingOf(opas) : null });
    });
    showReplies(messages.length ? state.entries[state.entries.length - 1].buttons : []);
    const handoff = turn.handoff || opas.handoff; // the gateway's turns, or the bot's "you are queued"
    if (opas.kind !== "handoff") stopHandoff(); // the bot answers again: no advisor has the chat
    else if (handoff && handoff.status !== "closed") followHandoff();
  }

  // --- live chat with an advisor: the session's event stream (HANDOFF.md) ------------------------
  // Opened when a turn is a handoff; the browser resumes it after a dropped connection with
  // Last-Event-ID, and a reload with ?after= (the last event seen is kept with the conversation).
  const HANDOFF_EVENTS = ["message", "joined", "left", "queue", "timeout", "closed"];
  const HANDOFF_ENDS = new Set(["closed", "left", "timeout"]);
  let stream = null;
  const seenEvents = new Set();

  function followHandoff() {
    if (stream || !state.sessionId) return;
    state.handoff = state.handoff || { lastEventId: null };
    save();
    const url = new URL(`${BASE}/v1/chat/sessions/${encodeURIComponent(state.sessionId)}/events`);
    if (state.handoff.lastEventId) url.searchParams.set("after", state.handoff.lastEventId);
    stream = new EventSource(url.href);
    for (const kind of HANDOFF_EVENTS) stream.addEventListener(kind, (event) => onHandoffEvent(kind, event));
    stream.addEventListener("error", () => { // refused or nothing to follow: not retried
      if (stream && stream.readyState === EventSource.CLOSED) stopHandoff();
    });
  }

  function stopHandoff() {
    if (stream) stream.close();
    stream = null;
    if (state.handoff) { state.handoff = null; save(); }
  }

  function onHandoffEvent(kind, event) {
    if (event.lastEventId) {
      if (seenEvents.has(event.lastEventId)) return; // delivered twice across a reconnect
      seenEvents.add(event.lastEventId);
      if (state.handoff) state.handoff.lastEventId = event.lastEventId;
    }
    let turn;
    try { turn = JSON.parse(event.data); } catch (error) { return; }
    const messages = turn.messages || [];
    const buttons = messages.flatMap((message) => message.buttons || []);
    if (kind === "queue") { // the place in the queue changed: one notice, the latest
      for (const old of state.entries.filter((entry) => entry.queue)) forget(old);
    }
    for (const message of messages) {
      if (!message.text) continue;
      add(kind === "message" ? { who: "advisor", text: message.text }
        : { who: "notice", text: message.text, queue: kind === "queue" || undefined });
    }
    if (buttons.length || kind !== "queue") {
      if (state.entries.length) state.entries[state.entries.length - 1].buttons = buttons;
      showReplies(buttons);
    }
    if (HANDOFF_ENDS.has(kind)) stopHandoff();
    save();
  }

  function submit(text, payload = null) {
    if (busy) return false;
    formError.textContent = "";
    const entry = { who: "user", text, payload, status: "pending" };
    add(entry);
    deliver(entry);
    return true;
  }

  async function sendOnce(entry) {
    const sessionId = await ensureSession();
    const body = entry.payload ? { payload: entry.payload } : { text: entry.text };
    if (state.picked) body.language = state.picked;
    return post(`/v1/chat/sessions/${encodeURIComponent(sessionId)}/messages`, body);
  }

  async function deliver(entry) {
    if (busy) return;
    busy = true;
    const conversation = generation; // "Start over" while waiting drops the late answer
    if (entry.status !== "pending") { // a retry: the bubble loses its error
      entry.status = "pending";
      delete entry.error;
      show(entry);
    }
    showReplies([]);
    typing.replaceChildren(h("span", { class: "opas-dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")), typingText);
    try {
      let turn;
      try {
        turn = await sendOnce(entry);
      } catch (error) {
        if (error.status !== 404 || conversation !== generation) throw error;
        // The server no longer knows the session (expired): start a new one and send again.
        state.sessionId = null;
        add({ who: "note", key: "session_renewed" });
        turn = await sendOnce(entry);
      }
      if (conversation !== generation) return;
      entry.status = "sent";
      state.picked = null;
      nodes.get(entry)?.classList.remove("opas-pending"); // not a new node: nothing to re-announce
      await addTurn(turn);
    } catch (error) {
      if (conversation !== generation) return;
      if (error.status === 413) { // too long: give the text back to edit instead of a dead bubble
        forget(entry);
        input.value = entry.text;
        showLength();
        formError.textContent = error.message;
      } else {
        entry.status = "failed";
        entry.error = error.message;
        show(entry);
      }
    } finally {
      typing.replaceChildren();
      busy = false;
      save();
    }
  }

  const tooLong = () => ui && input.value.trim().length > ui.max_message_chars;

  /** Over the limit: say so in the interface language; the text stays as written. */
  function showLength() {
    const over = tooLong();
    counter.textContent = over ? t("too_long").replace("{count}", String(input.value.trim().length))
      .replace("{max_length}", String(ui.max_message_chars)) : "";
    if (over) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return over;
  }

  function onSubmit(event) {
    event.preventDefault();
    const text = input.value.trim();
    if (showLength()) { input.focus(); return; } // refused until shortened; nothing is lost
    if (text && submit(text)) { input.value = ""; showLength(); }
    input.focus();
  }

  function onInputKey(event) { // Enter sends, Shift+Enter starts a new line
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) onSubmit(event);
  }

  // --- controls -----------------------------------------------------------------------------------
  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    root.classList.toggle("opas-open", open);
    state.open = open;
    save();
    requestAnimationFrame(() => { log.scrollTop = log.scrollHeight; });
  }

  function openPanel() {
    setOpen(true);
    (state.privacyAccepted ? input : privacyButton).focus();
  }

  function closePanel() {
    setOpen(false);
    launcher.focus();
  }

  function acceptPrivacy() {
    state.privacyAccepted = true;
    save();
    showState();
    input.focus();
  }

  function restart() {
    generation += 1;
    stopHandoff();
    state = { ...fresh(), language: ui.language, privacyAccepted: state.privacyAccepted, open: true };
    nodes.clear();
    showReplies([]);
    log.replaceChildren();
    formError.textContent = "";
    add({ who: "note", key: "restarted" });
    input.focus();
  }

  // "Delete my conversation": the gateway removes it from Opas's stores (docs/security.md); this
  // browser forgets it too. Without a session nothing was stored: only the browser's copy goes.
  async function deleteConversation() {
    if (!window.confirm(t("delete_confirm"))) return;
    let message = null;
    if (state.sessionId) {
      try {
        const response = await fetch(`${BASE}/v1/chat/sessions/${encodeURIComponent(state.sessionId)}`,
          { method: "DELETE", headers: { "Accept-Language": ui.language } });
        const data = await response.json().catch(() => null);
        message = data && (data.message || (data.error && data.error.message));
        if (!response.ok && response.status !== 404) { formError.textContent = message || t("network_error"); return; }
      } catch (error) {
        formError.textContent = t("network_error");
        return;
      }
    }
    restart();
    forget(state.entries[state.entries.length - 1]); // not "A new conversation has started."
    if (message) add({ who: "notice", text: message });
    save();
  }

  async function switchUi(language) {
    try {
      ui = await loadStrings(language);
      state.language = ui.language;
      save();
      applyUi();
    } catch (error) {
      languageSelect.value = ui.language;
    }
  }

  async function pickLanguage(code) {
    await switchUi(code);
    if (ui.language !== code) return;
    state.picked = code; // sent with the next message as metadata.language (CONTRACT.md §5)
    save();
    if (state.entries.some((entry) => entry.who === "user" && entry.status === "sent")) {
      // Mid-conversation: tell the bot now, as its own language buttons would.
      const option = ui.languages.find((item) => item.code === code);
      submit(option.name, changeLanguagePayload(code));
    }
  }

  // --- start --------------------------------------------------------------------------------------
  async function start() {
    try {
      ui = await loadStrings(state.language);
    } catch (error) {
      console.warn("Opas: the chat service is not reachable", error); // eslint-disable-line no-console
      return; // no half-working widget on the site
    }
    state.language = ui.language;
    applyUi();
    for (const entry of state.entries) show(entry); // before the panel shows: no announcements
    const last = state.entries[state.entries.length - 1];
    if (last && last.who !== "user") showReplies(last.buttons);
    if (state.handoff) followHandoff(); // a live chat was going on before the reload
    document.body.append(host);
    if (state.open) setOpen(true); // as it was before the reload, without taking the page's focus
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
