// The search page, made to work in the browser: pagefind's index (built with the site) answers the query.
// Without JavaScript the page says so and links to the catalogue; nothing here loads from another website.
const form = document.querySelector("[data-search]");
const input = form.querySelector("input[name=q]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const base = form.dataset.base;
let pagefind = null;

function say(text) {
  status.textContent = text;
}

// Keep only the text of an excerpt and its <mark> highlights: never insert the index's HTML as it is.
function excerpt(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  const out = document.createElement("p");
  out.className = "search__excerpt";
  for (const node of holder.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function item(title, url, text) {
  const li = document.createElement("li");
  li.className = "search__result";
  const link = document.createElement("a");
  link.href = url;
  link.textContent = title;
  const heading = document.createElement("h2");
  heading.className = "search__title";
  heading.append(link);
  li.append(heading, excerpt(text));
  return li;
}

async function load() {
  if (!pagefind) {
    pagefind = await import(base + "pagefind/pagefind.js");
    await pagefind.options({ baseUrl: base, excerptLength: 24 });
  }
  return pagefind;
}

async function search(query) {
  list.replaceChildren();
  if (!query) {
    say("Type what you are looking for, then press Search.");
    return;
  }
  say("Searching…");
  let engine;
  try {
    engine = await load();
  } catch {
    say("Search is not available here: the search index is made when the site is built for publishing " +
        "(the preview does not make it).");
    return;
  }
  let pages;
  try {
    const found = await engine.search(query);
    pages = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
  } catch {
    say("Search did not work this time. Please try again, or use the links to programmes and people.");
    return;
  }
  for (const page of pages) {
    const parts = page.sub_results.filter((sub) => sub.url !== page.url && sub.url.includes("#"));
    if (parts.length && page.meta.title === "People") {
      for (const sub of parts) list.append(item(sub.title, sub.url, sub.excerpt));
    } else {
      list.append(item(page.meta.title, page.url, page.excerpt));
    }
  }
  const count = list.children.length;
  say(count ? `${count} ${count === 1 ? "result" : "results"} for ‘${query}’.` : `Nothing found for ‘${query}’.`);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value.trim();
  const address = new URL(window.location.href);
  address.searchParams.set("q", query);
  window.history.replaceState(null, "", address);
  search(query);
});

const initial = new URL(window.location.href).searchParams.get("q") || "";
input.value = initial;
if (initial) {
  search(initial.trim());
} else {
  say("Type what you are looking for, then press Search.");
}
