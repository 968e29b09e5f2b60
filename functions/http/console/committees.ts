/**
 * Committees and their rules in the console (issue 22): the committees the signed-in person holds a role in,
 * switching between them, creating a further one; the versions of the committee's rulebook (R-6.1) and a
 * new version — both written in a form over the rulebook schema, not JSON, that shows the deadlines a sample
 * meeting would get from the numbers typed and saves only a rulebook that passes every check.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { addCalendarDays, localDateOf } from "#domain/calendar";
import { RulebookError } from "#domain/errors";
import { CONSTITUENCIES, type Rulebook } from "#domain/rulebook";
import { committeeRefusal } from "#templates/committees";
import { CONSTITUENCY_DA } from "#templates/console";
import { CHOICE_WORDS, FIELD_WORDS, formWords as F, RULEBOOK_SECTIONS, SOURCE_RULES } from "#templates/rulebook-form";
import type { Caller, Role } from "../../committee/api-tokens.ts";
import { committeeRulebook, findCommittee, listCommittees } from "../../committee/committee.ts";
import { refusalFacts } from "../../committee/errors.ts";
import { rulebookVersionsView } from "../../committee/queries.ts";
import { addSessionRole, sessionRoles, switchSessionCommittee } from "../../committee/sessions.ts";
import { adoptRulebookVersion, createCommittee } from "../../committee/setup.ts";
import { apiRoutes } from "../api-routes.ts";
import { html, type Html } from "../pages.ts";
import { formValues, problemsByField, rulebookFromForm, rulebookToForm, sampleDeadlines, SCALAR_FIELDS, seatRows, type FormValues } from "../rulebook-form.ts";
import { day, list, rolesOf, SESSION_COOKIE, str, table, when, type Form, type Kit } from "./kit.ts";

/** Empty seat rows the form offers below the filled ones ("Flere tomme pladsrækker" adds as many again). */
const EMPTY_ROWS = 3;

