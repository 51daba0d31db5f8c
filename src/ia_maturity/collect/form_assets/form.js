/* ia-maturity offline form: shows the questionnaire held in #form-data, keeps the answers in this
   browser's local storage, and downloads them as an ordinary JSON answer file (format 1), as
   `ia-maturity assess` writes it. Sends nothing anywhere: the page's Content-Security-Policy
   forbids every connection anyway. Texts from the questionnaire and from files are only ever put
   in the page with textContent and DOM properties, never parsed as markup. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("form-data").textContent);
  var Q = DATA.questionnaire;
  var ROLES = DATA.roles;
  var SIZES = DATA.sizes;
  var PRESET = DATA.preset;
  var KEY = DATA.storage_key;
  var RESPONDENT_ORDER = ["organisation", "role", "sector", "size", "date"];
  var LANGUAGE_NAMES = {fr: "Français", en: "English", de: "Deutsch", es: "Español", it: "Italiano",
                        nl: "Nederlands", pt: "Português"};

  var QUESTIONS = [];
  var BY_ID = new Map();
  Q.domains.forEach(function (domain, d) {
    domain.questions.forEach(function (question) {
      question.domainIndex = d;
      question.index = QUESTIONS.length;
      question.byValue = new Map(question.options.map(function (o) { return [o.value, o]; }));
      QUESTIONS.push(question);
      BY_ID.set(question.id, question);
    });
  });

  // --- state --------------------------------------------------------------------------------
  // answers: question id -> chosen values (questionnaire order); notes: question id -> text;
  // respondent: organisation, role, sector, size, date (and any other key a file brought);
  // extra: top-level keys of an opened file that the form does not own, written back unchanged.
  var state = null;
  var storageWorks = true;
  var view = null;  // the controls of the page, rebuilt when the language changes

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function freshState(language) {
    var respondent = new Map();
    if (PRESET.organisation) respondent.set("organisation", PRESET.organisation);
    if (PRESET.role) respondent.set("role", PRESET.role);
    respondent.set("date", today());
    return {answers: new Map(), notes: new Map(), respondent: respondent, language: language, extra: new Map()};
  }

  function browserLanguage() {
    var wanted = (navigator.languages || [navigator.language || ""]);
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i] || "").toLowerCase().split("-")[0];
      if (Q.languages.indexOf(code) >= 0) return code;
    }
    return null;
  }

  function words() { return DATA.ui[state.language] || DATA.ui[Q.languages[0]]; }

  function t(key, values) {
    var text = words()[key] || key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function tx(text) {
    if (!text) return "";
    if (Object.prototype.hasOwnProperty.call(text, state.language)) return text[state.language];
    var first = Object.keys(text)[0];
    return first === undefined ? "" : text[first];
  }

  function oneLine(text) { return String(text).split(/\s+/).filter(Boolean).join(" "); }

  // --- conditions: exactly scoring.evaluate_condition and scoring.effective_answers --------
  function holds(condition, answers) {
    if (Object.prototype.hasOwnProperty.call(condition, "answer")) {
      var chosen = answers.get(condition.answer);
      if (chosen === undefined) return false;  // a condition on an unanswered question is false
      var negate = Object.prototype.hasOwnProperty.call(condition, "not_in");
      var values = negate ? condition.not_in : condition["in"];
      var hit = chosen.some(function (v) { return values.indexOf(v) >= 0; });
      return negate ? !hit : hit;
    }
    if (condition.all) return condition.all.every(function (c) { return holds(c, answers); });
    if (condition.any) return condition.any.some(function (c) { return holds(c, answers); });
    if (condition.not) return !holds(condition.not, answers);
    return false;
  }

  /* The questions not asked: visited in questionnaire order, each ask_if sees only the answers
     that count so far, so a question skipped by its own ask_if is unanswered for later ones. */
  function skippedQuestions() {
    var effective = new Map(state.answers);
    var skipped = new Set();
    QUESTIONS.forEach(function (question) {
      if (question.ask_if && !holds(question.ask_if, effective)) {
        skipped.add(question.id);
        effective.delete(question.id);
      }
    });
    return skipped;
  }

  // --- the answer file ------------------------------------------------------------------------
  function cleanRespondent() {
    var out = {};
    var keys = RESPONDENT_ORDER.filter(function (k) { return state.respondent.has(k); });
    state.respondent.forEach(function (value, key) { if (keys.indexOf(key) < 0) keys.push(key); });
    keys.forEach(function (key) {
      var value = state.respondent.get(key);
      if (typeof value === "string") value = oneLine(value);
      if (value !== "" && value !== null && value !== undefined) out[key] = value;
    });
    return out;
  }

  /* The answer file, as `assess` writes it (interview.render_json): every question in
     questionnaire order (null when unanswered). An answer to a question that is not asked now is
     kept, as assess keeps it: it does not count, and `validate` warns about it. */
  function answerDocument() {
    var answers = {};
    QUESTIONS.forEach(function (question) {
      var chosen = state.answers.get(question.id);
      answers[question.id] = chosen === undefined ? null : question.multi ? chosen.slice() : chosen[0];
    });
    var notes = {};
    QUESTIONS.forEach(function (question) {
      var note = state.notes.get(question.id);
      if (note !== undefined && note.trim()) notes[question.id] = note.trim();
    });
    var doc = {
      format: 1,
      questionnaire: {id: Q.id, version: Q.version},
      language: state.language,
      respondent: cleanRespondent(),
      answers: answers,
      notes: notes
    };
    state.extra.forEach(function (value, key) {
      if (!Object.prototype.hasOwnProperty.call(doc, key)) doc[key] = value;
    });
    return doc;
  }

  /* interview.slugify: "Acme SARL" -> "acme-sarl" (lower-case ASCII letters, digits, dashes; 60 at most). */
  function slugify(text) {
    var ascii = String(text).normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    var slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return slug.slice(0, 60).replace(/-+$/, "");
  }

  function fileName(doc) {
    var respondent = doc.respondent;
    var date = /^\d{4}-\d{2}-\d{2}$/.test(String(respondent.date || "")) ? respondent.date : today();
    var parts = [slugify(respondent.organisation || "") || Q.id];
    if (respondent.role) parts.push(slugify(respondent.role));
    parts.push(date);
    return parts.join("-") + ".json";
  }

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  function scalarText(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "string" || typeof value === "number") return String(value);
    return null;
  }

  /* An answer file (parsed JSON) -> {state} or {errors}: the checks of loading.answers_from_document
     that matter here. Nothing is changed when there is an error. */
  function readDocument(doc, name) {
    var errors = [];
    var say = function (key, values) { values = values || {}; values.name = name; errors.push(t(key, values)); };
    if (!isObject(doc) || !Object.prototype.hasOwnProperty.call(doc, "answers")) {
      say("error.not_answers");
      return {errors: errors};
    }
    if (doc.format !== undefined && doc.format !== 1 && doc.format !== "1") {
      say("error.format", {found: JSON.stringify(doc.format)});
    }
    var ref = doc.questionnaire;
    var id = isObject(ref) ? ref.id : ref;
    var version = isObject(ref) ? ref.version : undefined;
    if (id !== undefined && id !== null && String(id) !== Q.id) say("error.questionnaire", {found: String(id), id: Q.id});
    else if (version !== undefined && version !== null && String(version) !== Q.version) {
      say("error.version", {found: String(version), version: Q.version});
    }
    var next = freshState(Q.languages.indexOf(doc.language) >= 0 ? doc.language : state.language);
    if (isObject(doc.respondent)) {
      next.respondent = new Map();
      Object.keys(doc.respondent).forEach(function (key) { next.respondent.set(key, doc.respondent[key]); });
      var role = next.respondent.get("role");
      if (role !== undefined && role !== null && ROLES.indexOf(role) < 0) say("error.role", {roles: ROLES.join(", ")});
      if (PRESET.organisation) next.respondent.set("organisation", PRESET.organisation);
      if (PRESET.role) next.respondent.set("role", PRESET.role);
      if (!next.respondent.has("date")) next.respondent.set("date", today());
    }
    if (doc.answers !== null && !isObject(doc.answers)) {
      say("error.not_answers");
    } else if (doc.answers) {
      Object.keys(doc.answers).forEach(function (qid) {
        var question = BY_ID.get(qid);
        var raw = doc.answers[qid];
        if (!question) { say("error.question", {question: qid}); return; }
        if (raw === null) return;
        if (Array.isArray(raw) && !question.multi) { say("error.one", {question: qid}); return; }
        var items = Array.isArray(raw) ? raw : [raw];
        var chosen = [];
        var bad = false;
        items.forEach(function (item) {
          var value = scalarText(item);
          if (value === null || !question.byValue.has(value)) {
            say("error.option", {question: qid, value: value === null ? JSON.stringify(item) : value});
            bad = true;
          } else if (chosen.indexOf(value) < 0) {
            chosen.push(value);
          }
        });
        if (bad) return;
        if (chosen.length > 1) {
          var alone = chosen.filter(function (v) { return question.byValue.get(v).exclusive; });
          if (alone.length) { say("error.combined", {question: qid, value: alone[0]}); return; }
        }
        next.answers.set(qid, question.options.map(function (o) { return o.value; })
          .filter(function (v) { return chosen.indexOf(v) >= 0; }));
      });
    }
    if (isObject(doc.notes)) {
      Object.keys(doc.notes).forEach(function (qid) {
        var text = doc.notes[qid];
        if (!BY_ID.has(qid)) { say("error.question", {question: qid}); return; }
        if (text === null) return;
        if (typeof text === "object") { say("error.note", {question: qid}); return; }
        next.notes.set(qid, String(text));
      });
    }
    var owned = ["format", "questionnaire", "language", "respondent", "answers", "notes"];
    Object.keys(doc).forEach(function (key) { if (owned.indexOf(key) < 0) next.extra.set(key, doc[key]); });
    return errors.length ? {errors: errors} : {state: next};
  }

  // --- local storage ------------------------------------------------------------------------
  function store() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(answerDocument()));
      storageWorks = true;
    } catch (e) {
      storageWorks = false;
    }
    if (view) showStorage();
  }

  function stored() {
    try {
      var text = window.localStorage.getItem(KEY);
      return text ? JSON.parse(text) : null;
    } catch (e) {
      storageWorks = false;
      return null;
    }
  }

  function forget() {
    try { window.localStorage.removeItem(KEY); } catch (e) { storageWorks = false; }
  }

  // --- building the page ----------------------------------------------------------------------
  function el(tag, properties, children) {
    var node = document.createElement(tag);
    Object.keys(properties || {}).forEach(function (key) {
      if (key === "text") node.textContent = properties[key];
      else if (key === "className") node.className = properties[key];
      else if (key.indexOf("aria-") === 0 || key === "for" || key === "role" || key === "lang") {
        node.setAttribute(key, properties[key]);
      } else node[key] = properties[key];
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function say(region, text, kind) {
    region.textContent = "";
    region.className = "message" + (kind ? " " + kind : "");
    var lines = Array.isArray(text) ? text : [text];
    if (lines.length === 1) {
      region.appendChild(el("p", {text: lines[0]}));
    } else {
      region.appendChild(el("ul", {}, lines.map(function (line) { return el("li", {text: line}); })));
    }
  }

  function showStorage() {
    view.storage.textContent = storageWorks ? t("kept") : t("not_kept");
    view.storage.className = storageWorks ? "storage" : "storage warning";
  }

  function respondentField(key) {
    var id = "respondent-" + key;
    var value = state.respondent.get(key);
    var preset = (key === "organisation" && PRESET.organisation) || (key === "role" && PRESET.role);
    var label = el("label", {"for": id, text: t(key)});
    var control;
    if (preset) {
      var shown = key === "role" ? t("role." + value) : value;
      control = el("input", {type: "text", id: id, value: shown, readOnly: true, "aria-describedby": id + "-preset"});
      return el("div", {className: "field"}, [label, control, el("p", {className: "hint", id: id + "-preset", text: t("preset")})]);
    }
    if (key === "role" || key === "size") {
      var choices = key === "role" ? ROLES : SIZES;
      control = el("select", {id: id}, [el("option", {value: "", text: t("choose")})].concat(
        choices.map(function (c) { return el("option", {value: c, text: t(key + "." + c)}); })));
      control.value = choices.indexOf(value) >= 0 ? value : "";
      control.addEventListener("change", function () { setRespondent(key, control.value); });
    } else {
      control = el("input", {type: "text", id: id, value: value === undefined || value === null ? "" : String(value),
                             autocomplete: key === "organisation" ? "organization" : "off"});
      control.addEventListener("input", function () { setRespondent(key, control.value); });
    }
    view.fields[key] = control;
    return el("div", {className: "field"}, [label, control]);
  }

  function setRespondent(key, value) {
    if (value === "") state.respondent.delete(key);
    else state.respondent.set(key, value);
    store();
  }

  function questionBlock(question) {
    var i = question.index;
    var block = {question: question, inputs: []};
    var describedBy = [];
    var kind = el("p", {className: "kind", id: "kind-" + i,
                        text: t(question.multi ? "multi" : "single") + (question.scored ? "" : " · " + t("informational"))});
    describedBy.push(kind.id);
    var help = null;
    if (question.help) {
      help = el("p", {className: "help", id: "help-" + i, text: tx(question.help)});
      describedBy.push(help.id);
    }
    block.number = el("span", {className: "number"});
    var legend = el("legend", {}, [block.number, el("span", {className: "text", text: tx(question.text)})]);
    var options = el("div", {className: "options"});
    var chosen = state.answers.get(question.id) || [];
    question.options.forEach(function (option, j) {
      var id = "q" + i + "-o" + j;
      var input = el("input", {type: question.multi ? "checkbox" : "radio", name: "q" + i, id: id, value: option.value,
                               checked: chosen.indexOf(option.value) >= 0});
      var label = el("label", {"for": id}, [document.createTextNode(tx(option.label))]);
      if (question.multi && option.exclusive) label.appendChild(el("span", {className: "tag", text: " " + t("exclusive")}));
      input.addEventListener("change", function () { choose(block, option, input); });
      block.inputs.push(input);
      var classes = "option" + (option.unknown ? " unknown" : "") + (option.not_applicable ? " not-applicable" : "");
      options.appendChild(el("div", {className: classes}, [input, label]));
    });
    var clear = el("button", {type: "button", className: "clear", text: t("clear")});
    clear.addEventListener("click", function () {
      state.answers.delete(question.id);
      block.inputs.forEach(function (input) { input.checked = false; });
      store();
      refresh();
    });
    block.clear = clear;
    var noteId = "note-" + i;
    var note = el("textarea", {id: noteId, rows: 2, value: state.notes.get(question.id) || ""});
    note.addEventListener("input", function () {
      if (note.value.trim()) state.notes.set(question.id, note.value);
      else state.notes.delete(question.id);
      store();
    });
    block.fieldset = el("fieldset", {className: "question", id: "question-" + i, "aria-describedby": describedBy.join(" ")},
      [legend, kind, help, options, clear, el("div", {className: "note"}, [el("label", {"for": noteId, text: t("note")}), note])]);
    block.fieldset.setAttribute("data-question", question.id);
    return block;
  }

  function choose(block, option, input) {
    var question = block.question;
    if (question.multi && input.checked) {
      // An exclusive option stands alone: choosing it clears the others, and the other way round.
      block.inputs.forEach(function (other, j) {
        if (other !== input && (option.exclusive || question.options[j].exclusive)) other.checked = false;
      });
    }
    var chosen = question.options.filter(function (o, j) { return block.inputs[j].checked; })
      .map(function (o) { return o.value; });
    if (chosen.length) state.answers.set(question.id, chosen);
    else state.answers.delete(question.id);
    store();
    refresh();
  }

  function progressBlock() {
    var text = el("p", {className: "progress-text"});
    var bar = el("progress", {max: 1, value: 0});
    view.progress.push({text: text, bar: bar});
    return el("div", {className: "progress"}, [text, bar]);
  }

  function downloadBlock() {
    var button = el("button", {type: "button", className: "primary", text: t("download")});
    var region = el("div", {className: "message", role: "status"});
    button.addEventListener("click", function () { download(region); });
    return el("div", {className: "download"}, [button, region]);
  }

  function render() {
    var app = document.getElementById("app");
    var focusedId = document.activeElement && document.activeElement.id;
    document.documentElement.lang = state.language;
    document.title = tx(Q.title);
    app.textContent = "";
    view = {fields: {}, blocks: [], sections: [], progress: []};

    app.appendChild(el("h1", {text: tx(Q.title)}));
    if (Q.description) app.appendChild(el("p", {className: "description", text: tx(Q.description)}));
    app.appendChild(el("p", {className: "counts", text: t("counts")}));

    var tools = el("div", {className: "tools"});
    if (Q.languages.length > 1) {
      var select = el("select", {id: "language"}, Q.languages.map(function (code) {
        return el("option", {value: code, text: LANGUAGE_NAMES[code] || code, lang: code});
      }));
      select.value = state.language;
      select.addEventListener("change", function () {
        state.language = select.value;
        store();
        render();
      });
      tools.appendChild(el("div", {className: "field"}, [el("label", {"for": "language", text: t("language")}), select]));
    }
    var opener = el("input", {type: "file", id: "open-file", accept: ".json,application/json", "aria-describedby": "open-hint"});
    tools.appendChild(el("div", {className: "field"}, [
      el("label", {"for": "open-file", text: t("open")}), opener, el("p", {className: "hint", id: "open-hint", text: t("open_hint")})]));
    var restart = el("button", {type: "button", id: "restart", text: t("restart")});
    tools.appendChild(el("div", {className: "field"}, [restart]));
    app.appendChild(tools);
    view.storage = el("p", {className: "storage"});
    app.appendChild(view.storage);
    showStorage();
    view.status = el("div", {className: "message", role: "status", tabIndex: -1});
    app.appendChild(view.status);
    opener.addEventListener("change", function () { openFile(opener); });
    restart.addEventListener("click", startAgain);

    var about = el("section", {className: "about", "aria-labelledby": "about-title"}, [el("h2", {id: "about-title", text: t("about")})]);
    DATA.respondent_fields.forEach(function (key) { about.appendChild(respondentField(key)); });
    var date = state.respondent.get("date");
    about.appendChild(el("div", {className: "field"}, [
      el("label", {"for": "respondent-date", text: t("date")}),
      el("input", {type: "text", id: "respondent-date", value: date === undefined ? "" : String(date), readOnly: true})]));
    app.appendChild(about);
    app.appendChild(progressBlock());

    var withQuestions = Q.domains.filter(function (d) { return d.questions.length; });
    withQuestions.forEach(function (domain, k) {
      var d = Q.domains.indexOf(domain);
      var heading = el("h2", {id: "domain-" + d, text: t("domain", {k: k + 1, n: withQuestions.length, title: tx(domain.title)})});
      var section = el("section", {className: "domain", "aria-labelledby": heading.id}, [heading]);
      if (domain.description) section.appendChild(el("p", {className: "description", text: tx(domain.description)}));
      var blocks = domain.questions.map(function (question) {
        var block = questionBlock(question);
        section.appendChild(block.fieldset);
        view.blocks.push(block);
        return block;
      });
      view.sections.push({section: section, blocks: blocks});
      app.appendChild(section);
    });
    app.appendChild(progressBlock());
    app.appendChild(downloadBlock());
    refresh();
    if (focusedId && document.getElementById(focusedId)) document.getElementById(focusedId).focus();
  }

  /* After every answer: which questions are asked, their numbers, the progress. */
  function refresh() {
    var skipped = skippedQuestions();
    var asked = QUESTIONS.filter(function (q) { return !skipped.has(q.id); });
    var answered = asked.filter(function (q) { return state.answers.has(q.id); }).length;
    var number = 0;
    view.blocks.forEach(function (block) {
      var hidden = skipped.has(block.question.id);
      block.fieldset.hidden = hidden;
      if (!hidden) number += 1;
      block.number.textContent = hidden ? "" : t("position", {k: number, n: asked.length}) + " · ";
      block.clear.hidden = !state.answers.has(block.question.id);
    });
    view.sections.forEach(function (entry) {
      entry.section.hidden = entry.blocks.every(function (b) { return b.fieldset.hidden; });
    });
    view.progress.forEach(function (p) {
      p.text.textContent = t("progress", {answered: answered, total: asked.length});
      p.bar.max = Math.max(1, asked.length);
      p.bar.value = answered;
      p.bar.setAttribute("aria-label", p.text.textContent);
    });
  }

  // --- actions --------------------------------------------------------------------------------
  function download(region) {
    var doc = answerDocument();
    var missing = [];
    if (!doc.respondent.organisation) missing.push("organisation");
    if (!doc.respondent.role) missing.push("role");
    if (missing.length) {
      say(region, t("missing", {fields: missing.map(function (k) { return t(k); }).join(", ")}), "error");
      if (view.fields[missing[0]]) view.fields[missing[0]].focus();
      return;
    }
    var name = fileName(doc);
    var blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], {type: "application/json"});
    var url = URL.createObjectURL(blob);
    var link = el("a", {href: url, download: name});
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    var skipped = skippedQuestions();
    var unanswered = QUESTIONS.filter(function (q) { return !skipped.has(q.id) && !state.answers.has(q.id); }).length;
    var lines = [t("downloaded", {name: name})];
    if (unanswered) lines.push(t("unanswered", {count: unanswered}));
    say(region, lines, "done");
  }

  function openFile(input) {
    var file = input.files && input.files[0];
    if (!file) return;
    var name = file.name;
    input.value = "";  // so that choosing the same file again (once corrected) reads it again
    file.text().then(function (text) {
      var doc;
      try {
        doc = JSON.parse(text.replace(/^\ufeff/, ""));
      } catch (e) {
        say(view.status, [t("error.json", {name: name}), t("nothing")], "error");
        return;
      }
      var read = readDocument(doc, name);
      if (read.errors) {
        say(view.status, read.errors.slice(0, 10).concat([t("nothing")]), "error");
        return;
      }
      state = read.state;
      store();
      render();
      say(view.status, t("loaded", {count: state.answers.size, name: name}), "done");
      view.status.focus();
    }, function () {
      say(view.status, [t("error.read", {name: name}), t("nothing")], "error");
    });
  }

  function startAgain() {
    if (!window.confirm(t("restart_confirm"))) return;
    forget();
    state = freshState(state.language);
    render();
    say(view.status, t("restarted"), "done");
    document.getElementById("restart").focus();
  }

  // --- start ------------------------------------------------------------------------------------
  state = freshState(PRESET.language || browserLanguage() || Q.languages[0]);
  var saved = stored();
  var problem = null;
  if (saved) {
    var read = readDocument(saved, KEY);
    if (read.state) {
      state = read.state;
      if (saved.language === undefined) state.language = PRESET.language || state.language;
    } else {
      problem = read.errors;
    }
  }
  render();
  if (problem) say(view.status, problem, "error");
})();
