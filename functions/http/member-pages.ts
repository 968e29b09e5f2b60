/**
 * Replies by link: the token of a member's email opens a page about that one matter. GET and
 * HEAD only render — mail scanners fetch every link, some run scripts — and the action is a real button's
 * POST. Material and minutes are reachable only here, for the seats that may see them (R-3.4, R-3.8).
 */
import type { Context, Hono } from "hono";
import { mayReceiveItem } from "#domain/audience";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { acceptLinkAction, checkLink, getLinkAction, judgeLinkAction, linkStatus, VOTE_ANSWERS, type LinkAction } from "../answers/link-answers.ts";
import { getMeeting } from "../meetings/meetings.ts";
import { minutesVersions } from "../minutes/minutes.ts";
import { listAgendaItems } from "../meetings/agenda.ts";
import { verifiedTokenHash, type EmailRecord } from "../mail/tokens.ts";
import { voteState } from "../written-votes/written-votes.ts";
import { answerPage, linkProblem } from "#templates/answers";
import { ANSWER_DA, danishDateTime, deadlinePhrase } from "#templates/danish";
import { html, privatePage, serveFile, type Html } from "./pages.ts";

type Email = EmailRecord;

const ANSWERS = VOTE_ANSWERS;
type Answer = (typeof ANSWERS)[number];


const respond = privatePage;

async function resolve(deps: Deps, token: string): Promise<{ ok: true; email: Email } | { ok: false; reason: string }> {
  const hash = verifiedTokenHash(deps.keys, token);
  if (!hash) return { ok: false, reason: "forged" };
  const check = await checkLink(deps, hash, deps.clock.now());
  return check.ok ? { ok: true, email: check.email } : { ok: false, reason: check.reason };
}

const formAction = (token: string) => `/m/${encodeURIComponent(token)}`;

async function voteBody(deps: Deps, email: Email, token: string, chosen: string | undefined): Promise<{ title: string; body: Html }> {
  const voteId = email.matter.slice("vote/".length);
  const { vote, result } = await voteState(deps, email.committeeId, voteId);
  const mine = result.seats.find((s) => s.seatId === email.seatId);
  const head = html`<h1>Skriftlig votering: ${vote.title}</h1>
<div class="card"><p>${vote.question}</p><p class="muted">Svarfrist: ${deadlinePhrase(vote.closesAt)}.</p>
${vote.material.length ? html`<p>${vote.material.map((m, i) => html`<a class="file" href="${formAction(token)}/materiale/${i}">Hent ${m.name}</a>`)}</p>` : ""}
${mine?.answer ? html`<p>Dit nuværende svar: <strong>${ANSWER_DA[mine.answer]}</strong> (${danishDateTime(mine.receivedAt ?? "")}).</p>` : ""}</div>`;
  if (result.status === "closed") {
    return { title: vote.title, body: html`${head}<div class="card"><h2>Afstemningen er afsluttet</h2><p>${result.explanation ?? ""}</p></div>` };
  }
  const pre = ANSWERS.includes(chosen as Answer) ? (chosen as Answer) : undefined;
  // R-3.6: an objection ends the vote and cannot be withdrawn: it is set apart from the three answers.
  const irreversible = html`<p class="bad"><strong>En indsigelse kan ikke trækkes tilbage.</strong> Den afslutter afstemningen, og sagen skal behandles på et møde.</p>`;
  const choices = pre
    ? html`<p>Du er ved at registrere: <strong>${ANSWER_DA[pre]}</strong></p>${pre === "objection" ? irreversible : ""}<input type="hidden" name="svar" value="${pre}">`
    : html`<fieldset><legend>Dit svar</legend><div class="choice">${ANSWERS.filter((a) => a !== "objection").map((a) => html`<label><input type="radio" name="svar" value="${a}" required> ${ANSWER_DA[a]}</label>`)}</div></fieldset>
<fieldset class="danger"><legend>Eller: indsigelse mod skriftlig behandling</legend>${irreversible}<div class="choice"><label><input type="radio" name="svar" value="objection" required> ${ANSWER_DA.objection}</label></div></fieldset>`;
  return {
    title: vote.title,
    body: html`${head}<form method="post" action="${formAction(token)}" class="card">${choices}
<label for="bemaerkning">Bemærkning eller dissens til protokol (valgfri)</label><textarea id="bemaerkning" name="bemaerkning" maxlength="5000"></textarea>
<p class="muted">Du kan ændre JA, NEJ og UNDLAD indtil fristen.</p>
<button type="submit">Registrér mit svar</button></form>`,
  };
}