const fid = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, "-")}`;

interface FormState {
  values: FormValues;
  problems: Map<string, string[]>;
  /** Problems with no field of their own, and the refusals of the module, shown at the top. */
  general: string[];
  sample: string;
  rows: number;
}

/** The posted form as values: every field, checkboxes with all their values. */
function valuesOf(f: Form): FormValues {
  return formValues(Object.keys(f).flatMap((k) => list(f, k).map((v): [string, string] => [k, v])));
}

function fieldHtml(name: string, kind: (typeof SCALAR_FIELDS)[number]["kind"], s: FormState): Html {
  const w = FIELD_WORDS[name] ?? { label: name };
  const v = s.values.get(name) ?? [];
  const one = v[0] ?? "";
  const problems = s.problems.get(name) ?? [];
  const id = fid(name);
  const describedBy = [w.help ? `${id}-h` : "", problems.length ? `${id}-p` : ""].filter(Boolean).join(" ");
  const aria = describedBy ? html` aria-describedby="${describedBy}"` : "";
  const invalid = problems.length ? html` aria-invalid="true"` : "";
  const label = html`${w.label}${w.rule ? html` <span class="badge">${w.rule}</span>` : ""}`;
  const help = w.help ? html`<p class="muted" id="${id}-h">${w.help}</p>` : "";
  const bad = problems.length ? html`<p class="bad" id="${id}-p">${problems.join(" ")}</p>` : "";
  const select = (choices: [string, string][]) => html`<label for="${id}">${label}</label><select id="${id}" name="${name}"${aria}${invalid}>${choices.map(([k, t]) => html`<option value="${k}"${k === one ? " selected" : ""}>${t}</option>`)}</select>`;
  switch (kind) {
    case "bool":
      return html`<div><label class="check"><input type="checkbox" id="${id}" name="${name}" value="ja"${v.includes("ja") ? " checked" : ""}${aria}> ${label}</label>${help}${bad}</div>`;
    case "constituencies":
      return html`<fieldset><legend>${label}</legend>${CONSTITUENCIES.map((c) => html`<label class="check"><input type="checkbox" name="${name}" value="${c}"${v.includes(c) ? " checked" : ""}> ${CHOICE_WORDS.constituency[c]}</label>`)}${help}${bad}</fieldset>`;
    case "status": return html`<div>${select(Object.entries(CHOICE_WORDS.status))}${help}${bad}</div>`;
    case "nonWorkingDays": return html`<div>${select(Object.entries(CHOICE_WORDS.nonWorkingDays))}${help}${bad}</div>`;
    case "decisionRule": return html`<div>${select(Object.entries(CHOICE_WORDS.decisionRule))}${help}${bad}</div>`;
    case "weekday": return html`<div>${select(CHOICE_WORDS.weekday.map((d, i): [string, string] => [String(i + 1), d]))}${help}${bad}</div>`;
    default: {
      const type = kind === "date" ? "date" : kind === "time" ? "time" : kind === "email" ? "email" : "text";
      const mode = kind === "days" || kind === "number" ? html` inputmode="numeric"` : "";
      return html`<div><label for="${id}">${label}</label><input type="${type}" id="${id}" name="${name}" value="${one}"${mode}${aria}${invalid}>${help}${bad}</div>`;
    }
  }
}

function seatRowHtml(i: number, s: FormState): Html {
  const f = (name: string) => `seats.${i}.${name}`;
  const val = (name: string) => s.values.get(f(name))?.[0] ?? "";
  const probs = (name: string) => s.problems.get(f(name)) ?? [];
  const input = (name: string, type = "text") => {
    const id = fid(f(name));
    const p = probs(name);
    return html`<div><label for="${id}">${FIELD_WORDS[`seats.${name}`]?.label ?? name}</label><input type="${type}" id="${id}" name="${f(name)}" value="${val(name)}"${p.length ? html` aria-invalid="true" aria-describedby="${id}-p"` : ""}>${p.length ? html`<p class="bad" id="${id}-p">${p.join(" ")}</p>` : ""}</div>`;
  };
  const rowProblems = [...s.problems.entries()].filter(([k]) => k === `seats.${i}`).flatMap(([, p]) => p);
  const cid = fid(f("constituency"));
  const sid = fid(f("substitutes"));
  return html`<fieldset class="seat"><legend>Plads ${String(i + 1)}</legend>${rowProblems.length ? html`<p class="bad">${rowProblems.join(" ")}</p>` : ""}<div class="row">${input("id")}
