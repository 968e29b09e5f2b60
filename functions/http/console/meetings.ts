/**
 * The meeting plan and each meeting in the console: add, move, cancel and call meetings (R-3.1, R-3.9);
 * the agenda builder and its release (R-3.2–R-3.4); apologies and attendance (R-3.7, R-4.2); initiative
 * reports; minutes and revisions with the objections beside them (R-3.5); exports and the printable protocol
 * (R-7.1, R-7.2).
 */
import { randomUUID } from "node:crypto";
import { ATTENDANCE_DA, ITEM_SOURCE_DA, ITEM_STATUS_DA, MEETING_KIND_DA, MEETING_STATUS_DA, MINUTES_STATUS_DA, PURPOSE_DA, REPORT_STATE_DA, ROUND_STATE_DA, TIMELINE_DA, word } from "#templates/console";
import { ANSWER_DA, CHANNEL_DA } from "#templates/danish";
import { REPORT_STATUS_DA } from "#templates/records";
import { committeeRulebook } from "../../committee/committee.ts";
import { addAgendaItem, addMaterial, attachFormMaterial, changeAgendaItem, decideItem, MAX_UPLOAD_BYTES, materialUploadForm, moveAgendaItem, releaseAgenda, uploadedMaterialFile } from "../../meetings/agenda.ts";
import { recordApology, recordAttendance, withdrawApology } from "../../meetings/attendance.ts";
import { exportCsv, meetingExport } from "../../meetings/export.ts";
import { addMeeting, callExtraordinaryMeeting, cancelMeeting, moveMeeting } from "../../meetings/plan.ts";
import { meetingDetail, releasePreview, termView } from "../../meetings/queries.ts";
import { audienceOf } from "../../mail/recipients.ts";
import { mayUploadMinutes, minutesUploadForm, stagedMinutesFile, stageMinutesFile, uploadedMinutesFile, uploadMinutes } from "../../minutes/minutes.ts";
import { MAX_API_BODY } from "../limits.ts";
import { listWrittenVotes, writtenVoteView } from "../../written-votes/queries.ts";
import { html, type Html } from "../pages.ts";
import { ConsoleInputError, day, file, list, required, rolesOf, str, table, when, yes, type Kit } from "./kit.ts";

const people = (a: { seats: number; people: number }) => `${a.seats} pladser (${a.people} personer: medlemmerne og de suppleanter, der er registreret som stedfortrædere)`;
/** "850 kB", "12,4 MB" */
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toLocaleString("da-DK", { maximumFractionDigits: 1 })} MB`);
const LIMIT_MB = MAX_API_BODY / 1024 / 1024;
const MAX_MB = MAX_UPLOAD_BYTES / 1024 / 1024;
const seatsTitle = (rb: { seats: { id: string; title: string }[] }, id: string) => rb.seats.find((s) => s.id === id)?.title ?? id;

export function registerMeetings(k: Kit): void {
  const { deps } = k;
  const R = {
    view: rolesOf("get", "/meetings/{id}"),
    add: rolesOf("post", "/meetings"),
    extraordinary: rolesOf("post", "/meetings/extraordinary"),
    move: rolesOf("post", "/meetings/{id}/move"),
    cancel: rolesOf("post", "/meetings/{id}/cancel"),
    item: rolesOf("post", "/meetings/{id}/items"),
    changeItem: rolesOf("put", "/meetings/{id}/items/{item}"),
    moveItem: rolesOf("post", "/meetings/{id}/items/{item}/move"),
    decide: rolesOf("post", "/meetings/{id}/items/{item}/decision"),
    material: rolesOf("post", "/meetings/{id}/items/{item}/material"),
    release: rolesOf("post", "/meetings/{id}/agenda/release"),
    apology: rolesOf("post", "/meetings/{id}/apologies"),
    withdraw: rolesOf("post", "/meetings/{id}/apologies/{seat}/withdraw"),
    attendance: rolesOf("post", "/meetings/{id}/attendance"),
    minutes: rolesOf("post", "/meetings/{id}/minutes"),
    export: rolesOf("get", "/meetings/{id}/export"),
  };
  const idOf = (c: { req: { param(n: string): string | undefined } }) => c.req.param("id") ?? "";
  const base = (id: string) => `/console/meetings/${encodeURIComponent(id)}`;

  // ─── the term: the meeting plan ────────────────────────────────────────────────────────────────────
  k.page("/console", R.view, async (c, who) => {
    const term = await termView(deps, who.committeeId);
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const since = new Map(term.rulebooks.map((v) => [v.id, v.effectiveFrom ?? v.validity.from]));
    const next = (m: (typeof term.meetings)[number]) => m.nextDeadline ? html`${TIMELINE_DA[m.nextDeadline.event] ?? "Frist"}: ${when(m.nextDeadline.at)}` : "–";
    return k.show(c, who, "Møder", html`<h1>${term.committee.name}</h1>${k.flash(c)}
