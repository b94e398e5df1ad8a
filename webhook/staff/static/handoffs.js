/*
 * The staff console's live handoff pages (webhook/staff/handoffs.py).
 *
 * - The queue (#handoff-queue) is refetched from its JSON view every second and
 *   its rows rebuilt.
 * - A conversation (#handoff-log, role="log") fetches the messages after the last
 *   one shown and appends them, and shows the status.
 * - The reply box (#message) shows how much of the limit is used: by SMS, GSM-7
 *   characters of two segments (the extension table's counting double).
 *
 * The views read the database, so this works with any number of web workers.
 * Text is set with textContent only: nothing a member typed is read as markup.
 */
(function () {
  "use strict";

  var EXTENDED = "^{}\\[~]|\u20ac";

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }

  function every(ms, task) {
    var running = false;
    window.setInterval(function () {
      if (running) { return; }
      running = true;
      task().catch(function () { /* the next round tries again */ }).then(function () { running = false; });
    }, ms);
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  var queue = document.getElementById("handoff-queue");
  if (queue) {
    var body = queue.querySelector("tbody");
    every(Number(queue.dataset.poll) || 1000, function () {
      return getJson(queue.dataset.pollUrl).then(function (data) {
        var rows = document.createDocumentFragment();
        (data.handoffs || []).forEach(function (h) {
          var tr = document.createElement("tr");
          var link = document.createElement("a");
          link.href = h.url;
          link.textContent = "Handoff " + h.id;
          cell(tr, "").appendChild(link);
          cell(tr, h.channel);
          cell(tr, h.language);
          cell(tr, h.waiting);
          cell(tr, h.step);
          cell(tr, h.status + (h.agent ? " (" + h.agent + ")" : ""));
          cell(tr, h.last_activity);
          rows.appendChild(tr);
        });
        if (!data.handoffs || !data.handoffs.length) {
          var empty = document.createElement("tr");
          empty.className = "empty";
          cell(empty, "Nobody is waiting.").colSpan = 7;
          rows.appendChild(empty);
        }
        body.replaceChildren(rows);
      });
    });
  }

  var log = document.getElementById("handoff-log");
  if (log) {
    var after = Number(log.dataset.after) || 0;
    var status = document.getElementById("handoff-status");
    var names = { member: "Member", agent: "Agent", assistant: "Assistant" };
    every(Number(log.dataset.poll) || 1000, function () {
      return getJson(log.dataset.pollUrl + "?after=" + after).then(function (data) {
        (data.messages || []).forEach(function (m) {
          var li = document.createElement("li");
          li.className = "bubble " + (m.author === "member" ? "from-member" : "from-bot");
          li.dataset.id = m.id;
          var who = document.createElement("p");
          who.className = "who";
          who.textContent = (names[m.author] || m.author) + " \u00b7 " + m.at;
          var text = document.createElement("p");
          text.className = "text";
          text.textContent = m.text;
          li.appendChild(who);
          li.appendChild(text);
          log.appendChild(li);
          after = Math.max(after, m.id);
        });
        if (status && data.status) {
          status.textContent = data.status + (data.agent ? " (" + data.agent + ")" : "");
        }
      });
    });
  }

  var box = document.getElementById("message");
  var counter = document.getElementById("reply-count");
  if (box && counter) {
    var limit = Number(box.dataset.limit) || 306;
    var sms = box.dataset.sms === "1";
    var count = function () {
      var used = 0;
      for (var i = 0; i < box.value.length; i += 1) {
        used += sms && EXTENDED.indexOf(box.value[i]) >= 0 ? 2 : 1;
      }
      var segments = used <= 160 ? 1 : Math.ceil(used / 153);
      counter.textContent = used + " of " + limit + " characters" +
        (sms ? " (" + segments + (segments === 1 ? " text message)" : " text messages)") : "");
      counter.classList.toggle("over", used > limit);
    };
    box.addEventListener("input", count);
    count();
  }
}());
