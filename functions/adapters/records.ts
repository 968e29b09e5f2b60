/**
 * Every kind of record in the single table: its schema (parsed on every read, DESIGN.md example 2) and
 * where it lives (pk/sk, and the index entry when it has one). docs/store.md lists the access patterns.
 */
import * as z from "zod/mini";
import { ANSWERS } from "#domain/written-vote";
import { rulebookSchema, seatSchema } from "#domain/rulebook";

const instant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, "expected an ISO instant with offset"));
const id = z.string().check(z.minLength(1), z.maxLength(200));
const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD"));
const respondent = z.union([
  z.object({ kind: z.literal("member") }),
  z.object({ kind: z.literal("substitute"), substituteId: id }),
]);
const channel = z.enum(["email", "link", "api", "secretariat"]);
/** Optimistic-concurrency revision for records that are changed in place. */
const rev = z.number().check(z.int(), z.gte(0));

export interface Key {
  pk: string;
  sk: string;
}

/** Where the records of one scope live (a meeting's agenda items, a vote's responses): in key order. */
export interface Collection {
  pk: string;
  skPrefix: string;
}

/** An index partition to query (and a sort-key prefix within it). */
export interface IndexQuery {
  index: "gsi1" | "gsi2";
  partition: string;
  prefix?: string | undefined;
}

/**
 * A kind of record. `key` takes only the fields that identify a record (so a repository can find one by
 * its id), `collection` the fields of the scope its records are listed in.
 */
export interface KindDefinition<S extends z.ZodMiniType, Id = z.infer<S>, Scope = never> {
  schema: S;
  key(id: Id): Key;
  collection?(scope: Scope): Collection;
  /** Optional secondary-index entry (gsi1). */
  index?(record: z.infer<S>): { gsi1pk: string; gsi1sk: string };
  /** Optional second index entry (gsi2): lookups by an opaque value. */
  index2?(record: z.infer<S>): { gsi2pk: string; gsi2sk: string } | undefined;
}

function kind<S extends z.ZodMiniType, Id, Scope = never>(def: KindDefinition<S, Id, Scope>): KindDefinition<S, Id, Scope> {
  return def;
}

type CommitteeScope = { committeeId: string };
type MeetingScope = { committeeId: string; meetingId: string };

const pad = (n: number, width = 4) => String(n).padStart(width, "0");

export const committeePk = (committeeId: string) => `C#${committeeId}`;
export const meetingPk = (committeeId: string, meetingId: string) => `M#${committeeId}#${meetingId}`;
export const votePk = (committeeId: string, voteId: string) => `V#${committeeId}#${voteId}`;
export const auditPk = (committeeId: string, matter: string) => `AUDIT#${committeeId}#${matter}`;