<div class="card"><p>Forretningsorden i kraft: <strong>${rb.title}</strong> ${term.committee.rulebookStatus === "assumed" ? html`<span class="badge bad">antaget – ikke vedtaget</span>` : html`<span class="badge">vedtaget</span>`}, gyldig ${day(term.committee.validity.from)} – ${day(term.committee.validity.to)}.${term.rulebooks.length > 1 ? html` Udvalget har ${String(term.rulebooks.length)} udgaver; hvert møde følger den, der gælder på dets dato.` : ""} <a href="/console/forretningsorden">Forretningsordenens udgaver</a></p>
${term.warnings.length ? html`<h2>Advarsler</h2><ul>${term.warnings.map((w) => html`<li class="bad">${w.message}</li>`)}</ul>` : html`<p class="ok">Mødeplanen opfylder forretningsordenen (mindst ${term.years[0]?.required ?? 2} møder om året).</p>`}</div>
<div class="card"><h2>Mødeplan</h2>${table(["Møde", "Status", "Næste frist", "Forretningsorden"], term.meetings.map((m) => [
      html`<a href="${base(m.id)}">${when(m.startsAt)}</a>${m.kind === "extraordinary" ? html` <span class="badge">ekstraordinært</span>` : ""}<br><span class="muted">${m.location}</span>`,
      html`${word(MEETING_STATUS_DA, m.status)}${m.agendaSentAt ? html`<br><span class="muted">dagsorden sendt</span>` : ""}${m.minutesApprovedAt ? html`<br><span class="ok">protokol godkendt</span>` : ""}`,
      next(m),
      // The version by its title, and by the day it took effect where there are several (ids are for the API).
      html`${m.rulebook.title}${term.rulebooks.length > 1 ? html`<br><span class="muted">gælder fra ${day(since.get(m.rulebook.id) ?? m.rulebook.validity.from)}</span>` : ""}`,
    ]))}</div>
${k.may(who, R.add) ? html`<form method="post" action="/console/meetings" class="card"><h2>Tilføj et ordinært møde</h2><p class="muted">Mødet kommer i mødeplanen; indkaldelsen af punkter sendes efter forretningsordenens frister.</p>
<div class="row"><div><label for="startsAt">Tidspunkt</label><input type="datetime-local" id="startsAt" name="startsAt" required></div><div><label for="location">Sted</label><input type="text" id="location" name="location" maxlength="200"></div></div><button type="submit">Tilføj møde</button></form>` : ""}
${k.may(who, R.extraordinary) ? html`<form method="post" action="/console/meetings/extraordinary" class="card"><h2>Indkald til ekstraordinært møde</h2><p class="muted">Med kortere varsel end ${rb.meetings.extraordinaryNoticeBelowDays} dage; kan holdes virtuelt. Dagsordenen sendes, når du har bekræftet.</p>
<div class="row"><div><label for="xStartsAt">Tidspunkt</label><input type="datetime-local" id="xStartsAt" name="startsAt" required></div><div><label for="xLocation">Sted</label><input type="text" id="xLocation" name="location" maxlength="200"></div><div><label for="xUrl">Link til virtuelt møde (valgfrit)</label><input type="text" id="xUrl" name="virtualUrl" inputmode="url"></div></div>
<label for="xTitle">Punkt</label><input type="text" id="xTitle" name="title" required maxlength="300"><label for="xDescription">Beskrivelse</label><textarea id="xDescription" name="description"></textarea>
<label class="check"><input type="checkbox" name="authoritiesOnly" value="ja"> Kun for region og kommuner</label><label class="check"><input type="checkbox" name="concernsGeneralPractice" value="ja"> Vedrører almen praksis</label><button type="submit">Indkald …</button></form>` : ""}`);
  });

  k.act("/console/meetings", R.add, async (_c, who, f) => {
    const m = await addMeeting(deps, { committeeId: who.committeeId, startsAt: required(str(f, "startsAt"), "Tidspunkt"), location: str(f, "location"), by: who.name });
    return { redirect: base(m.meetingId), message: `Mødet ${when(m.startsAt)} er tilføjet mødeplanen.` };
  });

  k.act("/console/meetings/extraordinary", R.extraordinary, async (_c, who, f) => {
    const r = await callExtraordinaryMeeting(deps, {
      committeeId: who.committeeId, startsAt: required(str(f, "startsAt"), "Tidspunkt"), location: str(f, "location"), virtualUrl: str(f, "virtualUrl") || undefined,
      items: [{ title: required(str(f, "title"), "Punkt"), description: str(f, "description"), authoritiesOnly: yes(f, "authoritiesOnly"), concernsGeneralPractice: yes(f, "concernsGeneralPractice") }], by: who.name,
    });
    return { redirect: base(r.meeting.meetingId), message: `Det ekstraordinære møde ${when(r.meeting.startsAt)} er indkaldt med ${r.noticeDays} dages varsel; indkaldelsen med dagsorden sendes nu.` };
  }, async (_c, who, f) => {
    required(str(f, "startsAt"), "Tidspunkt");
    required(str(f, "title"), "Punkt");
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    return { title: "Indkald til ekstraordinært møde?", button: "Ja, indkald og send dagsordenen", lines: [`Indkaldelsen med dagsorden sendes nu til ${people(await audienceOf(deps, rb, deps.clock.now()))}.`, `Tidspunkt: ${str(f, "startsAt").replace("T", " kl. ")}${str(f, "virtualUrl") ? " (virtuelt)" : ""}.`] };
  });

  // ─── one meeting ───────────────────────────────────────────────────────────────────────────────────
  k.page("/console/meetings/:id", R.view, async (c, who) => {
    const id = idOf(c);
    const d = await meetingDetail(deps, who.committeeId, id);
    const rb = await committeeRulebook(deps.store, who.committeeId, d.meeting.startsAt);
    const m = d.meeting;
    const now = Date.parse(deps.clock.now());
    const planned = m.status === "planned";
    const started = Date.parse(m.startsAt) <= now;
    const open = planned && !m.agendaSentAt;
    const votes = (await listWrittenVotes(deps, who.committeeId)).filter((v) => v.movedToMeetingId === id);
    const q = d.quorumForecast;
    const quorate = q.quorate && (q.gp?.quorate ?? true);
    const conditions = [...q.conditions, ...(q.gp ? q.gp.conditions.filter((x) => x.message.includes("almen praksis")) : [])];
    const cite = (rule: string) => rb.sources?.[rule] ?? "";
    const large = Boolean(deps.blobs.signedUpload);
    const itemRow = (i: (typeof d.items)[number], n: number): Html => html`<li><strong>${i.title}</strong>