<div><label for="${cid}">${FIELD_WORDS["seats.constituency"]?.label}</label><select id="${cid}" name="${f("constituency")}"><option value="">–</option>${CONSTITUENCIES.map((c) => html`<option value="${c}"${val("constituency") === c ? " selected" : ""}>${CONSTITUENCY_DA[c] ?? c}</option>`)}</select></div>
${input("title")}${input("member.name")}${input("member.email", "email")}</div>
<label for="${sid}">${FIELD_WORDS["seats.substitutes"]?.label}</label><textarea id="${sid}" name="${f("substitutes")}" rows="2"${probs("substitutes").length ? html` aria-invalid="true" aria-describedby="${sid}-p"` : ""}>${val("substitutes")}</textarea>${probs("substitutes").length ? html`<p class="bad" id="${sid}-p">${probs("substitutes").join(" ")}</p>` : ""}
<label class="check"><input type="checkbox" name="${f("chair")}" value="ja"${(s.values.get(f("chair")) ?? []).includes("ja") ? " checked" : ""}> ${F.chair}</label></fieldset>`;
}

/** The deadlines of the sample meeting with the numbers of the form, or what keeps them from being worked out. */
function sampleHtml(s: FormState, base: Rulebook): Html {
  const out = sampleDeadlines(rulebookFromForm(s.values, base.committee).candidate, base, s.sample);
  if (!out.ok) return html`<div class="card" id="frister"><h2>${F.deadlinesHeading}</h2><ul>${out.problems.map((p) => html`<li class="bad">${p}</li>`)}</ul></div>`;
  return html`<div class="card" id="frister" aria-live="polite"><h2>${F.deadlinesHeading}: ${when(out.rows.find((r) => r.what === "meeting")?.at)}</h2>${table(F.deadlineColumns, out.rows.map((r) => [F.what[r.what], when(r.at), r.rule]))}</div>`;
}

/** The whole form: the committee (when new) or the date a version takes effect, every section, the seats, the sources, the sample. */
function rulebookForm(s: FormState, o: { action: string; base: Rulebook; mode: "committee" | "version"; effectiveFrom?: string }): Html {
  const sections = RULEBOOK_SECTIONS.filter((x) => x.id !== "pladser" && x.id !== "kilder");
  const problemCount = [...s.problems.values()].reduce((n, p) => n + p.length, 0) + s.general.length;
  const firstRows = Math.max(s.rows, 1);
  return html`${problemCount ? html`<div class="card bad" role="alert"><p><strong>${F.problems(problemCount)}</strong></p><ul>${s.general.map((p) => html`<li>${p}</li>`)}${[...s.problems.entries()].map(([k, p]) => html`<li><a href="#${fid(k)}">${FIELD_WORDS[k.replace(/^seats\.\d+\./, "seats.")]?.label ?? k}</a>: ${p.join(" ")}</li>`)}</ul></div>` : ""}
<form method="post" action="${o.action}" class="rulebook">
${o.mode === "committee" ? html`<div class="card"><h2>Udvalget</h2><div class="row">${fieldHtml("committee.id", "text", s)}${fieldHtml("committee.name", "text", s)}</div></div>` : html`<div class="card"><h2>${F.effectiveFrom}</h2>${fieldHtml("effectiveFrom", "date", { ...s, values: new Map([...s.values, ["effectiveFrom", [o.effectiveFrom ?? ""]]]) })}<p class="muted">${F.effectiveHelp}</p></div>`}
${sections.map((sec) => html`<div class="card"><h2>${sec.heading}</h2>${sec.intro ? html`<p class="muted">${sec.intro}</p>` : ""}<div class="row">${SCALAR_FIELDS.filter((f) => f.section === sec.id).map((f) => fieldHtml(f.path, f.kind, s))}</div></div>`)}
<div class="card"><h2>${RULEBOOK_SECTIONS.find((x) => x.id === "pladser")?.heading}</h2><p class="muted">${RULEBOOK_SECTIONS.find((x) => x.id === "pladser")?.intro}</p>${(s.problems.get("coChairs") ?? []).map((p) => html`<p class="bad" id="${fid("coChairs")}">${p}</p>`)}
${Array.from({ length: firstRows }, (_, i) => seatRowHtml(i, s))}<button type="submit" name="handling" value="flere" class="secondary">${F.addSeats}</button></div>
<div class="card"><h2>${RULEBOOK_SECTIONS.find((x) => x.id === "kilder")?.heading}</h2><p class="muted">${RULEBOOK_SECTIONS.find((x) => x.id === "kilder")?.intro}</p><div class="row">${SOURCE_RULES.map((rule) => html`<div><label for="${fid(`sources.${rule}`)}">${rule}</label><input type="text" id="${fid(`sources.${rule}`)}" name="sources.${rule}" value="${s.values.get(`sources.${rule}`)?.[0] ?? ""}" maxlength="60"></div>`)}</div></div>
<div class="card"><h2>${F.sample}</h2><label for="f-prove">${F.sample}</label><input type="datetime-local" id="f-prove" name="prove" value="${s.sample}"><p class="muted">${F.sampleHelp}</p>
<button type="submit" name="handling" value="vis" class="secondary">${F.preview}</button></div>
${sampleHtml(s, o.base)}
<div class="card"><button type="submit" name="handling" value="gem">${o.mode === "committee" ? F.saveCommittee : F.saveVersion}</button></div>
</form>`;
}

export function registerCommittees(k: Kit): void {
  const { deps } = k;
  const create = apiRoutes.find((r) => r.method === "post" && r.path === "/api/committees")?.roles ?? ["secretariat"];
  const R = { view: rolesOf("get", "/rulebooks"), adopt: rolesOf("post", "/rulebooks"), create: create as Role[], everyone: ["secretariat", "chair"] as Role[] };
  const session = (c: Context) => getCookie(c, SESSION_COOKIE);

  /** A sample meeting a few weeks ahead, at the hour meetings usually start. */
  const defaultSample = (rb: Rulebook) => `${addCalendarDays(localDateOf(deps.clock.now(), rb.calendar.timeZone), 60)}T14:00`;
  /** The form's state from a post: its values, more seat rows if asked for, the sample meeting. */
  const stateOf = (f: Form, rb: Rulebook, extra = 0): FormState => {
    const values = valuesOf(f);
    return { values, problems: new Map(), general: [], sample: str(f, "prove") || defaultSample(rb), rows: seatRows(values) + extra };
  };
  const placeProblems = (s: FormState, e: unknown, rows: number[]): boolean => {
    const facts = refusalFacts(e);
    if (facts) {
      const { field, message } = committeeRefusal(facts);
      s.problems.set(field, [...(s.problems.get(field) ?? []), message]);
      return true;
    }
    if (e instanceof RulebookError) {
      for (const [field, p] of problemsByField(e.problems, rows)) {
        if (field === "(root)") s.general.push(...p);
        else s.problems.set(field, [...(s.problems.get(field) ?? []), ...p]);
      }
      return true;
    }
    return false;
  };

  // ─── the committees of the person signed in ────────────────────────────────────────────────────────
  k.page("/console/udvalg", R.everyone, async (c, who) => {
    const roles = await sessionRoles(deps.store, deps.clock.now(), session(c));
    const names = new Map((await listCommittees(deps.store)).map((x) => [x.committeeId, x.name]));
    const roleDa = (r: Caller) => (r.role === "secretariat" ? "sekretariat" : "formandskab");
    return k.show(c, who, "Udvalg", html`<h1>Dine udvalg</h1>${k.flash(c)}