async function minutesBody(deps: Deps, email: Email, token: string): Promise<{ title: string; body: Html }> {
  const meeting = await getMeeting(deps, email.committeeId, email.matter.slice(8));
  const version = email.version ?? 0;
  return {
    title: "Protokol",
    body: html`<h1>Protokol fra mødet ${danishDateTime(meeting.startsAt)}</h1>
<div class="card"><p><a href="${formAction(token)}/protokol">Læs protokollen (udgave ${version})</a></p>${meeting.minutesApprovedAt ? html`<p class="ok">Protokollen er godkendt.</p>` : ""}</div>
<form method="post" action="${formAction(token)}" class="card"><h2>Indsigelse</h2><label for="indsigelse">Hvad skal rettes?</label><textarea id="indsigelse" name="indsigelse" required maxlength="20000"></textarea>
<p class="muted">Har du ingen indsigelser, behøver du ikke gøre noget.</p><button type="submit">Send indsigelse</button></form>`,
  };
}

async function agendaBody(deps: Deps, email: Email, token: string): Promise<{ title: string; body: Html }> {
  const meetingId = email.matter.slice(8);
  const meeting = await getMeeting(deps, email.committeeId, meetingId);
  const rulebook = await committeeRulebook(deps.store, email.committeeId, meeting.startsAt);
  const seat = rulebook.seats.find((s) => s.id === email.seatId);
  const items = (await listAgendaItems(deps, email.committeeId, meetingId)).filter((i) => i.status === "accepted" && seat && mayReceiveItem(i, seat, rulebook));
  if (meeting.status === "cancelled") return { title: "Mødet er aflyst", body: html`<h1>Mødet ${danishDateTime(meeting.startsAt)} er aflyst</h1><div class="card"><p>${answerPage.apologyCancelled.lines[0]}</p></div>` };
  return {
    title: "Dagsorden",
    body: html`<h1>Dagsorden: mødet ${danishDateTime(meeting.startsAt)}</h1>
<div class="card"><ol>${items.map((i) => html`<li><strong>${i.title}</strong><br>${i.description}${i.material.length ? html`<p>${i.material.map((m, n) => html`<a class="file" href="${formAction(token)}/materiale/${i.itemId}/${n}">Hent ${m.name}</a>`)}</p>` : ""}</li>`)}</ol></div>
<form method="post" action="${formAction(token)}" class="card"><h2>Meld afbud</h2><input type="hidden" name="afbud" value="ja">
<label><input type="checkbox" name="suppleant" value="ja"> Min suppleant deltager i stedet</label><button type="submit">Meld afbud</button></form>`,
  };
}

function itemRequestBody(token: string): { title: string; body: Html } {
  return {
    title: "Anmod om et punkt",
    body: html`<h1>Anmod om et punkt til dagsordenen</h1><form method="post" action="${formAction(token)}" class="card">
<label for="titel">Overskrift</label><input type="text" id="titel" name="titel" required maxlength="300"><label for="beskrivelse">Beskrivelse</label><textarea id="beskrivelse" name="beskrivelse" maxlength="20000"></textarea>
<button type="submit">Send anmodning</button></form>`,
  };
}

function reportBody(token: string): { title: string; body: Html } {
  return {
    title: "Statusrapport",
    body: html`<h1>Statusrapport</h1><form method="post" action="${formAction(token)}" class="card"><label for="rapport">Status, nøgletal (ét pr. linje, fx "Andel: 61 %") og forbrug</label><textarea id="rapport" name="rapport" required maxlength="50000"></textarea><button type="submit">Send rapport</button></form>`,
  };
}

export interface MemberPageOptions {
  /** An answer was stored; the local server judges it in the background (in AWS the answer's page does). */
  onAccepted?: (action: LinkAction) => void;
}

