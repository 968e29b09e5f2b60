/**
 * The secretariat's upkeep of a committee's seats: seat holders and substitutes (also by CSV import), and
 * who represents whom (R-1.2).
 */
import { seatSchema, type Seat } from "#domain/rulebook";
import { describeProblems, validate } from "#domain/validation";
import { InvalidInputError } from "#domain/errors";
import type { Deps } from "../deps.ts";
import { revokeTokens } from "../mail/tokens.ts";
import { listMeetings } from "../meetings/meetings.ts";
import { meetingMatter } from "../meetings/names.ts";
import { listVotes } from "../written-votes/written-votes.ts";
import { voteMatter } from "../written-votes/names.ts";
import { invalidate } from "./cache.ts";
import { invalidateRulebook } from "./committee.ts";
import { SeatImportError, UnknownSeatError } from "./errors.ts";
import { parse as parseCsv } from "csv-parse/sync";
import { representations, seats, type SeatRecord } from "./repository.ts";

const audit = (deps: Deps, committeeId: string, actor: string, action: string, data: Record<string, unknown>) =>
  deps.store.appendAudit({ committeeId, matter: "seats", actor, action, channel: "api", data });

/** Replaces a seat's holder and substitutes; the seat's id and constituency stay (R-1.1). */
export async function updateSeat(deps: Deps, committeeId: string, seatId: string, change: Pick<Seat, "title" | "member" | "substitutes">, by: string): Promise<Seat> {
  const before = await seats.get(deps.store, committeeId, seatId);
  if (!before) throw new UnknownSeatError(seatId);
  const { record } = await seats.modify(deps.store, committeeId, seatId, (cur) => ({ ...cur, ...change }));
  invalidateRulebook(deps.store, committeeId);
  await audit(deps, committeeId, by, "seat.updated", { seatId, member: change.member.name, substitutes: change.substitutes.map((s) => s.id) });
  // Whoever no longer holds or substitutes for the seat can no longer answer for it: their open links and
  // reply addresses are revoked (the answer paths also check the seat's current holder when they are used).
  const now = new Set([record.member.email, ...record.substitutes.map((s) => s.email)].map((a) => a.toLowerCase()));
  const gone = [before.member.email, ...before.substitutes.map((s) => s.email)].filter((a) => !now.has(a.toLowerCase()));
  if (gone.length) await revokeOpenTokens(deps, committeeId, seatId, gone);
  const { committeeId: _c, rev: _r, ...seat } = record;
  return seat;
}

/** Revokes a seat's tokens sent to some addresses, in every matter still open: votes not closed, meetings whose minutes are not approved. */
async function revokeOpenTokens(deps: Deps, committeeId: string, seatId: string, addresses: string[]): Promise<void> {
  const now = deps.clock.now();
  const matters = [
    ...(await listVotes(deps, committeeId)).filter((v) => v.status === "open").map((v) => voteMatter(v.voteId)),
    ...(await listMeetings(deps, committeeId)).filter((m) => m.status !== "cancelled" && !m.minutesApprovedAt).map((m) => meetingMatter(m.meetingId)),
  ];
  for (const matter of matters) await revokeTokens(deps.store, committeeId, matter, now, { seatId, addresses });
}

const CSV_COLUMNS = ["seat_id", "constituency", "title", "member_name", "member_email", "substitute_id", "substitute_name", "substitute_email"] as const;
type Column = (typeof CSV_COLUMNS)[number];
/** The same columns with Danish headers, as the console describes the file; values of "constituency" too. */
const DANISH_COLUMNS: Record<string, Column> = {
  plads: "seat_id", valgomraade: "constituency", "valgområde": "constituency", betegnelse: "title", medlem_navn: "member_name", medlem_email: "member_email",
  suppleant_id: "substitute_id", suppleant_navn: "substitute_name", suppleant_email: "substitute_email",
};
const DANISH_CONSTITUENCIES: Record<string, string> = { kommune: "municipality", "almen-praksis": "general-practice" };

/**
 * The file's text: UTF-8 (with or without a BOM), or Windows-1252 as Danish Excel saves "CSV (semikolonsepareret)";
 * a file that is not valid UTF-8 is read as Windows-1252.
 */
export function decodeCsv(file: Buffer | string): string {
  if (typeof file === "string") return file.replace(/^\uFEFF/, "");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(file).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1252").decode(file);
  }
}

