// PlanDrill drill room: one script for the seat, evaluator and presenter pages.
// Every text from the server goes into the page through textContent (never innerHTML),
// so whatever a seat typed is shown as typed, never run.
"use strict";

(function () {
  var role = document.body.dataset.role;
  var base = location.pathname.replace(/[^/]*$/, ""); // /r/TOKEN/
  var view = null;
  var lastSeq = -1;
  var socket = null;
  var retry = 500;
  var gone = false;
  var drafts = {};
  var clockAt = 0; // performance.now() when the clock figures arrived
  var tab = role === "evaluator" ? "criteria" : "injects";

  // --- building the page ------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    var key;
    for (key in attrs || {}) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      var value = attrs[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "onclick") node.addEventListener("click", value);
      else if (key === "oninput") node.addEventListener("input", value);
      else if (key === "onchange") node.addEventListener("change", value);
      else if (key === "cls") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function field(id, tag, attrs) {
    attrs = attrs || {};
    attrs.id = id;
    var node = el(tag, attrs);
    if (drafts[id] !== undefined) node.value = drafts[id];
    node.addEventListener("input", function () { drafts[id] = node.value; });
    node.addEventListener("change", function () { drafts[id] = node.value; });
    return node;
  }

  function clear(id) { delete drafts[id]; }

  function toast(text, bad) {
    var box = document.getElementById("toast");
    box.textContent = text;
    box.className = bad ? "show bad" : "show";
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.className = ""; }, bad ? 6000 : 2500);
  }

  function showGone(text) {
    gone = true;
    document.getElementById("gone-text").textContent = text;
    document.getElementById("gone").hidden = false;
    setLink(false, "已断开");
  }

  function setLink(on, text) {
    var link = document.getElementById("link");
    link.textContent = text;
    link.className = on ? "on" : "off";
  }

  // --- talking to the room ----------------------------------------------------------

  function rid() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes); // works on plain http, unlike randomUUID
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function submit(payload, done, attempt) {
    payload.rid = payload.rid || rid();
    attempt = attempt || 0;
    toast("提交中…");
    fetch(base + "api/submit", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      cache: "no-store",
      credentials: "omit",
    }).then(function (response) {
      return response.json().then(function (data) { return [response.status, data]; });
    }).then(function (pair) {
      var data = pair[1];
      if (data && data.ok) {
        toast("已记录（第 " + data.seq + " 条）");
        if (done) done();
      } else {
        toast((data && data.error) || "提交未成功", true);
      }
    }).catch(function () {
      if (attempt < 5) { // the same rid: the room records it once
        setTimeout(function () { submit(payload, done, attempt + 1); }, 1000 * (attempt + 1));
      } else {
        toast("网络中断，提交未确认，请稍后重试", true);
      }
    });
  }

  function connect() {
    if (gone) return;
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + base + "ws";
    try { socket = new WebSocket(url); } catch (e) { return later(); }
    socket.onopen = function () {
      retry = 500;
      setLink(true, "在线");
      socket.send(JSON.stringify({ type: "hello", seq: lastSeq }));
    };
    socket.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "view") show(msg.view);
      else if (msg.type === "patch") patch(msg);
      else if (msg.type === "closed") showGone(msg.reason || "连接已关闭");
    };
    socket.onclose = function () {
      socket = null;
      if (!gone) { setLink(false, "重连中"); later(); }
    };
  }

  function later() {
    setTimeout(function () {
      // a dead link answers 403 to plain requests: then stop trying
      fetch(base + "api/view", { cache: "no-store", credentials: "omit" }).then(function (r) {
        if (r.status === 403) showGone("链接无效或已失效，请向导调人员索取新链接");
        else connect();
      }).catch(connect);
    }, retry);
    retry = Math.min(retry * 2, 5000);
  }

  function patch(msg) {
    if (!view || msg.base !== lastSeq) { // not the view it was cut against: ask for all
      socket.send(JSON.stringify({ type: "hello", seq: lastSeq }));
      return;
    }
    var next = {};
    var key;
    for (key in view) if (Object.prototype.hasOwnProperty.call(view, key)) next[key] = view[key];
    for (key in msg.set) if (Object.prototype.hasOwnProperty.call(msg.set, key)) next[key] = msg.set[key];
    for (key in msg.append) {
      if (Object.prototype.hasOwnProperty.call(msg.append, key)) next[key] = (next[key] || []).concat(msg.append[key]);
    }
    next.seq = msg.seq;
    show(next);
  }

  // --- the clock -------------------------------------------------------------------

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function clockText(seconds) {
    var total = Math.max(0, Math.floor(seconds + 1e-6));
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    return h ? "T+" + two(h) + ":" + two(m) + ":" + two(s) : "T+" + two(m) + ":" + two(s);
  }

  var STATES = { idle: "未开始", running: "进行中", paused: "已暂停", stopped: "已结束" };

  function tick() {
    if (!view) return;
    var c = view.clock || { state: view.clock_state, scenario_s: view.scenario_s, speed: view.speed };
    var s = c.scenario_s || 0;
    if (c.state === "running") s += ((performance.now() - clockAt) / 1000) * (c.speed || 1);
    var text = clockText(s) + (c.state === "running" ? "" : " " + (STATES[c.state] || ""));
    document.getElementById("clock").textContent = text;
    var big = document.getElementById("bigclock");
    if (big) big.textContent = clockText(s);
  }
  setInterval(tick, 250);

  // --- rendering -------------------------------------------------------------------

  function show(next) {
    if (!next) return;
    view = next;
    lastSeq = next.seq;
    clockAt = performance.now();
    var active = document.activeElement;
    var focusId = active && active.id;
    var caret = focusId && active.selectionStart;
    var scroll = window.scrollY;
    document.getElementById("title").textContent = next.title || "演练室";
    document.getElementById("me").textContent = next.me || "";
    var main = document.getElementById("main");
    main.textContent = "";
    if (role === "seat") seat(main, next);
    else if (role === "evaluator") evaluator(main, next);
    else presenter(main, next);
    if (focusId && document.getElementById(focusId)) {
      var again = document.getElementById(focusId);
      again.focus();
      if (typeof caret === "number" && again.setSelectionRange) {
        try { again.setSelectionRange(caret, caret); } catch (e) { /* not a text field */ }
      }
    }
    window.scrollTo(0, scroll);
    tick();
  }

  function tabs(main, list) {
    var row = el("nav", { cls: "tabs" });
    list.forEach(function (item) {
      row.appendChild(el("button", {
        type: "button",
        cls: tab === item[0] ? "tab on" : "tab",
        text: item[1],
        onclick: function () { tab = item[0]; show(view); },
      }));
    });
    main.appendChild(row);
  }

  function injectSelect(id, injects, none) {
    var select = field(id, "select");
    select.appendChild(el("option", { value: "", text: none }));
    injects.forEach(function (inj, i) {
      var n = inj.n || i + 1;
      select.appendChild(el("option", { value: String(n), text: "第 " + n + " 条：" + (inj.title || "注入") }));
    });
    if (drafts[id] !== undefined) select.value = drafts[id];
    return select;
  }

  function images(n, files) {
    if (!files || !files.length) return null;
    var box = el("div", { cls: "files" });
    files.forEach(function (name, k) {
      box.appendChild(el("figure", {}, [
        el("img", { src: "f/" + n + "/" + k, alt: name, loading: "lazy" }),
        el("figcaption", { text: "附件：" + name }),
      ]));
    });
    return box;
  }

  function number(value) { return value === "" || value === undefined ? null : parseInt(value, 10); }

  // --- seat ------------------------------------------------------------------------

  function seat(main, v) {
    if (v.ended) main.appendChild(el("p", { cls: "banner", text: "演练已结束" }));
    else if (!v.started) main.appendChild(el("p", { cls: "banner", text: "演练尚未开始，请等待导调人员开始" }));
    if (v.scenario) main.appendChild(el("details", { cls: "scenario" }, [el("summary", { text: "情景概要" }), el("p", { text: v.scenario })]));
    tabs(main, [["injects", "收到的注入（" + v.injects.length + "）"], ["act", "行动与决策"], ["report", "信息报告"], ["mine", "我的提交（" + v.mine.length + "）"]]);
    if (tab === "injects") seatInjects(main, v);
    else if (tab === "act") seatAct(main, v);
    else if (tab === "report") seatReport(main, v);
    else seatMine(main, v);
  }

  function seatInjects(main, v) {
    if (!v.injects.length) {
      main.appendChild(el("p", { cls: "hint", text: "还没有收到注入。新的注入会自动显示在这里。" }));
      return;
    }
    var numbered = v.injects.map(function (inj, i) {
      var n = i + 1;
      return {
        n: n, title: inj.title, at: inj.at, source: inj.source, to: inj.to,
        channel: inj.channel, text: inj.text, options: inj.options, files: inj.files || [],
        received: v.received.indexOf(n) >= 0, decided: v.decided[String(n)] || "",
      };
    });
    numbered.reverse().forEach(function (inj) {
      var head = el("div", { cls: "card-head" }, [
        el("span", { cls: "num", text: "第 " + inj.n + " 条" }),
        el("span", { cls: "at", text: inj.at }),
        el("span", { cls: "chan", text: inj.channel }),
      ]);
      var card = el("article", { cls: inj.received ? "card" : "card new" }, [
        head,
        el("h2", { text: inj.title || "注入" }),
        inj.source ? el("p", { cls: "from", text: "来自：" + inj.source + (inj.to ? " → " + inj.to : "") }) : null,
        el("p", { cls: "text", text: inj.text }),
        images(inj.n, inj.files),
      ]);
      var actions = el("div", { cls: "row" });
      if (inj.received) actions.appendChild(el("span", { cls: "ok", text: "✓ 已签收" }));
      else actions.appendChild(el("button", {
        type: "button", cls: "primary", text: "签收",
        onclick: function () { submit({ kind: "receipt", inject: inj.n }); },
      }));
      actions.appendChild(el("button", {
        type: "button", text: "回复此注入",
        onclick: function () { drafts["act-inject"] = String(inj.n); tab = "act"; show(view); },
      }));
      card.appendChild(actions);
      if (inj.decided) {
        card.appendChild(el("p", { cls: "ok", text: "已决策：" + inj.decided }));
      } else if (inj.options && inj.options.length && !v.ended) {
        var opts = el("div", { cls: "options" }, [el("p", { cls: "label", text: "决策选项：" })]);
        inj.options.forEach(function (text, k) {
          opts.appendChild(el("button", {
            type: "button", cls: "option", text: text,
            onclick: function () {
              if (confirm("确定决策：" + text + "？")) submit({ kind: "decision", inject: inj.n, option: k });
            },
          }));
        });
        card.appendChild(opts);
      }
      main.appendChild(card);
    });
  }

  function seatAct(main, v) {
    var box = el("section", { cls: "form" }, [
      el("label", { for: "act-inject", text: "针对的注入" }),
      injectSelect("act-inject", v.injects, "（不针对某条注入）"),
      el("label", { for: "act-text", text: "行动或决策内容" }),
      field("act-text", "textarea", { rows: 5, maxlength: 2000, placeholder: "例如：已通知抢险救援组佩戴空气呼吸器前往罐区" }),
    ]);
    var row = el("div", { cls: "row" }, [
      el("button", {
        type: "button", cls: "primary", text: "提交行动",
        onclick: function () { send("action"); },
      }),
      el("button", {
        type: "button", text: "作为决策提交",
        onclick: function () { send("decision"); },
      }),
    ]);
    function send(kind) {
      var text = (drafts["act-text"] || "").trim();
      if (!text) { toast("请填写内容", true); return; }
      var n = number(drafts["act-inject"]);
      if (kind === "decision" && !n) { toast("决策请选择针对的注入", true); return; }
      submit({ kind: kind, text: text, inject: n }, function () { clear("act-text"); show(view); });
    }
    box.appendChild(row);
    main.appendChild(box);
  }

  function seatReport(main, v) {
    var box = el("section", { cls: "form" }, [
      el("p", { cls: "hint", text: "按《生产安全事故报告和调查处理条例》第十二条，报告事故应当包括下列内容：" }),
      el("label", { for: "rep-inject", text: "针对的注入" }),
      injectSelect("rep-inject", v.injects, "（不针对某条注入）"),
    ]);
    var numerals = "一二三四五六七八九十";
    v.report_items.forEach(function (item, i) {
      box.appendChild(el("label", { for: "rep-" + i, text: "（" + numerals[i] + "）" + item }));
      box.appendChild(field("rep-" + i, "textarea", { rows: 2, maxlength: 1000 }));
    });
    box.appendChild(el("div", { cls: "row" }, [el("button", {
      type: "button", cls: "primary", text: "提交信息报告",
      onclick: function () {
        var items = v.report_items.map(function (_, i) { return (drafts["rep-" + i] || "").trim(); });
        var missing = items.filter(function (x) { return !x; }).length;
        if (missing === items.length) { toast("信息报告为空", true); return; }
        if (missing && !confirm("还有 " + missing + " 项未填写，仍要提交吗？")) return;
        submit({ kind: "report", items: items, inject: number(drafts["rep-inject"]) }, function () {
          items.forEach(function (_, i) { clear("rep-" + i); });
          show(view);
        });
      },
    })]));
    main.appendChild(box);
  }

  function seatMine(main, v) {
    if (!v.mine.length) { main.appendChild(el("p", { cls: "hint", text: "还没有提交。" })); return; }
    var list = el("ol", { cls: "log" });
    v.mine.slice().reverse().forEach(function (a) {
      list.appendChild(el("li", {}, [
        el("span", { cls: "at", text: a.at }),
        a.inject ? el("span", { cls: "tag", text: "第 " + a.inject + " 条" }) : null,
        el("p", { cls: "text", text: a.text }),
      ]));
    });
    main.appendChild(list);
  }

  // --- evaluator -------------------------------------------------------------------

  function evaluator(main, v) {
    tabs(main, [["criteria", "评估项"], ["observe", "观察记录"], ["injects", "注入（" + v.injects.length + "）"], ["log", "行动记录（" + v.log.length + "）"], ["hotwash", "现场点评"]]);
    if (tab === "criteria") evalCriteria(main, v);
    else if (tab === "observe") evalObserve(main, v);
    else if (tab === "injects") evalInjects(main, v);
    else if (tab === "log") evalLog(main, v);
    else evalHotwash(main, v);
  }

  function evalCriteria(main, v) {
    if (!v.criteria.length) { main.appendChild(el("p", { cls: "hint", text: "本次演练没有评估项。" })); return; }
    v.criteria.forEach(function (c) {
      var card = el("article", { cls: "card" }, [
        el("div", { cls: "card-head" }, [
          c.category ? el("span", { cls: "chan", text: c.category }) : null,
          el("span", { cls: "at", text: "权重 " + c.weight }),
          c.key ? el("span", { cls: "key", text: "否决项" }) : null,
        ]),
        el("h2", { text: c.text }),
      ]);
      if (c.latest) {
        card.appendChild(el("p", { cls: "from", text: "当前评定：" + (c.latest.level || c.latest.score + " 分") + (c.latest.by ? "（" + c.latest.by + "）" : "") }));
      }
      var noteId = "note-" + c.id;
      if (v.method === "choice") {
        var row = el("div", { cls: "row" });
        v.levels.forEach(function (lv) {
          var mine = c.mine && c.mine.level === lv.value;
          row.appendChild(el("button", {
            type: "button", cls: mine ? "option on" : "option", text: lv.text,
            onclick: function () {
              submit({ kind: "mark", criterion: c.id, level: lv.value, note: drafts[noteId] || "" }, function () { clear(noteId); });
            },
          }));
        });
        card.appendChild(row);
      } else {
        var scoreId = "score-" + c.id;
        var input = field(scoreId, "input", { type: "number", min: 0, max: 100, step: 1, inputmode: "numeric", placeholder: c.mine && c.mine.score !== null ? String(c.mine.score) : "0–100" });
        card.appendChild(el("div", { cls: "row" }, [
          el("label", { for: scoreId, text: "评分" }), input,
          el("button", {
            type: "button", cls: "primary", text: "评定",
            onclick: function () {
              var value = parseFloat(drafts[scoreId]);
              if (isNaN(value) || value < 0 || value > 100) { toast("评分应在 0 到 100 之间", true); return; }
              submit({ kind: "mark", criterion: c.id, score: value, note: drafts[noteId] || "" }, function () { clear(scoreId); clear(noteId); });
            },
          }),
        ]));
      }
      card.appendChild(field(noteId, "input", { type: "text", maxlength: 2000, placeholder: "评定说明（可选）" }));
      main.appendChild(card);
    });
  }

  function evalObserve(main, v) {
    var select = field("obs-link", "select");
    select.appendChild(el("option", { value: "", text: "（不关联）" }));
    v.injects.forEach(function (inj) {
      select.appendChild(el("option", { value: "i:" + inj.id, text: "注入 " + inj.n + "：" + (inj.title || "") }));
      inj.expected.forEach(function (ea) {
        select.appendChild(el("option", { value: "e:" + ea.id, text: "　期望行动：" + ea.text }));
      });
    });
    if (drafts["obs-link"] !== undefined) select.value = drafts["obs-link"];
    main.appendChild(el("section", { cls: "form" }, [
      el("label", { for: "obs-link", text: "关联的注入或期望行动" }), select,
      el("label", { for: "obs-text", text: "观察到的情况" }),
      field("obs-text", "textarea", { rows: 4, maxlength: 2000 }),
      el("div", { cls: "row" }, [el("button", {
        type: "button", cls: "primary", text: "记录（自动记下时间）",
        onclick: function () {
          var text = (drafts["obs-text"] || "").trim();
          if (!text) { toast("请填写观察内容", true); return; }
          var link = drafts["obs-link"] || "";
          submit({
            kind: "observation", text: text,
            inject: link.slice(0, 2) === "i:" ? link.slice(2) : null,
            expected: link.slice(0, 2) === "e:" ? link.slice(2) : null,
          }, function () { clear("obs-text"); show(view); });
        },
      })]),
    ]));
    var list = el("ol", { cls: "log" });
    v.observations.slice().reverse().forEach(function (o) {
      list.appendChild(el("li", {}, [
        el("span", { cls: "at", text: o.at }),
        o.inject ? el("span", { cls: "tag", text: o.inject }) : null,
        el("p", { cls: "text", text: o.text }),
      ]));
    });
    main.appendChild(list);
  }

  function evalInjects(main, v) {
    if (!v.injects.length) { main.appendChild(el("p", { cls: "hint", text: "还没有下达注入。" })); return; }
    v.injects.slice().reverse().forEach(function (inj) {
      var card = el("article", { cls: "card" }, [
        el("div", { cls: "card-head" }, [
          el("span", { cls: "num", text: "第 " + inj.n + " 条" }),
          el("span", { cls: "at", text: inj.at }),
          inj.to ? el("span", { cls: "chan", text: "→ " + inj.to }) : null,
        ]),
        el("h2", { text: inj.title || "注入" }),
        el("p", { cls: "text", text: inj.text }),
      ]);
      if (inj.expected.length) {
        var list = el("ul", { cls: "expected" });
        inj.expected.forEach(function (ea) {
          list.appendChild(el("li", {}, [
            el("span", { cls: "status", text: ea.status }),
            " " + ea.text + (ea.by ? "（" + ea.by + "）" : ""),
          ]));
        });
        card.appendChild(list);
      }
      if (inj.points.length) card.appendChild(el("p", { cls: "from", text: "评估要点：" + inj.points.join("；") }));
      main.appendChild(card);
    });
  }

  function evalLog(main, v) {
    if (!v.log.length) { main.appendChild(el("p", { cls: "hint", text: "还没有行动记录。" })); return; }
    var list = el("ol", { cls: "log" });
    v.log.slice().reverse().forEach(function (a) {
      list.appendChild(el("li", {}, [
        el("span", { cls: "at", text: a.at }),
        a.who ? el("span", { cls: "tag", text: a.who }) : null,
        a.inject ? el("span", { cls: "tag", text: a.inject }) : null,
        el("p", { cls: "text", text: a.text }),
      ]));
    });
    main.appendChild(list);
  }

  function evalHotwash(main, v) {
    var h = v.hotwash;
    main.appendChild(el("section", { cls: "score" }, [
      el("div", { cls: "big", text: h.score === null ? "—" : h.score.toFixed(1) }),
      el("div", { text: h.grade || "尚未评分" }),
      el("p", { cls: "from", text: h.conclusion }),
      el("p", { cls: "from", text: "已评 " + h.marked + " / " + h.total + " 项" }),
    ]));
    var list = el("ul", { cls: "expected" });
    h.criteria.forEach(function (c) {
      list.appendChild(el("li", { cls: c.failed ? "bad" : "" }, [
        el("span", { cls: "status", text: c.score === null ? "未评" : String(Math.round(c.score)) }),
        " " + c.text + (c.key ? "（否决项）" : ""),
      ]));
    });
    main.appendChild(list);
  }

  // --- presenter -------------------------------------------------------------------

  function presenter(main, v) {
    main.appendChild(el("div", { id: "bigclock", cls: "bigclock", text: v.clock_text }));
    main.appendChild(el("p", { cls: "state", text: (STATES[v.clock_state] || "") + (v.speed && v.speed !== 1 ? " · ×" + v.speed : "") }));
    var latest = v.injects[v.injects.length - 1];
    if (!latest) { main.appendChild(el("p", { cls: "hint big", text: "等待演练开始" })); return; }
    main.appendChild(el("article", { cls: "card latest" }, [
      el("div", { cls: "card-head" }, [
        el("span", { cls: "num", text: "第 " + latest.number + " 条" }),
        el("span", { cls: "at", text: latest.at_text }),
        el("span", { cls: "chan", text: latest.channel_zh }),
      ]),
      el("h2", { text: latest.title || "注入" }),
      latest.source ? el("p", { cls: "from", text: "来自：" + latest.source + (latest.to ? " → " + latest.to : "") }) : null,
      el("p", { cls: "text", text: latest.text }),
      images(latest.number, latest.attachments),
    ]));
    var earlier = v.injects.slice(0, -1).reverse();
    if (earlier.length) {
      var list = el("ol", { cls: "log" });
      earlier.forEach(function (inj) {
        list.appendChild(el("li", {}, [
          el("span", { cls: "at", text: inj.at_text }),
          el("span", { cls: "tag", text: inj.title || "注入 " + inj.number }),
        ]));
      });
      main.appendChild(list);
    }
  }

  // --- go --------------------------------------------------------------------------

  fetch(base + "api/view", { cache: "no-store", credentials: "omit" }).then(function (r) {
    if (r.status === 403) { showGone("链接无效或已失效，请向导调人员索取新链接"); return null; }
    return r.json();
  }).then(function (data) {
    if (data && data.view) show(data.view);
    connect();
  }).catch(connect);
})();
