// The search page: reads ?q=, asks this language's Pagefind index (the
// Pagefind JavaScript API, loaded from this site) and writes the results as
// plain, accessible HTML. Every text shown comes from the page's data-
// attributes, in the page's language. Loaded as a module, so it runs once the
// page is parsed.
const PAGE_SIZE = 20;

const root = document.getElementById("search-page");
const input = document.getElementById("search-page-q");
const status = document.getElementById("search-page-status");
const results = document.getElementById("search-page-results");
const texts = root.dataset;
const plural = new Intl.PluralRules(document.documentElement.lang);

// JavaScript runs: the "search needs JavaScript" notice no longer applies.
document.getElementById("search-page-nojs").hidden = true;

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

function countText(count, query) {
  if (count === 0) return fill(texts.none, { query });
  const form = plural.select(count) === "one" ? texts.countOne : texts.countOther;
  return fill(form, { count: count.toLocaleString(document.documentElement.lang), query });
}

// Pagefind's excerpt is HTML: the page's text, escaped, with <mark> around
// the words found. Only text and <mark> are copied out of it, never markup.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  const nodes = [];
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "gcb-search__result";
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  // Pagefind's URL is relative to the language's folder; resolved against it
  // (with the site's own prefix) it is right on any host or path.
  link.href = new URL(data.url.replace(/^\//, ""), new URL(texts.baseUrl, document.baseURI)).href;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(heading, excerpt);
  return item;
}

async function show(search, query) {
  const found = search.results;
  if (found.length === 0) {
    status.textContent = countText(0, query);
    return;
  }
  const heading = document.createElement("h2");
  heading.id = "search-page-results-heading";
  heading.textContent = texts.resultsHeading;
  const list = document.createElement("ol");
  list.className = "gcb-search__list";
  list.setAttribute("aria-labelledby", heading.id);
  results.append(heading, list);
  let shown = 0;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "gcb-search__more";
  more.textContent = texts.more;
  async function next() {
    const page = await Promise.all(found.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
    const items = page.map(resultItem);
    list.append(...items);
    shown += page.length;
    more.hidden = shown >= found.length;
    return items;
  }
  more.addEventListener("click", async () => {
    const [first] = await next();
    // Keyboard and screen reader users land on the first new result.
    if (first) first.querySelector("a").focus();
  });
  results.append(more);
  await next();
  // Announced once the first results are there to read.
  status.textContent = countText(found.length, query);
}

async function run() {
  const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  input.value = query;
  if (!query) return;
  status.textContent = texts.searching;
  try {
    const pagefind = await import(texts.bundle);
    await pagefind.init();
    const search = await pagefind.search(query);
    await show(search, query);
  } catch (error) {
    status.textContent = texts.failed;
    throw error;
  }
}

run();
