/** The HTTP API (`/api/…`): every route, its roles, and its validated input. */
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import * as z from "zod/mini";

import { rulebookSchema } from "#domain/rulebook";
import { plannedMeetingSchema } from "#domain/plan";
import { committeeRulebook } from "../committee/committee.ts";
import { adoptRulebookVersion, createCommittee } from "../committee/setup.ts";
import { rulebookVersionsView } from "../committee/queries.ts";
import { revokeMemberPage } from "../members/links.ts";
import { addMaterial, attachUploadedMaterial, changeAgendaItem, decideItem, materialUpload, moveAgendaItem } from "../meetings/agenda.ts";
import { importSeatsCsv, recordRepresentation, updateSeat } from "../committee/seats.ts";
import { upsertInitiative } from "../initiatives/initiatives.ts";
import { listInitiatives } from "../initiatives/initiatives.ts";
import { addAgendaItem, releaseAgenda } from "../meetings/agenda.ts";
import { addMeeting, callExtraordinaryMeeting, cancelMeeting, moveMeeting } from "../meetings/plan.ts";
import { recordApology, recordAttendance, withdrawApology } from "../meetings/attendance.ts";
import { minutesUpload, uploadMinutes } from "../minutes/minutes.ts";
import { verifyAudit } from "../audit/verify.ts";
import { auditView } from "../audit/audit.ts";
import { exportCsv, meetingExport, toCsv } from "../meetings/export.ts";
import { listWrittenVotes, writtenVoteExport, writtenVoteRows, writtenVoteView } from "../written-votes/queries.ts";
import { meetingDetail, termView } from "../meetings/queries.ts";
import { minutesView } from "../minutes/queries.ts";
import { cancelWrittenVote, openWrittenVote, storeVoteMaterial } from "../written-votes/written-votes.ts";
import { id, route, type Route } from "./route.ts";

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const localOrInstant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([zZ]|[+-]\d{2}:\d{2})?$/, "expected a date and time like 2027-04-22T14:00"));
const base64 = z.string().check(z.maxLength(4_000_000), z.regex(/^[A-Za-z0-9+/=\r\n]*$/, "expected base64"));
const file = z.strictObject({ name: text(150), contentType: text(100), contentBase64: base64 });
/** A file already in the blob store, uploaded by a signed form (…/upload): named by its key. */
const uploaded = z.strictObject({ name: text(150), contentType: text(100), blobKey: z.string().check(z.minLength(1), z.maxLength(300)) });
const person = z.strictObject({ name: text(200), email: z.email() });
const decoded = (b64: string) => Buffer.from(b64, "base64");
const C = (p: Record<string, string>) => p.committee ?? "";
const exportQuery = z.object({ format: z.optional(z.enum(["json", "csv"])) });

/** An archive export as JSON, or as CSV to download. */
function archived<T extends object>(c: Context, id: string, format: "json" | "csv" | undefined, exp: T, csv: (exp: T) => string): T | Response {
  if (format !== "csv") return exp;
  c.header("Content-Disposition", `attachment; filename="${id}.csv"`);
  return c.body(csv(exp), 200, { "Content-Type": "text/csv; charset=utf-8" });
}

