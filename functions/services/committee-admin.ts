/**
 * The secretariat's upkeep of a committee: seat holders and substitutes (also by CSV import), who
 * represents whom, agenda item decisions and material, and initiatives.
 */
import { randomBytes } from "node:crypto";
import { seatSchema, type Seat } from "#domain/rulebook";
import { describeProblems, validate } from "#domain/validation";
import { InvalidInputError } from "#domain/errors";
import { base32 } from "#adapters/link-keys";
import { committeePk, meetingPk, type RecordOf } from "#adapters/records";
import type { Deps } from "./deps.ts";
import { invalidate } from "./cache.ts";
import { NotFoundError } from "./errors.ts";
import { meetingMatter } from "./meeting-cycle.ts";

const audit = (deps: Deps, committeeId: string, matter: string, actor: string, action: string, data: Record<string, unknown>) =>
  deps.store.appendAudit({ committeeId, matter, actor, action, channel: "api", data });

/** Replaces a seat's holder and substitutes; the seat's id and constituency stay. */
export async function updateSeat(deps: Deps, committeeId: string, seatId: string, change: Pick<Seat, "title" | "member" | "substitutes">, by: string): Promise<Seat> {
  const key = { pk: committeePk(committeeId), sk: `SEAT#${seatId}` };
  const { record } = await deps.store.modify("seat", key, (cur) => ({ ...cur, ...change }));
  invalidate(`rulebook:${deps.store.tableName}:${committeeId}`);
  await audit(deps, committeeId, "seats", by, "seat.updated", { seatId, member: change.member.name, substitutes: change.substitutes.map((s) => s.id) });
  const { committeeId: _c, rev: _r, ...seat } = record;
  return seat;
}

const CSV_COLUMNS = ["seat_id", "constituency", "title", "member_name", "member_email", "substitute_id", "substitute_name", "substitute_email"] as const;

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === "," || ch === ";") { row.push(cell); cell = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); cell = "";
      if (row.some((c) => c.trim())) rows.push(row);
      row = [];
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((c) => c.trim())) rows.push(row);
  return rows;
}

/**
 * Seat holders from a CSV (one row per seat, or one per substitute): every row is checked first and the
 * whole file is refused, naming row and column, if any is wrong; only then are the seats updated.
 */
export async function importSeatsCsv(deps: Deps, committeeId: string, csv: string, by: string): Promise<{ updated: string[] }> {
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ""));
  const cols = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !c.startsWith("substitute") && !cols.includes(c));
  if (missing.length) throw new InvalidInputError("csv", `missing column(s): ${missing.join(", ")} (expected ${CSV_COLUMNS.join(",")})`);
  const existing = new Map((await deps.store.list("seat", committeePk(committeeId), "SEAT#")).map((s) => [s.id, s]));
  const bySeat = new Map<string, Seat>();
  rows.forEach((r, i) => {
    const get = (c: (typeof CSV_COLUMNS)[number]) => (r[cols.indexOf(c)] ?? "").trim();
    const seatId = get("seat_id");
    const current = existing.get(seatId);
    if (!current) throw new InvalidInputError(`csv row ${i + 2}: seat_id`, `"${seatId}" is not a seat of this committee`);
    const seat = bySeat.get(seatId) ?? { id: seatId, constituency: current.constituency, title: get("title") || current.title, member: { name: get("member_name"), email: get("member_email") }, substitutes: [] };
    if (get("substitute_id")) seat.substitutes.push({ id: get("substitute_id"), name: get("substitute_name"), email: get("substitute_email") });
    const check = validate(seatSchema, seat);
    if (!check.ok) throw new InvalidInputError(`csv row ${i + 2}`, describeProblems(check.problems).join("; "));
    if (get("constituency") && get("constituency") !== current.constituency) throw new InvalidInputError(`csv row ${i + 2}: constituency`, `a seat's constituency cannot change (seat ${seatId} is ${current.constituency})`);
    bySeat.set(seatId, seat);
  });
  for (const seat of bySeat.values()) await updateSeat(deps, committeeId, seat.id, seat, by);
  return { updated: [...bySeat.keys()] };
}