${i.authoritiesOnly ? html` <span class="badge">kun region og kommuner</span>` : ""}${i.concernsGeneralPractice ? html` <span class="badge">almen praksis</span>` : ""}${i.late ? html` <span class="badge bad">for sen anmodning</span>` : ""}
<br><span class="muted">${word(ITEM_STATUS_DA, i.status)} · ${i.requestedBy ? `anmodet af ${seatsTitle(rb, i.requestedBy)}` : word(ITEM_SOURCE_DA, i.source)}</span>${i.description ? html`<br><span class="pre">${i.description}</span>` : ""}
${i.material.length ? html`<br>Materiale: ${i.material.map((x) => html`<span class="badge">${x.name}</span> `)}` : ""}
${i.status === "requested" && k.may(who, R.decide) ? html`<form method="post" action="${base(id)}/items/${i.id}/decision" class="actions"><button name="decision" value="accepted" class="small">Optag punktet</button><button class="small secondary" name="decision" value="declined">Afvis punktet</button></form>` : ""}
${open && i.source !== "initiative-reports" ? html`<div class="actions">${k.may(who, R.moveItem) ? html`${n > 0 ? html`<form method="post" action="${base(id)}/items/${i.id}/move"><button class="small secondary" name="retning" value="up">Flyt op</button></form>` : ""}${n < d.items.length - 1 ? html`<form method="post" action="${base(id)}/items/${i.id}/move"><button class="small secondary" name="retning" value="down">Flyt ned</button></form>` : ""}` : ""}</div>
${k.may(who, R.changeItem) ? html`<details><summary>Ret punktet</summary><form method="post" action="${base(id)}/items/${i.id}"><label for="t-${i.id}">Overskrift</label><input type="text" id="t-${i.id}" name="title" value="${i.title}" required maxlength="300"><label for="d-${i.id}">Beskrivelse</label><textarea id="d-${i.id}" name="description">${i.description}</textarea>
<label class="check"><input type="checkbox" name="authoritiesOnly" value="ja" ${i.authoritiesOnly ? "checked" : ""}> Kun for region og kommuner (${cite("R-3.4") || "R-3.4"})</label><label class="check"><input type="checkbox" name="concernsGeneralPractice" value="ja" ${i.concernsGeneralPractice ? "checked" : ""}> Vedrører almen praksis</label><button type="submit" class="small">Gem punktet</button></form></details>` : ""}
${k.may(who, R.material) ? html`<form method="post" action="${base(id)}/items/${i.id}/material" enctype="multipart/form-data"><label for="f-${i.id}">Tilføj materiale</label><input type="file" id="f-${i.id}" name="file" required><button type="submit" class="small secondary">Læg materialet op</button></form>${large ? html`<p class="muted">Filen er over ${LIMIT_MB} MB? <a href="${base(id)}/items/${i.id}/stor-fil">Læg en stor fil op</a> (højst ${MAX_MB} MB).</p>` : ""}` : ""}` : ""}</li>`;
    return k.show(c, who, `Møde ${day(m.startsAt)}`, html`<h1>Møde ${when(m.startsAt)}</h1>${k.flash(c)}
