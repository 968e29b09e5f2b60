/** Initiatives and their reports, the audit trail in Danish (R-7.2), and — locally — the outbox and a box to paste a reply. */
import { AUDIT_ACTION_DA, AUDIT_CHANNEL_DA, INBOUND_OUTCOME_DA, PURPOSE_DA, word } from "#templates/console";
import { REPORT_STATUS_DA } from "#templates/records";
import { auditProblemLine, auditVerdict } from "#templates/audit";
import { auditView } from "../../audit/audit.ts";
import { verifyAudit } from "../../audit/verify.ts";
import { committeeRulebook } from "../../committee/committee.ts";
import { getInitiative, listInitiatives, reportsOf, upsertInitiative } from "../../initiatives/initiatives.ts";
import { listMeetings } from "../../meetings/meetings.ts";
import { listWrittenVotes } from "../../written-votes/queries.ts";
import { html, type Html } from "../pages.ts";
import { ConsoleInputError, day, required, rolesOf, str, table, when, type Kit } from "./kit.ts";

export function registerRecords(k: Kit): void {
  const { deps } = k;
  const R = { view: rolesOf("get", "/initiatives"), save: rolesOf("put", "/initiatives/{initiative}"), audit: rolesOf("get", "/audit"), verify: rolesOf("get", "/audit/verify") };

  const initiativeForm = (i?: { initiativeId: string; name: string; owner: { name: string; email: string }; fundsDkk: number; goals: string[] }): Html => html`<form method="post" action="/console/initiatives" class="card"><h2>${i ? "Ret indsatsen" : "Tilføj en indsats"}</h2>
${i ? html`<input type="hidden" name="id" value="${i.initiativeId}">` : html`<label for="iid">Kort navn (små bogstaver og bindestreger, fx overvaegt)</label><input type="text" id="iid" name="id" required pattern="[a-z0-9]+(-[a-z0-9]+)*">`}
<label for="iname">Navn</label><input type="text" id="iname" name="name" required maxlength="200" value="${i?.name ?? ""}">
<div class="row"><div><label for="owner">Ansvarlig (navn)</label><input type="text" id="owner" name="owner" required value="${i?.owner.name ?? ""}"></div><div><label for="oemail">Ansvarlig (e-mail)</label><input type="email" id="oemail" name="ownerEmail" required value="${i?.owner.email ?? ""}"></div><div><label for="funds">Midler (kr.)</label><input type="text" id="funds" name="funds" inputmode="numeric" value="${i ? String(i.fundsDkk) : ""}"></div></div>
<label for="goals">Politiske mål (ét pr. linje)</label><textarea id="goals" name="goals">${i?.goals.join("\n") ?? ""}</textarea><button type="submit">Gem indsatsen</button></form>`;

  k.page("/console/initiatives", R.view, async (c, who) => {
    const list = await listInitiatives(deps, who.committeeId);
    return k.show(c, who, "Indsatser", html`<h1>Indsatser</h1>${k.flash(c)}<div class="card">${table(["Indsats", "Ansvarlig", "Midler", "Politiske mål"], list.map((i) => [
      html`<a href="/console/initiatives/${i.initiativeId}">${i.name}</a>`, html`${i.owner.name}<br><span class="muted">${i.owner.email}</span>`, `${i.fundsDkk.toLocaleString("da-DK")} kr.`, html`<ul>${i.goals.map((g) => html`<li>${g}</li>`)}</ul>`,
    ]))}<p class="muted">Ansvarlige bliver bedt om en statusrapport før hvert ordinært møde; rapporterne samles i et statuspunkt på dagsordenen.</p></div>
${k.may(who, R.save) ? initiativeForm() : ""}`);
  });

  k.page("/console/initiatives/:id", R.view, async (c, who) => {
    const i = await getInitiative(deps, who.committeeId, c.req.param("id") ?? "");
    if (!i) return k.show(c, who, "Ikke fundet", html`<h1>Indsatsen findes ikke</h1>`, 404);
    const meetings = new Map((await listMeetings(deps, who.committeeId)).map((m) => [m.meetingId, m]));
    const reports = (await reportsOf(deps, who.committeeId, i.initiativeId)).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    return k.show(c, who, i.name, html`<h1>${i.name}</h1>${k.flash(c)}
<div class="card"><p>Ansvarlig: ${i.owner.name} (${i.owner.email}) · midler ${i.fundsDkk.toLocaleString("da-DK")} kr.</p><h2>Statusrapporter</h2>
${reports.length ? reports.map((r) => { const m = meetings.get(r.meetingId); return html`<h3>Til mødet ${m ? when(m.startsAt) : ""}</h3><p class="muted">Modtaget ${when(r.receivedAt)}${r.status ? ` · ${REPORT_STATUS_DA[r.status] ?? ""}` : ""}${r.spentDkk !== undefined ? ` · forbrug ${r.spentDkk.toLocaleString("da-DK")} kr.` : ""}</p>
${r.figures && Object.keys(r.figures).length ? html`<ul>${Object.entries(r.figures).map(([name, v]) => html`<li>${name}: ${v.toLocaleString("da-DK")}</li>`)}</ul>` : ""}<p class="pre">${r.text}</p>`; }) : html`<p class="muted">Ingen rapporter endnu.</p>`}</div>
${k.may(who, R.save) ? initiativeForm(i) : ""}`);
  });

  k.act("/console/initiatives", R.save, async (_c, who, f) => {
    const id = required(str(f, "id"), "Kort navn");
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new ConsoleInputError("Det korte navn må kun have små bogstaver, tal og bindestreger.");
    const email = required(str(f, "ownerEmail"), "Ansvarlig (e-mail)");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ConsoleInputError("Den ansvarliges e-mail er ikke en gyldig adresse.");
    await upsertInitiative(deps, who.committeeId, { initiativeId: id, name: required(str(f, "name"), "Navn"), owner: { name: required(str(f, "owner"), "Ansvarlig (navn)"), email }, fundsDkk: Number(str(f, "funds").replace(/\D/g, "") || 0), goals: str(f, "goals").split("\n").map((g) => g.trim()).filter(Boolean), active: true }, who.name);
    return "Indsatsen er gemt.";
  });

  /** How the audit pages name matters and actors: meetings by their dates, votes by their titles, seats by their titles. */
  const namesOf = async (committeeId: string) => {
    const rb = await committeeRulebook(deps.store, committeeId, deps.clock.now());
    const meetings = new Map((await listMeetings(deps, committeeId)).map((m) => [m.meetingId, m]));
    const votes = new Map((await listWrittenVotes(deps, committeeId)).map((v) => [v.id, v]));
    const matter = (m: string) => {
      const [kind, id = ""] = m.split("/");
      if (kind === "meeting") return `Møde ${meetings.get(id) ? day(meetings.get(id)?.startsAt ?? "") : ""}`;
      if (kind === "vote") return `Skriftlig votering: ${votes.get(id)?.title ?? ""}`;
      return ({ seats: "Pladser", initiatives: "Indsatser", committee: "Udvalget", rulebook: "Forretningsorden", members: "Medlemmernes egne sider" } as Record<string, string>)[kind ?? ""] ?? "Andet";
    };
    const seat = (id: string) => rb.seats.find((x) => x.id === id)?.title ?? "en plads, der ikke findes længere";
    const actor = (a: string) => {
      const [seatId, sub] = a.split("/");
      const s = rb.seats.find((x) => x.id === seatId);
      if (s) return sub ? `${s.substitutes.find((x) => x.id === sub)?.name ?? "suppleant"} (suppleant for ${s.title})` : s.title;
      return a === "workflow" ? "systemet" : a;
    };
    return { matter, seat, actor };
  };

  k.page("/console/audit", R.audit, async (c, who) => {
    const matter = c.req.query("sag") || undefined;
    const { entries } = await auditView(deps, who.committeeId, matter && /^[a-z]+(\/[A-Za-z0-9._-]+)?$/.test(matter) ? matter : undefined);
    const names = await namesOf(who.committeeId);
    return k.show(c, who, "Revisionsspor", html`<h1>Revisionsspor</h1>${matter ? html`<p><a href="/console/audit">Alle sager</a></p>` : ""}
${k.may(who, R.verify) ? html`<p><a href="/console/audit/kontrol">Kontrollér, at sporet er intakt</a> <span class="muted">– hver hændelse mod sin forsegling, kæderne mod deres ankre uden for tabellen, og svar, afbud, indsigelser og protokoller mod sporet</span></p>` : ""}
<div class="card">${table(["Tidspunkt", "Sag", "Hvem", "Hændelse", "Kanal"], entries.map((e) => [
      when(e.at), html`<a href="/console/audit?sag=${encodeURIComponent(e.matter)}">${names.matter(e.matter)}</a> <span class="muted">nr. ${e.seq}</span>`, names.actor(e.actor), word(AUDIT_ACTION_DA, e.action, "Hændelse"), word(AUDIT_CHANNEL_DA, e.channel, ""),
    ]))}</div>`);
  });

  // R-7.2: the trail checked as evidence, as `klyngeflow audit verify` checks it, in the same words.
  k.page("/console/audit/kontrol", R.verify, async (c, who) => {
    const result = await verifyAudit(deps, who.committeeId);
    const names = await namesOf(who.committeeId);
    return k.show(c, who, "Kontrol af revisionssporet", html`<h1>Kontrol af revisionssporet</h1><p><a href="/console/audit">Tilbage til revisionssporet</a></p>
<div class="card"><p role="status"><strong>${auditVerdict(result)}</strong></p>${result.problems.length ? html`<ul>${result.problems.map((p) => html`<li>${auditProblemLine(p, names)}</li>`)}</ul>
<p>Et brudt spor betyder, at nogen har ændret i tabellen uden om klyngeflow. Ret ikke noget selv: gem denne side og kontakt den, der driver systemet.</p>` : ""}
<p class="muted">Kontrolleret ${when(deps.clock.now())}.</p></div>`);
  });

  const local = k.local;
  if (!local) return;
  // Local only; the outbox holds every member's personal links: only the secretariat of the committee concerned.
  const secretariat = ["secretariat" as const];
  k.page("/console/outbox", secretariat, async (c, who) => {
    const mails = (await local.listOutbox()).filter((m) => m.committee === who.committeeId).reverse();
    return k.show(c, who, "Udbakke", html`<h1>Udbakke (lokal)</h1><p class="muted">Alt, der er sendt, som modtagerne får det. ${mails.length} e-mails.</p><div class="card">${table(["Sendt", "Til", "Emne", "Slags"], mails.slice(0, 500).map((m) => [when(m.date), m.to, html`<a href="/console/outbox/${encodeURIComponent(m.file)}">${m.subject}</a>`, PURPOSE_DA[m.purpose] ?? "E-mail"]))}</div>`);
  });
  const mailOf = async (file: string, committeeId: string) => {
    const mail = await local.readOutbox(file);
    return mail && mail.entry.committee === committeeId ? mail : undefined;
  };
  k.page("/console/outbox/:file", secretariat, async (c, who) => {
    const mail = await mailOf(c.req.param("file") ?? "", who.committeeId);
    if (!mail) return k.show(c, who, "Ikke fundet", html`<h1>E-mailen findes ikke</h1>`, 404);
    return k.show(c, who, mail.entry.subject, html`<h1>${mail.entry.subject}</h1><div class="card"><p>Til: ${mail.entry.to} · ${when(mail.entry.date)}</p>
<p><a href="/console/outbox/${encodeURIComponent(mail.entry.file)}/html">Vis som HTML</a> · <a href="/console/outbox/${encodeURIComponent(mail.entry.file)}/raw">Hent .eml</a></p></div>
<div class="card"><pre id="mailtekst">${linkify(mail.text)}</pre></div>`);
  });
  k.page("/console/outbox/:file/html", secretariat, async (c, who) => {
    const mail = await mailOf(c.req.param("file") ?? "", who.committeeId);
    if (!mail) return c.text("Ikke fundet", 404);
    // The mail's own HTML, shown as the member sees it; sandboxed so nothing in it can act on the console.
    c.header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'");
    return c.html(mail.html);
  });
  k.page("/console/outbox/:file/raw", secretariat, async (c, who) => {
    const mail = await mailOf(c.req.param("file") ?? "", who.committeeId);
    if (!mail) return c.text("Ikke fundet", 404);
    return c.body(new Uint8Array(mail.raw), 200, { "Content-Type": "message/rfc822", "Content-Disposition": `attachment; filename="${mail.entry.file}"` });
  });
  k.page("/console/inbound", secretariat, async (c, who) => k.show(c, who, "Indsæt svar", html`<h1>Indsæt et svar (lokalt)</h1>${k.flash(c)}
<form method="post" action="/console/inbound" class="card"><label for="raw">Rå e-mail (.eml), som et medlem ville svare</label><textarea id="raw" name="raw" required style="min-height:300px;font-family:monospace"></textarea><button type="submit">Modtag svaret</button></form>`));
  k.act("/console/inbound", secretariat, async (_c, who, f) => {
    const raw = Buffer.from(str(f, "raw").replace(/\r?\n/g, "\r\n"), "utf8");
    const concerns = await local.committeeOfReply(raw);
    if (concerns && concerns !== who.committeeId) throw new ConsoleInputError("Svaret hører til et andet udvalg; det er ikke modtaget.");
    const r = await local.pasteInbound(raw);
    return `Svaret er modtaget: ${word(INBOUND_OUTCOME_DA, r.outcome)}${r.recorded ? ` (${r.recorded})` : ""}.`;
  });
}

/** Plain text with its links made clickable (the escaping happens first). */
function linkify(text: string): Html {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return html`${parts.map((p, i) => (i % 2 ? html`<a href="${p}">${p}</a>` : html`${p}`))}`;
}
