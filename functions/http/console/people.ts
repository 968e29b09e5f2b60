/** Seats in the console (R-1.1, R-1.2): holders and substitutes, who represents whom and when, and the import of a seat file with a preview. */
import { CONSTITUENCY_DA, SEAT_FILE_COLUMNS } from "#templates/console";
import { committeeRulebook } from "../../committee/committee.ts";
import { representationsOf } from "../../committee/representation.ts";
import { previewSeatsCsv, importSeatsCsv, recordRepresentation, updateSeat, decodeCsv } from "../../committee/seats.ts";
import { parseLocalDateTime, toInstant } from "#domain/calendar";
import { seatSchema } from "#domain/rulebook";
import { validate } from "#domain/validation";
import { html } from "../pages.ts";
import { ConsoleInputError, file, required, rolesOf, str, table, when, type Kit } from "./kit.ts";

const MAX_SUBSTITUTES = 3;

export function registerPeople(k: Kit): void {
  const { deps } = k;
  const R = { view: rolesOf("get", ""), seat: rolesOf("put", "/seats/{seat}"), import: rolesOf("post", "/seats/import"), represent: rolesOf("post", "/representations") };

  k.page("/console/pladser", R.view, async (c, who) => {
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const reps = await representationsOf(deps, who.committeeId);
    const title = (id: string) => rb.seats.find((s) => s.id === id)?.title ?? id;
    const subName = (seatId: string, id: string) => rb.seats.find((s) => s.id === seatId)?.substitutes.find((x) => x.id === id)?.name ?? id;
    const edit = k.may(who, R.seat);
    return k.show(c, who, "Pladser", html`<h1>Pladser og suppleanter</h1>${k.flash(c)}
<div class="card">${table(["Plads", "Medlem", "Suppleanter"], rb.seats.map((s) => [
      html`<strong>${s.title}</strong><br><span class="muted">${CONSTITUENCY_DA[s.constituency] ?? ""}</span>`,
      html`${s.member.name}<br><span class="muted">${s.member.email}</span>`,
      html`${s.substitutes.map((x) => html`${x.name} <span class="muted">${x.email}</span><br>`)}${edit ? html`<details><summary>Ret pladsen</summary><form method="post" action="/console/pladser/${s.id}">
<label for="t-${s.id}">Betegnelse</label><input type="text" id="t-${s.id}" name="title" value="${s.title}" required maxlength="200">
<label for="n-${s.id}">Medlemmets navn</label><input type="text" id="n-${s.id}" name="memberName" value="${s.member.name}" required maxlength="200"><label for="e-${s.id}">Medlemmets e-mail</label><input type="email" id="e-${s.id}" name="memberEmail" value="${s.member.email}" required>
${Array.from({ length: Math.max(s.substitutes.length + 1, 1) }).slice(0, MAX_SUBSTITUTES).map((_, i) => {
        const x = s.substitutes[i];
        return html`<fieldset><legend>Suppleant ${i + 1}${x ? "" : " (ny)"}</legend><label for="si-${s.id}-${i}">Id (fx ${s.id}-suppleant)</label><input type="text" id="si-${s.id}-${i}" name="sub${i}Id" value="${x?.id ?? ""}" pattern="[a-z0-9]+(-[a-z0-9]+)*">
<label for="sn-${s.id}-${i}">Navn</label><input type="text" id="sn-${s.id}-${i}" name="sub${i}Name" value="${x?.name ?? ""}"><label for="se-${s.id}-${i}">E-mail</label><input type="email" id="se-${s.id}-${i}" name="sub${i}Email" value="${x?.email ?? ""}"></fieldset>`;
      })}<p class="muted">Tøm en suppleants felter for at fjerne suppleanten.</p><button type="submit" class="small">Gem pladsen</button></form></details>` : ""}`,
    ]))}</div>
<div class="card"><h2>Stedfortrædere</h2><p class="muted">En suppleants svar tæller for pladsen, mens sekretariatet har registreret, at suppleanten repræsenterer medlemmet; medlemmets eget svar gælder altid først.</p>
${reps.length ? table(["Plads", "Suppleant", "Fra", "Til"], reps.map((r) => [title(r.seatId), subName(r.seatId, r.substituteId), when(r.from), r.to ? when(r.to) : "indtil videre"])) : html`<p class="muted">Ingen registreret.</p>`}
${k.may(who, R.represent) ? html`<form method="post" action="/console/pladser/stedfortraedere"><h3>Registrér en stedfortræder</h3><label for="rep">Suppleant</label><select id="rep" name="rep">${rb.seats.flatMap((s) => s.substitutes.map((x) => html`<option value="${s.id}|${x.id}">${x.name} for ${s.title}</option>`))}</select>
<div class="row"><div><label for="from">Fra</label><input type="datetime-local" id="from" name="from" required></div><div><label for="to">Til (valgfrit)</label><input type="datetime-local" id="to" name="to"></div></div><button type="submit">Registrér</button></form>` : ""}</div>
${k.may(who, R.import) ? html`<form method="post" action="/console/pladser/import" enctype="multipart/form-data" class="card"><h2>Indlæs pladser fra en fil</h2><p class="muted">En CSV-fil fra Excel ("CSV (semikolonsepareret)" eller "CSV UTF-8") med første række ${SEAT_FILE_COLUMNS} – derefter én række pr. plads eller pr. suppleant; valgområde er region, kommune eller almen-praksis. Du ser ændringerne, før de gemmes.</p>
<label for="csv">Fil</label><input type="file" id="csv" name="file" accept=".csv,text/csv" required><button type="submit">Vis ændringerne …</button></form>` : ""}`);
  });

  k.act("/console/pladser/import", R.import, async (_c, who, f) => {
    const r = await importSeatsCsv(deps, who.committeeId, str(f, "csv"), who.name);
    return `${r.updated.length} pladser er opdateret.`;
  }, async (_c, who, f) => {
    const upload = file(f, "file");
    const text = upload ? decodeCsv(Buffer.from(await upload.arrayBuffer())) : str(f, "csv");
    if (!text) throw new ConsoleInputError("Vælg en fil.");
    const changes = await previewSeatsCsv(deps, who.committeeId, text);
    const person = (p: { name: string; email: string }) => `${p.name} <${p.email}>`;
    return {
      title: "Gem de indlæste pladser?", button: `Ja, gem ${changes.length} pladser`, carry: { csv: text },
      lines: changes.map(({ seat, before }) => `${seat.title}: ${person(before.member) === person(seat.member) ? "medlem uændret" : `${person(before.member)} → ${person(seat.member)}`}; suppleanter: ${seat.substitutes.map(person).join(", ") || "ingen"}`),
    };
  });
  k.act("/console/pladser/stedfortraedere", R.represent, async (_c, who, f) => {
    const [seatId = "", substituteId = ""] = required(str(f, "rep"), "Suppleant").split("|");
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const at = (s: string, field: string) => toInstant(parseLocalDateTime(s, rb.calendar.timeZone, field), rb.calendar.timeZone);
    await recordRepresentation(deps, who.committeeId, { seatId, substituteId, from: at(required(str(f, "from"), "Fra"), "from"), to: str(f, "to") ? at(str(f, "to"), "to") : undefined }, who.name);
    return "Stedfortræderen er registreret.";
  });

  k.act("/console/pladser/:seat", R.seat, async (c, who, f) => {
    const substitutes = Array.from({ length: MAX_SUBSTITUTES }, (_, i) => ({ id: str(f, `sub${i}Id`), name: str(f, `sub${i}Name`), email: str(f, `sub${i}Email`) })).filter((x) => x.id || x.name || x.email);
    if (substitutes.some((x) => !x.id || !x.name || !x.email)) throw new ConsoleInputError("En suppleant skal have id, navn og e-mail.");
    const change = { title: required(str(f, "title"), "Betegnelse"), member: { name: required(str(f, "memberName"), "Medlemmets navn"), email: required(str(f, "memberEmail"), "Medlemmets e-mail") }, substitutes };
    const current = (await committeeRulebook(deps.store, who.committeeId, deps.clock.now())).seats.find((s) => s.id === c.req.param("seat"));
    const check = validate(seatSchema, { id: current?.id ?? "", constituency: current?.constituency ?? "region", ...change }, "da");
    if (!check.ok) throw new ConsoleInputError(`Feltet ${check.problems[0]?.field ?? ""}: ${check.problems[0]?.message ?? ""}.`);
    await updateSeat(deps, who.committeeId, c.req.param("seat") ?? "", change, who.name);
    return "Pladsen er gemt.";
  });
}