<div class="card"><p>${word(MEETING_KIND_DA, m.kind)} · ${word(MEETING_STATUS_DA, m.status)} · ${m.location || "sted oplyses senere"}${m.virtualUrl ? html` · <a href="${m.virtualUrl}">virtuelt møde</a>` : ""} · mødeleder: ${m.presidingChairTitle}</p>
<p id="forretningsorden">Forretningsorden for mødet: <a href="/console/forretningsorden">${d.rulebook.title}</a></p>
${k.may(who, R.export) ? html`<p>Arkiv: <a href="${base(id)}/protokol">Protokolside (til print)</a> · <a href="${base(id)}/export.csv">Hent som CSV (Excel)</a> · <a href="${base(id)}/export.json">Hent som JSON</a></p>` : ""}</div>
<div class="card"><h2>Tidslinje</h2>${table(["Hvornår", "Hvad", "Forretningsorden"], d.deadlines.map((x) => [html`<span class="${x.past ? "muted" : ""}">${when(x.at)}</span>`, TIMELINE_DA[x.event] ?? "", cite(x.rule)]))}
<h2>Sendt</h2>${d.emails.byPurpose.length ? table(["Hvad", "Antal", "Første", "Seneste"], d.emails.byPurpose.map((e) => [PURPOSE_DA[e.purpose] ?? "E-mail", String(e.count), when(e.first), when(e.last)])) : html`<p class="muted">Intet sendt endnu.</p>`}
${d.emails.unconfirmed ? html`<p class="bad">${d.emails.unconfirmed} e-mail(s) er ikke bekræftet sendt.</p>` : ""}</div>
<div class="card" id="dagsorden"><h2>Dagsorden</h2>${m.agendaSentAt ? html`<p class="ok">Sendt ${when(m.agendaSentAt)}${m.agendaReleasedAt ? ` (frigivet ${when(m.agendaReleasedAt)})` : ""}.</p>` : m.agendaReleasedAt ? html`<p>Frigivet ${when(m.agendaReleasedAt)}; sendes, når fristen for punkter er udløbet.</p>` : ""}
${d.items.length ? html`<ol>${d.items.map(itemRow)}</ol>` : html`<p class="muted">Ingen punkter endnu.</p>`}
${open && k.may(who, R.item) ? html`<form method="post" action="${base(id)}/items"><h3>Tilføj punkt</h3><label for="title">Overskrift</label><input type="text" id="title" name="title" required maxlength="300"><label for="description">Beskrivelse</label><textarea id="description" name="description"></textarea>
<label class="check"><input type="checkbox" name="authoritiesOnly" value="ja"> Kun for region og kommuner</label><label class="check"><input type="checkbox" name="concernsGeneralPractice" value="ja"> Vedrører almen praksis</label><button type="submit">Tilføj punkt</button></form>` : ""}
${open && !m.agendaReleasedAt && !started && k.may(who, R.release) ? html`<form method="post" action="${base(id)}/release"><button type="submit">Frigiv dagsordenen …</button></form>` : ""}</div>
<div class="card" id="fremmoede"><h2>Afbud og beslutningsdygtighed</h2><p class="${quorate ? "ok" : "bad"}"><strong>${started ? "Forventet ved mødets start" : "Forventet"}: ${q.present} af ${q.seats} (mindst ${q.required}) – ${quorate ? "beslutningsdygtig" : "IKKE beslutningsdygtig"}</strong></p>
<ul>${conditions.map((x) => html`<li class="${x.ok ? "ok" : "bad"}">${x.message}</li>`)}</ul>
${q.bounced.length ? html`<p class="bad">Adresser, der ikke kan modtage post: ${q.bounced.join(", ")}</p>` : ""}
${d.attendance.length ? html`<ul>${d.attendance.map((a) => html`<li>${a.title}: ${a.status === "withdrawn" ? "afbud trukket tilbage" : word(ATTENDANCE_DA, a.status)}${a.substituteAttends ? " (suppleant deltager)" : ""} <span class="muted">${when(a.receivedAt)}, ${CHANNEL_DA[a.channel] ?? ""}</span>
${a.status === "apology" && planned && !started && k.may(who, R.withdraw) ? html`<form method="post" action="${base(id)}/apology/${a.seat}/withdraw" class="actions"><button class="small secondary">Fortryd afbud</button></form>` : ""}</li>`)}</ul>` : ""}
${planned && !started && k.may(who, R.apology) ? html`<form method="post" action="${base(id)}/apology"><label for="seat">Registrér afbud for</label><select id="seat" name="seatId">${rb.seats.map((s) => html`<option value="${s.id}">${s.title}</option>`)}</select>
<label class="check"><input type="checkbox" name="substitute" value="ja"> Suppleant deltager</label><button type="submit">Registrér afbud</button></form>` : ""}
${(started || m.status === "held") && m.status !== "cancelled" && k.may(who, R.attendance) ? html`<form method="post" action="${base(id)}/attendance"><h3>Fremmøde (til protokollen)</h3><fieldset><legend>Hvem deltog?</legend>${rb.seats.map((s) => {
      const a = d.attendance.find((x) => x.seat === s.id);
      return html`<div class="row"><label class="check"><input type="checkbox" name="present" value="${s.id}" ${a?.status === "present" ? "checked" : ""}> ${s.title}</label><label class="check"><input type="checkbox" name="substitute" value="${s.id}" ${a?.status === "present" && a.substituteAttends ? "checked" : ""}> suppleant deltog</label></div>`;
    })}</fieldset><button type="submit">Gem fremmødet</button></form>` : ""}</div>