export const records = {
  committee: kind({
    schema: z.object({ committeeId: id, name: z.string(), rulebookId: id, createdAt: instant, rev }),
    key: (r: CommitteeScope) => ({ pk: committeePk(r.committeeId), sk: "COMMITTEE" }),
    index: (r) => ({ gsi1pk: "COMMITTEES", gsi1sk: r.committeeId }),
  }),
  /**
   * A version of the committee's rulebook. The first one loaded has no effectiveFrom (it governs from
   * the start); a version adopted later governs meetings and votes from its effectiveFrom date on.
   */
  rulebook: kind({
    schema: z.object({
      committeeId: id, rulebookId: id, loadedAt: instant, rulebook: rulebookSchema,
      effectiveFrom: z.optional(localDate), adoptedBy: z.optional(z.string()),
    }),
    key: (r: { committeeId: string; rulebookId: string }) => ({ pk: committeePk(r.committeeId), sk: `RULEBOOK#${r.rulebookId}` }),
    collection: (c: CommitteeScope) => ({ pk: committeePk(c.committeeId), skPrefix: "RULEBOOK#" }),
  }),
  /** The current holder of a seat; the rulebook file only seeds these (members change mid-term). */
  seat: kind({
    schema: z.object({ committeeId: id, ...seatSchema.shape, rev }),
    key: (r: { committeeId: string; id: string }) => ({ pk: committeePk(r.committeeId), sk: `SEAT#${r.id}` }),
    collection: (c: CommitteeScope) => ({ pk: committeePk(c.committeeId), skPrefix: "SEAT#" }),
  }),
  /** the secretariat's record that a substitute represents a seat for a period. */
  representation: kind({
    schema: z.object({ committeeId: id, seatId: id, substituteId: id, from: instant, to: z.optional(instant), recordedAt: instant, recordedBy: id }),
    key: (r: { committeeId: string; seatId: string; from: string; substituteId: string }) => ({ pk: committeePk(r.committeeId), sk: `REPRESENTATION#${r.seatId}#${r.from}#${r.substituteId}` }),
    collection: (c: CommitteeScope) => ({ pk: committeePk(c.committeeId), skPrefix: "REPRESENTATION#" }),
  }),
  meeting: kind({
    schema: z.object({
      committeeId: id,
      meetingId: id,
      kind: z.enum(["ordinary", "extraordinary"]),
      startsAt: instant,
      durationMinutes: z.number().check(z.int(), z.gte(15)),
      location: z.string(),
      virtualUrl: z.optional(z.string()),
      status: z.enum(["planned", "cancelled", "held"]),
      presidingChair: id,
      /** Bumped when the meeting moves, so its cycle restarts under a new execution name. */
      generation: z.number().check(z.int(), z.gte(1)),
      /** SEQUENCE of the calendar invite: bumped on every change the members are told about. */
      inviteSequence: z.number().check(z.int(), z.gte(0)),
      calledAt: z.optional(instant),
      agendaReleasedAt: z.optional(instant),
      agendaReleasedBy: z.optional(id),
      agendaSentAt: z.optional(instant),
      /** when the missing initiative reports were escalated (once per meeting). */
      reportsEscalatedAt: z.optional(instant),
      minutesApprovedAt: z.optional(instant),
      approvedMinutesVersion: z.optional(z.number()),
      /** Loaded as history (already held when the plan was loaded): deadlines that ended before this raise no alert. */
      loadedAsHeldAt: z.optional(instant),
      rev,
    }),
    key: (r: MeetingScope) => ({ pk: committeePk(r.committeeId), sk: `MEETING#${r.meetingId}` }),
    collection: (c: CommitteeScope) => ({ pk: committeePk(c.committeeId), skPrefix: "MEETING#" }),
    index: (r) => ({ gsi1pk: "MEETINGS", gsi1sk: `${r.startsAt}#${r.committeeId}#${r.meetingId}` }),
  }),
  agendaItem: kind({
    schema: z.object({
      committeeId: id,
      meetingId: id,
      itemId: id,
      order: z.number().check(z.int()),
      title: z.string().check(z.minLength(1), z.maxLength(300)),
      description: z.string().check(z.maxLength(20_000)),
      /** */
      authoritiesOnly: z.boolean(),
      /** */
      concernsGeneralPractice: z.boolean(),
      source: z.enum(["member-request", "secretariat", "written-vote", "initiative-reports"]),
      requestedBy: z.optional(id),
      receivedAt: instant,
      /** received after the item deadline; the chairs decide whether to take it. */
      late: z.boolean(),
      status: z.enum(["requested", "accepted", "declined"]),
      material: z.array(z.object({ name: z.string(), blobKey: z.string(), contentType: z.string(), bytes: z.number() })),
      rev,
    }),
    key: (r: MeetingScope & { itemId: string }) => ({ pk: meetingPk(r.committeeId, r.meetingId), sk: `ITEM#${r.itemId}` }),
    collection: (m: MeetingScope) => ({ pk: meetingPk(m.committeeId, m.meetingId), skPrefix: "ITEM#" }),
  }),
  /** an apology, or attendance as recorded in the minutes. */
  attendance: kind({
    schema: z.object({
      committeeId: id,
      meetingId: id,
      seatId: id,
      /** "withdrawn": an apology taken back (the seat is expected again). */
      status: z.enum(["apology", "present", "absent", "withdrawn"]),
      substituteAttends: z.boolean(),
      receivedAt: instant,
      channel,
      rev,
    }),
    key: (r: MeetingScope & { seatId: string }) => ({ pk: meetingPk(r.committeeId, r.meetingId), sk: `ATTENDANCE#${r.seatId}` }),
    collection: (m: MeetingScope) => ({ pk: meetingPk(m.committeeId, m.meetingId), skPrefix: "ATTENDANCE#" }),
  }),
  minutesVersion: kind({
    schema: z.object({
      committeeId: id,
      meetingId: id,
      version: z.number().check(z.int(), z.gte(1)),
      uploadedAt: instant,
      uploadedBy: id,
      blobKey: z.string(),
      /** What changed since the previous version, for the members. */
      changeNote: z.string(),
      /** When the version went out: the objection window counts from this date. */
      sentAt: z.optional(instant),
      /** Set after every seat's email is sent; until then a re-run finishes the distribution. */
      distributedAt: z.optional(instant),
      /** how the version's round ended, set when its window has been evaluated. */
      roundResult: z.optional(z.enum(["approved", "objected"])),
      rev,
    }),
    key: (r: MeetingScope & { version: number }) => ({ pk: meetingPk(r.committeeId, r.meetingId), sk: `MINUTES#${pad(r.version, 3)}` }),
    collection: (m: MeetingScope) => ({ pk: meetingPk(m.committeeId, m.meetingId), skPrefix: "MINUTES#" }),
  }),
  /** an objection to a minutes version, kept whether or not it counted. */
  minutesObjection: kind({
    schema: z.object({
      committeeId: id,
      meetingId: id,
      version: z.number().check(z.int(), z.gte(1)),
      objectionId: id,
      seatId: id,
      respondent,
      receivedAt: instant,
      text: z.string().check(z.maxLength(20_000)),
      channel,
      sourceRef: z.string(),
    }),
    key: (r: MeetingScope & { version: number; objectionId: string }) => ({ pk: meetingPk(r.committeeId, r.meetingId), sk: `OBJECTION#${pad(r.version, 3)}#${r.objectionId}` }),
    collection: (m: MeetingScope & { version?: number | undefined }) => ({ pk: meetingPk(m.committeeId, m.meetingId), skPrefix: m.version === undefined ? "OBJECTION#" : `OBJECTION#${pad(m.version, 3)}#` }),
  }),
  writtenVote: kind({
    schema: z.object({
      committeeId: id,
      voteId: id,
      title: z.string().check(z.minLength(1), z.maxLength(300)),
      question: z.string().check(z.minLength(1), z.maxLength(5_000)),
      material: z.array(z.object({ name: z.string(), blobKey: z.string(), contentType: z.string(), bytes: z.number() })),
      openedAt: instant,
      openedBy: id,
      closesAt: instant,
      seatIds: z.array(id),
      concernsGeneralPractice: z.boolean(),
      status: z.enum(["open", "closed"]),
      cancelledAt: z.optional(instant),
      closedAt: z.optional(instant),
      closeReason: z.optional(z.enum(["deadline", "all-seats-voted", "objection", "cancelled"])),
      outcome: z.optional(z.enum(["carried", "not-carried", "moved-to-meeting", "cancelled"])),
      /** the meeting a moved matter was put on. */
      movedToMeetingId: z.optional(id),
      /** the meeting the secretariat chose for the matter should a member object (else the next one). */
      targetMeetingId: z.optional(id),
      rev,
    }),
    key: (r: { committeeId: string; voteId: string }) => ({ pk: committeePk(r.committeeId), sk: `VOTE#${r.voteId}` }),
    collection: (c: CommitteeScope) => ({ pk: committeePk(c.committeeId), skPrefix: "VOTE#" }),
  }),
  /** one response as received; the id derives from its source, so a redelivery is the same record. */
  voteResponse: kind({
    schema: z.object({
      committeeId: id,
      voteId: id,
      responseId: id,
      seatId: id,
      respondent,
      answer: z.enum(ANSWERS),
      receivedAt: instant,
      /** The order of arrival where it was received (adapters/clock.ts arrivalSequence): ties in time follow it. */
      arrival: z.optional(z.number()),
      channel,
      sourceRef: z.string(),
      /** Dissent or a remark the member asks to have recorded. */
      remark: z.optional(z.string().check(z.maxLength(5_000))),
    }),
    key: (r: { committeeId: string; voteId: string; responseId: string }) => ({ pk: votePk(r.committeeId, r.voteId), sk: `RESPONSE#${r.responseId}` }),
    collection: (v: { committeeId: string; voteId: string }) => ({ pk: votePk(v.committeeId, v.voteId), skPrefix: "RESPONSE#" }),
  }),
  /** A funded initiative (indsats) that reports key figures before each ordinary meeting. */
  initiative: kind({
    schema: z.object({
      committeeId: id,
      initiativeId: id,
      name: z.string().check(z.minLength(1), z.maxLength(200)),
      owner: z.object({ name: z.string(), email: z.email() }),
      fundsDkk: z.number().check(z.gte(0)),
      goals: z.array(z.string()),
      active: z.boolean(),
      rev,
    }),
    key: (r: { committeeId: string; initiativeId: string }) => ({ pk: committeePk(r.committeeId), sk: `INITIATIVE#${r.initiativeId}` }),
    collection: (c: CommitteeScope) => ({ pk: committeePk(c.committeeId), skPrefix: "INITIATIVE#" }),
  }),
  /** A status report of an initiative for a meeting, as received (the latest one counts). */
  initiativeReport: kind({
    schema: z.object({
      committeeId: id,
      meetingId: id,
      initiativeId: id,
      reportId: id,
      receivedAt: instant,
      text: z.string().check(z.maxLength(50_000)),
      status: z.optional(z.enum(["on-track", "at-risk", "off-track"])),
      spentDkk: z.optional(z.number().check(z.gte(0))),
      figures: z.optional(z.record(z.string(), z.number())),
      channel,
      sourceRef: z.string(),
    }),
    key: (r: MeetingScope & { initiativeId: string; reportId: string }) => ({ pk: meetingPk(r.committeeId, r.meetingId), sk: `REPORT#${r.initiativeId}#${r.reportId}` }),
    collection: (m: MeetingScope) => ({ pk: meetingPk(m.committeeId, m.meetingId), skPrefix: "REPORT#" }),
  }),
  /** An outgoing email, claimed before it is sent (DESIGN.md principle 4). */
  email: kind({
    schema: z.object({
      idempotencyKey: id,
      committeeId: id,
      matter: z.string(),
      purpose: z.string(),
      to: z.array(z.string()),
      seatId: z.optional(id),
      /** The version of the matter it carries (a minutes version, R-3.5): what an answer to it is about. */
      version: z.optional(z.number().check(z.int(), z.gte(1))),
      messageId: z.string(),
      subject: z.string(),
      /**
       * "sent" once confirmed by its own write. An email of a mailing usually stays "claimed": the claim of
       * the next email (`next`, whose `after` names this one) is written only after this one was sent, and
       * is its confirmation (mail/mailing.ts, emailSent).
       */
      status: z.enum(["claimed", "sent"]),
      /** In a mailing: the idempotency key of the email claimed just before this one was, after it was sent. */
      after: z.optional(z.string()),
      /** In a mailing: the idempotency key of the email to be claimed after this one is sent. */
      next: z.optional(z.string()),
      claimedAt: instant,
      sentAt: z.optional(instant),
      providerMessageId: z.optional(z.string()),
      blobKey: z.optional(z.string()),
      /**
       * The reply token this email carries, as its SHA-256 hash only (the token itself is in the email and
       * nowhere else), scoped to this seat (or initiative owner), this matter and one action.
       */
      token: z.optional(z.object({
        hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
        action: z.enum(["written-vote", "minutes", "apology", "item-request", "initiative-report"]),
        initiativeId: z.optional(id),
        /** After this the token resolves to nothing; well after the matter closes, so late replies get an answer. */
        expiresAt: instant,
        revokedAt: z.optional(instant),
      })),
      /** Set when a hard bounce or complaint came back for this message. */
      bouncedAt: z.optional(instant),
      /**
       * Times it was sent again because a run died after the send but before the "sent" write: the
       * receiver got it twice with the same Message-ID. The reconciler reports these.
       */
      resends: z.optional(z.number().check(z.int(), z.gte(1))),
    }),
    key: (r: { idempotencyKey: string }) => ({ pk: `EMAIL#${r.idempotencyKey}`, sk: "EMAIL" }),
    index: (r) => ({ gsi1pk: `EMAILS#${r.committeeId}#${r.matter}`, gsi1sk: `${r.claimedAt}#${r.idempotencyKey}` }),
    index2: (r) => (r.token ? { gsi2pk: `TOKEN#${r.token.hash}`, gsi2sk: "EMAIL" } : undefined),
  }),
  /** An append-only, hash-chained audit event per matter. */
  audit: kind({
    schema: z.object({
      committeeId: id,
      matter: z.string(),
      seq: z.number().check(z.int(), z.gte(1)),
      at: instant,
      actor: z.string(),
      action: z.string(),
      channel: z.string(),
      ref: z.optional(z.string()),
      data: z.record(z.string(), z.unknown()),
      prevHash: z.string(),
      hash: z.string(),
      /** The seal of `hash`: an HMAC under the audit key `kid`, which the table does not hold (audit-seal.ts). */
      kid: z.optional(z.string()),
      mac: z.optional(z.string()),
    }),
    key: (r: { committeeId: string; matter: string; seq: number }) => ({ pk: auditPk(r.committeeId, r.matter), sk: `SEQ#${pad(r.seq, 8)}` }),
    collection: (a: { committeeId: string; matter: string }) => ({ pk: auditPk(a.committeeId, a.matter), skPrefix: "SEQ#" }),
    index: (r) => ({ gsi1pk: `AUDIT#${r.committeeId}`, gsi1sk: `${r.at}#${r.matter}#${pad(r.seq, 8)}` }),
  }),
  /**
   * An inbound message, recorded the moment it arrives (raw first: the bytes are in the blob store under
   * blobKey) and updated once with what became of it. Keyed by the receipt id, so a redelivered event is
   * processed once.
   */
  inbound: kind({
    schema: z.object({
      receiptId: id,
      receivedAt: instant,
      blobKey: z.string(),
      bytes: z.number(),
      channel: z.enum(["ses", "smtp", "cli", "console"]),
      status: z.enum(["received", "processed"]),
      /** The order of arrival at acceptance (adapters/clock.ts arrivalSequence). */
      arrival: z.optional(z.number()),
      /** The SMTP envelope's recipients, kept from acceptance for the judging that follows. */
      envelopeTo: z.optional(z.array(z.string())),
      outcome: z.optional(z.enum(["recorded", "duplicate", "ignored-auto-reply", "unreadable", "not-understood", "not-accepted", "too-late", "unverified"])),
      reason: z.optional(z.string()),
      from: z.optional(z.string()),
      messageId: z.optional(z.string()),
      committeeId: z.optional(id),
      matter: z.optional(z.string()),
      seatId: z.optional(id),
      processedAt: z.optional(instant),
      /** The message's identity across deliveries (from its Message-ID): a second delivery is a duplicate. */
      messageKey: z.optional(z.string()),
      rev,
    }),
    key: (r: { receiptId: string }) => ({ pk: `INBOUND#${r.receiptId}`, sk: "INBOUND" }),
    index2: (r) => (r.messageKey ? { gsi2pk: `MSGKEY#${r.messageKey}`, gsi2sk: r.receiptId } : undefined),
    index: (r) => ({ gsi1pk: `INBOUND#${r.committeeId ?? "unknown"}`, gsi1sk: `${r.receivedAt}#${r.receiptId}` }),
  }),
  /**
   * An answer given through a member link, stored as posted before anything is looked up or
   * judged: the link's token (as its hash, once its signature holds) and the form. Judged once; what
   * the link's email said about seat and matter, and the outcome, are added then. Listed by gsi2 while not
   * yet judged.
   */
  linkAction: kind({
    schema: z.object({
      actionId: id,
      receivedAt: instant,
      /** SHA-256 of the link's token: it finds the email, and only that link may read the outcome. */
      tokenHash: z.string(),
      /** The order of arrival at acceptance (adapters/clock.ts arrivalSequence). */
      arrival: z.optional(z.number()),
      /**
       * The form as posted, field by field, in order: a list of [name, value], never an object, so that a
       * field called "constructor" or "__proto__" is kept like any other (an object's own "constructor"
       * breaks marshalling). Records stored before held an object; they are read the same.
       */
      form: z.union([z.array(z.tuple([z.string(), z.string()])), z.record(z.string(), z.string())]),
      status: z.enum(["received", "judged"]),
      committeeId: z.optional(id),
      matter: z.optional(z.string()),
      seatId: z.optional(id),
      outcome: z.optional(z.object({ title: z.string(), lines: z.array(z.string()), counted: z.boolean(), httpStatus: z.optional(z.number()) })),
      judgedAt: z.optional(instant),
      rev,
    }),
    key: (r: { actionId: string }) => ({ pk: `LINKACTION#${r.actionId}`, sk: "LINKACTION" }),
    index2: (r) => (r.status === "received" ? { gsi2pk: "LINKACTION#received", gsi2sk: `${r.receivedAt}#${r.actionId}` } : undefined),
  }),
  /**
   * An answer (an inbound message or a link answer) whose judging failed: kept apart so that it never stops a
   * start, a sweep or the queue (DESIGN.md principle 9). After `attempts` reaches the limit it is set aside:
   * no longer retried, listed for the secretariat. The answer itself stays untouched where it was stored.
   */
  setAside: kind({
    schema: z.object({
      answerId: id,
      kind: z.enum(["inbound", "link"]),
      committeeId: z.optional(id),
      firstFailedAt: instant,
      lastFailedAt: instant,
      attempts: z.number().check(z.int(), z.gte(1)),
      /** The last error, for the log and the secretariat (never a token or a body). */
      error: z.string().check(z.maxLength(1000)),
      setAsideAt: z.optional(instant),
      rev,
    }),
    key: (r: { answerId: string }) => ({ pk: `SETASIDE#${r.answerId}`, sk: "SETASIDE" }),
    index: (r) => ({ gsi1pk: `SETASIDE#${r.committeeId ?? "unknown"}`, gsi1sk: `${r.lastFailedAt}#${r.answerId}` }),
  }),
  /** A hard bounce or complaint for an address: shown beside the quorum forecast and in the console. */
  addressStatus: kind({
    schema: z.object({
      email: z.string(),
      status: z.enum(["bounced", "complained"]),
      at: instant,
      detail: z.string(),
    }),
    key: (r: { email: string }) => ({ pk: `ADDRESS#${r.email.toLowerCase()}`, sk: "STATUS" }),
    index: () => ({ gsi1pk: "ADDRESSES", gsi1sk: "STATUS" }),
  }),
  /**
   * A member's own page ("Mine sager"): one signed link per seat holder or substitute (by address) and term,
   * its token stored only as a hash, with the key it was minted with (it stays the same link while that key
   * is kept). Revoking it makes a new one (generation + 1). Also where the member asks for a weekly digest in
   * place of reminders, when the rulebook allows it.
   */
  memberPage: kind({
    schema: z.object({
      committeeId: id,
      seatId: id,
      address: z.string().check(z.minLength(3), z.maxLength(254)),
      termFrom: localDate,
      termTo: localDate,
      tokenHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      kid: z.string().check(z.regex(/^[a-z0-9]{2}$/)),
      generation: z.number().check(z.int(), z.gte(1)),
      createdAt: instant,
      /** When the link before this generation was revoked. */
      revokedAt: z.optional(instant),
      revokedBy: z.optional(z.string()),
      weeklyDigest: z.boolean(),
      weeklyDigestChangedAt: z.optional(instant),
      rev,
    }),
    key: (r: { committeeId: string; termFrom: string; seatId: string; address: string }) => ({ pk: committeePk(r.committeeId), sk: `MEMBERPAGE#${r.termFrom}#${r.seatId}#${r.address.toLowerCase()}` }),
    collection: (c: CommitteeScope) => ({ pk: committeePk(c.committeeId), skPrefix: "MEMBERPAGE#" }),
    index2: (r) => ({ gsi2pk: `MEMBERPAGE#${r.tokenHash}`, gsi2sk: "MEMBERPAGE" }),
  }),
  /** An API token, stored only as its hash: one role in one committee (committees are isolated). */
  apiToken: kind({
    schema: z.object({
      tokenHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      role: z.enum(["secretariat", "chair"]),
      committeeId: id,
      name: z.string(),
      createdAt: instant,
      revokedAt: z.optional(instant),
    }),
    key: (r: { tokenHash: string }) => ({ pk: `APITOKEN#${r.tokenHash}`, sk: "APITOKEN" }),
  }),
  /**
   * A console session (issue 20: sessions apart from the API token): the browser holds only a random id,
   * stored here as its hash, with the caller it stands for, until it expires or the user logs out.
   */
  consoleSession: kind({
    schema: z.object({
      sessionHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      /** The API token the session was opened with (its hash): revoking the token ends the session. */
      apiTokenHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      role: z.enum(["secretariat", "chair"]),
      committeeId: id,
      name: z.string(),
      createdAt: instant,
      /** Until when it opens the console (the table's TTL removes it some time after). */
      validUntil: instant,
      endedAt: z.optional(instant),
      /**
       * Roles in further committees the same person holds (each by its own API token's hash), to switch to:
       * the fields above are the committee the console shows now.
       */
      others: z.optional(z.array(z.object({ apiTokenHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)), role: z.enum(["secretariat", "chair"]), committeeId: id, name: z.string() })).check(z.maxLength(50))),
    }),
    key: (r: { sessionHash: string }) => ({ pk: `SESSION#${r.sessionHash}`, sk: "SESSION" }),
  }),
  /** A waiting workflow task: the token lives here, never in an email (DESIGN.md principle 3). */
  callback: kind({
    schema: z.object({
      committeeId: id,
      /** What the workflow waits for, e.g. "meeting/2027-04-22#agenda-released". */
      awaiting: z.string(),
      taskToken: z.string(),
      registeredAt: instant,
      executionName: z.optional(z.string()),
    }),
    key: (r: { committeeId: string; awaiting: string }) => ({ pk: `CALLBACK#${r.committeeId}#${r.awaiting}`, sk: "CALLBACK" }),
  }),
  /** A one-time side effect (state change, alert, workflow start) claimed by its idempotency key. */
  claim: kind({
    schema: z.object({ key: id, claimedAt: instant, owner: z.string() }),
    key: (r: { key: string }) => ({ pk: `CLAIM#${r.key}`, sk: "CLAIM" }),
  }),
} satisfies Record<string, KindDefinition<z.ZodMiniType, never, never>>;