/** Rows of a seat file, read by csv-parse: the delimiter is the header's (";" from Danish Excel, or ","), or Excel's "sep=" line. */
function csvRows(text: string): string[][] {
  let body = text;
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep) body = body.slice(sep[0].length);
  const header = body.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = sep?.[1] ?? ((header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ";" : ",");
  try {
    return parseCsv(body, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new SeatImportError("csv", `the file is not valid CSV${line ? ` (line ${line})` : ""}: ${(e as Error).message}`, { problem: "unreadable", ...(line ? { row: line } : {}) });
  }
}

/** From a schema problem's field ("member.email", "substitutes[0].id") to the file's column. */
function columnOf(field: string): Column | undefined {
  const f = field.replace(/\[\d+\]/g, "");
  const map: Record<string, Column> = { id: "seat_id", constituency: "constituency", title: "title", "member.name": "member_name", "member.email": "member_email", "substitutes.id": "substitute_id", "substitutes.name": "substitute_name", "substitutes.email": "substitute_email" };
  return map[f];
}

export interface SeatChange { seat: Seat; before: Seat }

/**
 * Seat holders from a CSV file (one row per seat, or one per substitute): every row is checked first and
 * the whole file is refused, naming row and column, if any is wrong. Nothing is written: this is the preview.
 */
export async function previewSeatsCsv(deps: Deps, committeeId: string, file: Buffer | string): Promise<SeatChange[]> {
  const [header, ...rows] = csvRows(decodeCsv(file));
  const written = (header ?? []).map((h) => h.trim().toLowerCase());
  const cols = written.map((h) => DANISH_COLUMNS[h] ?? h);
  /** The column as the file names it, for messages. */
  const named = (c: Column) => written[cols.indexOf(c)] ?? c;
  const missing = CSV_COLUMNS.filter((c) => !c.startsWith("substitute") && !cols.includes(c));
  if (missing.length) throw new SeatImportError("csv", `missing column(s): ${missing.join(", ")} (expected ${CSV_COLUMNS.join(",")})`, { problem: "missing-columns", columns: missing });
  const existing = new Map((await seats.list(deps.store, committeeId)).map((s) => [s.id, s]));
  const bySeat = new Map<string, Seat>();
  rows.forEach((r, i) => {
    const row = i + 2;
    const get = (c: Column) => { const v = (r[cols.indexOf(c)] ?? "").trim(); return c === "constituency" ? (DANISH_CONSTITUENCIES[v] ?? v) : v; };
    const seatId = get("seat_id");
    const current = existing.get(seatId);
    if (!current) throw new SeatImportError(`csv row ${row}: seat_id`, `"${seatId}" is not a seat of this committee`, { problem: "unknown-seat", row, column: named("seat_id"), value: seatId });
    if (get("constituency") && get("constituency") !== current.constituency) throw new SeatImportError(`csv row ${row}: constituency`, `a seat's constituency cannot change (seat ${seatId} is ${current.constituency})`, { problem: "constituency-changed", row, column: named("constituency"), value: get("constituency") });
    const seat = bySeat.get(seatId) ?? { id: seatId, constituency: current.constituency, title: get("title") || current.title, member: { name: get("member_name"), email: get("member_email") }, substitutes: [] };
    if (get("substitute_id")) seat.substitutes.push({ id: get("substitute_id"), name: get("substitute_name"), email: get("substitute_email") });
    const check = validate(seatSchema, seat);
    if (!check.ok) {
      const first = check.problems[0];
      const danish = validate(seatSchema, seat, "da");
      throw new SeatImportError(`csv row ${row}`, describeProblems(check.problems).join("; "), { problem: "invalid", row, column: named(columnOf(first?.field ?? "") ?? "seat_id"), message: danish.ok ? "" : (danish.problems[0]?.message ?? "") });
    }
    bySeat.set(seatId, seat);
  });
  return [...bySeat.values()].map((seat) => {
    const { committeeId: _c, rev: _r, ...before } = existing.get(seat.id) as SeatRecord;
    return { seat, before };
  });
}

/** Seat holders from a CSV file: the preview's checks, then every seat in it is updated. */
export async function importSeatsCsv(deps: Deps, committeeId: string, file: Buffer | string, by: string): Promise<{ updated: string[] }> {
  const changes = await previewSeatsCsv(deps, committeeId, file);
  for (const { seat } of changes) await updateSeat(deps, committeeId, seat.id, seat, by);
  return { updated: changes.map((c) => c.seat.id) };
}

/** R-1.2: records that a substitute represents a seat from a time (until a time, or until further notice). */
export async function recordRepresentation(deps: Deps, committeeId: string, input: { seatId: string; substituteId: string; from: string; to?: string | undefined }, by: string) {
  const seat = await seats.get(deps.store, committeeId, input.seatId);
  if (!seat) throw new UnknownSeatError(input.seatId);
  if (!seat.substitutes.some((s) => s.id === input.substituteId)) throw new InvalidInputError("substituteId", `"${input.substituteId}" is not a substitute of seat ${input.seatId}`);
  const record = { committeeId, seatId: input.seatId, substituteId: input.substituteId, from: input.from, ...(input.to ? { to: input.to } : {}), recordedAt: deps.clock.now(), recordedBy: by };
  await representations.create(deps.store, record);
  invalidate(`representations:${deps.store.tableName}:${committeeId}`);
  await audit(deps, committeeId, by, "seat.represented", { seatId: input.seatId, substituteId: input.substituteId, from: input.from, to: input.to ?? null });
  return record;
}
