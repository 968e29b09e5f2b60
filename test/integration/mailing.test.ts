/**
 * DESIGN.md principle 4 for mailings: the emails of a mailing are sent one after another, and the claim of
 * each is the confirmation of the one before. Real store (dynalite), real MIME into the real outbox; the
 * mailer is wrapped only to make a send fail at a chosen point, and to hide the outbox's "do you have this
 * message?" answer where SES (which cannot be asked) is meant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mailer } from "#adapters/mailer";
import { emailSent, reconcileEmails, sendMailing, sentTimes, type MailRequest } from "#functions/mail/mailing";
import type { Deps } from "#functions/deps";
import { committeeView, recipientView } from "#functions/mail/messages";
import { rulebook2026 } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
let t: TestRuntime;
beforeAll(async () => { t = await startTestRuntime({ start: "2027-03-01T09:00:00+01:00" }); }, 60_000);
afterAll(async () => { await t.stop(); });

const people = Array.from({ length: 17 }, (_, i) => ({ personId: `p${i + 1}`, name: `Medlem ${i + 1}`, email: `medlem${i + 1}@example.org` }));

function mailing(matter: string, recipients = people, build?: (personId: string) => void): MailRequest[] {
  return recipients.map((p) => ({
    key: `test#${matter}#${p.personId}`, committeeId: C, matter, purpose: "alert", to: p,
    message: () => {
      build?.(p.personId);
      return { kind: "alert", committee: committeeView(rulebook2026), to: recipientView({ ...p, role: "member" }), title: "Prøve", lines: ["En besked."], consoleUrl: "http://127.0.0.1:3000/console" };
    },
  }));
}

/** The outbox, except that sends to the given addresses fail: before the send, or after it (a lost answer). */
function failing(deps: Deps, failOn: Map<string, "before" | "after">, options: { canBeAsked: boolean }): Deps {
  const real = deps.mailer;
  const mailer: Mailer = {
    async send(mail) {
      const how = failOn.get(mail.to[0] ?? "");
      if (how === "before") throw new Error(`injected: send to ${mail.to[0]} refused`);
      const out = await real.send(mail);
      if (how === "after") throw new Error(`injected: answer for ${mail.to[0]} lost`);
      return out;
    },
    ...(options.canBeAsked && real.accepted ? { accepted: (id: string) => real.accepted?.(id) ?? Promise.resolve(false) } : {}),
  };
  return { ...deps, mailer };
}

async function delivered(matter: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of await t.outbox()) {
    if (!m.subject.includes("Prøve")) continue;
    const email = await t.deps.store.get("email", { pk: `EMAIL#${C}#test#${matter}#${people.find((p) => p.email === m.to)?.personId}`, sk: "EMAIL" });
    if (email?.messageId === m.messageId) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  }
  return counts;
}