export type Kinds = typeof records;
export type KindName = keyof Kinds;
export type RecordOf<K extends KindName> = z.infer<Kinds[K]["schema"]>;
/** The fields that identify a record of a kind (what its key is built from). */
export type IdOf<K extends KindName> = Parameters<Kinds[K]["key"]>[0];
/** The fields of the scope a kind's records are listed in. */
export type ScopeOf<K extends KindName> = Kinds[K] extends { collection?(scope: infer S): Collection } ? S : never;

/** The index partitions the repositories query (gsi1: listings by time; gsi2: lookups by an opaque value). */
export const lookups = {
  allCommittees: (): IndexQuery => ({ index: "gsi1", partition: "COMMITTEES" }),
  meetingsFrom: (prefix: string): IndexQuery => ({ index: "gsi1", partition: "MEETINGS", prefix }),
  emailsOfMatter: (committeeId: string, matter: string): IndexQuery => ({ index: "gsi1", partition: `EMAILS#${committeeId}#${matter}` }),
  emailOfToken: (tokenHash: string): IndexQuery => ({ index: "gsi2", partition: `TOKEN#${tokenHash}` }),
  memberPageOfToken: (tokenHash: string): IndexQuery => ({ index: "gsi2", partition: `MEMBERPAGE#${tokenHash}` }),
  auditOfCommittee: (committeeId: string): IndexQuery => ({ index: "gsi1", partition: `AUDIT#${committeeId}` }),
  inboundOfCommittee: (committeeId: string | undefined): IndexQuery => ({ index: "gsi1", partition: `INBOUND#${committeeId ?? "unknown"}` }),
  inboundOfMessage: (messageKey: string): IndexQuery => ({ index: "gsi2", partition: `MSGKEY#${messageKey}` }),
  linkActionsToJudge: (): IndexQuery => ({ index: "gsi2", partition: "LINKACTION#received" }),
  addressStatuses: (): IndexQuery => ({ index: "gsi1", partition: "ADDRESSES" }),
  setAsideOfCommittee: (committeeId: string | undefined): IndexQuery => ({ index: "gsi1", partition: `SETASIDE#${committeeId ?? "unknown"}` }),
};