<div class="card" id="indsatser"><h2>Indsatsrapporter</h2>${d.initiativeReports.length ? table(["Indsats", "Status"], d.initiativeReports.map((r) => [html`<a href="/console/initiatives/${r.initiative}">${r.name}</a>`, html`<span class="${r.status === "missing" ? "bad" : r.status === "received" ? "ok" : ""}">${word(REPORT_STATE_DA, r.status)}${r.receivedAt ? ` ${when(r.receivedAt)}` : ""}${r.report?.status ? ` – ${REPORT_STATUS_DA[r.report.status] ?? ""}` : ""}</span>`])) : html`<p class="muted">Ingen aktive indsatser.</p>`}</div>
<div class="card" id="protokol"><h2>Protokol</h2><p>Status: <strong>${m.status === "cancelled" ? "mødet er aflyst" : word(MINUTES_STATUS_DA, d.minutes.status)}</strong></p>
${d.minutes.rounds.map((r) => html`<h3>Udgave ${r.version}</h3><p>${r.sentAt ? `Sendt ${when(r.sentAt)}` : "Ikke sendt endnu"}${r.objectionDeadline ? ` · indsigelsesfrist ${when(r.objectionDeadline)}` : ""} · ${word(ROUND_STATE_DA, r.state)}</p>${r.changeNote ? html`<p class="muted">Ændringer: ${r.changeNote}</p>` : ""}
${r.objections.length ? html`<h4>Indsigelser</h4><ul>${r.objections.map((o) => html`<li><strong>${seatsTitle(rb, o.seat)}</strong> (${when(o.receivedAt)}, ${CHANNEL_DA[o.channel] ?? ""}${o.counted === false ? ", tæller ikke" : ""}): ${o.text}</li>`)}</ul>` : ""}`)}
${m.status !== "cancelled" && (started || m.status === "held") && !m.minutesApprovedAt && k.may(who, R.minutes) ? html`<form method="post" action="${base(id)}/minutes" enctype="multipart/form-data"><label for="file">${d.minutes.rounds.length ? "Revideret udgave (PDF)" : "Protokol (PDF)"}</label><input type="file" id="file" name="file" accept="application/pdf" required>
<label for="changeNote">Ændringer i forhold til forrige udgave</label><textarea id="changeNote" name="changeNote"></textarea><button type="submit">Læg op …</button></form>${large ? html`<p class="muted">Protokollen er over ${LIMIT_MB} MB? <a href="${base(id)}/minutes/stor-fil">Læg en stor fil op</a> (højst ${MAX_MB} MB).</p>` : ""}` : ""}</div>
${votes.length ? html`<div class="card"><h2>Sager fra skriftlig votering</h2><ul>${votes.map((v) => html`<li><a href="/console/votes/${v.id}">${v.title}</a></li>`)}</ul></div>` : ""}
${planned && !started && (k.may(who, R.move) || k.may(who, R.cancel)) ? html`<div class="card"><h2>Flyt eller aflys</h2>${k.may(who, R.move) ? html`<form method="post" action="${base(id)}/move"><label for="moveTo">Nyt tidspunkt</label><input type="datetime-local" id="moveTo" name="startsAt" required><button type="submit" class="secondary">Flyt mødet …</button></form>` : ""}
${k.may(who, R.cancel) ? html`<form method="post" action="${base(id)}/cancel"><button class="danger" type="submit">Aflys mødet …</button></form>` : ""}</div>` : ""}`);
  });

  // ─── actions on a meeting ──────────────────────────────────────────────────────────────────────────
  const rbOf = (committeeId: string, at = deps.clock.now()) => committeeRulebook(deps.store, committeeId, at);
  k.act("/console/meetings/:id/move", R.move, async (c, who, f) => {
    const m = await moveMeeting(deps, who.committeeId, idOf(c), required(str(f, "startsAt"), "Nyt tidspunkt"), who.name);
    return `Mødet er flyttet til ${when(m.startsAt)}; de nye kalenderinvitationer er sendt.`;
  }, async (c, who, f) => {
    required(str(f, "startsAt"), "Nyt tidspunkt");
    return { title: "Flyt mødet?", button: "Ja, flyt mødet og send besked", lines: [`Besked om flytningen med ny kalenderinvitation sendes nu til ${people(await audienceOf(deps, await rbOf(who.committeeId), deps.clock.now()))}.`, `Nyt tidspunkt: ${str(f, "startsAt").replace("T", " kl. ")}. Mødets frister regnes om.`] };
  });
  k.act("/console/meetings/:id/cancel", R.cancel, async (c, who) => {
    await cancelMeeting(deps, who.committeeId, idOf(c), who.name);
    return "Mødet er aflyst; aflysningen og annulleringen af kalenderinvitationen er sendt.";
  }, async (_c, who) => ({ title: "Aflys mødet?", button: "Ja, aflys mødet", lines: [`Aflysningen sendes nu til ${people(await audienceOf(deps, await rbOf(who.committeeId), deps.clock.now()))}, og kalenderinvitationen annulleres.`, "En aflysning kan ikke fortrydes; et nyt møde tilføjes i mødeplanen."] }));
  k.act("/console/meetings/:id/release", R.release, async (c, who) => {
    const p = await releasePreview(deps, who.committeeId, idOf(c));
    await releaseAgenda(deps, who.committeeId, idOf(c), who.name);
    return p.atOnce ? "Dagsordenen er frigivet og sendes nu til alle pladser." : `Dagsordenen er frigivet. Den sendes ${day(p.goesAt)} kl. ${when(p.goesAt).split(" kl. ")[1] ?? ""}, når fristen for anmodning om punkter er udløbet.`;
  }, async (c, who) => {
    const p = await releasePreview(deps, who.committeeId, idOf(c));
    return {
      title: "Frigiv dagsordenen?", button: "Ja, frigiv dagsordenen",
      lines: [
        `Dagsordenen med ${p.items} punkter sendes til ${people(p.audience)}.`,
        p.atOnce ? "Den sendes nu." : `Den sendes ${when(p.goesAt)}, når fristen for anmodning om punkter er udløbet; punkter, der kommer rettidigt inden da, kommer med.`,
        ...(p.undecided ? [`${p.undecided} for sen(e) anmodning(er) afventer formandskabets beslutning og kommer ikke med, før de er optaget.`] : []),
      ],
    };
  });
  k.act("/console/meetings/:id/items", R.item, async (c, who, f) => {
    await addAgendaItem(deps, who.committeeId, idOf(c), { title: required(str(f, "title"), "Overskrift"), description: str(f, "description"), authoritiesOnly: yes(f, "authoritiesOnly"), concernsGeneralPractice: yes(f, "concernsGeneralPractice") }, who.name);
    return "Punktet er tilføjet.";
  });
  k.act("/console/meetings/:id/items/:item", R.changeItem, async (c, who, f) => {
    await changeAgendaItem(deps, who.committeeId, idOf(c), c.req.param("item") ?? "", { title: required(str(f, "title"), "Overskrift"), description: str(f, "description"), authoritiesOnly: yes(f, "authoritiesOnly"), concernsGeneralPractice: yes(f, "concernsGeneralPractice") }, who.name);
    return "Punktet er gemt.";
  });
  k.act("/console/meetings/:id/items/:item/move", R.moveItem, async (c, who, f) => {
    await moveAgendaItem(deps, who.committeeId, idOf(c), c.req.param("item") ?? "", str(f, "retning") === "up" ? "up" : "down", who.name);
    return "Rækkefølgen er gemt.";
  });
  k.act("/console/meetings/:id/items/:item/decision", R.decide, async (c, who, f) => {
    const accepted = str(f, "decision") === "accepted";
    await decideItem(deps, who.committeeId, idOf(c), c.req.param("item") ?? "", accepted ? "accepted" : "declined", who.name);
    return accepted ? "Punktet er optaget på dagsordenen." : "Punktet er afvist; det kommer ikke på dagsordenen.";
  });
  k.act("/console/meetings/:id/items/:item/material", R.material, async (c, who, f) => {
    const upload = file(f, "file");
    if (!upload) throw new ConsoleInputError("Vælg en fil.");
    await addMaterial(deps, who.committeeId, idOf(c), c.req.param("item") ?? "", { name: upload.name, contentType: upload.type || "application/octet-stream", content: Buffer.from(await upload.arrayBuffer()) }, who.name);
    return `Materialet "${upload.name}" er lagt op.`;
  });
  k.act("/console/meetings/:id/apology", R.apology, async (c, who, f) => {
    const r = await recordApology(deps, { committeeId: who.committeeId, meetingId: idOf(c), seatId: required(str(f, "seatId"), "Plads"), substituteAttends: yes(f, "substitute"), receivedAt: deps.clock.arrival?.() ?? deps.clock.now(), channel: "secretariat", sourceRef: `console/${randomUUID()}`, by: who.name });
    return r.status === "recorded" ? "Afbuddet er registreret." : r.status === "cancelled" ? "Mødet er aflyst; der registreres ikke afbud." : "Mødet er begyndt; afbuddet er gemt, men ændrer ikke prognosen.";
  });
  k.act("/console/meetings/:id/apology/:seat/withdraw", R.withdraw, async (c, who) => {
    await withdrawApology(deps, who.committeeId, idOf(c), c.req.param("seat") ?? "", who.name);
    return "Afbuddet er trukket tilbage; pladsen forventes igen.";
  });
  k.act("/console/meetings/:id/attendance", R.attendance, async (c, who, f) => {
    const subs = new Set(list(f, "substitute"));
    const present = [...new Set(list(f, "present"))].map((seatId) => ({ seatId, substitute: subs.has(seatId) }));
    await recordAttendance(deps, who.committeeId, idOf(c), present, who.name);
    return `Fremmødet er gemt: ${present.length} til stede.`;
  });
  k.act("/console/meetings/:id/minutes", R.minutes, async (c, who, f) => {
    const content = await stagedMinutesFile(deps, who.committeeId, idOf(c), str(f, "fil"));
    if (!content) throw new ConsoleInputError("Filen er ikke længere gemt. Vælg den igen.");
    const v = await uploadMinutes(deps, { committeeId: who.committeeId, meetingId: idOf(c), content, contentType: "application/pdf", changeNote: str(f, "changeNote"), by: who.name });
    return `Udgave ${v.version} af protokollen er lagt op og sendes nu til alle pladser.`;
  }, async (c, who, f) => {
    const upload = file(f, "file");
    if (!upload) throw new ConsoleInputError("Vælg protokollens fil.");
    await mayUploadMinutes(deps, who.committeeId, idOf(c));
    const staged = await stageMinutesFile(deps, who.committeeId, idOf(c), Buffer.from(await upload.arrayBuffer()), "application/pdf");
    return { ...(await minutesConfirmation(who.committeeId, idOf(c), { name: upload.name, bytes: upload.size })), carry: { fil: staged } };
  });
  /** What the secretariat confirms before a minutes version goes out: to whom, and the objection window (R-3.5). */
  const minutesConfirmation = async (committeeId: string, meetingId: string, file: { name: string; bytes: number }) => {
    const check = await mayUploadMinutes(deps, committeeId, meetingId);
    // R-6.1: the objection window of the meeting's own version of the rulebook.
    const rb = await rbOf(committeeId, check.meeting.startsAt);
    return {
      title: `Send protokollen (udgave ${(check.last?.version ?? 0) + 1})?`, button: "Ja, send protokollen",
      lines: [`"${file.name}" (${size(file.bytes)}) sendes nu til ${people(await audienceOf(deps, rb, deps.clock.now()))}.`, `Medlemmerne kan gøre indsigelse i ${rb.meetings.objectionWindowDays} dage.${check.revisesOpenRound ? " Den forrige udgaves runde afsluttes med indsigelse." : ""}`],
    };
  };

  // ─── files over what a request carries: straight from the browser to the blob store ────────────────
  // A form posts the file to the store (S3 in AWS) under a key ending in the file's own name; the store sends
  // the browser to /console/modtaget, which passes the key on to the page that asks for a confirmation.
  const back = (c: { req: { url: string } }, to: string) => `${new URL(c.req.url).origin}/console/modtaget?videre=${encodeURIComponent(to)}`;
  const uploadPage = (c: Parameters<Parameters<Kit["page"]>[2]>[0], who: Parameters<Parameters<Kit["page"]>[2]>[1], title: string, lead: string, form: { url: string; fields: Record<string, string>; expiresAt: string }, meetingId: string, accept: string) =>
    k.show(c, who, title, html`<h1>${title}</h1><p><a href="${base(meetingId)}">Tilbage til mødet</a></p><div class="card"><p>${lead}</p>
