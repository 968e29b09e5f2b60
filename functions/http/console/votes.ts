/** Written votes in the console (R-3.6, R-7.1): open one with deadline, material and the meeting a moved matter goes to; follow it; cancel it; export it. */
import { addCalendarDays, calendarDaysBetween, localDateOf } from "#domain/calendar";
import { CLOSE_REASON_DA, OUTCOME_DA, VOTE_STATUS_DA, word } from "#templates/console";
import { ANSWER_DA, CHANNEL_DA } from "#templates/danish";
import { notCountedReason } from "#templates/answers";
import { committeeRulebook } from "../../committee/committee.ts";
import { toCsv } from "../../meetings/export.ts";
import { nextOpenMeeting } from "../../meetings/agenda.ts";
import { listMeetings } from "../../meetings/meetings.ts";
import { audienceOf } from "../../mail/recipients.ts";
import { listWrittenVotes, writtenVoteExport, writtenVoteRows, writtenVoteView } from "../../written-votes/queries.ts";
import { cancelWrittenVote, isVoteMaterialOf, openWrittenVote, storeVoteMaterial } from "../../written-votes/written-votes.ts";
import { html } from "../pages.ts";
import { ConsoleInputError, day, files, list, required, rolesOf, str, table, when, yes, type Kit } from "./kit.ts";

