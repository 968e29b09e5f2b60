/**
 * "Mine sager": a member's own page, opened by the one signed link in the footer of every email they get.
 * It lists what is open for them now and takes their answers: each form is a real button's POST (a GET only
 * renders; mail scanners follow links), stored as posted before anything is judged, then judged once by the
 * same path as every answer by link (answers/link-answers.ts → recordAnswer).
 */
import type { Context, Hono } from "hono";
import { linkProblem } from "#templates/answers";
import { ANSWER_DA } from "#templates/danish";
import { mineSager as W } from "#templates/mine-sager";
import type { Deps } from "../deps.ts";
import { acceptLinkAction, getLinkAction, judgeLinkAction, linkStatus, VOTE_ANSWERS, type LinkAction } from "../answers/link-answers.ts";
import { openMemberPage, setWeeklyDigest, type MemberPageCheck } from "../members/links.ts";
import { memberFile, memberOverview, type MemberOverview } from "../members/overview.ts";
import { html, privatePage, serveFile, type Html } from "./pages.ts";

const base = (token: string) => `/m/sager/${encodeURIComponent(token)}`;

const respond = privatePage;

const broken = (c: Context, reason: string, stored = true) =>
  respond(c, linkStatus(reason), W.linkBroken, html`<h1>${W.linkBroken}</h1><div class="card"><p>${linkProblem(reason, "now")}</p>${stored ? "" : html`<p>${W.notStored}</p>`}</div>`);

function votesSection(o: MemberOverview, action: string): Html {
  const choices = VOTE_ANSWERS.filter((a) => a !== "objection");
  return html`<section id="afstemninger" aria-labelledby="h-afstemninger"><h2 id="h-afstemninger">${W.votes.heading}</h2>
${o.votes.length === 0 ? html`<p class="muted">${W.votes.none}</p>` : ""}
${o.votes.map((v, i) => html`<form method="post" action="${action}" class="card" aria-labelledby="afstemning-${i}"><h3 id="afstemning-${i}">${v.title}</h3><p>${v.question}</p><p class="muted">${W.votes.deadline(v.closesAt)}</p>
${v.material.length ? html`<ul>${v.material.map((m) => html`<li><a href="${action}/filer/afstemning/${encodeURIComponent(v.voteId)}/${m.index}">${m.name}</a></li>`)}</ul>` : ""}
${v.current ? html`<p>${W.votes.current(v.current.answer, v.current.receivedAt, v.current.byThisPerson)}</p>` : ""}
<input type="hidden" name="sag" value="${v.matter}">
<fieldset><legend>${W.votes.choose}</legend><div class="choice">${choices.map((a) => html`<label><input type="radio" name="svar" value="${a}" required> ${ANSWER_DA[a]}</label>`)}</div>
<div class="apart"><label><input type="radio" name="svar" value="objection" required> ${ANSWER_DA.objection}</label><p class="muted">${W.votes.objectionApart}</p></div></fieldset>
<label for="bemaerkning-${i}">${W.votes.remark}</label><textarea id="bemaerkning-${i}" name="bemaerkning" maxlength="5000"></textarea>
<button type="submit">${W.votes.submit}</button></form>`)}</section>`;
}

function minutesSection(o: MemberOverview, action: string): Html {
  return html`<section id="protokoller" aria-labelledby="h-protokoller"><h2 id="h-protokoller">${W.minutes.heading}</h2>
${o.minutes.length === 0 ? html`<p class="muted">${W.minutes.none}</p>` : ""}
${o.minutes.map((r, i) => html`<form method="post" action="${action}" class="card" aria-labelledby="protokol-${i}"><h3 id="protokol-${i}">${W.minutes.round(r.meetingStartsAt, r.version)}</h3>
<p><a href="${action}/filer/protokol/${encodeURIComponent(r.meetingId)}/${r.version}">${W.minutes.read(r.version)}</a></p>${r.changeNote ? html`<p class="muted">${r.changeNote}</p>` : ""}
<p class="muted">${W.minutes.window(r.windowEndsAt)}</p>${r.objected ? html`<p>${W.minutes.objected}</p>` : ""}
<input type="hidden" name="sag" value="${r.matter}"><input type="hidden" name="udgave" value="${String(r.version)}">
<label for="indsigelse-${i}">${W.minutes.label}</label><textarea id="indsigelse-${i}" name="indsigelse" required maxlength="20000"></textarea>
<button type="submit">${W.minutes.submit}</button></form>`)}</section>`;
}

