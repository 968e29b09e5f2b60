/**
 * The secretariat's console: Danish, server-rendered, no scripts; keyboard and screen-reader friendly.
 * Signing in stores the API token in an HttpOnly, SameSite=Strict cookie; every action is a form POST to
 * the same use cases as the API, checked against the same roles.
 */
import { randomUUID } from "node:crypto";
import type { Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { danishWeekday } from "#domain/calendar";
import { committeeRulebook } from "../committee/committee.ts";
import { decideItem } from "../meetings/agenda.ts";
import { upsertInitiative } from "../initiatives/initiatives.ts";
import type { Deps } from "../deps.ts";
import { addAgendaItem, releaseAgenda } from "../meetings/agenda.ts";
import { cancelMeeting } from "../meetings/plan.ts";
import { recordApology } from "../meetings/attendance.ts";
import { uploadMinutes } from "../minutes/minutes.ts";
import { auditView } from "../audit/audit.ts";
import { listWrittenVotes, writtenVoteView } from "../written-votes/queries.ts";
import { meetingDetail, termView } from "../meetings/queries.ts";
import { cancelWrittenVote, openWrittenVote } from "../written-votes/written-votes.ts";
import { listInitiatives } from "../initiatives/initiatives.ts";
import { ANSWER_DA, CHANNEL_DA, danishDate, danishDateTime } from "#templates/danish";
import { authenticate, type Caller } from "../committee/api-tokens.ts";
import { html, page, type Html } from "./pages.ts";

export interface OutboxEntry {
  file: string;
  to: string;
  subject: string;
  date: string;
  purpose: string;
}

export interface ConsoleOptions {
  local?: {
    listOutbox(): Promise<OutboxEntry[]>;
    readOutbox(file: string): Promise<{ entry: OutboxEntry; text: string; html: string; raw: Buffer } | undefined>;
    pasteInbound(raw: Buffer): Promise<{ outcome: string; reason?: string | undefined; recorded?: string | undefined }>;
  } | undefined;
}

const COOKIE = "kf_session";
const PURPOSE_DA: Record<string, string> = {
  "call-for-items": "Indkaldelse af punkter", "initiative-report-request": "Anmodning om statusrapport", "initiative-report-reminder": "Påmindelse om statusrapport",
  "initiative-report-escalation": "Manglende statusrapport", "agenda-release-reminder": "Påmindelse: frigiv dagsorden", agenda: "Dagsorden",
  "extraordinary-meeting-notice": "Indkaldelse til ekstraordinært møde", "quorum-forecast": "Quorumprognose", minutes: "Protokol", "minutes-reminder": "Påmindelse: protokol",
  "minutes-approved": "Protokol godkendt", alert: "Advarsel", ballot: "Stemmeseddel", "vote-reminder": "Påmindelse om afstemning", "vote-result": "Resultat",
  "vote-receipt": "Kvittering for stemme", "reply-outcome": "Svar på svar", "item-request-forwarded": "Anmodning om punkt", "meeting-changed": "Møde flyttet", "meeting-cancelled": "Møde aflyst",
};
const STATUS_DA: Record<string, string> = { planned: "planlagt", held: "afholdt", cancelled: "aflyst", open: "åben", closed: "afsluttet" };
const OUTCOME_DA: Record<string, string> = { carried: "vedtaget", "not-carried": "ikke vedtaget", "moved-to-meeting": "skal behandles på møde", cancelled: "annulleret" };

function nav(local: boolean): Html {
  return html`<a href="/console">Valgperioden</a><a href="/console/votes">Skriftlige voteringer</a><a href="/console/initiatives">Indsatser</a><a href="/console/audit">Revisionsspor</a>${local ? html`<a href="/console/outbox">Udbakke</a><a href="/console/inbound">Indsæt svar</a>` : ""}<a href="/api/openapi.json">API</a>`;
}

const fmt = (at: string | null | undefined) => (at ? danishDateTime(at) : "");

export function registerConsole(app: Hono, deps: Deps, options: ConsoleOptions): void {
  const local = Boolean(options.local);
  const show = (c: Context, title: string, body: Html, status = 200) => {
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "same-origin");
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; img-src 'self'; frame-src 'self'");
    return c.html(page(`${title} – klyngeflow`, body, { nav: nav(local) }), status as 200);
  };
  const flash = (c: Context) => {
    const ok = c.req.query("ok");
    const err = c.req.query("fejl");
    return html`${ok ? html`<p class="card ok" role="status">${ok}</p>` : ""}${err ? html`<p class="card bad" role="alert">${err}</p>` : ""}`;
  };
  async function caller(c: Context): Promise<Caller | undefined> {
    const token = getCookie(c, COOKIE);
    return token ? authenticate(deps.store, `Bearer ${token}`) : undefined;
  }
  /** Runs a page or an action for a signed-in caller with one of `roles`; POSTs must come from our own pages. */
  const guarded = (roles: Caller["role"][], fn: (c: Context, who: Caller) => Promise<Response>) => async (c: Context) => {
    const who = await caller(c);
    if (!who) return c.redirect(`/console/login?videre=${encodeURIComponent(c.req.path)}`);
    if (c.req.method === "POST") {
      const origin = c.req.header("origin");
      if (origin && origin !== new URL(c.req.url).origin) return show(c, "Afvist", html`<h1>Afvist</h1><p>Handlingen kom ikke fra konsollen.</p>`, 403);
    }
    if (!roles.includes(who.role)) return show(c, "Ingen adgang", html`<h1>Ingen adgang</h1><p>Din rolle (${who.role === "chair" ? "formandskab" : "sekretariat"}) må ikke dette.</p>`, 403);
    return fn(c, who);
  };
  const act = (path: string, roles: Caller["role"][], fn: (c: Context, who: Caller, form: Record<string, string | File>) => Promise<string>) =>
    app.post(path, guarded(roles, async (c, who) => {
      const form = (await c.req.parseBody()) as Record<string, string | File>;
      const back = c.req.header("referer") && new URL(c.req.header("referer") ?? "", c.req.url).pathname.startsWith("/console") ? new URL(c.req.header("referer") ?? "", c.req.url).pathname : "/console";
      try {
        const message = await fn(c, who, form);
        return c.redirect(`${back}?ok=${encodeURIComponent(message)}`, 303);
      } catch (e) {
        return c.redirect(`${back}?fejl=${encodeURIComponent((e as Error).message)}`, 303);
      }
    }));
  const str = (f: Record<string, string | File>, k: string) => (typeof f[k] === "string" ? (f[k] as string).trim() : "");

  app.get("/console/login", (c) => show(c, "Log ind", html`<h1>Log ind</h1><form method="post" action="/console/login" class="card">
<input type="hidden" name="videre" value="${c.req.query("videre") ?? "/console"}">
<label for="token">API-token</label><input type="password" id="token" name="token" autocomplete="current-password" required>
<p class="muted">Lokalt udskriver <code>npm start</code> tokenet. I AWS udstedes det af driften.</p>${c.req.query("fejl") ? html`<p class="bad" role="alert">${c.req.query("fejl")}</p>` : ""}
<button type="submit">Log ind</button></form>`));
  app.post("/console/login", async (c) => {
    const form = await c.req.parseBody();
    const token = String(form.token ?? "").trim();
    const who = await authenticate(deps.store, `Bearer ${token}`);
    if (!who) return c.redirect("/console/login?fejl=Ukendt%20eller%20forkert%20token", 303);
    setCookie(c, COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/", secure: new URL(c.req.url).protocol === "https:" });
    const next = String(form.videre ?? "/console");
    return c.redirect(next.startsWith("/console") ? next : "/console", 303);
  });
  app.post("/console/logout", (c) => { deleteCookie(c, COOKIE, { path: "/" }); return c.redirect("/console/login", 303); });

  app.get("/console", guarded(["secretariat", "chair"], async (c, who) => {
    const term = await termView(deps, who.committeeId);
    return show(c, "Valgperioden", html`<h1>${term.committee.name}</h1>${flash(c)}
<div class="card"><p>Forretningsorden: <strong>${term.committee.rulebook}</strong> ${term.committee.rulebookStatus === "assumed" ? html`<span class="badge bad">antaget – ikke vedtaget</span>` : html`<span class="badge">vedtaget</span>`}, gyldig ${danishDate(term.committee.validity.from)} – ${danishDate(term.committee.validity.to)}.</p>
${term.warnings.length ? html`<h2>Advarsler</h2><ul>${term.warnings.map((w) => html`<li class="bad">${w.rule}: ${w.message}</li>`)}</ul>` : html`<p class="ok">Mødeplanen opfylder forretningsordenen (mindst ${term.years[0]?.required ?? 2} møder om året, R-3.1).</p>`}
<form method="post" action="/console/logout"><button class="secondary" type="submit">Log ud (${who.name})</button></form></div>
<div class="card"><h2>Møder</h2><table><caption class="muted">Hvert møde med sin næste frist</caption><thead><tr><th scope="col">Møde</th><th scope="col">Status</th><th scope="col">Næste frist</th></tr></thead><tbody>
${term.meetings.map((m) => html`<tr><td><a href="/console/meetings/${m.id}">${danishDateTime(m.startsAt)}</a>${m.kind === "extraordinary" ? html` <span class="badge">ekstraordinært</span>` : ""}<br><span class="muted">${m.location}</span></td><td>${STATUS_DA[m.status] ?? m.status}${m.agendaSentAt ? html`<br><span class="muted">dagsorden sendt</span>` : ""}${m.minutesApprovedAt ? html`<br><span class="ok">protokol godkendt</span>` : ""}</td><td>${m.nextDeadline ? html`${m.nextDeadline.weekday || danishWeekday(m.nextDeadline.date)} ${fmt(m.nextDeadline.at)}<br><span class="muted">${m.nextDeadline.rule}: ${m.nextDeadline.what}</span>` : "–"}</td></tr>`)}
</tbody></table></div>`);
  }));

  app.get("/console/meetings/:id", guarded(["secretariat", "chair"], async (c, who) => {
    const id = c.req.param("id") ?? "";
    const d = await meetingDetail(deps, who.committeeId, id);
    const rb = await committeeRulebook(deps.store, who.committeeId, d.meeting.startsAt);
    const m = d.meeting;
    const base = `/console/meetings/${encodeURIComponent(id)}`;
    return show(c, `Møde ${id}`, html`<h1>Møde ${danishDateTime(m.startsAt)}</h1>${flash(c)}
<div class="card"><p>${m.kind === "extraordinary" ? "Ekstraordinært møde" : "Ordinært møde"} · ${STATUS_DA[m.status] ?? m.status} · ${m.location}${m.virtualUrl ? html` · <a href="${m.virtualUrl}">virtuelt link</a>` : ""} · mødeleder: ${m.presidingChairTitle}</p>
<p><a href="/api/committees/${who.committeeId}/meetings/${id}/export?format=csv">Eksportér til arkiv (CSV)</a> · <a href="/api/committees/${who.committeeId}/meetings/${id}/export">JSON</a></p></div>
<div class="card"><h2>Tidslinje</h2><table><thead><tr><th scope="col">Hvornår</th><th scope="col">Hvad</th><th scope="col">Regel</th></tr></thead><tbody>
${d.deadlines.map((x) => html`<tr class="${x.past ? "muted" : ""}"><td>${fmt(x.at)}</td><td>${x.what}</td><td>${x.rule}</td></tr>`)}</tbody></table>
<h2>Sendt</h2><table><thead><tr><th scope="col">Hvad</th><th scope="col">Antal</th><th scope="col">Første</th><th scope="col">Seneste</th></tr></thead><tbody>
${d.emails.byPurpose.map((e) => html`<tr><td>${PURPOSE_DA[e.purpose] ?? e.purpose}</td><td>${e.count}</td><td>${fmt(e.first)}</td><td>${fmt(e.last)}</td></tr>`)}</tbody></table>
${d.emails.unconfirmed ? html`<p class="bad">${d.emails.unconfirmed} e-mail(s) er ikke bekræftet sendt.</p>` : ""}</div>
<div class="card"><h2>Dagsorden</h2>${m.agendaSentAt ? html`<p class="ok">Udsendt ${fmt(m.agendaSentAt)}${m.agendaReleasedAt ? html` (frigivet ${fmt(m.agendaReleasedAt)})` : ""}.</p>` : m.agendaReleasedAt ? html`<p>Frigivet ${fmt(m.agendaReleasedAt)}; sendes nu.</p>` : ""}
<ol>${d.items.map((i) => html`<li><strong>${i.title}</strong> ${i.authoritiesOnly ? html`<span class="badge">kun region og kommuner</span>` : ""} ${i.late ? html`<span class="badge bad">for sen anmodning</span>` : ""} <span class="muted">(${i.status === "requested" ? "afventer formandskabet" : i.status === "declined" ? "afvist" : "optaget"})</span><br>${i.description}
${i.status === "requested" ? html`<form method="post" action="${base}/items/${i.id}/decision"><button name="decision" value="accepted">Optag</button><button class="secondary" name="decision" value="declined">Afvis</button></form>` : ""}</li>`)}</ol>
${!m.agendaSentAt ? html`<form method="post" action="${base}/items"><h2>Tilføj punkt</h2><label for="title">Overskrift</label><input type="text" id="title" name="title" required maxlength="300"><label for="description">Beskrivelse</label><textarea id="description" name="description"></textarea>
<label><input type="checkbox" name="authoritiesOnly" value="ja"> Kun for region og kommuner (§ 3, stk. 4)</label><label><input type="checkbox" name="concernsGeneralPractice" value="ja"> Vedrører almen praksis</label><button type="submit">Tilføj punkt</button></form>
<form method="post" action="${base}/release"><button type="submit">Frigiv dagsordenen (sendes til alle pladser)</button></form>` : ""}</div>
<div class="card"><h2>Afbud og beslutningsdygtighed</h2><p class="${d.quorumForecast.quorate ? "ok" : "bad"}">Forventet: ${d.quorumForecast.present} af ${d.quorumForecast.seats} (mindst ${d.quorumForecast.required}) – ${d.quorumForecast.quorate ? "beslutningsdygtig" : "IKKE beslutningsdygtig"}</p>
<ul>${d.quorumForecast.conditions.map((q) => html`<li class="${q.ok ? "ok" : "bad"}">${q.message}</li>`)}</ul>
${d.quorumForecast.bounced.length ? html`<p class="bad">Adresser, der ikke kan modtage post: ${d.quorumForecast.bounced.join(", ")}</p>` : ""}
<ul>${d.attendance.map((a) => html`<li>${a.title}: ${a.status === "apology" ? "afbud" : a.status === "present" ? "til stede" : "fraværende"}${a.substituteAttends ? " (suppleant deltager)" : ""} <span class="muted">${fmt(a.receivedAt)}, ${CHANNEL_DA[a.channel] ?? a.channel}</span></li>`)}</ul>
<form method="post" action="${base}/apology"><label for="seat">Registrér afbud for</label><select id="seat" name="seatId">${rb.seats.map((s) => html`<option value="${s.id}">${s.title}</option>`)}</select>
<label><input type="checkbox" name="substitute" value="ja"> Suppleant deltager</label><button type="submit">Registrér afbud</button></form></div>
<div class="card" id="indsatser"><h2>Indsatsrapporter</h2><table><thead><tr><th scope="col">Indsats</th><th scope="col">Status</th></tr></thead><tbody>${d.initiativeReports.map((r) => html`<tr><td>${r.name}</td><td class="${r.status === "missing" ? "bad" : r.status === "received" ? "ok" : ""}">${r.status === "received" ? `modtaget ${fmt(r.receivedAt)}` : r.status === "missing" ? "MANGLER" : "afventes"}</td></tr>`)}</tbody></table></div>
<div class="card"><h2>Protokol</h2><p>Status: ${d.minutes.status}</p>
${d.minutes.rounds.map((r) => html`<h3>Udgave ${r.version}</h3><p>Sendt ${fmt(r.sentAt) || "ikke endnu"}${r.objectionDeadline ? html` · indsigelsesfrist ${fmt(r.objectionDeadline)}` : ""} · ${r.state}</p>${r.objections.length ? html`<ul>${r.objections.map((o) => html`<li>${rb.seats.find((s) => s.id === o.seat)?.title ?? o.seat} (${fmt(o.receivedAt)}): ${o.text}</li>`)}</ul>` : ""}`)}
${m.status !== "cancelled" && !m.minutesApprovedAt ? html`<form method="post" action="${base}/minutes" enctype="multipart/form-data"><label for="file">Protokol (PDF)</label><input type="file" id="file" name="file" accept="application/pdf" required>
<label for="changeNote">Ændringer i forhold til forrige udgave</label><textarea id="changeNote" name="changeNote"></textarea><button type="submit">Læg op og send</button></form>` : ""}</div>
${m.status === "planned" ? html`<form method="post" action="${base}/cancel" class="card"><button class="secondary" type="submit">Aflys mødet</button></form>` : ""}`);
  }));
  act("/console/meetings/:id/items", ["secretariat", "chair"], async (c, who, f) => { await addAgendaItem(deps, who.committeeId, c.req.param("id") ?? "", { title: str(f, "title"), description: str(f, "description"), authoritiesOnly: str(f, "authoritiesOnly") === "ja", concernsGeneralPractice: str(f, "concernsGeneralPractice") === "ja" }, who.name); return "Punktet er tilføjet."; });
  act("/console/meetings/:id/items/:item/decision", ["chair", "secretariat"], async (c, who, f) => { await decideItem(deps, who.committeeId, c.req.param("id") ?? "", c.req.param("item") ?? "", str(f, "decision") === "declined" ? "declined" : "accepted", who.name); return "Beslutningen er registreret."; });
  act("/console/meetings/:id/release", ["chair", "secretariat"], async (c, who) => { await releaseAgenda(deps, who.committeeId, c.req.param("id") ?? "", who.name); return "Dagsordenen er frigivet og sendes til alle pladser."; });
  act("/console/meetings/:id/apology", ["secretariat"], async (c, who, f) => { const r = await recordApology(deps, { committeeId: who.committeeId, meetingId: c.req.param("id") ?? "", seatId: str(f, "seatId"), substituteAttends: str(f, "substitute") === "ja", receivedAt: deps.clock.arrival?.() ?? deps.clock.now(), channel: "secretariat", sourceRef: `console/${randomUUID()}`, by: who.name }); return r.status === "recorded" ? "Afbuddet er registreret." : "Mødet er begyndt; afbuddet er gemt."; });
  act("/console/meetings/:id/minutes", ["secretariat"], async (c, who, f) => {
    const file = f.file;
    if (!(file instanceof File) || file.size === 0) throw new Error("Vælg en fil.");
    await uploadMinutes(deps, { committeeId: who.committeeId, meetingId: c.req.param("id") ?? "", content: Buffer.from(await file.arrayBuffer()), contentType: file.type || "application/pdf", changeNote: str(f, "changeNote"), by: who.name });
    return "Protokollen er lagt op og sendes til alle pladser.";
  });
  act("/console/meetings/:id/cancel", ["secretariat", "chair"], async (c, who) => { await cancelMeeting(deps, who.committeeId, c.req.param("id") ?? "", who.name); return "Mødet er aflyst; kalenderinvitationerne er annulleret."; });

  app.get("/console/votes", guarded(["secretariat", "chair"], async (c, who) => {
    const votes = await listWrittenVotes(deps, who.committeeId);
    return show(c, "Skriftlige voteringer", html`<h1>Skriftlige voteringer</h1>${flash(c)}
<div class="card"><table><thead><tr><th scope="col">Sag</th><th scope="col">Status</th><th scope="col">Frist</th></tr></thead><tbody>${votes.map((v) => html`<tr><td><a href="/console/votes/${v.id}">${v.title}</a></td><td>${STATUS_DA[v.status] ?? v.status}${v.outcome ? html` – ${OUTCOME_DA[v.outcome] ?? v.outcome}` : ""}</td><td>${fmt(v.closesAt)}</td></tr>`)}</tbody></table></div>
${who.role === "secretariat" ? html`<form method="post" action="/console/votes" class="card"><h2>Åbn en skriftlig votering</h2><label for="vtitle">Sag</label><input type="text" id="vtitle" name="title" required maxlength="300">
<label for="question">Spørgsmål til medlemmerne</label><textarea id="question" name="question" required maxlength="5000"></textarea>
<label><input type="checkbox" name="gp" value="ja"> Vedrører almen praksis</label><button type="submit">Åbn og send stemmesedler</button></form>` : ""}`);
  }));
  app.post("/console/votes", guarded(["secretariat"], async (c, who) => {
    const f = (await c.req.parseBody()) as Record<string, string>;
    try {
      const v = await openWrittenVote(deps, { committeeId: who.committeeId, title: String(f.title ?? "").trim(), question: String(f.question ?? "").trim(), concernsGeneralPractice: f.gp === "ja", openedBy: who.name });
      return c.redirect(`/console/votes/${v.voteId}?ok=${encodeURIComponent("Afstemningen er åbnet; stemmesedlerne sendes.")}`, 303);
    } catch (e) {
      return c.redirect(`/console/votes?fejl=${encodeURIComponent((e as Error).message)}`, 303);
    }
  }));
  app.get("/console/votes/:id", guarded(["secretariat", "chair"], async (c, who) => {
    const v = await writtenVoteView(deps, who.committeeId, c.req.param("id") ?? "");
    return show(c, v.title, html`<h1>${v.title}</h1>${flash(c)}
<div class="card"><p>${v.question}</p><p>Status: <strong id="status">${STATUS_DA[v.status] ?? v.status}${v.outcome ? ` – ${OUTCOME_DA[v.outcome] ?? v.outcome}` : ""}</strong>${v.explanation ? html`<br>${v.explanation}` : ""}</p>
<p>Åbnet ${fmt(v.openedAt)} · frist ${fmt(v.closesAt)}${v.closedAt ? ` · afsluttet ${fmt(v.closedAt)}` : ""}</p>
<p>For ${v.tally.for} · imod ${v.tally.against} · undlod ${v.tally.abstain} · svar ${v.tally.respondents}</p>
${v.status === "open" && who.role === "secretariat" ? html`<form method="post" action="/console/votes/${v.id}/cancel"><button class="secondary" type="submit">Annullér afstemningen</button></form>` : ""}</div>
<div class="card"><h2>Pladser</h2><table><thead><tr><th scope="col">Plads</th><th scope="col">Svar</th><th scope="col">Kanal</th><th scope="col">Tidspunkt</th></tr></thead><tbody>
${v.responses.map((r) => html`<tr><td>${r.title}</td><td>${r.answer ? ANSWER_DA[r.answer] : html`<span class="muted">ikke svaret</span>`}${r.changes ? html` <span class="muted">(ændret ${r.changes}×)</span>` : ""}${r.remark ? html`<br><span class="muted">${r.remark}</span>` : ""}</td><td>${r.channel ? (CHANNEL_DA[r.channel] ?? r.channel) : ""}</td><td>${fmt(r.receivedAt)}</td></tr>`)}</tbody></table>
${v.notCounted.length ? html`<h2>Ikke talt med</h2><ul>${v.notCounted.map((n) => html`<li>${n.seat}: ${n.answer} (${fmt(n.receivedAt)}) – ${n.reason}</li>`)}</ul>` : ""}</div>`);
  }));
  act("/console/votes/:id/cancel", ["secretariat"], async (c, who) => { await cancelWrittenVote(deps, who.committeeId, c.req.param("id") ?? "", who.name); return "Afstemningen er annulleret."; });

  app.get("/console/initiatives", guarded(["secretariat", "chair"], async (c, who) => {
    const list = await listInitiatives(deps, who.committeeId);
    return show(c, "Indsatser", html`<h1>Indsatser</h1>${flash(c)}<div class="card"><table><thead><tr><th scope="col">Indsats</th><th scope="col">Ansvarlig</th><th scope="col">Midler</th><th scope="col">Politiske mål</th></tr></thead><tbody>
${list.map((i) => html`<tr><td>${i.name}</td><td>${i.owner.name}<br><span class="muted">${i.owner.email}</span></td><td>${i.fundsDkk.toLocaleString("da-DK")} kr.</td><td><ul>${i.goals.map((g) => html`<li>${g}</li>`)}</ul></td></tr>`)}</tbody></table>
<p class="muted">Rapporterne pr. møde ses på mødets side.</p></div>
${who.role === "secretariat" ? html`<form method="post" action="/console/initiatives" class="card"><h2>Tilføj indsats</h2><label for="iid">Id (fx overvaegt)</label><input type="text" id="iid" name="id" required pattern="[a-z0-9-]+"><label for="iname">Navn</label><input type="text" id="iname" name="name" required>
<label for="owner">Ansvarlig (navn)</label><input type="text" id="owner" name="owner" required><label for="oemail">Ansvarlig (e-mail)</label><input type="text" id="oemail" name="ownerEmail" required><label for="funds">Midler (kr.)</label><input type="text" id="funds" name="funds" inputmode="numeric"><label for="goals">Mål (ét pr. linje)</label><textarea id="goals" name="goals"></textarea><button type="submit">Gem</button></form>` : ""}`);
  }));
  act("/console/initiatives", ["secretariat"], async (_c, who, f) => {
    await upsertInitiative(deps, who.committeeId, { initiativeId: str(f, "id"), name: str(f, "name"), owner: { name: str(f, "owner"), email: str(f, "ownerEmail") }, fundsDkk: Number(str(f, "funds").replace(/\D/g, "") || 0), goals: str(f, "goals").split("\n").map((g) => g.trim()).filter(Boolean), active: true }, who.name);
    return "Indsatsen er gemt.";
  });

  app.get("/console/audit", guarded(["secretariat", "chair"], async (c, who) => {
    const { entries } = await auditView(deps, who.committeeId, c.req.query("sag") || undefined);
    return show(c, "Revisionsspor", html`<h1>Revisionsspor</h1><div class="card"><table><thead><tr><th scope="col">Tidspunkt</th><th scope="col">Sag</th><th scope="col">Hvem</th><th scope="col">Hændelse</th><th scope="col">Kanal</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${fmt(e.at)}</td><td><a href="/console/audit?sag=${encodeURIComponent(e.matter)}">${e.matter}</a> #${e.seq}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.channel}</td></tr>`)}</tbody></table></div>`);
  }));

  if (options.local) {
    const l = options.local;
    app.get("/console/outbox", guarded(["secretariat", "chair"], async (c) => {
      const mails = (await l.listOutbox()).reverse();
      return show(c, "Udbakke", html`<h1>Udbakke (lokal)</h1><p class="muted">Alt, der er sendt, som medlemmerne modtager det. ${mails.length} e-mails.</p><div class="card"><table><thead><tr><th scope="col">Sendt</th><th scope="col">Til</th><th scope="col">Emne</th><th scope="col">Slags</th></tr></thead><tbody>
${mails.slice(0, 500).map((m) => html`<tr><td>${fmt(m.date)}</td><td>${m.to}</td><td><a href="/console/outbox/${encodeURIComponent(m.file)}">${m.subject}</a></td><td>${PURPOSE_DA[m.purpose] ?? m.purpose}</td></tr>`)}</tbody></table></div>`);
    }));
    app.get("/console/outbox/:file", guarded(["secretariat", "chair"], async (c) => {
      const mail = await l.readOutbox(c.req.param("file") ?? "");
      if (!mail) return show(c, "Ikke fundet", html`<h1>E-mailen findes ikke</h1>`, 404);
      return show(c, mail.entry.subject, html`<h1>${mail.entry.subject}</h1><div class="card"><p>Til: ${mail.entry.to} · ${fmt(mail.entry.date)}</p>
<p><a href="/console/outbox/${encodeURIComponent(mail.entry.file)}/html">Vis som HTML</a> · <a href="/console/outbox/${encodeURIComponent(mail.entry.file)}/raw">Hent .eml</a></p></div>
<div class="card"><pre style="white-space:pre-wrap;font:inherit" id="mailtekst">${linkify(mail.text)}</pre></div>`);
    }));
    app.get("/console/outbox/:file/html", guarded(["secretariat", "chair"], async (c) => {
      const mail = await l.readOutbox(c.req.param("file") ?? "");
      if (!mail) return c.text("Ikke fundet", 404);
      // The mail's own HTML, shown as the member sees it; sandboxed so nothing in it can act on the console.
      c.header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'");
      return c.html(mail.html);
    }));
    app.get("/console/outbox/:file/raw", guarded(["secretariat", "chair"], async (c) => {
      const mail = await l.readOutbox(c.req.param("file") ?? "");
      if (!mail) return c.text("Ikke fundet", 404);
      return c.body(new Uint8Array(mail.raw), 200, { "Content-Type": "message/rfc822", "Content-Disposition": `attachment; filename="${mail.entry.file}"` });
    }));
    app.get("/console/inbound", guarded(["secretariat"], async (c) => show(c, "Indsæt svar", html`<h1>Indsæt et svar (lokalt)</h1>${flash(c)}
<form method="post" action="/console/inbound" class="card"><label for="raw">Rå e-mail (.eml), som et medlem ville svare</label><textarea id="raw" name="raw" required style="min-height:300px;font-family:monospace"></textarea><button type="submit">Modtag</button></form>`)));
    act("/console/inbound", ["secretariat"], async (_c, _who, f) => {
      const r = await l.pasteInbound(Buffer.from(str(f, "raw").replace(/\r?\n/g, "\r\n"), "utf8"));
      return `Modtaget: ${r.outcome}${r.recorded ? ` (${r.recorded})` : ""}${r.reason ? ` – ${r.reason}` : ""}`;
    });
  }
}

/** Plain text with its links made clickable (the escaping happens first). */
function linkify(text: string): Html {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return html`${parts.map((p, i) => (i % 2 ? html`<a href="${p}">${p}</a>` : html`${p}`))}`;
}
