/* Decap CMS for this Pelican site: our file format, then Decap's start.
 *
 * A file is `Key: value` header lines, a blank line, then the Markdown body,
 * as `make newpost` writes it and Pelican reads it. Decap's own "frontmatter"
 * formats would write YAML between `---` lines, which Pelican's Markdown reader
 * does not read, so this format is registered instead (CMS.registerCustomFormat):
 * a file read and written back unchanged is the same bytes (its keys in their
 * order and spelling, tests/test_cms.py checks every content file).
 *
 * What Decap cannot say by itself, the format writes:
 * - each file's Lang: Decap gives a format only the data, never the locale.
 *   The first language's data carries Lang from a hidden field; the others'
 *   data have none until read from a file, and with two languages the missing
 *   one is the other language.
 * - the translation's marker: Decap writes every language's file, even one the
 *   author left empty. A new translation (no Translation-Of, not yet marked) is
 *   written `Translation-Status: pending`, as `make newpost` writes it, so that
 *   `make html` previews it with its notice, `make translation-status` lists it
 *   and `make publish` refuses it until `make translation-done`; an empty one
 *   gets the source's title and newpost's placeholder text.
 * - category and tag names: the choices' values are the first language's
 *   names; each file gets its own language's names from taxonomy.yml.
 */
(function (root) {
  "use strict";

  // newpost's order, for keys a file did not have (a new file, a new field).
  var ORDER = ["title", "date", "modified", "author", "lang", "translation_key", "translation_of",
    "translation_status", "slug", "category", "tags", "summary"];
  // The header as read (each key's spelling and separator), so that it is written back as it was.
  var HEADER = "__header";

  function fieldName(key) {
    return key.trim().toLowerCase().replace(/-/g, "_");
  }

  function headerName(field) {
    return field.split("_").map(function (word) {
      return word.charAt(0).toUpperCase() + word.slice(1);
    }).join("-");
  }

  function makeFormat(site) {
    var others = site.languages.filter(function (lang) { return lang !== site.source; });
    // {translation key: what the source-language file of the entry being saved said}:
    // Decap writes the first language's file first, then the others (lib/i18n.ts getI18nFiles).
    var saved = {};

    function term(kind, name) {
      var wanted = String(name).trim().toLowerCase();
      var found = site.terms[kind].filter(function (names) {
        return Object.keys(names).some(function (lang) { return names[lang].toLowerCase() === wanted; });
      });
      return found.length ? found[0] : null;
    }

    function canonical(kind, name) {
      var names = term(kind, name);
      return names ? names[site.source] : String(name).trim();
    }

    function named(kind, value, lang) {
      var names = term(kind, value);
      return names ? (names[lang] || names[site.source]) : value;
    }

    function fromFile(text) {
      // Pelican reads CRLF files too; they are written back with LF.
      var lines = text.replace(/\r\n/g, "\n").split("\n");
      var data = {};
      var header = [];
      var last = null;
      var start = 0;
      for (var i = 0; i < lines.length; i++) {
        var line = lines[i];
        if (line === "") {
          start = i + 1;
          break;
        }
        if (last !== null && /^\s/.test(line)) {
          data[last] += "\n" + line;  // a continuation line of the value above
          continue;
        }
        var match = /^([A-Za-z][\w-]*):(\s*)(.*)$/.exec(line);
        if (!match) {
          // No header: it is all body.
          return { body: text };
        }
        last = fieldName(match[1]);
        header.push(match[1] + ":" + match[2]);
        data[last] = match[3];
        start = i + 1;
      }
      if (data.category) data.category = canonical("category", data.category);
      if (data.tags !== undefined) {
        data.tags = data.tags.split(",").map(function (tag) { return tag.trim(); })
          .filter(Boolean).map(function (tag) { return canonical("tag", tag); });
      }
      data[HEADER] = header;
      data.body = lines.slice(start).join("\n");
      return data;
    }

    function value(field, data, lang) {
      var raw = data[field];
      if (raw === undefined || raw === null) return "";
      if (field === "category") return named("category", raw, lang);
      if (field === "tags") {
        var tags = Array.isArray(raw) ? raw : String(raw).split(",");
        return tags.map(function (tag) { return named("tag", String(tag).trim(), lang); })
          .filter(Boolean).join(", ");
      }
      // A line break typed into a header value would end the header: it becomes a space
      // (a continuation line read from a file, indented, stays as it was).
      return String(raw).replace(/\r?\n(?![ \t])/g, " ");
    }

    function fileName(data, lang) {
      // A post's date has a time: its files are named <date>-<key>; a page's <key>.
      var date = String(data.date || "");
      var stem = date.indexOf(" ") > 0 ? date.slice(0, 10) + "-" + data.translation_key : data.translation_key;
      return stem + "." + lang + ".md";
    }

    function markTranslation(data, lang) {
      var key = data.translation_key;
      if (!key) return data;  // not one of a pair (an author's bio)
      if (lang === site.source) {
        saved[key] = { title: data.title, date: data.date, translation: !!(data.translation_of || data.translation_status) };
        return data;
      }
      var source = saved[key];
      if (data.translation_of || data.translation_status || (source && source.translation)) return data;
      var marked = Object.assign({}, data, { translation_status: "pending" });
      if (!String(data.title || "").trim() && !String(data.body || "").trim()) {
        marked.title = (source && source.title) || key;
        marked.body = site.pending_body[lang].replace("{source}", fileName(data, site.source)) + "\n";
      }
      return marked;
    }

    function toFile(input) {
      var lang = input.lang || (others.length === 1 ? others[0] : null);
      if (!lang) {
        throw new Error("pelican-cms: a file without Lang, and more than two languages: set Lang");
      }
      var data = markTranslation(Object.assign({}, input, { lang: lang }), lang);
      var header = data[HEADER] || [];
      var written = {};
      var lines = [];
      function write(field, prefix) {
        if (written[field] || field === "body" || field === HEADER) return;
        written[field] = true;
        var text = value(field, data, lang);
        if (text !== "") lines.push(prefix + text);
      }
      header.forEach(function (prefix) { write(fieldName(prefix.split(":")[0]), prefix); });
      ORDER.concat(Object.keys(data)).forEach(function (field) { write(field, headerName(field) + ": "); });
      var body = data.body || "";
      return lines.join("\n") + "\n\n" + body + (body.slice(-1) === "\n" || !body ? "" : "\n");
    }

    return { fromFile: fromFile, toFile: toFile };
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { makeFormat: makeFormat };
  }
  // Decap starts only where its back end answers (`make cms`); `make serve` or
  // `make devserver` alone cannot save, and the page says how to start it.
  function start(document, CMS, embedded) {
    var api = embedded.config.backend.proxy_url;
    root.fetch(api, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"action":"info"}' })
      .then(function (response) {
        if (!response.ok) throw new Error(api + ": " + response.status);
        CMS.registerCustomFormat("pelican", "md", makeFormat(embedded.site));
        CMS.init({ config: embedded.config });
      })
      .catch(function () {
        var message = document.getElementById("gcb-cms-no-backend");
        message.hidden = false;
      });
  }

  if (root && root.CMS && root.document) {
    start(root.document, root.CMS, JSON.parse(root.document.getElementById("gcb-cms").textContent));
  }
})(typeof window !== "undefined" ? window : null);
