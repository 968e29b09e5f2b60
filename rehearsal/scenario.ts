/**
 * The rehearsal's scenario: a deployment set up exactly as README's "Deploying to AWS" says — SES identities
 * verified and out of the sandbox, the receipt rule set activated, the secret, then the first committee
 * and its first token with `klyngeflow admin` only — and then played on the executor's virtual clock through
 * the deployed functions: a written vote answered by an SES reply and by member links (API Gateway events),
 * a ballot that bounces (SES → SNS → the mail-events function), an agenda released just before its callback
 * token is stored, minutes approved after one objection round, and a scheduled sweep. It asserts the outcomes
 * test/workflows asserts; every check that fails is reported, none stops the others.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { SESClient, SetActiveReceiptRuleSetCommand } from "@aws-sdk/client-ses";
import { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { simpleParser } from "mailparser";
import { parseKeyRing, newKeyRing, serializeKeyRing } from "#adapters/link-keys";
import type { RehearsalStack } from "./stack.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const C = "sundhedsklynge-syd";
const M = "2027-04-22";
const BOUNCE = "bounce@simulator.amazonses.com";

export interface Check { name: string; ok: boolean; detail: string; knownDefect?: string }

/**
 * Checks that fail because of a defect another stream of issue 19 is fixing: reported as known, so the
 * rehearsal shows them without failing on them. Remove an entry when its fix is merged (the run says so).
 */
export const KNOWN_DEFECTS: Record<string, string> = {
};
export interface ScenarioResult { checks: Check[]; findings: string[]; steps: string[] }

interface Mail { to: string; subject: string; text: string; replyTo: string; purpose: string; at: string; messageId: string }

export type ScenarioKind = "full" | "short";