<div class="card">${table(["Udvalg", "Din rolle", "Skift"], roles.map((r) => [
      html`<strong>${names.get(r.committeeId) ?? r.committeeId}</strong>`, roleDa(r),
      r.current ? html`<span class="badge">vises nu</span>` : html`<form method="post" action="/console/udvalg/skift"><input type="hidden" name="udvalg" value="${r.committeeId}"><button type="submit" class="small">Skift til ${names.get(r.committeeId) ?? r.committeeId}</button></form>`,
    ]))}</div>
<form method="post" action="/console/udvalg/tilfoej" class="card"><h2>Tilføj et udvalg, du har en rolle i</h2><p class="muted">Log ind med det API-token, du har fået til det andet udvalg; du kan så skifte mellem udvalgene uden at logge ud.</p>
<label for="ekstra-token">API-token</label><input type="password" id="ekstra-token" name="token" autocomplete="off" required><button type="submit">Tilføj udvalget</button></form>
${k.may(who, R.create) ? html`<div class="card"><h2>Opret et nyt udvalg</h2><p>Et nyt udvalg får sin egen forretningsorden, sine pladser og sin mødeplan; det er adskilt fra de andre.</p><p><a href="/console/udvalg/nyt">Opret et nyt udvalg …</a></p></div>` : ""}`);
  });

  k.act("/console/udvalg/skift", R.everyone, async (c, _who, f) => {
    const to = str(f, "udvalg");
    if (!(await switchSessionCommittee(deps.store, deps.clock.now(), session(c), to))) return { redirect: "/console/udvalg", message: "Du har ingen gyldig rolle i det udvalg; tilføj det med dets token." };
    const name = (await findCommittee(deps.store, to))?.name ?? to;
    return { redirect: "/console", message: `Du arbejder nu i ${name}.` };
  });

  k.act("/console/udvalg/tilfoej", R.everyone, async (c, _who, f) => {
    const added = await addSessionRole(deps.store, deps.clock.now(), session(c), str(f, "token"));
    if (!added) return { redirect: "/console/udvalg", message: "Tokenet er ukendt eller tilbagekaldt; intet er tilføjet." };
    const name = (await findCommittee(deps.store, added.committeeId))?.name ?? added.committeeId;
    return { redirect: "/console/udvalg", message: `${name} er tilføjet; du kan skifte til det herunder.` };
  });

  // ─── a new committee, from the form ────────────────────────────────────────────────────────────────
  const newCommitteeForm = async (c: Context, who: Caller, s: FormState, status = 200) => {
    const base = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    return k.show(c, who, "Nyt udvalg", html`<h1>Opret et nyt udvalg</h1><p>Udfyld forretningsordenen. Tallene er foreslået fra ${base.committee.name}s; ret dem til det nye udvalgs regler.</p>${rulebookForm(s, { action: "/console/udvalg/nyt", base, mode: "committee" })}`, status);
  };
  k.page("/console/udvalg/nyt", R.create, async (c, who) => {
    const base = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    // The numbers and rules of the committee the person works in now; the committee, its seats and texts are new.
    const values = rulebookToForm(base);
    for (const key of [...values.keys()]) if (/^(seats\.|sources\.|committee\.|secretariat\.)/.test(key) || ["id", "title", "note"].includes(key)) values.delete(key);
    values.set("status", ["adopted"]);
    return newCommitteeForm(c, who, { values, problems: new Map(), general: [], sample: defaultSample(base), rows: EMPTY_ROWS });
  });
  k.form("/console/udvalg/nyt", R.create, async (c, who, f) => {
    const base = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const handling = str(f, "handling");
    const s = stateOf(f, base, handling === "flere" ? EMPTY_ROWS : 1);
    if (handling !== "gem") return newCommitteeForm(c, who, s);
    const { candidate, rows } = rulebookFromForm(s.values);
    try {
      const created = await createCommittee(deps, { rulebook: candidate }, who.name, "da");
      // The person who created it works in it from now on; the chair's token is for them to hand over.
      await addSessionRole(deps.store, deps.clock.now(), session(c), created.tokens.secretariat);
      await switchSessionCommittee(deps.store, deps.clock.now(), session(c), created.committeeId);
      return k.show(c, { role: "secretariat", committeeId: created.committeeId, name: "Sekretariatet" }, "Udvalget er oprettet", html`<h1>${created.name} er oprettet</h1>
