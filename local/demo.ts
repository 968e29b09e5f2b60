/**
 * `npm run demo` / `klyngeflow simulate`: against a fresh data folder on a virtual clock, plays a meeting
 * cycle, a written vote ended by an objection and a minutes objection round through the real stack
 * (store, state machines, HTTP API, member links, SMTP replies, outbox), with a progress line per step and
 * a summary at the end. Members answer as members do: from the emails in the outbox.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { danishDateTime } from "#templates/danish";
import { startLocalStack, type LocalStack } from "./stack.ts";

export interface DemoSummary {
  emailsByKind: Record<string, number>;
  emailsTotal: number;
  decisions: { writtenVote: { outcome: string; movedToMeetingId: string | null; tally: Record<string, number> }; minutes: { approvedVersion: number | null; approvedAt: string | null; rounds: number } };
  deadlines: { rule: string; what: string; deadline: string; done: string | null; met: boolean }[];
  seconds: number;
}

interface Mail { to: string; purpose: string; subject: string; replyTo?: string | undefined; link?: string | undefined; date: string }

const C = "sundhedsklynge-syd";

export async function runDemo(options: { log?: (line: string) => void; keepData?: boolean } = {}): Promise<DemoSummary> {
  const log = options.log ?? ((l: string) => console.log(l));
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-demo-"));
  const stack: LocalStack = await startLocalStack({ port: 0, smtpPort: 0, dataDir, token: "demo-secretariat-token-000000000", tokenFromEnv: true }, { virtualStart: "2027-02-01T09:00:00+01:00", quiet: true });
  const { runtime, http, smtp, tokens } = stack;
  const now = () => runtime.deps.clock.now();
  const step = (text: string) => log(`[${danishDateTime(now())}] ${text}`);
  const seen = new Set<string>();
  const mails: Mail[] = [];

  async function outbox(): Promise<Mail[]> {
    for (const f of readdirSync(runtime.outboxDir).sort()) {
      if (seen.has(f)) continue;
      seen.add(f);
      const m = await simpleParser(readFileSync(join(runtime.outboxDir, f)));
      const to = Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? "");
      mails.push({
        to, purpose: String(m.headers.get("x-klyngeflow-purpose") ?? ""), subject: m.subject ?? "", date: m.date?.toISOString() ?? "",
        replyTo: m.replyTo?.value[0]?.address, link: /(http:\/\/127\.0\.0\.1:\d+\/m\/[a-z0-9-]+)/.exec(m.text ?? "")?.[1],
      });
    }
    return mails;
  }
  const until = async (at: string, what?: string) => {
    const before = (await outbox()).length;
    await runtime.executor.runUntil(Date.parse(at));
    const fresh = (await outbox()).slice(before);
    const by = new Map<string, number>();
    for (const m of fresh) by.set(m.purpose, (by.get(m.purpose) ?? 0) + 1);
    if (what || by.size) step(`${what ?? "Tiden går"}${by.size ? ` — sendt: ${[...by].map(([k, n]) => `${k} ×${n}`).join(", ")}` : ""}`);
  };
  const api = async (method: string, path: string, body?: unknown, token = tokens.secretariat) => {
    const res = await fetch(`${http.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const mailFor = async (purpose: string, to: string) => (await outbox()).filter((m) => m.purpose === purpose && m.to === to).at(-1);
  const reply = async (purpose: string, from: string, text: string) => {
    const m = await mailFor(purpose, from);
    if (!m?.replyTo) throw new Error(`no ${purpose} mail to ${from}`);
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from, to: m.replyTo, subject: `SV: ${m.subject}`, text: `${text}\n\nFra: Politisk Sundhedsklynge Syd\nSendt: ${m.date}\nEmne: ${m.subject}\n\n(citeret e-mail)` });
    // The sink answers 250 once the reply is stored (as SES does); it is judged right after.
    await smtp.idle();
    await runtime.executor.idle();
  };
  const click = async (purpose: string, to: string, form: string) => {
    const m = await mailFor(purpose, to);
    if (!m?.link) throw new Error(`no link in ${purpose} to ${to}`);
    await fetch(m.link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
    await runtime.executor.idle();
  };
  const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n`).toString("base64");

  try {
    log("klyngeflow-demo: Politisk Sundhedsklynge Syd, mødet 22. april 2027, på virtuel tid\n");
    step("Lokal stak startet; mødeplanen 2026–2029 og tre indsatser er indlæst");
    await until("2027-03-11T12:00:00+01:00", "Indkaldelse af punkter (R-3.2) og anmodninger om statusrapporter");
    await reply("call-for-items", "borgmester@hvidovre.example.org", "Kapaciteten i den fælles akutmodtagelse\nVi ønsker en drøftelse af de seneste tal for FAM.");
    step("Borgmesteren i Hvidovre anmodede om et punkt ved at svare på e-mailen");
    await reply("initiative-report-request", "ammeindsats@region.example.org", "På sporet\nAndel fuldt ammet ved 2 uger: 61,5 %\nForbrug: 210.000 kr.");
    await reply("initiative-report-request", "den-gode-overgang@region.example.org", "På sporet\nBorgere udskrevet til IV-behandling i eget hjem: 42\nForbrug: 900.000 kr.");
    step("To indsatser rapporterede; Overvægt rapporterer ikke");
    await until("2027-03-26T10:00:00+01:00", "Påmindelser om manglende rapporter");

    const vote = await api("POST", `/api/committees/${C}/written-votes`, { title: "Forlængelse af fælles ammeindsats til 2028", question: "Godkender sundhedsklyngen, at den fælles ammeindsats forlænges til 2028 inden for den eksisterende ramme?" });
    await runtime.executor.idle();
    step(`Sekretariatet åbnede en skriftlig votering (R-3.6) via API'et; stemmesedler sendt: ${(await outbox()).filter((m) => m.purpose === "ballot").length}`);
    for (const who of ["region-1@region.example.org", "borgmester@ishoj.example.org", "borgmester@brondby.example.org", "borgmester@kobenhavn.example.org"]) await click("ballot", who, "svar=for");
    step("Fire medlemmer stemte JA via linket i e-mailen");
    await until("2027-03-27T10:00:00+01:00");
    await reply("ballot", "laege-1@plo.example.org", "INDSIGELSE\nSagen berører almen praksis og bør drøftes på mødet.");
    const v = await api("GET", `/api/committees/${C}/written-votes/${String(vote.id)}`);
    step(`Praktiserende læge 1 gjorde indsigelse pr. e-mail → voteringen sluttede straks: ${String(v.outcome)} (sat på mødet ${String(v.movedToMeetingId)})`);

    await until("2027-04-08T10:00:00+02:00", "Påmindelse til sekretariatet om at frigive dagsordenen (R-3.3)");
    const meeting = await api("GET", `/api/committees/${C}/meetings/2027-04-22`);
    const requested = (meeting.items as { id: string; status: string }[]).filter((i) => i.status === "requested");
    for (const i of requested) await api("POST", `/api/committees/${C}/meetings/2027-04-22/items/${i.id}/decision`, { decision: "accepted" }, tokens.chair);
    await api("POST", `/api/committees/${C}/meetings/2027-04-22/items`, { title: "Økonomi mellem region og kommuner", description: "Drøftelse af fordelingen af opstartsmidlerne.", authoritiesOnly: true });
    await api("POST", `/api/committees/${C}/meetings/2027-04-22/agenda/release`, undefined, tokens.chair);
    await runtime.executor.idle();
    step(`Formandskabet optog det sene punkt og frigav dagsordenen; dagsordener sendt: ${(await outbox()).filter((m) => m.purpose === "agenda").length} (punktet om økonomi kun til region og kommuner, R-3.4)`);
    await reply("agenda", "borgmester@dragor.example.org", "Afbud – min suppleant deltager.");
    await reply("agenda", "laege-2@plo.example.org", "Afbud");
    step("To afbud modtaget pr. e-mail (R-3.7)");
    await until("2027-04-22T16:00:00+02:00", "Quorumprognose sendt (R-4.2); mødet afholdt");

    await until("2027-04-27T10:00:00+02:00");
    await api("POST", `/api/committees/${C}/meetings/2027-04-22/minutes`, { name: "protokol-v1.pdf", contentType: "application/pdf", contentBase64: pdf("v1") });
    await runtime.executor.idle();
    step("Sekretariatet lagde protokollen op; sendt til alle pladser med indsigelsesfrist 5. maj (R-3.5)");
    await until("2027-05-01T09:00:00+02:00");
    await click("minutes", "borgmester@brondby.example.org", "indsigelse=Punkt 3: Brøndbys bemærkning om udskrivning mangler.");
    step("Borgmesteren i Brøndby gjorde indsigelse via linket");
    await until("2027-05-07T09:30:00+02:00", "Indsigelsesfristen udløb; formandskab og sekretariat bedt om en revideret udgave");
    await api("POST", `/api/committees/${C}/meetings/2027-04-22/minutes`, { name: "protokol-v2.pdf", contentType: "application/pdf", contentBase64: pdf("v2"), changeNote: "Punkt 3 er rettet efter indsigelse fra Brøndby." });
    await runtime.executor.idle();
    step("Revideret protokol (udgave 2) sendt til fornyet godkendelse");
    await until("2027-05-20T00:00:00+02:00", "Ingen indsigelser til udgave 2: protokollen er godkendt");

    const final = await api("GET", `/api/committees/${C}/meetings/2027-04-22`);
    const minutes = final.minutes as { approved: { version: number; approvedAt: string } | null; rounds: unknown[] };
    const deadlines = final.deadlines as { rule: string; what: string; at: string }[];
    const m = final.meeting as { agendaSentAt?: string; startsAt: string };
    const firstSent = async (purpose: string) => (await outbox()).filter((x) => x.purpose === purpose).map((x) => x.date).sort()[0] ?? null;
    const check = (rule: string, what: string, deadline: string | undefined, done: string | null) =>
      ({ rule, what, deadline: deadline ?? "", done, met: Boolean(done && deadline && Date.parse(done) <= Date.parse(deadline) + 999) });
    const summary: DemoSummary = {
      emailsByKind: Object.fromEntries([...(await outbox()).reduce((acc, x) => acc.set(x.purpose, (acc.get(x.purpose) ?? 0) + 1), new Map<string, number>())].sort()),
      emailsTotal: (await outbox()).length,
      decisions: {
        writtenVote: { outcome: String(v.outcome), movedToMeetingId: (v.movedToMeetingId as string | null) ?? null, tally: v.tally as Record<string, number> },
        minutes: { approvedVersion: minutes.approved?.version ?? null, approvedAt: minutes.approved?.approvedAt ?? null, rounds: minutes.rounds.length },
      },
      deadlines: [
        check("R-3.2", "call for items before the item deadline", deadlines.find((d) => d.rule === "R-3.2" && d.what.startsWith("agenda item"))?.at, await firstSent("call-for-items")),
        check("R-3.3", "agenda sent at least 10 days before", deadlines.find((d) => d.rule === "R-3.3" && d.what.startsWith("agenda with"))?.at, m.agendaSentAt ?? null),
        check("R-3.5", "minutes sent at most 10 days after", deadlines.find((d) => d.rule === "R-3.5")?.at, await firstSent("minutes")),
      ],
      seconds: (Date.now() - started) / 1000,
    };
    log("\nOpsummering");
    log(`  E-mails: ${summary.emailsTotal} i alt — ${Object.entries(summary.emailsByKind).map(([k, n]) => `${k} ${n}`).join(", ")}`);
    log(`  Skriftlig votering: ${summary.decisions.writtenVote.outcome} → møde ${summary.decisions.writtenVote.movedToMeetingId}`);
    log(`  Protokol: godkendt i udgave ${summary.decisions.minutes.approvedVersion} (${danishDateTime(summary.decisions.minutes.approvedAt ?? now())}) efter ${summary.decisions.minutes.rounds} runder`);
    for (const d of summary.deadlines) log(`  ${d.met ? "✓" : "✗"} ${d.rule} ${d.what}: frist ${danishDateTime(d.deadline)}, gjort ${d.done ? danishDateTime(d.done) : "aldrig"}`);
    log(`  Varighed: ${summary.seconds.toFixed(1)} s`);
    return summary;
  } finally {
    await stack.stop();
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("demo.ts")) {
  runDemo().then(
    (s) => process.exit(s.deadlines.every((d) => d.met) ? 0 : 1),
    (e) => { console.error(e); process.exit(1); },
  );
}