function meetingsSection(o: MemberOverview, action: string): Html {
  return html`<section id="moeder" aria-labelledby="h-moeder"><h2 id="h-moeder">${W.meetings.heading}</h2>
${o.meetings.length === 0 ? html`<p class="muted">${W.meetings.none}</p>` : ""}
${o.meetings.map((m, i) => html`<div class="card" role="group" aria-labelledby="moede-${i}"><h3 id="moede-${i}">${W.meetings.name(m.kind, m.startsAt)}</h3><p>${W.meetings.place(m.location, Boolean(m.virtualUrl))}${m.virtualUrl ? html` · <a href="${m.virtualUrl}">${W.meetings.virtualLink}</a>` : ""}</p>
${m.agendaSentAt
    ? html`<h4>${W.meetings.agenda}</h4>${m.items.length ? html`<ol>${m.items.map((it) => html`<li><strong>${it.title}</strong>${it.description ? html`<br>${it.description}` : ""}${it.material.length ? html`<ul>${it.material.map((x) => html`<li><a href="${action}/filer/punkt/${encodeURIComponent(m.meetingId)}/${encodeURIComponent(it.itemId)}/${x.index}">${x.name}</a></li>`)}</ul>` : ""}</li>`)}</ol>` : html`<p class="muted">${W.meetings.noItems}</p>`}`
    : html`<p class="muted">${W.meetings.agendaLater(m.agendaDeadline)}</p>`}
${m.apology ? html`<p>${W.meetings.apologyGiven(m.apology.substituteAttends, m.apology.receivedAt)}</p>` : ""}
<form method="post" action="${action}"><input type="hidden" name="sag" value="${m.matter}"><input type="hidden" name="afbud" value="ja">
<label class="plain"><input type="checkbox" name="suppleant" value="ja" id="suppleant-${i}"${m.apology?.substituteAttends ? " checked" : ""}> ${W.meetings.substitute}</label>
<button type="submit">${m.apology ? W.meetings.changeApology : W.meetings.apologize}</button></form></div>`)}</section>`;
}

function reportsSection(o: MemberOverview, action: string): Html {
  if (o.reports.length === 0) return html``;
  return html`<section id="rapporter" aria-labelledby="h-rapporter"><h2 id="h-rapporter">${W.reports.heading}</h2>
${o.reports.map((r, i) => html`<form method="post" action="${action}" class="card" aria-labelledby="rapport-h-${i}"><h3 id="rapport-h-${i}">${W.reports.for(r.name, r.meetingStartsAt)}</h3><p class="muted">${W.reports.deadline(r.deadline)}</p>
${r.receivedAt ? html`<p>${W.reports.received(r.receivedAt)}</p>` : ""}
<input type="hidden" name="sag" value="${r.matter}"><input type="hidden" name="indsats" value="${r.initiativeId}">
<label for="rapport-${i}">${W.reports.label}</label><textarea id="rapport-${i}" name="rapport" required maxlength="50000"></textarea>
<button type="submit">${W.reports.submit}</button></form>`)}</section>`;
}

function historySection(o: MemberOverview): Html {
  const line = (h: MemberOverview["history"][number]) =>
    h.kind === "vote" ? W.history.vote(h.title, h.answer, h.counted)
    : h.kind === "objection" ? W.history.objection(h.meetingStartsAt, h.version)
    : h.kind === "apology" ? W.history.apology(h.meetingStartsAt, h.substituteAttends)
    : h.kind === "item-request" ? W.history.itemRequest(h.title, h.meetingStartsAt, h.status)
    : W.history.report(h.name, h.meetingStartsAt);
  return html`<section id="tidligere" aria-labelledby="h-tidligere"><h2 id="h-tidligere">${W.history.heading}</h2>
${o.history.length === 0 ? html`<p class="muted">${W.history.none}</p>` : html`<ul class="card plainlist">${o.history.map((h) => html`<li>${line(h)}<br><span class="muted">${W.history.at(h.at)}</span></li>`)}</ul>`}</section>`;
}

function digestSection(o: MemberOverview, action: string): Html {
  if (!o.weeklyDigest.allowed || !o.weeklyDigest.weekday) return html``;
  return html`<section id="ugentlig" aria-labelledby="h-ugentlig"><h2 id="h-ugentlig">${W.digest.heading}</h2><form method="post" action="${action}/ugentlig" class="card">
<p>${W.digest.explain(o.weeklyDigest.weekday)}</p><p><strong>${o.weeklyDigest.on ? W.digest.on : W.digest.off}</strong></p>
<input type="hidden" name="ugentlig" value="${o.weeklyDigest.on ? "nej" : "ja"}"><button type="submit" class="secondary">${o.weeklyDigest.on ? W.digest.turnOff : W.digest.turnOn}</button></form></section>`;
}