<div class="card ok" role="status"><p>Forretningsorden ${created.rulebookId}: ${String(created.seats)} pladser. Du arbejder nu i udvalget; tilføj møder i mødeplanen.</p></div>
<div class="card"><h2>Udvalgets tokens</h2><p>De vises kun nu. Giv formandskabets token til formandskabet; sekretariatets token bruges til API'et og til at logge ind igen.</p>
<dl><dt>Sekretariatet</dt><dd><code>${created.tokens.secretariat}</code></dd><dt>Formandskabet</dt><dd><code>${created.tokens.chair}</code></dd></dl>
<p><a href="/console">Gå til ${created.name}s mødeplan</a></p></div>`);
    } catch (e) {
      if (!placeProblems(s, e, rows)) throw e;
      return newCommitteeForm(c, who, s, 400);
    }
  });

  // ─── the versions of the rulebook (R-6.1) ──────────────────────────────────────────────────────────
  k.page("/console/forretningsorden", R.view, async (c, who) => {
    const versions = await rulebookVersionsView(deps, who.committeeId);
    const rb = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    return k.show(c, who, "Forretningsorden", html`<h1>Forretningsordenen for ${rb.committee.name}</h1>${k.flash(c)}
<div class="card"><p class="muted">Hver udgave gælder for møder fra den dato, den træder i kraft, og for skriftlige voteringer, der åbnes fra den dato; tidligere møder og afstemninger beholder deres udgave (R-6.1).</p>
${table(["Udgave", "Træder i kraft", "Gyldig", "Status"], versions.map((v) => [
      html`<strong>${v.title}</strong><br><span class="muted">${v.id}</span>`,
      v.effectiveFrom ? day(v.effectiveFrom) : "fra begyndelsen",
      `${day(v.validity.from)} – ${day(v.validity.to)}`,
      html`${v.inForce ? html`<span class="badge">i kraft</span> ` : ""}${CHOICE_WORDS.status[v.status]}`,
    ]))}</div>