export function registerVotes(k: Kit): void {
  const { deps } = k;
  const R = { view: rolesOf("get", "/written-votes/{id}"), open: rolesOf("post", "/written-votes"), cancel: rolesOf("post", "/written-votes/{id}/cancel"), export: rolesOf("get", "/written-votes/{id}/export") };
  const base = (id: string) => `/console/votes/${encodeURIComponent(id)}`;

  k.page("/console/votes", R.view, async (c, who) => {
    const votes = await listWrittenVotes(deps, who.committeeId);
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const today = localDateOf(deps.clock.now(), rb.calendar.timeZone);
    const meetings = (await listMeetings(deps, who.committeeId)).filter((m) => m.status === "planned" && !m.agendaSentAt && Date.parse(m.startsAt) > Date.parse(deps.clock.now()));
    return k.show(c, who, "Skriftlige voteringer", html`<h1>Skriftlige voteringer</h1>${k.flash(c)}
<div class="card">${votes.length ? table(["Sag", "Status", "Svarfrist"], votes.map((v) => [html`<a href="${base(v.id)}">${v.title}</a>`, `${word(VOTE_STATUS_DA, v.status)}${v.outcome ? ` – ${word(OUTCOME_DA, v.outcome)}` : ""}`, when(v.closesAt)])) : html`<p class="muted">Ingen skriftlige voteringer endnu.</p>`}</div>
${k.may(who, R.open) ? html`<form method="post" action="/console/votes" class="card" enctype="multipart/form-data"><h2>Åbn en skriftlig votering</h2><label for="vtitle">Sag</label><input type="text" id="vtitle" name="title" required maxlength="300">
<label for="question">Spørgsmål til medlemmerne</label><textarea id="question" name="question" required maxlength="5000"></textarea>
<div class="row"><div><label for="closes">Svarfrist (dato; svar til kl. 23.59)</label><input type="date" id="closes" name="closes" value="${addCalendarDays(today, rb.writtenVote.defaultDurationDays)}" min="${addCalendarDays(today, 1)}" max="${addCalendarDays(today, 60)}" required></div>
<div><label for="target">Gør et medlem indsigelse, behandles sagen på</label><select id="target" name="targetMeetingId"><option value="">det næste møde</option>${meetings.map((m) => html`<option value="${m.meetingId}">mødet ${when(m.startsAt)}</option>`)}</select></div></div>
<label for="material">Materiale (valgfrit, flere filer)</label><input type="file" id="material" name="material" multiple>
<label class="check"><input type="checkbox" name="gp" value="ja"> Vedrører almen praksis (PLO-Hovedstaden skal være blandt de svarende)</label><button type="submit">Åbn …</button></form>` : ""}`);
  });

  k.act("/console/votes", R.open, async (_c, who, f) => {
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const material = list(f, "materiale").map((m) => JSON.parse(m) as { name: string; blobKey: string; contentType: string; bytes: number }).filter((m) => isVoteMaterialOf(who.committeeId, m.blobKey));
    const durationDays = calendarDaysBetween(localDateOf(deps.clock.now(), rb.calendar.timeZone), required(str(f, "closes"), "Svarfrist"));
    if (!(durationDays >= 1 && durationDays <= 60)) throw new ConsoleInputError("Svarfristen skal ligge mellem i morgen og 60 dage frem.");
    const v = await openWrittenVote(deps, { committeeId: who.committeeId, title: required(str(f, "title"), "Sag"), question: required(str(f, "question"), "Spørgsmål"), durationDays, concernsGeneralPractice: yes(f, "gp"), material, targetMeetingId: str(f, "targetMeetingId") || undefined, openedBy: who.name });
    return { redirect: base(v.voteId), message: `Afstemningen er åbnet; stemmesedlerne sendes nu. Svarfrist ${when(v.closesAt)}.` };
  }, async (_c, who, f) => {
    required(str(f, "title"), "Sag");
    required(str(f, "question"), "Spørgsmål");
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const stored = [];
    for (const upload of files(f, "material")) stored.push(await storeVoteMaterial(deps, who.committeeId, { name: upload.name.slice(0, 150), contentType: upload.type || "application/octet-stream", content: Buffer.from(await upload.arrayBuffer()) }));
    const target = str(f, "targetMeetingId") ? (await listMeetings(deps, who.committeeId)).find((m) => m.meetingId === str(f, "targetMeetingId")) : await nextOpenMeeting(deps, who.committeeId);
    return {
      title: "Åbn den skriftlige votering?", button: "Ja, åbn og send stemmesedlerne",
      carry: Object.fromEntries(stored.map((m, i) => [`materiale`.concat(i ? "" : ""), JSON.stringify(m)])),
      lines: [
        `Stemmesedler sendes nu til ${(await audienceOf(deps, rb, deps.clock.now())).seats} pladser (medlemmerne og de suppleanter, der er registreret som stedfortrædere).`,
        `Svarfrist: ${day(`${str(f, "closes")}`)} kl. 23.59. Påmindelser går kun til pladser, der ikke har svaret.`,
        stored.length ? `Materiale: ${stored.map((m) => m.name).join(", ")}.` : "Intet materiale.",
        `Gør et medlem indsigelse, behandles sagen på ${target ? `mødet ${when(target.startsAt)}` : "næste møde (der er intet planlagt endnu)"}.`,
      ],
    };
  });

  k.page("/console/votes/:id", R.view, async (c, who) => {
    const v = await writtenVoteView(deps, who.committeeId, c.req.param("id") ?? "");
    const rb = await committeeRulebook(deps.store, who.committeeId, v.openedAt);
    return k.show(c, who, v.title, html`<h1>${v.title}</h1>${k.flash(c)}
<div class="card"><p class="pre">${v.question}</p><p>Status: <strong id="status">${word(VOTE_STATUS_DA, v.status)}${v.outcome ? ` – ${word(OUTCOME_DA, v.outcome)}` : ""}</strong>${v.closeReason ? ` (${word(CLOSE_REASON_DA, v.closeReason)})` : ""}${v.explanation ? html`<br>${v.explanation}` : ""}</p>
<p>Åbnet ${when(v.openedAt)} · svarfrist ${when(v.closesAt)}${v.closedAt ? ` · afsluttet ${when(v.closedAt)}` : ""}</p>
<p>For ${v.tally.for} · imod ${v.tally.against} · undlod ${v.tally.abstain} · svar ${v.tally.respondents}</p>
${v.movedToMeetingId ? html`<p>Sagen er sat på dagsordenen til <a href="/console/meetings/${v.movedToMeetingId}">mødet</a>.</p>` : ""}
${k.may(who, R.export) ? html`<p>Arkiv: <a href="${base(v.id)}/protokol">Protokolside (til print)</a> · <a href="${base(v.id)}/export.csv">Hent som CSV (Excel)</a> · <a href="${base(v.id)}/export.json">Hent som JSON</a></p>` : ""}
${v.status === "open" && k.may(who, R.cancel) ? html`<form method="post" action="${base(v.id)}/cancel"><button class="danger" type="submit">Annullér afstemningen …</button></form>` : ""}</div>
<div class="card"><h2>Pladser</h2>${table(["Plads", "Svar", "Hvem", "Kanal", "Tidspunkt"], v.responses.map((r) => [r.title, html`${r.answer ? ANSWER_DA[r.answer] : html`<span class="muted">ikke svaret</span>`}${r.changes ? html` <span class="muted">(ændret ${r.changes} gang${r.changes === 1 ? "" : "e"})</span>` : ""}${r.remark ? html`<br><span class="muted">${r.remark}</span>` : ""}`, r.byName ?? "", r.channel ? (CHANNEL_DA[r.channel] ?? "") : "", when(r.receivedAt)]))}
${v.notCounted.length ? html`<h2>Gemt, men ikke talt med</h2><ul>${v.notCounted.map((n) => html`<li>${rb.seats.find((s) => s.id === n.seat)?.title ?? "ukendt plads"}: ${n.answer ? ANSWER_DA[n.answer] : ""} (${when(n.receivedAt)}) – fordi ${notCountedReason(n.reason ?? "", rb.committee.name)}</li>`)}</ul>` : ""}</div>`);
  });

  k.act("/console/votes/:id/cancel", R.cancel, async (c, who) => {
    await cancelWrittenVote(deps, who.committeeId, c.req.param("id") ?? "", who.name);
    return "Afstemningen er annulleret; alle pladser får besked.";
  }, async (_c, who) => ({ title: "Annullér afstemningen?", button: "Ja, annullér", lines: [`Besked om annulleringen sendes nu til ${(await audienceOf(deps, await committeeRulebook(deps.store, who.committeeId, deps.clock.now()), deps.clock.now())).seats} pladser. Svar, der kommer herefter, tæller ikke.`, "En annullering kan ikke fortrydes."] }));

  k.page("/console/votes/:id/export.json", R.export, async (c, who) => {
    c.header("Content-Disposition", `attachment; filename="votering-${c.req.param("id")}.json"`);
    return c.json(await writtenVoteExport(deps, who.committeeId, c.req.param("id") ?? ""));
  });
  k.page("/console/votes/:id/export.csv", R.export, async (c, who) => {
    c.header("Content-Disposition", `attachment; filename="votering-${c.req.param("id")}.csv"`);
    return c.body(toCsv(writtenVoteRows(await writtenVoteExport(deps, who.committeeId, c.req.param("id") ?? "")), { excel: true }), 200, { "Content-Type": "text/csv; charset=utf-8" });
  });
  k.page("/console/votes/:id/protokol", R.export, async (c, who) => {
    const v = await writtenVoteView(deps, who.committeeId, c.req.param("id") ?? "");
    const rb = await committeeRulebook(deps.store, who.committeeId, v.openedAt);
    return k.show(c, who, `Protokol: ${v.title}`, html`<h1>Beslutning ved skriftlig votering: ${v.title}</h1><div class="card"><p>${rb.committee.name} · åbnet ${when(v.openedAt)} · afsluttet ${v.closedAt ? when(v.closedAt) : "ikke endnu"}</p>
<p class="pre">${v.question}</p><p><strong>${v.outcome ? word(OUTCOME_DA, v.outcome) : "Afstemningen er åben"}</strong>${v.explanation ? ` – ${v.explanation}` : ""}</p>
${table(["Plads", "Svar", "Hvem", "Bemærkning eller dissens"], v.responses.map((r) => [r.title, r.answer ? ANSWER_DA[r.answer] : "ikke svaret", r.byName ?? "", r.remark ?? ""]))}</div>`);
  });
}
