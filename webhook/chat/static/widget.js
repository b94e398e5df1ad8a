/*
 * coopbot web chat widget. Plain JavaScript, no build step, no third-party code.
 *
 * Paste into any page of the co-op's site (the site's origin must be listed in
 * COOPBOT_CHAT_ORIGINS):
 *     <script src="https://chat.example.coop/chat/widget.js" defer></script>
 * It adds a "Chat with us" button that opens the chat. A page may instead hold
 * an element with the attribute data-coopbot-chat: the chat is then shown
 * inside it, always open (the /chat page does this).
 *
 * Why it is written the way it is:
 * - Text from the server or the member is only ever inserted as text
 *   (textContent / text nodes), never as HTML, so a reply cannot run script.
 *   Links become clickable only when they are http(s) links to the co-op's own
 *   chat server (activation pages, terms); anything else stays plain text.
 * - The session token, the history and the conversation's language live together in
 *   localStorage, so a reload (or a second page of the same site) continues the same
 *   conversation in the same language. Digits that look like a ZIP code or the last
 *   four of an SSN/TIN are masked in the stored copy. All of it goes at once, because
 *   the device may be shared: after IDLE_LIMIT_MS without a message (counted from the
 *   last message, not the last page view, so the browser's copy always ends before the
 *   server's conversation and token do), and at "Start over", which asks first (a
 *   modal <dialog>, focus on "keep") since it throws away a registration in progress.
 * - Keyboard and screen readers: a labelled input, Enter sends, choices are
 *   real <button>s in the tab order, new messages are announced through a
 *   role="log" live region, and focus goes back to the input after a choice.
 * - If the server cannot be reached the member sees a polite message and the
 *   text they typed is put back in the box: nothing is lost.
 * - Every label comes from the server's catalogs (CATALOG below is filled in
 *   when /chat/widget.js is served), in each language the co-op offers. The
 *   member picks one with the English / Español buttons in the header. The
 *   widget speaks the conversation's language (the one the assistant last answered
 *   in, or the member's latest click), kept with the session; without a session the
 *   page's language (<html lang>), else the browser's. A click is a request like "in
 *   English please": in a conversation it is sent at once ({"language"} alone) and the
 *   assistant's answer (the pending question, in that language) is shown; before the
 *   first message it goes with that message ("language"). Every other message carries
 *   the widget's language only as the default ("default_language"), as SMS has one:
 *   the assistant follows what the member writes (a Spanish writer on an English page
 *   is answered in Spanish), and the widget follows the language the assistant answers in.
 * - When a person from member services takes the conversation (an answer says
 *   "handoff"), the widget asks /chat/api/updates every second for what they
 *   write, and shows it in the same role="log" list; it asks once whenever it
 *   is loaded, so a member who comes back sees what was said meanwhile.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__coopbotChatLoaded) {
    return;
  }
  window.__coopbotChatLoaded = true;

  var CATALOG = null; // filled in by the server
  if (!CATALOG) {
    return;
  }

  var IDLE_LIMIT_MS = 2 * 60 * 60 * 1000;
  var MAX_STORED_MESSAGES = 200;
  var MAX_TEXT_LENGTH = CATALOG.maxLength;

  // Where this script came from is where the chat API lives.
  var serverBase = script.src.replace(/\/chat\/widget\.js(?:[?#].*)?$/, "");
  var publicBase = (script.getAttribute("data-public-url") || serverBase).replace(/\/+$/, "");
  var publicUrl = new URL(publicBase + "/");
  var storageKey = "coopbot-chat:" + serverBase;

  // ---------------------------------------------------------------- language
  var OFFERED = CATALOG.languages.map(function (pair) { return pair[0]; });

  function offered(tag) {
    var code = String(tag || "").toLowerCase().split("-")[0];
    return OFFERED.indexOf(code) >= 0 ? code : null;
  }

  function pageLanguage() {
    return offered(document.documentElement.getAttribute("lang"));
  }

  function browserLanguage() {
    var tags = navigator.languages || [navigator.language];
    for (var i = 0; i < tags.length; i += 1) {
      if (offered(tags[i])) {
        return offered(tags[i]);
      }
    }
    return null;
  }

  // The conversation's language (kept with its session), else the page's, the browser's, the default.
  function startLanguage() {
    return offered(state.language) || pageLanguage() || browserLanguage() || OFFERED[0];
  }

  var language = OFFERED[0];
  var TEXT = CATALOG.text[language];

  // A page may set its own title, launcher and welcome (in its own language, or in any when it names none).
  function label(key) {
    var own = { title: "data-title", launcher: "data-launcher", welcome: "data-welcome" }[key];
    var page = pageLanguage();
    var value = own && (!page || language === page) ? script.getAttribute(own) : null;
    return value || TEXT[key];
  }

  // ---------------------------------------------------------------- storage
  // ``language``: the conversation's (null: none yet); ``updated``: the last message or click.
  function emptyState() {
    return { token: null, messages: [], language: null, open: false, updated: Date.now() };
  }

  function loadState() {
    try {
      var state = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (state && Array.isArray(state.messages) && Date.now() - (state.updated || 0) < IDLE_LIMIT_MS) {
        return state;
      }
      window.localStorage.removeItem(storageKey); // idle: nothing of it stays on the device
    } catch (err) {
      // Storage disabled or corrupt: start fresh, the chat still works.
    }
    return emptyState();
  }

  // ``active``: a message or a click, which keeps the conversation from going idle;
  // opening, closing or viewing a page does not.
  function saveState(active) {
    if (active) {
      state.updated = Date.now();
    }
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (err) {
      // Private mode or full storage: the conversation simply won't survive a reload.
    }
  }

  // A standalone 4-5 digit number (ZIP, last four of SSN/TIN), ZIP+4 or a written-out
  // SSN: shown while typing, but not kept on the device. Account numbers (6 to 12
  // digits in one run) are kept: the member may want to see which one they gave.
  var SECRET_DIGITS = /\b\d{3}[- ]\d{2}[- ]\d{4}\b|\b\d{5}-\d{4}\b|\b\d{4,5}\b/g;

  function forStorage(who, text) {
    return who === "me" ? text.replace(SECRET_DIGITS, function (m) { return m.replace(/\d/g, "\u2022"); }) : text;
  }

  // ---------------------------------------------------------------- DOM helpers
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  var uid = 0;
  function newId(name) {
    uid += 1;
    return "coopbot-chat-" + name + "-" + uid;
  }

  function isOwnLink(candidate) {
    try {
      var url = new URL(candidate);
      return (url.protocol === "https:" || url.protocol === "http:") &&
        url.origin === publicUrl.origin &&
        url.pathname.indexOf(publicUrl.pathname) === 0;
    } catch (err) {
      return false;
    }
  }

  // Append ``text`` to ``parent`` as text nodes, with the co-op's own links as <a>.
  function appendText(parent, text) {
    var pattern = /https?:\/\/[^\s<>"']+/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var href = match[0].replace(/[.,;:!?)\]]+$/, "");
      if (!isOwnLink(href)) {
        continue;
      }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", "coopbot-chat__link", href);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parent.appendChild(link);
      last = match.index + href.length;
      pattern.lastIndex = last;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---------------------------------------------------------------- build the widget
  var state = loadState();
  language = startLanguage();
  TEXT = CATALOG.text[language];
  var inline = document.querySelector("[data-coopbot-chat]");
  var titleId = newId("title");
  var inputId = newId("input");
  var panelId = newId("panel");

  var stylesheet = serverBase + "/chat/widget.css";
  if (!document.querySelector('link[href="' + stylesheet + '"]')) {
    var link = el("link");
    link.rel = "stylesheet";
    link.href = stylesheet;
    document.head.appendChild(link);
  }

  var panel = el("section", "coopbot-chat" + (inline ? " coopbot-chat--inline" : " coopbot-chat--floating"));
  panel.id = panelId;
  panel.setAttribute("aria-labelledby", titleId);

  var header = el("div", "coopbot-chat__header");
  var title = el("h2", "coopbot-chat__title", label("title"));
  title.id = titleId;
  // The language choice: one real button per language, named in its own language.
  var languageGroup = el("div", "coopbot-chat__languages");
  languageGroup.setAttribute("role", "group");
  var languageButtons = CATALOG.languages.map(function (pair) {
    var button = el("button", "coopbot-chat__language", pair[1]);
    button.type = "button";
    button.lang = pair[0];
    button.setAttribute("data-language", pair[0]);
    button.addEventListener("click", function () { chooseLanguage(pair[0]); });
    languageGroup.appendChild(button);
    return button;
  });
  var resetButton = el("button", "coopbot-chat__reset", TEXT.reset);
  resetButton.type = "button";
  header.appendChild(title);
  if (languageButtons.length > 1) {
    header.appendChild(languageGroup);
  }
  header.appendChild(resetButton);
  var closeButton = null;
  if (!inline) {
    closeButton = el("button", "coopbot-chat__close");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", TEXT.close);
    closeButton.appendChild(el("span", null, "\u00d7")).setAttribute("aria-hidden", "true");
    header.appendChild(closeButton);
  }

  var log = el("div", "coopbot-chat__log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-labelledby", titleId);
  log.tabIndex = 0; // scrollable with the keyboard
  var list = el("ol", "coopbot-chat__messages");
  log.appendChild(list);

  var status = el("p", "coopbot-chat__status");
  status.setAttribute("role", "status");
  var alertBox = el("p", "coopbot-chat__error");
  alertBox.setAttribute("role", "alert");

  var form = el("form", "coopbot-chat__form");
  form.noValidate = true;
  var inputLabel = el("label", "coopbot-chat__label", TEXT.label);
  inputLabel.htmlFor = inputId;
  var input = el("input", "coopbot-chat__input");
  input.id = inputId;
  input.type = "text";
  input.name = "message";
  input.autocomplete = "off";
  input.setAttribute("autocapitalize", "sentences");
  input.setAttribute("enterkeyhint", "send");
  input.placeholder = TEXT.placeholder;
  var sendButton = el("button", "coopbot-chat__send", TEXT.send);
  sendButton.type = "submit";
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(sendButton);

  // The question before "Start over": a modal dialog (focus kept inside, Escape cancels),
  // focus first on the choice that keeps everything.
  var confirmBox = el("dialog", "coopbot-chat__confirm");
  var confirmTitle = el("h3", "coopbot-chat__confirm-title");
  confirmTitle.id = newId("confirm-title");
  var confirmText = el("p", "coopbot-chat__confirm-text");
  confirmText.id = newId("confirm-text");
  confirmBox.setAttribute("aria-labelledby", confirmTitle.id);
  confirmBox.setAttribute("aria-describedby", confirmText.id);
  var confirmActions = el("div", "coopbot-chat__confirm-actions");
  var keepButton = el("button", "coopbot-chat__keep");
  keepButton.type = "button";
  var confirmButton = el("button", "coopbot-chat__confirm-reset");
  confirmButton.type = "button";
  confirmActions.appendChild(keepButton);
  confirmActions.appendChild(confirmButton);
  confirmBox.appendChild(confirmTitle);
  confirmBox.appendChild(confirmText);
  confirmBox.appendChild(confirmActions);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(alertBox);
  panel.appendChild(form);
  panel.appendChild(confirmBox);

  var launcher = null;
  if (inline) {
    inline.appendChild(panel);
  } else {
    launcher = el("button", "coopbot-chat-launcher", label("launcher"));
    launcher.type = "button";
    launcher.setAttribute("aria-controls", panelId);
    launcher.setAttribute("aria-expanded", "false");
    document.body.appendChild(launcher);
    document.body.appendChild(panel);
  }

  // ---------------------------------------------------------------- rendering
  var choices = null;

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // "You said:" / "Assistant said:" in the widget's current language.
  function whoSaid(who) {
    return (who === "me" ? TEXT.you : TEXT.bot) + " ";
  }

  function renderMessage(who, text) {
    var item = el("li", "coopbot-chat__message coopbot-chat__message--" + (who === "me" ? "me" : "bot"));
    item.appendChild(el("span", "coopbot-visually-hidden", whoSaid(who)));
    var body = el("p", "coopbot-chat__text");
    appendText(body, text);
    item.appendChild(body);
    list.appendChild(item);
    scrollToEnd();
    return item;
  }

  function removeChoices() {
    if (choices) {
      choices.parentNode.removeChild(choices);
      choices = null;
    }
  }

  function renderChoices(buttons) {
    removeChoices();
    if (!buttons || !buttons.length) {
      return;
    }
    choices = el("li", "coopbot-chat__choices");
    var group = el("div", "coopbot-chat__choice-group");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", TEXT.choices);
    buttons.forEach(function (choice) {
      var button = el("button", "coopbot-chat__choice", choice.title || choice.payload);
      button.type = "button";
      button.addEventListener("click", function () {
        send(choice.payload || choice.title, choice.title || choice.payload);
        input.focus();
      });
      group.appendChild(button);
    });
    choices.appendChild(group);
    list.appendChild(choices);
    scrollToEnd();
  }

  // The choices to offer now: the last bot message's buttons, or a starter before anything was said.
  function currentChoices() {
    if (!state.messages.length) {
      return [{ title: TEXT.starter, payload: TEXT.starterText }];
    }
    var last = state.messages[state.messages.length - 1];
    return last.who === "bot" ? last.buttons || [] : [];
  }

  function renderAll() {
    list.textContent = "";
    choices = null;
    renderMessage("bot", label("welcome"));
    state.messages.forEach(function (message) {
      if (message.text) {
        renderMessage(message.who, message.text);
      }
    });
    renderChoices(currentChoices());
  }

  function remember(who, text, buttons) {
    state.messages.push({ who: who, text: forStorage(who, text), buttons: buttons || [] });
    saveState(true);
  }

  function showError(message) {
    alertBox.textContent = message;
  }

  // ---------------------------------------------------------------- talking to the server
  function postJson(path, body, token) {
    var headers = { "Content-Type": "application/json" };
    if (token) {
      headers.Authorization = "Bearer " + token;
    }
    return fetch(serverBase + path, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(body || {}),
      credentials: "omit",
      cache: "no-store",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function ensureToken() {
    if (state.token) {
      return Promise.resolve(state.token);
    }
    return postJson("/chat/api/session", {}).then(function (answer) {
      if (answer.status !== 201 || !answer.data.token) {
        throw { status: answer.status, data: answer.data };
      }
      state.token = answer.data.token;
      saveState(true);
      return state.token;
    });
  }

  // A click on a language button not yet told to the server, sent with the next message
  // ("language": a request for it, like "in English please"); null otherwise. Only a click
  // made before the session's first message waits so (also across a reload).
  var announce = null;

  // Forget the session and what belongs to it (history, language) at once.
  function forgetSession(open) {
    if (pollTimer) {
      window.clearTimeout(pollTimer);
      pollTimer = null;
    }
    state = emptyState();
    state.open = open;
    announce = null;
    try {
      window.localStorage.removeItem(storageKey);
    } catch (err) {
      // nothing stored
    }
  }

  // ``text`` null: the language request alone (a click in a conversation).
  function postMessage(text, retried) {
    var body = {};
    if (text !== null) {
      body.text = text;
    }
    if (announce) {
      body.language = announce;
    } else {
      // Only the default (the page's language): the assistant follows what the member writes.
      body.default_language = language;
    }
    return ensureToken().then(function (token) {
      return postJson("/chat/api/messages", body, token);
    }).then(function (answer) {
      if (answer.status === 401 && !retried) {
        // Expired or unknown session: the server has forgotten it, and its language with it.
        // A new one gets the message again, once, with the language the widget shows as its
        // default (or the member's click, as a request).
        state.token = null;
        state.language = null;
        return postMessage(text, true);
      }
      if (answer.status !== 200) {
        throw { status: answer.status, data: answer.data };
      }
      return answer.data;
    });
  }

  // ---------------------------------------------------------------- a person answering
  var POLL_MS = 1000;
  var pollTimer = null;

  function getUpdates(token) {
    return fetch(serverBase + "/chat/api/updates?after=" + (state.handoffAfter || 0), {
      headers: { Authorization: "Bearer " + token },
      credentials: "omit",
      cache: "no-store",
    }).then(function (response) {
      if (response.status !== 200) {
        throw { status: response.status };
      }
      return response.json();
    });
  }

  function pollUpdates() {
    pollTimer = null;
    if (!state.token) {
      return;
    }
    var token = state.token;
    getUpdates(token).then(function (data) {
      if (token !== state.token) {
        return; // "Start over" meanwhile
      }
      var messages = data.messages || [];
      if (messages.length) {
        removeChoices();
        messages.forEach(function (message) {
          var text = String(message.text || "");
          if (text) {
            renderMessage("bot", text);
            remember("bot", text, []);
          }
          state.handoffAfter = Math.max(state.handoffAfter || 0, Number(message.id) || 0);
        });
        saveState();
        renderChoices(currentChoices());
      }
      state.handoff = Boolean(data.handoff);
      if (state.handoff) {
        schedulePoll();
      }
    }).catch(function (failure) {
      // Unreachable for a moment: try again while a person has the conversation.
      if (state.handoff && !(failure && failure.status === 401)) {
        schedulePoll();
      }
    });
  }

  function schedulePoll() {
    if (!pollTimer) {
      pollTimer = window.setTimeout(pollUpdates, POLL_MS);
    }
  }

  // One message at a time: while one is on its way, Enter and the buttons do
  // nothing (the Send button stays enabled so keyboard focus is never lost);
  // "Start over" too, or the answer on its way would land in the new conversation.
  var busy = false;

  function send(text, shown) {
    text = (text || "").trim();
    if (busy) {
      return;
    }
    if (!text) {
      showError(TEXT.empty);
      return;
    }
    if (text.length > MAX_TEXT_LENGTH) {
      showError(TEXT.tooLong);
      return;
    }
    waiting();
    var typed = input.value;
    if (shown === undefined) {
      input.value = "";
    }
    var bubble = renderMessage("me", shown || text);

    postMessage(text).then(function (data) {
      announce = null;
      if (follow(data.language)) {
        // The member's message was labelled before its language was known: labelled again in it.
        bubble.firstChild.textContent = whoSaid("me");
      }
      // A message that held a secret (ZIP, SSN/TIN last 4, security answer)
      // is never kept in the browser's storage.
      remember("me", data.secret ? TEXT.hidden : (shown || text), []);
      showAnswer(data);
    }).catch(function (failure) {
      // Nothing is lost: the message leaves the conversation and goes back in the box.
      list.removeChild(bubble);
      if (shown === undefined && !input.value) {
        input.value = typed;
      }
      renderChoices(currentChoices());
      var code = failure && failure.status;
      var message = failure && failure.data && failure.data.error;
      if (code >= 400 && code < 500 && message) {
        showError(message);
      } else if (code) {
        showError(TEXT.serverError);
      } else {
        showError(TEXT.unreachable);
      }
    }).then(idle);
  }

  function waiting() {
    busy = true;
    showError("");
    removeChoices();
    panel.setAttribute("aria-busy", "true");
    status.textContent = TEXT.typing;
  }

  function idle() {
    busy = false;
    panel.removeAttribute("aria-busy");
    status.textContent = "";
  }

  // The language the assistant answered in is the conversation's: the widget speaks it and keeps
  // it with the session. True when that changed the widget's language.
  function follow(answered) {
    if (!offered(answered)) {
      return false;
    }
    state.language = answered;
    if (answered === language) {
      return false;
    }
    language = answered;
    applyLanguage();
    return true;
  }

  function showAnswer(data) {
    if (data.handoff) {
      state.handoff = true;
      schedulePoll();
    }
    (data.replies || []).forEach(function (reply) {
      var replyText = String(reply.text || "");
      var buttons = (reply.buttons || []).filter(function (b) { return b && (b.title || b.payload); });
      if (replyText) {
        renderMessage("bot", replyText);
      }
      remember("bot", replyText, buttons);
    });
    saveState(true);
    renderChoices(currentChoices());
  }

  // A click on a language button in a conversation: the request goes at once, and the answer
  // (that it continues in that language, and the pending question in it) is shown right away.
  // Should it fail, the request goes with the next message instead.
  function requestLanguage() {
    waiting();
    announce = language;
    postMessage(null).then(function (data) {
      announce = null;
      follow(data.language);
      showAnswer(data);
    }).catch(function () {
      renderChoices(currentChoices());
    }).then(idle);
  }

  // Every label in the current language (and the language buttons' state).
  function applyLanguage() {
    TEXT = CATALOG.text[language];
    panel.lang = language;
    title.textContent = label("title");
    languageGroup.setAttribute("aria-label", TEXT.languages);
    languageButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-language") === language ? "true" : "false");
    });
    resetButton.textContent = TEXT.reset;
    confirmBox.lang = language;
    confirmTitle.textContent = TEXT.resetQuestion;
    confirmText.textContent = TEXT.resetWarning;
    keepButton.textContent = TEXT.resetKeep;
    confirmButton.textContent = TEXT.resetConfirm;
    if (closeButton) {
      closeButton.setAttribute("aria-label", TEXT.close);
    }
    if (launcher) {
      launcher.textContent = label("launcher");
      launcher.lang = language;
    }
    inputLabel.textContent = TEXT.label;
    input.placeholder = TEXT.placeholder;
    sendButton.textContent = TEXT.send;
  }

  // Like the other buttons, the language buttons wait while a message is on its way.
  function chooseLanguage(code) {
    if (busy || !offered(code)) {
      return;
    }
    language = offered(code);
    state.language = language;
    saveState(true);
    applyLanguage();
    renderAll();
    input.focus();
    if (state.token && state.messages.length) {
      requestLanguage();
    } else {
      announce = language;
      showError("");
    }
  }

  // ---------------------------------------------------------------- events
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value);
  });

  // Start over: a new session in the page's language, as on a first visit (docs/languages.md).
  // Never while a message is on its way: its answer belongs to the conversation it was sent in.
  function startOver() {
    if (busy) {
      return;
    }
    forgetSession(state.open);
    language = startLanguage();
    applyLanguage();
    showError("");
    renderAll();
    input.value = "";
    input.focus();
  }

  // "Start over" throws away a registration in progress: asked first. Nothing said yet: nothing to lose.
  resetButton.addEventListener("click", function () {
    if (busy) {
      return; // like the other buttons, it waits for the answer on its way
    }
    if (!state.messages.length && !state.token) {
      startOver();
    } else if (typeof confirmBox.showModal === "function") {
      confirmBox.returnValue = "";
      confirmBox.showModal();
      keepButton.focus();
    } else if (window.confirm(TEXT.resetQuestion + " " + TEXT.resetWarning)) {
      startOver();
    }
  });

  confirmBox.addEventListener("close", function () {
    if (confirmBox.returnValue === "reset") {
      startOver();
    } else {
      resetButton.focus();
    }
  });
  // Escape closes the question (the dialog's own cancel), not the whole chat.
  confirmBox.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.stopPropagation();
    }
  });
  keepButton.addEventListener("click", function () { confirmBox.close("keep"); });
  confirmButton.addEventListener("click", function () { confirmBox.close("reset"); });

  function setOpen(open, moveFocus) {
    if (inline) {
      return;
    }
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    state.open = open;
    saveState();
    if (moveFocus) {
      (open ? input : launcher).focus();
    }
    if (open) {
      scrollToEnd();
    }
  }

  if (!inline) {
    launcher.addEventListener("click", function () { setOpen(true, true); });
    closeButton.addEventListener("click", function () { setOpen(false, true); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        setOpen(false, true);
      }
    });
  }

  if (!state.token && offered(state.language)) {
    announce = offered(state.language); // a click before the first message, before a reload
  }
  applyLanguage();
  renderAll();
  setOpen(Boolean(state.open), false);
  if (state.token) {
    pollUpdates(); // what a person wrote while the page was closed
  }
})();