<form method="post" action="${form.url}" enctype="multipart/form-data">${Object.entries(form.fields).map(([n, v]) => html`<input type="hidden" name="${n}" value="${v}">`)}<label for="file">Fil (højst ${MAX_MB} MB)</label><input type="file" id="file" name="file" required${accept ? html` accept="${accept}"` : ""}><button type="submit">Læg filen op</button></form>
<p class="muted">Filen sendes direkte til arkivet og bliver ikke vist for nogen, før du har bekræftet. Formularen gælder til ${when(form.expiresAt)}.</p></div>`, 200, { formAction: new URL(form.url).origin });

  // Where the store sends the browser after an upload. No session is asked for here: the browser arrives from
  // the store's site, and the session cookie (SameSite=Strict) is sent only once the console itself sends it
  // on — at once, by a refresh, or by the link.
  k.app.get("/console/modtaget", (c) => {
    const to = c.req.query("videre") ?? "";
    const key = c.req.query("key") ?? "";
    if (!/^\/console\/meetings\/[A-Za-z0-9%._-]+\/(items\/[A-Za-z0-9._-]+\/)?(stor-fil|minutes\/stor-fil)$/.test(to) || !key) {
      return k.show(c, undefined, "Ukendt adresse", html`<h1>Adressen er ikke gyldig</h1><p class="card"><a href="/console">Til konsollen</a></p>`, 400);
    }
    const next = `${to}?key=${encodeURIComponent(key)}`;
    c.header("Refresh", `0; url=${next}`);
    return k.show(c, undefined, "Filen er modtaget", html`<h1>Filen er modtaget</h1><p class="card">Du sendes videre til konsollen for at bekræfte. Sker det ikke, så <a href="${next}">fortsæt her</a>.</p>`);
  });

  k.page("/console/meetings/:id/items/:item/stor-fil", R.material, async (c, who) => {
    const meetingId = idOf(c);
    const itemId = c.req.param("item") ?? "";
    const key = c.req.query("key");
    if (!key) {
      const form = await materialUploadForm(deps, who.committeeId, meetingId, itemId, back(c, `${base(meetingId)}/items/${itemId}/stor-fil`));
      return uploadPage(c, who, "Læg stort materiale op", "Vælg filen. Når den er lagt op, kommer du tilbage hertil og tilknytter den punktet.", form, meetingId, "");
    }
    const file = await uploadedMaterialFile(deps, who.committeeId, meetingId, itemId, key);
    if (!file) return k.show(c, who, "Filen findes ikke", html`<h1>Filen er ikke kommet frem</h1><p class="card">Der er ikke lagt nogen fil op til punktet med denne adresse. <a href="${base(meetingId)}/items/${itemId}/stor-fil">Prøv igen</a>.</p>`, 404);
    return k.show(c, who, "Tilknyt materialet", html`<h1>Tilknyt materialet?</h1><div class="card" role="alert"><p>"${file.name}" (${size(file.bytes)}) er lagt op. Det bliver en del af punktets materiale og vises for medlemmerne.</p>