export function registerMemberPages(app: Hono, deps: Deps, options: MemberPageOptions = {}): void {
  app.get("/m/:token", async (c) => {
    const token = c.req.param("token");
    const r = await resolve(deps, token);
    if (!r.ok) return respond(c, linkStatus(r.reason), "Linket virker ikke", html`<h1>Linket virker ikke</h1><div class="card"><p>${linkProblem(r.reason, "now")}</p></div>`);
    const action = r.email.token?.action;
    const view =
      action === "written-vote" ? await voteBody(deps, r.email, token, c.req.query("svar"))
      : action === "minutes" ? await minutesBody(deps, r.email, token)
      : action === "apology" ? await agendaBody(deps, r.email, token)
      : action === "item-request" ? itemRequestBody(token)
      : reportBody(token);
    return respond(c, 200, view.title, view.body);
  });

  app.post("/m/:token", async (c) => {
    const token = c.req.param("token");
    // A forgery is refused before any lookup; an expired or revoked link, or one whose addressee no longer
    // holds the seat, before anything is stored.
    const hash = verifiedTokenHash(deps.keys, token);
    if (!hash) return respond(c, 404, "Linket virker ikke", html`<h1>Linket virker ikke</h1><div class="card"><p>${linkProblem("forged", "now")}</p></div>`);
    const now = deps.clock.arrival?.() ?? deps.clock.now(); // to the millisecond: the order of arrival decides
    const usable = await checkLink(deps, hash, now);
    if (!usable.ok) return respond(c, linkStatus(usable.reason), "Linket virker ikke", html`<h1>Linket virker ikke</h1><div class="card"><p>${linkProblem(usable.reason, "now")}</p><p>Dit svar er ikke gemt.</p></div>`);
    // The pages' forms post urlencoded: read as text, without the multipart machinery of parseBody.
    const urlencoded = (c.req.header("content-type") ?? "application/x-www-form-urlencoded").startsWith("application/x-www-form-urlencoded");
    // Kept as a list of fields: a field called "constructor" or "__proto__" is stored like any other.
    const form: [string, string][] = urlencoded
      ? [...new URLSearchParams(await c.req.text())]
      : Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === "string");
    // Raw first (R-7.2): the answer is stored as posted; it is judged on the page the member is sent to.
    const accepted = await acceptLinkAction(deps, hash, form, now);
    options.onAccepted?.(accepted);
    // 303: the answer's page is fetched with GET, so reloading it never posts the answer again.
    return c.redirect(`${formAction(token)}/svar/${accepted.actionId}`, 303);
  });

  app.get("/m/:token/svar/:actionId", async (c) => {
    const hash = verifiedTokenHash(deps.keys, c.req.param("token"));
    const accepted = hash ? await getLinkAction(deps, c.req.param("actionId")) : undefined;
    // Only the link that posted an answer shows it.
    if (!accepted || accepted.tokenHash !== hash) return respond(c, 404, "Ikke fundet", html`<h1>Ikke fundet</h1><div class="card"><p>${linkProblem("unknown", "now")}</p></div>`);
    const outcome = await judgeLinkAction(deps, accepted);
    const back = outcome.httpStatus === 400 ? html`<p><a href="${formAction(c.req.param("token"))}">Tilbage</a></p>` : "";
    return respond(c, outcome.httpStatus ?? 200, outcome.title, html`<h1>${outcome.title}</h1><div class="card">${outcome.lines.map((l) => html`<p class="${outcome.counted ? "" : "bad"}">${l}</p>`)}${back}</div>`);
  });

  const serve = (c: Context, blobKey: string | undefined, name: string, contentType: string) =>
    serveFile(c, deps, blobKey ? { blobKey, name, contentType } : undefined, () => respond(c, 404, "Ikke fundet", html`<h1>Filen findes ikke</h1>`));

  app.get("/m/:token/materiale/:item/:n", async (c) => {
    const r = await resolve(deps, c.req.param("token"));
    if (!r.ok || r.email.token?.action !== "apology") return respond(c, 404, "Ikke fundet", html`<h1>Ikke fundet</h1>`);
    const meeting = await getMeeting(deps, r.email.committeeId, r.email.matter.slice(8));
    const rulebook = await committeeRulebook(deps.store, r.email.committeeId, meeting.startsAt);
    const seat = rulebook.seats.find((s) => s.id === r.email.seatId);
    const item = (await listAgendaItems(deps, r.email.committeeId, r.email.matter.slice(8))).find((i) => i.itemId === c.req.param("item"));
    // R-3.4: an authorities-only item's material is not reachable from a general-practice seat's link.
    if (!item || !seat || !mayReceiveItem(item, seat, rulebook)) return respond(c, 404, "Ikke fundet", html`<h1>Ikke fundet</h1>`);
    const m = item.material[Number(c.req.param("n"))];
    return serve(c, m?.blobKey, m?.name ?? "", m?.contentType ?? "application/octet-stream");
  });

  app.get("/m/:token/materiale/:n", async (c) => {
    const r = await resolve(deps, c.req.param("token"));
    if (!r.ok || r.email.token?.action !== "written-vote") return respond(c, 404, "Ikke fundet", html`<h1>Ikke fundet</h1>`);
    const { vote } = await voteState(deps, r.email.committeeId, r.email.matter.slice(5));
    const m = vote.material[Number(c.req.param("n"))];
    return serve(c, m?.blobKey, m?.name ?? "", m?.contentType ?? "application/octet-stream");
  });

  app.get("/m/:token/protokol", async (c) => {
    const r = await resolve(deps, c.req.param("token"));
    if (!r.ok || r.email.token?.action !== "minutes") return respond(c, 404, "Ikke fundet", html`<h1>Ikke fundet</h1>`);
    const version = r.email.version ?? 0;
    const v = (await minutesVersions(deps, r.email.committeeId, r.email.matter.slice(8))).find((x) => x.version === version);
    return serve(c, v?.blobKey, `protokol-udgave-${version}.pdf`, "application/pdf");
  });

}