${k.may(who, R.adopt) ? html`<div class="card"><h2>Ny udgave</h2><p>Skriv en ny udgave ud fra den, der gælder nu, og vælg, hvornår den træder i kraft.</p><p><a href="/console/forretningsorden/ny">Skriv en ny udgave …</a></p></div>` : ""}`);
  });

  const newVersionForm = async (c: Context, who: Caller, s: FormState, effectiveFrom: string, status = 200) => {
    const latest = (await rulebookVersionsView(deps, who.committeeId)).at(-1);
    const base = await committeeRulebook(deps.store, who.committeeId, latest?.effectiveFrom ?? deps.clock.now());
    return k.show(c, who, "Ny udgave af forretningsordenen", html`<h1>Ny udgave af forretningsordenen</h1><p>Udfyldt med ${base.title} (${base.id}). Ret tallene og reglerne; fristerne for prøvemødet viser, hvad de betyder.</p>${rulebookForm(s, { action: "/console/forretningsorden/ny", base, mode: "version", effectiveFrom })}`, status);
  };
  k.page("/console/forretningsorden/ny", R.adopt, async (c, who) => {
    const latest = (await rulebookVersionsView(deps, who.committeeId)).at(-1);
    const base = await committeeRulebook(deps.store, who.committeeId, latest?.effectiveFrom ?? deps.clock.now());
    const values = rulebookToForm(base);
    values.set("id", [""]);
    return newVersionForm(c, who, { values, problems: new Map(), general: [], sample: defaultSample(base), rows: base.seats.length + EMPTY_ROWS }, "");
  });
  k.form("/console/forretningsorden/ny", R.adopt, async (c, who, f) => {
    const base = await committeeRulebook(deps.store, who.committeeId, deps.clock.now());
    const handling = str(f, "handling");
    const s = stateOf(f, base, handling === "flere" ? EMPTY_ROWS : 1);
    const effectiveFrom = str(f, "effectiveFrom");
    if (handling !== "gem") return newVersionForm(c, who, s, effectiveFrom);
    const { candidate, rows } = rulebookFromForm(s.values, base.committee);
    try {
      if (!effectiveFrom) {
        s.problems.set("effectiveFrom", ["Vælg datoen, hvor udgaven træder i kraft."]);
        return await newVersionForm(c, who, s, effectiveFrom, 400);
      }
      const adopted = await adoptRulebookVersion(deps, who.committeeId, { rulebook: candidate, effectiveFrom }, who.name, "da");
      return c.redirect(k.withMessage(c, "/console/forretningsorden", "ok", `Udgaven «${String(candidate.title ?? adopted.rulebookId)}» er gemt og træder i kraft ${day(adopted.effectiveFrom)}${adopted.meetingsRetimed ? `; ${adopted.meetingsRetimed} møder følger den og har fået dens frister` : ""}.`), 303);
    } catch (e) {
      if (!placeProblems(s, e, rows)) throw e;
      return newVersionForm(c, who, s, effectiveFrom, 400);
    }
  });
}