/** records that a substitute represents a seat from a time (until a time, or until further notice). */
export async function recordRepresentation(deps: Deps, committeeId: string, input: { seatId: string; substituteId: string; from: string; to?: string | undefined }, by: string) {
  const seat = await deps.store.get("seat", { pk: committeePk(committeeId), sk: `SEAT#${input.seatId}` });
  if (!seat) throw new NotFoundError("seat", input.seatId);
  if (!seat.substitutes.some((s) => s.id === input.substituteId)) throw new InvalidInputError("substituteId", `"${input.substituteId}" is not a substitute of seat ${input.seatId}`);
  const record = { committeeId, seatId: input.seatId, substituteId: input.substituteId, from: input.from, ...(input.to ? { to: input.to } : {}), recordedAt: deps.clock.now(), recordedBy: by };
  await deps.store.create("representation", record);
  invalidate(`representations:${deps.store.tableName}:${committeeId}`);
  await audit(deps, committeeId, "seats", by, "seat.represented", { seatId: input.seatId, substituteId: input.substituteId, from: input.from, to: input.to ?? null });
  return record;
}

/** the chairs take or decline a (late) item request. */
export async function decideItem(deps: Deps, committeeId: string, meetingId: string, itemId: string, decision: "accepted" | "declined", by: string) {
  const key = { pk: meetingPk(committeeId, meetingId), sk: `ITEM#${itemId}` };
  const existing = await deps.store.get("agendaItem", key);
  if (!existing) throw new NotFoundError("agenda item", itemId);
  const { record } = await deps.store.modify("agendaItem", key, (cur) => (cur.status === decision ? undefined : { ...cur, status: decision }));
  await audit(deps, committeeId, meetingMatter(meetingId), by, `agenda.item-${decision}`, { itemId, title: record.title });
  return record;
}

const SAFE_NAME = /^[^\\/:*?"<>|\u0000-\u001f]{1,150}$/;

/** Material for an item: stored under a key of ours; the name is only shown, never used as a path. */
export async function addMaterial(deps: Deps, committeeId: string, meetingId: string, itemId: string, file: { name: string; contentType: string; content: Buffer }, by: string) {
  if (!SAFE_NAME.test(file.name) || file.name.includes("..")) throw new InvalidInputError("name", "a file name without path characters (/ \\ : * ? \" < > |) of at most 150 characters");
  const key = { pk: meetingPk(committeeId, meetingId), sk: `ITEM#${itemId}` };
  const item = await deps.store.get("agendaItem", key);
  if (!item) throw new NotFoundError("agenda item", itemId);
  const blobKey = `material/${committeeId}/${meetingId}/${itemId}/${base32(randomBytes(8))}`;
  await deps.blobs.put(blobKey, file.content, file.contentType);
  const { record } = await deps.store.modify("agendaItem", key, (cur) => ({ ...cur, material: [...cur.material, { name: file.name, blobKey, contentType: file.contentType, bytes: file.content.length }] }));
  await audit(deps, committeeId, meetingMatter(meetingId), by, "agenda.material-added", { itemId, name: file.name, bytes: file.content.length });
  return record;
}

export async function upsertInitiative(deps: Deps, committeeId: string, input: Omit<RecordOf<"initiative">, "committeeId" | "rev">, by: string) {
  const key = { pk: committeePk(committeeId), sk: `INITIATIVE#${input.initiativeId}` };
  if (!(await deps.store.create("initiative", { ...input, committeeId, rev: 0 }))) await deps.store.modify("initiative", key, (cur) => ({ ...cur, ...input }));
  await audit(deps, committeeId, "initiatives", by, "initiative.saved", { initiativeId: input.initiativeId, name: input.name });
  return deps.store.get("initiative", key);
}