describe("DESIGN.md principle 4: a mailing is claimed email by email, each claim confirming the email before it", () => {
  it("17 emails cost 18 email writes, not 34; every one reads as sent; a second run sends and writes nothing", async () => {
    const before = t.deps.store.stats.writesByKind.email ?? 0;
    expect(await sendMailing(t.deps, mailing("m1"))).toEqual(Array(17).fill("sent"));
    expect((t.deps.store.stats.writesByKind.email ?? 0) - before).toBe(18);
    const emails = await t.deps.store.listByIndex("email", `EMAILS#${C}#m1`);
    expect(emails).toHaveLength(17);
    // Only the last carries its own confirmation; the others are proven by the next claim.
    expect(emails.filter((e) => e.status === "sent").map((e) => e.idempotencyKey)).toEqual([`${C}#test#m1#p17`]);
    expect(sentTimes(emails).size).toBe(17);
    for (const e of emails) expect(await emailSent(t.deps.store, e)).toBe(true);
    expect(await reconcileEmails(t.deps, C, "m1")).toEqual({ unconfirmed: [], resent: [] });

    const again = t.deps.store.stats.writesByKind.email ?? 0;
    expect(await sendMailing(t.deps, mailing("m1"))).toEqual(Array(17).fill("already-sent"));
    expect([...(await delivered("m1")).values()]).toEqual(Array(17).fill(1));
    // A refused conditional claim is the only write attempt per email; nothing is confirmed again.
    expect((t.deps.store.stats.writesByKind.email ?? 0) - again).toBe(17);
  }, 60_000);

  it("the answer of one send is lost and the provider cannot be asked (SES): only that email is sent again, and reported", async () => {
    const crashing = failing(t.deps, new Map([["medlem6@example.org", "after"]]), { canBeAsked: false });
    await expect(sendMailing(crashing, mailing("m2"))).rejects.toThrow(/medlem6/);
    // Emails 1–5 are proven by the claims after them, email 5 by email 6's claim; email 6 is in doubt.
    const first = await reconcileEmails(t.deps, C, "m2");
    expect(first.unconfirmed.map((u) => u.to)).toEqual(["medlem6@example.org"]);
    const outcomes = await sendMailing(failing(t.deps, new Map(), { canBeAsked: false }), mailing("m2"));
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill("already-sent"));
    expect(outcomes[5]).toBe("resent");
    expect(outcomes.slice(6)).toEqual(Array(11).fill("sent"));
    const counts = await delivered("m2");
    expect(counts.get("medlem6@example.org")).toBe(2); // the same Message-ID twice: receivers collapse it
    expect([...counts.entries()].filter(([to]) => to !== "medlem6@example.org").map(([, n]) => n)).toEqual(Array(16).fill(1));
    expect(await reconcileEmails(t.deps, C, "m2")).toMatchObject({ unconfirmed: [], resent: [{ to: "medlem6@example.org", resends: 1 }] });
  }, 60_000);

  it("a send refused by the provider leaves the emails before it proven sent, and the retry sends the rest once", async () => {
    const refusing = failing(t.deps, new Map([["medlem9@example.org", "before"]]), { canBeAsked: false });
    await expect(sendMailing(refusing, mailing("m3"))).rejects.toThrow(/medlem9/);
    expect(await sendMailing(t.deps, mailing("m3"))).toEqual([...Array(8).fill("already-sent"), "resent", ...Array(8).fill("sent")]);
    expect([...(await delivered("m3")).values()]).toEqual(Array(17).fill(1));
  }, 60_000);

  it("a message that cannot be built confirms the email before it by its own write, so that nothing already sent is left in doubt", async () => {
    const broken = mailing("m4", people.slice(0, 4), (personId) => { if (personId === "p3") throw new Error("template error"); });
    await expect(sendMailing(t.deps, broken)).rejects.toThrow("template error");
    const emails = await t.deps.store.listByIndex("email", `EMAILS#${C}#m4`);
    expect(emails.map((e) => [e.idempotencyKey.split("#").at(-1), e.status])).toEqual([["p1", "claimed"], ["p2", "sent"]]);
    expect(await reconcileEmails(t.deps, C, "m4")).toEqual({ unconfirmed: [], resent: [] });
  }, 60_000);

  it("the recipients change order between a crashed run and its retry: a claim naming another predecessor proves nothing, and no email is skipped", async () => {
    const [a, b, c] = people as [typeof people[0], typeof people[0], typeof people[0]];
    // Run 1: A, B, C — B is claimed (its claim proves A) but its send is refused.
    await expect(sendMailing(failing(t.deps, new Map([[b.email, "before"]]), { canBeAsked: false }), mailing("m5", [a, b, c]))).rejects.toThrow(/medlem2/);
    // Run 2: A, C, B. C's claim names A; B still names C as its next, but C's claim does not name B.
    expect(await sendMailing(t.deps, mailing("m5", [a, c, b]))).toEqual(["already-sent", "sent", "resent"]);
    expect(Object.fromEntries(await delivered("m5"))).toEqual({ [a.email]: 1, [b.email]: 1, [c.email]: 1 });
    expect(await reconcileEmails(t.deps, C, "m5")).toMatchObject({ unconfirmed: [] });
  }, 60_000);

  it("the same recipient twice in one list is one email", async () => {
    const [a, b] = people as [typeof people[0], typeof people[0]];
    expect(await sendMailing(t.deps, mailing("m6", [a, b, b, a]))).toEqual(["sent", "sent", "already-sent", "already-sent"]);
    expect(Object.fromEntries(await delivered("m6"))).toEqual({ [a.email]: 1, [b.email]: 1 });
    expect(await reconcileEmails(t.deps, C, "m6")).toEqual({ unconfirmed: [], resent: [] });
  }, 60_000);
});