<form method="post" action="${base(meetingId)}/items/${itemId}/stor-fil"><input type="hidden" name="key" value="${file.key}"><input type="hidden" name="tilbage" value="${base(meetingId)}"><button type="submit">Ja, tilknyt materialet</button> <a href="${base(meetingId)}">Fortryd</a></form></div>`);
  });
  k.act("/console/meetings/:id/items/:item/stor-fil", R.material, async (c, who, f) => {
    const file = await attachFormMaterial(deps, who.committeeId, idOf(c), c.req.param("item") ?? "", required(str(f, "key"), "Fil"), who.name);
    return `Materialet "${file.name}" er lagt op.`;
  });

  k.page("/console/meetings/:id/minutes/stor-fil", R.minutes, async (c, who) => {
    const meetingId = idOf(c);
    const key = c.req.query("key");
    if (!key) {
      const form = await minutesUploadForm(deps, who.committeeId, meetingId, back(c, `${base(meetingId)}/minutes/stor-fil`));
      return uploadPage(c, who, "Læg en stor protokol op", "Vælg protokollen (PDF). Når den er lagt op, kommer du tilbage hertil, skriver eventuelle ændringer og bekræfter, at den sendes.", form, meetingId, "application/pdf");
    }
    const file = await uploadedMinutesFile(deps, who.committeeId, meetingId, key);
    if (!file) return k.show(c, who, "Filen findes ikke", html`<h1>Protokollen er ikke kommet frem</h1><p class="card">Der er ikke lagt nogen fil op med denne adresse. <a href="${base(meetingId)}/minutes/stor-fil">Prøv igen</a>.</p>`, 404);
    const q = await minutesConfirmation(who.committeeId, meetingId, file);
    return k.show(c, who, q.title, html`<h1>${q.title}</h1><div class="card" role="alert"><ul>${q.lines.map((l) => html`<li>${l}</li>`)}</ul>