export async function playScenario(stack: RehearsalStack, kind: ScenarioKind, log: (line: string) => void = () => {}): Promise<ScenarioResult> {
  const checks: Check[] = [];
  const findings: string[] = [];
  const steps: string[] = [];
  const dataDir = join(stack.clockFile, "..");
  const check = (name: string, ok: boolean, detail = "", known?: string) => {
    const knownDefect = known ? KNOWN_DEFECTS[known] : undefined;
    checks.push({ name, ok, detail, ...(knownDefect ? { knownDefect } : {}) });
    const mark = ok ? (knownDefect ? "  ok! " : "  ok  ") : knownDefect ? "  kendt" : "  FEJL";
    log(`${mark} ${name}${ok || !detail ? "" : `: ${detail}`}${knownDefect ? ` [${ok ? "rettet? fjern fra KNOWN_DEFECTS: " : ""}${knownDefect}]` : ""}`);
  };
  const eq = (name: string, actual: unknown, expected: unknown, known?: string) => check(name, JSON.stringify(actual) === JSON.stringify(expected), `fik ${JSON.stringify(actual)}, ventede ${JSON.stringify(expected)}`, known);
  const step = (s: string) => { steps.push(s); log(s); };
  const region = stack.resolver.region;
  const operator = { ...stack.operatorEnv };
  const sdk = { region, credentials: { accessKeyId: operator.AWS_ACCESS_KEY_ID ?? "", secretAccessKey: operator.AWS_SECRET_ACCESS_KEY ?? "" } };

  // ---- README "Deploying to AWS", step by step ----
  step("3. SES: domænernes DNS-poster udgivet (DKIM), produktionsadgang, regelsættet aktiveret");
  stack.ses.verifyIdentities();
  stack.ses.leaveSandbox();
  const ruleSet = stack.resolver.ofType("AWS::SES::ReceiptRuleSet")[0]?.name ?? "";
  const ses = new SESClient({ ...sdk, endpoint: stack.ses.endpoint });
  await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: ruleSet }));

  step("4. Hemmeligheden med linknøglerne");
  const secretArn = stack.secrets.secrets[0]?.arn ?? "";
  const sm = new SecretsManagerClient({ ...sdk, endpoint: stack.secrets.endpoint });
  const generated = (await sm.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString ?? "";
  try {
    parseKeyRing(generated);
  } catch (e) {
    // TODO(aws-store, defect 1): the template generates {current, seed}; the code reads {current, keys}.
    findings.push(`defect 1 (aws-store): the secret as the template generates it is refused by parseKeyRing: ${(e as Error).message.split("\n")[0]}; worked around by putting a key ring`);
    await sm.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: serializeKeyRing(newKeyRing()) }));
  }

  const outputs = Object.fromEntries(stack.resolver.outputs().map((o) => [o.OutputKey, o.OutputValue]));
  const stackFlags = ["--stack", stack.resolver.assembly.stackName];
  // TODO(aws-store, defect 5): the stack has no outputs yet; the names are given as flags until it has.
  if (!outputs.TableName) {
    const table = stack.resolver.ofType("AWS::DynamoDB::Table")[0]?.name ?? "";
    const machines = stack.resolver.ofType("AWS::StepFunctions::StateMachine");
    const arnOf = (suffix: string) => stack.resolver.ref(machines.find((m) => m.name.endsWith(suffix))?.id ?? "");
    stackFlags.push("--table", table, "--meeting-cycle-arn", arnOf("meeting-cycle"), "--written-vote-arn", arnOf("written-vote"));
    findings.push("defect 5 (aws-store): the stack has no outputs (TableName, state machine ARNs, PublicUrl, ApiUrl, InboundMxTarget); admin was given them as flags");
  }
  const admin = async (...args: string[]) => {
    stack.syncClock();
    const { stdout } = await run(process.execPath, [join(ROOT, "bin/klyngeflow.mjs"), "admin", ...args, ...stackFlags, "--json"], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...operator, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  step("5. Det første udvalg: forretningsorden, mødeplan, pladser (CSV), indsatser");
  mkdirSync(join(dataDir, "setup"), { recursive: true });
  const planFile = join(dataDir, "setup", "plan.json");
  writeFileSync(planFile, JSON.stringify({ committeeId: C, term: { from: "2026-01-01", to: "2029-12-31" }, meetings: [{ id: M, startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital, mødelokale 1" }] }));
  const rulebookFile = join(ROOT, "rulebooks/sundhedsklynge-syd-2026.json");
  const rulebook = JSON.parse(readFileSync(rulebookFile, "utf8")) as { seats: { id: string; constituency: string; title: string; member: { name: string; email: string }; substitutes: { id: string; name: string; email: string }[] }[] };
  const created = await admin("committee", "create", "--rulebook", rulebookFile, "--plan", planFile);
  eq("admin committee create: 17 pladser, 1 møde", [created.created, created.seats, created.meetings], [true, 17, 1]);
  // Tårnby's mayor's address has gone: the SES mailbox simulator bounces it, as a dead mailbox does.
  const csv = ["seat_id,constituency,title,member_name,member_email,substitute_id,substitute_name,substitute_email",
    ...rulebook.seats.flatMap((s) => {
      const email = s.id === "tarnby" ? BOUNCE : s.member.email;
      const row = (sub?: { id: string; name: string; email: string }) => [s.id, s.constituency, s.title, s.member.name, email, sub?.id ?? "", sub?.name ?? "", sub?.email ?? ""].map((v) => `"${v.replace(/"/g, '""')}"`).join(",");
      return s.substitutes.length ? s.substitutes.map(row) : [row()];
    })].join("\n");
  const csvFile = join(dataDir, "setup", "seats.csv");
  writeFileSync(csvFile, csv);
  const seats = await admin("seats", "import", "--committee", C, csvFile);
  eq("admin seats import: 17 pladser", (seats.updated as string[]).length, 17);
  const initiatives = await admin("initiatives", "load", "--committee", C, join(ROOT, "rulebooks/sundhedsklynge-syd-initiatives.json"));
  eq("admin initiatives load", initiatives.initiatives, ["den-gode-overgang", "overvaegt", "faelles-ammeindsats"]);

  step("6. Det første token, og mødeforløbene startes");
  const issued = await admin("token", "issue", "--committee", C, "--role", "secretariat", "--name", "Sekretariatet");
  const token = String(issued.token);
  const cycles = await admin("cycles", "start", "--committee", C);
  eq("admin cycles start: ét møde", cycles.started, 1);

  // ---- Played through the deployed functions ----
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${stack.api.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } });
    const text = await res.text();
    return { status: res.status, json: (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as Record<string, unknown> };
  };
  const until = async (iso: string) => {
    await stack.executor.runUntil(Date.parse(iso));
    await stack.executor.idle();
  };
  const nowIso = () => new Date(stack.time.nowMs()).toISOString();
  const mails = async (): Promise<Mail[]> => Promise.all(stack.ses.sent.map(async (s) => {
    const m = await simpleParser(s.raw);
    return {
      to: s.destinations.join(","), subject: m.subject ?? "", text: m.text ?? "", at: s.at, messageId: m.messageId ?? "",
      replyTo: Array.isArray(m.replyTo) ? "" : (m.replyTo?.value[0]?.address ?? ""),
      purpose: String(m.headers.get("x-klyngeflow-purpose") ?? ""),
    };
  }));
  const reply = async (mail: Mail, from: string, body: string) => {
    const raw = Buffer.from(`From: ${from}\r\nTo: ${mail.replyTo}\r\nSubject: SV: ${mail.subject}\r\nIn-Reply-To: ${mail.messageId}\r\nMessage-ID: <rehearsal-${Date.now()}-${Math.random().toString(36).slice(2)}@mail.example.net>\r\nDate: ${new Date(stack.time.nowMs()).toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n\r\n> ${mail.text.split("\n").slice(0, 3).join("\n> ")}\r\n`);
    stack.syncClock();
    return stack.ses.receive(raw, { from, to: [mail.replyTo] }, { spf: "PASS", dkim: "PASS", dmarc: "PASS" });
  };
  /** A member opens the link of their ballot, presses the button, and reads the page it leads to. */
  const click = async (mail: Mail, answer: "for" | "against" | "abstain") => {
    const link = new RegExp(`(https?://[^\\s]+/m/[a-z2-7]{26}-[a-z0-9]{2}[a-z2-7]{26})\\?svar=${answer}`).exec(mail.text)?.[1];
    if (!link) return { status: 0, page: `no ${answer} link in the ballot to ${mail.to}` };
    const path = new URL(link).pathname;
    const shown = await fetch(`${stack.api.url}${path}?svar=${answer}`);
    await shown.text();
    const posted = await fetch(`${stack.api.url}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `svar=${answer}` });
    await posted.text();
    const location = posted.headers.get("location") ?? "";
    const page = await fetch(`${stack.api.url}${new URL(location, stack.api.url).pathname}`);
    return { status: page.status, page: await page.text(), posted: posted.status, shown: shown.status };
  };

  // The agenda released just before the waiting task stores its token (the race of issue 19, defect 3).
  let releasedEarly: { status: number } | undefined;
  stack.beforeTask.push(async (fn, payload) => {
    const p = payload as { awaiting?: string };
    if (releasedEarly || !fn.includes("AwaitEvent") || p.awaiting !== `meeting/${M}#agenda-released` || stack.time.nowMs() < Date.parse("2027-04-07T07:00:00Z")) return;
    releasedEarly = await api(`/api/committees/${C}/meetings/${M}/agenda/release`, { method: "POST", body: "{}" });
  });

  step("Skriftlig votering åbnet 2027-03-26 10:00 gennem API'et");
  await until("2027-03-20T11:00:00Z");
  const item = await api(`/api/committees/${C}/meetings/${M}/items`, { method: "POST", body: JSON.stringify({ title: "Status på indsatser", description: "Nøgletal fra indsatserne." }) });
  eq("API: punkt på dagsordenen (201)", item.status, 201);
  await until("2027-03-26T09:00:00Z");
  const opened = await api(`/api/committees/${C}/written-votes`, { method: "POST", body: JSON.stringify({ title: "Forlængelse af fælles ammeindsats", question: "Godkender I, at indsatsen forlænges til 2028?" }) });
  eq("API: votering åbnet (201)", opened.status, 201);
  const voteId = String(opened.json.id);
  await stack.executor.idle();
  const ballots = (await mails()).filter((m) => m.purpose === "ballot");
  eq("R-3.6: én stemmeseddel pr. plads, gennem SES", ballots.length, 17);
  const ballotTo = (email: string) => ballots.find((m) => m.to === email) as Mail;
  // Alerted once per address and day: the ballot's bounce today (the call for items bounced on its own day too).
  const bounceAlerts = (await mails()).filter((m) => m.purpose === "alert" && m.subject.includes("kan ikke leveres") && m.at.startsWith("2027-03-26"));
  if (stack.ses.droppedEvents.length) findings.push(`SES could not publish the bounce to SNS: ${stack.ses.droppedEvents[0]?.reason}`);
  eq("bounce: SES → SNS → mail-events; formandskab og sekretariat advaret samme dag", bounceAlerts.length, 3);

  await until("2027-03-27T09:00:00Z");
  const ishoj = ballotTo("borgmester@ishoj.example.org");
  const inbound = await reply(ishoj, "borgmester@ishoj.example.org", "JA");
  eq("SES modtager svaret (250, S3 og så Lambda)", [inbound.smtp, inbound.actions.length], [250, 2]);
  const linkSeats = kind === "full" ? ["region-1", "region-2", "region-3", "region-4", "brondby", "albertslund", "vallensbaek", "kobenhavn", "hvidovre"] : ["brondby", "albertslund", "vallensbaek", "kobenhavn", "hvidovre", "region-1", "region-2", "region-3", "region-4"];
  const emailOf = (seatId: string) => rulebook.seats.find((s) => s.id === seatId)?.member.email ?? "";
  const clicks = [];
  for (const s of linkSeats) clicks.push(await click(ballotTo(emailOf(s)), "for"));
  eq("link: siden vises (200), svaret gemmes (303), svarsiden siger det er registreret", clicks.map((c) => [c.shown, c.posted, c.status, String(c.page).includes("Dit svar er registreret")]), linkSeats.map(() => [200, 303, 200, true]));
  await stack.executor.idle();
  const state = await api(`/api/committees/${C}/written-votes/${voteId}`);
  const responses = (state.json.responses ?? []) as { seat: string; answer?: string; channel?: string }[];
  eq("svar talt: Ishøj pr. e-mail (SES), 9 pr. link", [responses.find((r) => r.seat === "ishoj")?.answer, responses.find((r) => r.seat === "ishoj")?.channel, responses.filter((r) => r.channel === "link" && r.answer === "for").length], ["for", "email", 9]);

  await until("2027-04-04T00:00:00+02:00");
  const closed = await api(`/api/committees/${C}/written-votes/${voteId}`);
  const vote = closed.json as { status?: string; outcome?: string; closeReason?: string; closedAt?: string; vote?: Record<string, unknown> };
  const v = (vote.vote ?? vote) as Record<string, unknown>;
  eq("R-3.6: afgjort ved fristen, vedtaget", [v.status, v.outcome, v.closeReason, v.closedAt], ["closed", "carried", "deadline", "2027-04-03T23:59:59+02:00"]);
  const all = await mails();
  const answered = new Set(["ishoj", ...linkSeats].map(emailOf));
  const reminders = all.filter((m) => m.purpose === "vote-reminder");
  eq("R-3.6: påmindelser kun til de 7 pladser uden svar, to gange", [reminders.length, reminders.every((m) => !answered.has(m.to))], [14, true]);
  eq("R-3.6: resultatet til alle 17", all.filter((m) => m.purpose === "vote-result").length, 17);

  if (kind === "full") {
    step("Mødet 2027-04-22: dagsorden frigivet lige før ventetrinnet gemmer sit token; protokol med én indsigelsesrunde");
    await until("2027-04-23T10:00:00+02:00");
    eq("API: dagsorden frigivet (200)", releasedEarly?.status, 200);
    const agenda = (await mails()).filter((m) => m.purpose === "agenda");
    eq("R-3.3: dagsordenen udsendt ved frigivelsen 2027-04-07 09:00, ikke ved fristen", [agenda.length, agenda[0]?.at], [17, "2027-04-07T07:00:00.000Z"]);
    await until("2027-04-27T08:00:00Z");
    const v1 = await api(`/api/committees/${C}/meetings/${M}/minutes`, { method: "POST", body: JSON.stringify({ name: "protokol-v1.pdf", contentType: "application/pdf", contentBase64: Buffer.from("%PDF protokol v1").toString("base64") }) });
    eq("API: protokol udgave 1 (201)", v1.status, 201);
    await stack.executor.idle();
    await until("2027-05-01T06:15:00Z");
    const minutesToDragor = (await mails()).find((m) => m.purpose === "minutes" && m.to === emailOf("dragor"));
    const objection = minutesToDragor ? await reply(minutesToDragor, emailOf("dragor"), "INDSIGELSE\nPunkt 2 er gengivet forkert.") : undefined;
    eq("SES: indsigelsen modtaget", objection?.smtp, 250);
    await until("2027-05-07T07:30:00Z");
    const v2 = await api(`/api/committees/${C}/meetings/${M}/minutes`, { method: "POST", body: JSON.stringify({ name: "protokol-v2.pdf", contentType: "application/pdf", contentBase64: Buffer.from("%PDF protokol v2").toString("base64"), changeNote: "Punkt 2 er rettet efter indsigelse fra Dragør." }) });
    eq("API: protokol udgave 2 (201)", v2.status, 201);
    await until("2027-06-01T00:00:00+02:00");
    const meeting = (await api(`/api/committees/${C}/meetings/${M}`)).json as Record<string, unknown>;
    const mtg = (meeting.meeting ?? meeting) as Record<string, unknown>;
    eq("R-3.5: protokollen godkendt i udgave 2 ved fristen for anden runde", [mtg.status, mtg.minutesApprovedAt, mtg.approvedMinutesVersion], ["held", "2027-05-15T23:59:59+02:00", 2]);
    const timeline = [...new Map((await mails()).filter((m) => ["call-for-items", "quorum-forecast", "minutes", "minutes-approved"].includes(m.purpose) || (m.purpose === "alert" && m.subject.includes("ndsigelse")))
      .map((m) => [`${new Date(m.at).toLocaleString("sv-SE", { timeZone: "Europe/Copenhagen" })} ${m.purpose}`, 0])).keys()];
    eq("R-3.2/R-3.3/R-3.5: mødets mails på de sekunder forretningsordenen siger", timeline, [
      "2027-03-11 09:00:00 call-for-items", "2027-04-19 09:00:00 quorum-forecast", "2027-04-27 10:00:00 minutes",
      "2027-05-06 00:00:00 alert", "2027-05-07 09:30:00 minutes", "2027-05-16 00:00:00 minutes-approved",
    ]);
    const minutes = (await api(`/api/committees/${C}/meetings/${M}/minutes`)).json as { rounds?: { version: number; objections?: { seat: string; channel: string }[] }[] };
    eq("R-3.5: indsigelsen fra Dragør (pr. SES) står på udgave 1", minutes.rounds?.map((r) => [r.version, (r.objections ?? []).map((o) => `${o.seat}/${o.channel}`)]), [[1, ["dragor/email"]], [2, []]]);
  } else {
    step("Mødet: dagsorden frigivet lige før ventetrinnet gemmer sit token");
    await until("2027-04-08T00:00:00+02:00");
    const agenda = (await mails()).filter((m) => m.purpose === "agenda");
    eq("API: dagsorden frigivet (200)", releasedEarly?.status, 200);
    eq("R-3.3: dagsordenen udsendt ved frigivelsen 2027-04-07 09:00", [agenda.length, agenda[0]?.at], [17, "2027-04-07T07:00:00.000Z"]);
  }

  step("EventBridge: den planlagte opsamling (SweepInbound) kører");
  const swept = (await stack.fireSchedules()) as { result?: { checked?: number; processed?: string[] }; error?: { message: string } }[];
  eq("sweep: alle svar i S3 var allerede behandlet", swept.map((s) => [typeof s.result?.checked, s.result?.processed?.length ?? s.error?.message]), [["number", 0]]);
  eq("ingen fejlede udførelser", stack.failures.map((f) => `${f.name}: ${f.error}`), []);
  log(`  (virtuel tid nu ${nowIso()})`);
  return { checks, findings, steps };
}