export const apiRoutes: Route[] = [
  route({
    method: "post", path: "/api/committees", summary: "Create a further committee of the deployment from its rulebook and meeting plan; returns its first secretariat and chair tokens, shown once (the caller's token stays one role in its own committee)", tag: "committee", roles: ["secretariat"], status: 201,
    body: z.strictObject({ rulebook: rulebookSchema, plan: z.optional(z.array(plannedMeetingSchema).check(z.maxLength(200))), pastAsHeld: z.optional(z.boolean()) }),
    run: async ({ deps, body, caller }) => {
      const created = await createCommittee(deps, body, `${caller.name} (${caller.committeeId})`);
      return { id: created.committeeId, name: created.name, rulebook: created.rulebookId, seats: created.seats, meetings: created.meetings, tokens: created.tokens };
    },
  }),
  route({
    method: "get", path: "/api/committees/{committee}", summary: "The committee, its rulebook in force and its seats", tag: "committee", roles: ["secretariat", "chair"],
    run: async ({ deps, params }) => {
      const rb = await committeeRulebook(deps.store, C(params), deps.clock.now());
      return { id: rb.committee.id, name: rb.committee.name, rulebook: { id: rb.id, title: rb.title, status: rb.status, note: rb.note, validity: rb.validity, term: rb.term }, coChairs: rb.coChairs, secretariat: rb.secretariat, seats: rb.seats };
    },
  }),
  route({
    method: "get", path: "/api/committees/{committee}/rulebooks", summary: "The versions of the committee's rulebook, each with the date it takes effect (R-6.1)", tag: "committee", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => rulebookVersionsView(deps, C(params)),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/rulebooks", summary: "Adopt a new version of the rulebook, in force from a date (today or later): meetings on or after it and votes opened from it follow it; earlier ones keep theirs (R-6.1)", tag: "committee", roles: ["secretariat"], status: 201,
    body: z.strictObject({ rulebook: rulebookSchema, effectiveFrom: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")) }),
    run: ({ deps, params, body, caller }) => adoptRulebookVersion(deps, C(params), body, caller.name),
  }),
  route({
    method: "put", path: "/api/committees/{committee}/seats/{seat}", summary: "Replace a seat's holder and substitutes", tag: "committee", roles: ["secretariat"],
    body: z.strictObject({ title: text(200), member: person, substitutes: z.array(z.strictObject({ id, name: text(200), email: z.email() })).check(z.maxLength(10)) }),
    run: ({ deps, params, body, caller }) => updateSeat(deps, C(params), params.seat ?? "", body, caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/seats/{seat}/member-page/revoke", summary: "Revoke the link to a member's own page (Mine sager) for one address or every holder of the seat this term; the next email carries a new one", tag: "committee", roles: ["secretariat"],
    body: z.strictObject({ email: z.optional(z.email()) }),
    run: ({ deps, params, body, caller }) => revokeMemberPage(deps, C(params), params.seat ?? "", caller.name, body.email),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/seats/import", summary: "Import seat holders and substitutes from CSV (seat_id,constituency,title,member_name,member_email,substitute_id,substitute_name,substitute_email)", tag: "committee", roles: ["secretariat"],
    body: z.strictObject({ csv: z.string().check(z.minLength(1), z.maxLength(200_000)) }),
    run: ({ deps, params, body, caller }) => importSeatsCsv(deps, C(params), body.csv, caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/representations", summary: "Record that a substitute represents a seat (R-1.2)", tag: "committee", roles: ["secretariat"], status: 201,
    body: z.strictObject({ seatId: id, substituteId: id, from: localOrInstant, to: z.optional(localOrInstant) }),
    run: async ({ deps, params, body, caller }) => {
      const rb = await committeeRulebook(deps.store, C(params), deps.clock.now());
      const { parseLocalDateTime, toInstant } = await import("#domain/calendar");
      const at = (s: string, f: string) => toInstant(parseLocalDateTime(s, rb.calendar.timeZone, f), rb.calendar.timeZone);
      return recordRepresentation(deps, C(params), { seatId: body.seatId, substituteId: body.substituteId, from: at(body.from, "from"), to: body.to ? at(body.to, "to") : undefined }, caller.name);
    },
  }),
  route({
    method: "get", path: "/api/committees/{committee}/meetings", summary: "The meeting plan of the term, each meeting with its next deadline; R-3.1 and R-6.1 warnings", tag: "meetings", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => termView(deps, C(params)),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings", summary: "Add an ordinary meeting to the plan (R-3.1); its id is its local date", tag: "meetings", roles: ["secretariat"], status: 201,
    body: z.strictObject({ startsAt: localOrInstant, location: z.string().check(z.maxLength(200)) }),
    run: ({ deps, params, body, caller }) => addMeeting(deps, { committeeId: C(params), startsAt: body.startsAt, location: body.location, by: caller.name }),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/extraordinary", summary: "Call an extraordinary meeting at short notice, with its agenda; may be virtual (R-3.9)", tag: "meetings", roles: ["secretariat", "chair"], status: 201,
    body: z.strictObject({
      startsAt: localOrInstant, location: z.string().check(z.maxLength(200)), virtualUrl: z.optional(z.url()),
      items: z.array(z.strictObject({ title: text(300), description: z.string().check(z.maxLength(20_000)), authoritiesOnly: z.optional(z.boolean()), concernsGeneralPractice: z.optional(z.boolean()) })).check(z.minLength(1), z.maxLength(50)),
    }),
    run: ({ deps, params, body, caller }) => callExtraordinaryMeeting(deps, { committeeId: C(params), startsAt: body.startsAt, location: body.location, virtualUrl: body.virtualUrl, items: body.items, by: caller.name }),
  }),
  route({
    method: "get", path: "/api/committees/{committee}/meetings/{id}", summary: "A meeting's timeline: deadlines with weekday, items, apologies and quorum forecast, mail sent, initiative reports, minutes", tag: "meetings", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => meetingDetail(deps, C(params), params.id ?? ""),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/move", summary: "Move a meeting; invites are updated and its cycle restarts", tag: "meetings", roles: ["secretariat", "chair"],
    body: z.strictObject({ startsAt: localOrInstant }),
    run: ({ deps, params, body, caller }) => moveMeeting(deps, C(params), params.id ?? "", body.startsAt, caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/cancel", summary: "Cancel a meeting; invites are cancelled", tag: "meetings", roles: ["secretariat", "chair"],
    run: ({ deps, params, caller }) => cancelMeeting(deps, C(params), params.id ?? "", caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/items", summary: "Add an agenda item; authoritiesOnly items go only to region and municipality seats (R-3.4)", tag: "agenda", roles: ["secretariat", "chair"], status: 201,
    body: z.strictObject({ title: text(300), description: z.string().check(z.maxLength(20_000)), authoritiesOnly: z.optional(z.boolean()), concernsGeneralPractice: z.optional(z.boolean()) }),
    run: ({ deps, params, body, caller }) => addAgendaItem(deps, C(params), params.id ?? "", body, caller.name),
  }),
  route({
    method: "put", path: "/api/committees/{committee}/meetings/{id}/items/{item}", summary: "Change an item's title, text and audience until the agenda is sent (R-3.4, R-4.2)", tag: "agenda", roles: ["secretariat", "chair"],
    body: z.strictObject({ title: text(300), description: z.string().check(z.maxLength(20_000)), authoritiesOnly: z.boolean(), concernsGeneralPractice: z.boolean() }),
    run: ({ deps, params, body, caller }) => changeAgendaItem(deps, C(params), params.id ?? "", params.item ?? "", body, caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/items/{item}/move", summary: "Move an item one place up or down on the agenda", tag: "agenda", roles: ["secretariat", "chair"],
    body: z.strictObject({ direction: z.enum(["up", "down"]) }),
    run: async ({ deps, params, body, caller }) => { await moveAgendaItem(deps, C(params), params.id ?? "", params.item ?? "", body.direction, caller.name); return { moved: true }; },
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/items/{item}/decision", summary: "The chairs take or decline a requested (late) item (R-3.2)", tag: "agenda", roles: ["chair", "secretariat"],
    body: z.strictObject({ decision: z.enum(["accepted", "declined"]) }),
    run: ({ deps, params, body, caller }) => decideItem(deps, C(params), params.id ?? "", params.item ?? "", body.decision, caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/items/{item}/material", summary: "Attach material to an item: the file in the body (base64, up to 3 MB), or one uploaded by a signed form (blobKey from …/material/upload)", tag: "agenda", roles: ["secretariat"], status: 201,
    body: z.union([file, uploaded]),
    run: ({ deps, params, body, caller }) => "blobKey" in body
      ? attachUploadedMaterial(deps, C(params), params.id ?? "", params.item ?? "", body, caller.name)
      : addMaterial(deps, C(params), params.id ?? "", params.item ?? "", { name: body.name, contentType: body.contentType, content: decoded(body.contentBase64) }, caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/items/{item}/material/upload", summary: "A signed form to upload large material straight to the blob store (past Lambda's 6 MB); then attach it by its blobKey", tag: "agenda", roles: ["secretariat"], status: 201,
    body: z.strictObject({ name: text(150), contentType: text(100) }),
    run: ({ deps, params, body }) => materialUpload(deps, C(params), params.id ?? "", params.item ?? "", body),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/agenda/release", summary: "Release the agenda: it goes to every seat at once (R-3.3)", tag: "agenda", roles: ["chair", "secretariat"],
    run: ({ deps, params, caller }) => releaseAgenda(deps, C(params), params.id ?? "", caller.name),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/apologies", summary: "Record an apology on a member's behalf (R-3.7)", tag: "attendance", roles: ["secretariat"],
    body: z.strictObject({ seatId: id, substituteAttends: z.boolean() }),
    // Each apology its own event (a fresh ref), entered by the caller (the trail's actor).
    run: ({ deps, params, body, caller }) => recordApology(deps, { committeeId: C(params), meetingId: params.id ?? "", seatId: body.seatId, substituteAttends: body.substituteAttends, receivedAt: deps.clock.arrival?.() ?? deps.clock.now(), channel: "secretariat", sourceRef: `api/${randomUUID()}`, by: caller.name }),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/apologies/{seat}/withdraw", summary: "Take back an apology before the meeting (R-3.7)", tag: "attendance", roles: ["secretariat"],
    run: async ({ deps, params, caller }) => { await withdrawApology(deps, C(params), params.id ?? "", params.seat ?? "", caller.name); return { withdrawn: true }; },
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/attendance", summary: "Record who attended (R-3.7, for the minutes)", tag: "attendance", roles: ["secretariat"],
    body: z.strictObject({ present: z.array(z.strictObject({ seatId: id, substitute: z.boolean() })).check(z.maxLength(200)) }),
    run: async ({ deps, params, body, caller }) => { await recordAttendance(deps, C(params), params.id ?? "", body.present, caller.name); return { recorded: body.present.length }; },
  }),
  route({
    method: "get", path: "/api/committees/{committee}/meetings/{id}/minutes", summary: "Minutes rounds, and objections per seat (R-3.5)", tag: "minutes", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => minutesView(deps, C(params), params.id ?? ""),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/minutes", summary: "Upload the minutes, or a revised version after objections; it is sent to every seat (R-3.5)", tag: "minutes", roles: ["secretariat"], status: 201,
    body: z.union([
      z.strictObject({ ...file.shape, changeNote: z.optional(z.string().check(z.maxLength(5000))) }),
      z.strictObject({ ...uploaded.shape, changeNote: z.optional(z.string().check(z.maxLength(5000))) }),
    ]),
    run: ({ deps, params, body, caller }) => uploadMinutes(deps, {
      committeeId: C(params), meetingId: params.id ?? "", content: "blobKey" in body ? { blobKey: body.blobKey } : decoded(body.contentBase64),
      contentType: body.contentType, changeNote: body.changeNote ?? "", by: caller.name,
    }),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/meetings/{id}/minutes/upload", summary: "A signed form to upload large minutes straight to the blob store; then send them by their blobKey (R-3.5)", tag: "minutes", roles: ["secretariat"], status: 201,
    body: z.strictObject({ contentType: text(100) }),
    run: ({ deps, params, body }) => minutesUpload(deps, C(params), params.id ?? "", body),
  }),
  route({
    method: "get", path: "/api/committees/{committee}/meetings/{id}/export", summary: "The meeting's records for the archive (R-7.1, R-7.2) as JSON or CSV", tag: "records", roles: ["secretariat", "chair"],
    query: exportQuery,
    run: async ({ deps, params, query, c }) => archived(c, params.id ?? "", query.format, await meetingExport(deps, C(params), params.id ?? ""), exportCsv),
  }),
  route({
    method: "get", path: "/api/committees/{committee}/written-votes", summary: "Written votes, newest first", tag: "written votes", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => listWrittenVotes(deps, C(params)),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/written-votes", summary: "Open a written vote; ballots go to every seat (R-3.6). Returns its id.", tag: "written votes", roles: ["secretariat"], status: 201,
    body: z.strictObject({ title: text(300), question: text(5000), durationDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(60))), concernsGeneralPractice: z.optional(z.boolean()), material: z.optional(z.array(file).check(z.maxLength(10))), targetMeetingId: z.optional(id) }),
    run: async ({ deps, params, body, caller }) => {
      const material = [];
      for (const f of body.material ?? []) material.push(await storeVoteMaterial(deps, C(params), { name: f.name, contentType: f.contentType, content: decoded(f.contentBase64) }));
      const v = await openWrittenVote(deps, { committeeId: C(params), title: body.title, question: body.question, durationDays: body.durationDays, concernsGeneralPractice: body.concernsGeneralPractice ?? false, material, targetMeetingId: body.targetMeetingId, openedBy: caller.name });
      return { id: v.voteId, closesAt: v.closesAt, seats: v.seatIds.length };
    },
  }),
  route({
    method: "get", path: "/api/committees/{committee}/written-votes/{id}", summary: "A written vote: status, outcome, and one response per seat with answer, channel and time", tag: "written votes", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => writtenVoteView(deps, C(params), params.id ?? ""),
  }),
  route({
    method: "get", path: "/api/committees/{committee}/written-votes/{id}/export", summary: "A written vote's records for the archive (R-7.1, R-7.2): every response, the raw answers, mail and audit; JSON or CSV", tag: "records", roles: ["secretariat", "chair"],
    query: exportQuery,
    run: async ({ deps, params, query, c }) => archived(c, params.id ?? "", query.format, await writtenVoteExport(deps, C(params), params.id ?? ""), (exp) => toCsv(writtenVoteRows(exp))),
  }),
  route({
    method: "post", path: "/api/committees/{committee}/written-votes/{id}/cancel", summary: "Cancel an open written vote", tag: "written votes", roles: ["secretariat"],
    run: async ({ deps, params, caller }) => { await cancelWrittenVote(deps, C(params), params.id ?? "", caller.name); return { cancelled: true }; },
  }),
  route({
    method: "get", path: "/api/committees/{committee}/initiatives", summary: "Initiatives and their owners", tag: "initiatives", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => listInitiatives(deps, C(params)),
  }),
  route({
    method: "put", path: "/api/committees/{committee}/initiatives/{initiative}", summary: "Create or update an initiative", tag: "initiatives", roles: ["secretariat"],
    body: z.strictObject({ name: text(200), owner: person, fundsDkk: z.number().check(z.gte(0), z.lte(1e10)), goals: z.array(text(500)).check(z.maxLength(20)), active: z.boolean() }),
    run: ({ deps, params, body, caller }) => upsertInitiative(deps, C(params), { initiativeId: params.initiative ?? "", ...body }, caller.name),
  }),
  route({
    method: "get", path: "/api/committees/{committee}/audit/verify", summary: "Verify the hash chains of the audit trail; a changed or removed entry is named", tag: "records", roles: ["secretariat", "chair"],
    run: ({ deps, params }) => verifyAudit(deps, C(params)),
  }),
  route({
    method: "get", path: "/api/committees/{committee}/audit", summary: "The audit trail, newest first, or one matter's chain in order", tag: "records", roles: ["secretariat", "chair"],
    query: z.object({
      matter: z.optional(z.string().check(z.regex(/^[a-z]+(\/[A-Za-z0-9._-]+)?$/, "expected a matter like vote/v20270326-abc or meeting/2027-04-22"))),
      offset: z.optional(z.string().check(z.regex(/^\d{1,7}$/, "expected a whole number"))),
      limit: z.optional(z.string().check(z.regex(/^([1-9]\d{0,2}|[1-4]\d{3}|5000)$/, "expected a whole number from 1 to 5000"))),
    }),
    run: async ({ deps, params, query, c }) => {
      // The body stays a list of entries; how many there are in all, and the next page, are in headers.
      const view = await auditView(deps, C(params), query.matter, { offset: Number(query.offset ?? 0), limit: Number(query.limit ?? 500) });
      c.header("X-Total-Count", String(view.total));
      if (view.offset + view.entries.length < view.total) {
        const next = new URL(c.req.url);
        next.searchParams.set("offset", String(view.offset + view.entries.length));
        c.header("Link", `<${next.pathname}${next.search}>; rel="next"`);
      }
      return view.entries;
    },
  }),
];