<form method="post" action="${base(meetingId)}/minutes/stor-fil"><input type="hidden" name="key" value="${file.key}"><input type="hidden" name="tilbage" value="${base(meetingId)}"><label for="changeNote">Ændringer i forhold til forrige udgave</label><textarea id="changeNote" name="changeNote"></textarea><button type="submit">${q.button}</button> <a href="${base(meetingId)}">Fortryd</a></form></div>`);
  });
  k.act("/console/meetings/:id/minutes/stor-fil", R.minutes, async (c, who, f) => {
    const file = await uploadedMinutesFile(deps, who.committeeId, idOf(c), required(str(f, "key"), "Fil"));
    if (!file) throw new ConsoleInputError("Protokollens fil er ikke kommet frem. Læg den op igen.");
    const v = await uploadMinutes(deps, { committeeId: who.committeeId, meetingId: idOf(c), content: { blobKey: file.key }, contentType: "application/pdf", changeNote: str(f, "changeNote"), by: who.name });
    return `Udgave ${v.version} af protokollen er lagt op og sendes nu til alle pladser.`;
  });

  // ─── exports and the printable protocol ────────────────────────────────────────────────────────────
  k.page("/console/meetings/:id/export.json", R.export, async (c, who) => {
    const exp = await meetingExport(deps, who.committeeId, idOf(c));
    c.header("Content-Disposition", `attachment; filename="mode-${idOf(c)}.json"`);
    c.header("Cache-Control", "no-store");
    return c.json(exp);
  });
  k.page("/console/meetings/:id/export.csv", R.export, async (c, who) => {
    const exp = await meetingExport(deps, who.committeeId, idOf(c));
    c.header("Content-Disposition", `attachment; filename="mode-${idOf(c)}.csv"`);
    c.header("Cache-Control", "no-store");
    return c.body(exportCsv(exp, { excel: true }), 200, { "Content-Type": "text/csv; charset=utf-8" });
  });
  k.page("/console/meetings/:id/protokol", R.export, async (c, who) => {
    const id = idOf(c);
    const d = await meetingDetail(deps, who.committeeId, id);
    const rb = await committeeRulebook(deps.store, who.committeeId, d.meeting.startsAt);
    const of = new Map(d.attendance.map((a) => [a.seat, a]));
    const present = rb.seats.filter((s) => of.get(s.id)?.status === "present");
    const votes = await Promise.all((await listWrittenVotes(deps, who.committeeId)).filter((v) => v.movedToMeetingId === id).map((v) => writtenVoteView(deps, who.committeeId, v.id)));
    return k.show(c, who, `Protokol ${day(d.meeting.startsAt)}`, html`<h1>Protokol: ${rb.committee.name}, ${when(d.meeting.startsAt)}</h1>
<div class="card"><p>${word(MEETING_KIND_DA, d.meeting.kind)} · ${d.meeting.location} · mødeleder: ${d.meeting.presidingChairTitle}</p>
<h2>Fremmøde</h2>${present.length ? html`<p>Til stede (${present.length}):</p><ul>${present.map((s) => html`<li>${s.title}${of.get(s.id)?.substituteAttends ? " (suppleant)" : ""}</li>`)}</ul>
<p>Afbud: ${rb.seats.filter((s) => of.get(s.id)?.status === "apology").map((s) => s.title).join(", ") || "ingen"}.</p><p>Fraværende uden afbud: ${rb.seats.filter((s) => !["present", "apology"].includes(of.get(s.id)?.status ?? "")).map((s) => s.title).join(", ") || "ingen"}.</p>` : html`<p class="muted">Fremmødet er ikke registreret.</p>`}
<h2>Dagsorden og beslutninger</h2><ol>${d.items.filter((i) => i.status === "accepted").map((i) => html`<li><strong>${i.title}</strong>${i.description ? html`<br><span class="pre">${i.description}</span>` : ""}</li>`)}</ol>
${d.items.some((i) => i.status === "declined") ? html`<p class="muted">Afvist af formandskabet: ${d.items.filter((i) => i.status === "declined").map((i) => i.title).join(", ")}.</p>` : ""}
${votes.map((v) => html`<h3>${v.title} (fra skriftlig votering)</h3>${table(["Plads", "Svar", "Hvem", "Bemærkning eller dissens"], v.responses.map((r) => [r.title, r.answer ? ANSWER_DA[r.answer] : "ikke svaret", r.byName ?? "", r.remark ?? ""]))}`)}
<h2>Protokollens godkendelse</h2><p>${word(MINUTES_STATUS_DA, d.minutes.status)}${d.minutes.approved ? ` (udgave ${d.minutes.approved.version}, ${when(d.minutes.approved.approvedAt)})` : ""}.</p>
${d.minutes.rounds.flatMap((r) => r.objections.map((o) => html`<p>Indsigelse til udgave ${r.version} fra ${seatsTitle(rb, o.seat)} (${when(o.receivedAt)}): ${o.text}</p>`))}</div>`);
  });
}