/** The page itself: who it is for, then every section with a count in the menu. */
export function mineSagerPage(o: MemberOverview, action: string, notice?: string): Html {
  const nav: [string, string, number | undefined][] = [
    ["afstemninger", W.nav.votes, o.votes.length], ["protokoller", W.nav.minutes, o.minutes.length], ["moeder", W.nav.meetings, o.meetings.length],
    ...(o.reports.length ? [["rapporter", W.nav.reports, o.reports.length] as [string, string, number]] : []), ["tidligere", W.nav.history, undefined],
    ...(o.weeklyDigest.allowed ? [["ugentlig", W.nav.digest, undefined] as [string, string, undefined]] : []),
  ];
  return html`<h1>${W.title}</h1><p class="muted">${W.who(o.person.name, o.person.seatTitle, o.person.role, o.committee.name)}</p>
${notice ? html`<p class="card ok" role="status">${notice}</p>` : ""}<p>${W.intro}</p>
<nav aria-label="${W.title}" class="sections">${nav.map(([id, label, n]) => html`<a href="#${id}">${label}${n !== undefined ? html` <span class="badge">${String(n)}</span>` : ""}</a>`)}</nav>
${votesSection(o, action)}${minutesSection(o, action)}${meetingsSection(o, action)}${reportsSection(o, action)}${historySection(o)}${digestSection(o, action)}`;
}

export interface MineSagerOptions {
  /** An answer was stored; the local server judges it in the background (in AWS the answer's page does). */
  onAccepted?: ((action: LinkAction) => void) | undefined;
}

export function registerMineSager(app: Hono, deps: Deps, options: MineSagerOptions = {}): void {
  const open = (c: Context, at = deps.clock.now()): Promise<MemberPageCheck & { tokenHash?: string }> => openMemberPage(deps, c.req.param("token") ?? "", at);

  app.get("/m/sager/:token", async (c) => {
    const r = await open(c);
    if (!r.ok) return broken(c, r.reason);
    const overview = await memberOverview(deps, r.page, r.person, r.rulebook);
    const saved = c.req.query("gemt");
    const notice = saved === "ja" || saved === "nej" ? W.digest.saved(saved === "ja") : saved === "ikke-tilladt" ? W.digest.notAllowed : undefined;
    return respond(c, 200, W.title, mineSagerPage(overview, base(c.req.param("token")), notice));
  });

  app.post("/m/sager/:token", async (c) => {
    const now = deps.clock.arrival?.() ?? deps.clock.now(); // to the millisecond: the order of arrival decides
    // A forgery, an expired page or a former holder's is refused before anything is stored.
    const r = await open(c, now);
    if (!r.ok || !r.tokenHash) return broken(c, r.ok ? "unknown" : r.reason, false);
    const form: [string, string][] = [...new URLSearchParams(await c.req.text())];
    // Raw first (R-7.2): stored as posted; judged on the page the member is sent to, as every link answer.
    const accepted = await acceptLinkAction(deps, r.tokenHash, form, now);
    options.onAccepted?.(accepted);
    return c.redirect(`${base(c.req.param("token"))}/svar/${accepted.actionId}`, 303);
  });

  app.get("/m/sager/:token/svar/:actionId", async (c) => {
    const r = await open(c);
    const accepted = r.ok ? await getLinkAction(deps, c.req.param("actionId")) : undefined;
    // Only the page that posted an answer shows it.
    if (!r.ok || !accepted || accepted.tokenHash !== r.tokenHash) return respond(c, 404, W.notFound, html`<h1>${W.notFound}</h1><div class="card"><p>${linkProblem("unknown", "now")}</p></div>`);
    const outcome = await judgeLinkAction(deps, accepted);
    return respond(c, outcome.httpStatus ?? 200, outcome.title, html`<h1>${outcome.title}</h1><div class="card">${outcome.lines.map((l) => html`<p class="${outcome.counted ? "" : "bad"}">${l}</p>`)}<p><a href="${base(c.req.param("token"))}">${W.back}</a></p></div>`);
  });

  app.post("/m/sager/:token/ugentlig", async (c) => {
    const r = await open(c);
    if (!r.ok) return broken(c, r.reason, false);
    const on = new URLSearchParams(await c.req.text()).get("ugentlig") === "ja";
    const done = await setWeeklyDigest(deps, r.page, on);
    return c.redirect(`${base(c.req.param("token"))}?gemt=${done ? (on ? "ja" : "nej") : "ikke-tilladt"}#ugentlig`, 303);
  });

  const file = async (c: Context, which: Parameters<typeof memberFile>[2]) => {
    const r = await open(c);
    if (!r.ok) return broken(c, r.reason);
    return serveFile(c, deps, await memberFile(deps, r.page, which), () => respond(c, 404, W.notFound, html`<h1>${W.notFound}</h1><div class="card"><p>${W.fileMissing}</p></div>`));
  };
  const n = (s: string | undefined) => (/^\d{1,3}$/.test(s ?? "") ? Number(s) : -1);
  app.get("/m/sager/:token/filer/afstemning/:vote/:n", (c) => file(c, { kind: "vote", voteId: c.req.param("vote"), index: n(c.req.param("n")) }));
  app.get("/m/sager/:token/filer/punkt/:meeting/:item/:n", (c) => file(c, { kind: "item", meetingId: c.req.param("meeting"), itemId: c.req.param("item"), index: n(c.req.param("n")) }));
  app.get("/m/sager/:token/filer/protokol/:meeting/:version", (c) => file(c, { kind: "minutes", meetingId: c.req.param("meeting"), version: n(c.req.param("version")) }));
}
