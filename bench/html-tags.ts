/**
 * `npx tsx bench/html-tags.ts`: the pages' `html` tag (functions/http/pages.ts, hono/html's) against the tag
 * of our own it replaced, rendering the same fragment (a table of 17 seats with escaped names, as the vote
 * page has) many times. hono/html was to be used unless measured slower: it is about twice as fast.
 */
import { html } from "#functions/http/pages";
import { escapeHtml } from "#templates/layout";

/** The tag we had: values escaped unless they are such a fragment (or arrays of them). */
class Fragment {
  constructor(readonly value: string) {}
}
function ownHtml(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let out = "";
  strings.forEach((s, i) => {
    out += s;
    if (i >= values.length) return;
    const v = values[i];
    if (v instanceof Fragment) out += v.value;
    else if (Array.isArray(v)) out += v.map((x) => (x instanceof Fragment ? x.value : escapeHtml(String(x ?? "")))).join("");
    else if (v !== undefined && v !== null && v !== false) out += escapeHtml(String(v));
  });
  return new Fragment(out);
}

const seats = Array.from({ length: 17 }, (_, i) => ({ title: `Borgmester, Kommune <${i}> & "co"`, answer: i % 3 ? "JA" : "NEJ", at: "torsdag den 22. april 2027 kl. 14.00" }));

function ours(): string {
  const rows = seats.map((s) => ownHtml`<tr><td>${s.title}</td><td>${s.answer}</td><td>${s.at}</td></tr>`);
  return ownHtml`<div class="card"><h1>${"Skriftlig votering: <Forlængelse>"}</h1><table>${rows}</table></div>`.value;
}

function hono(): string {
  const rows = seats.map((s) => html`<tr><td>${s.title}</td><td>${s.answer}</td><td>${s.at}</td></tr>`);
  return String(html`<div class="card"><h1>${"Skriftlig votering: <Forlængelse>"}</h1><table>${rows}</table></div>`);
}

function time(label: string, f: () => string, n = 20_000): number {
  for (let i = 0; i < 2_000; i++) f();
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += f().length;
  const us = ((performance.now() - start) * 1000) / n;
  console.log(`${label}: ${us.toFixed(1)} µs per page (${bytes / n} bytes)`);
  return us;
}

if (ours() !== hono()) throw new Error("the two tags render different HTML");
const a = time("own tag  ", ours);
const b = time("hono/html", hono);
console.log(`hono/html / own tag = ${(b / a).toFixed(2)}`);
