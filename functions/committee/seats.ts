/**
 * The secretariat's upkeep of a committee's seats: seat holders and substitutes (also by CSV import), and
 * who represents whom.
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
import { representations, seats } from "./repository.ts";

const audit = (deps: Deps, committeeId: string, actor: string, action: string, data: Record<string, unknown>) =>
  deps.store.appendAudit({ committeeId, matter: "seats", actor, action, channel: "api", data });

/** Replaces a seat's holder and substitutes; the seat's id and constituency stay. */
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
  if (missing.length) throw new SeatImportError("csv", `missing column(s): ${missing.join(", ")} (expected ${CSV_COLUMNS.join(",")})`);
  const existing = new Map((await seats.list(deps.store, committeeId)).map((s) => [s.id, s]));
  const bySeat = new Map<string, Seat>();
  rows.forEach((r, i) => {
    const get = (c: (typeof CSV_COLUMNS)[number]) => (r[cols.indexOf(c)] ?? "").trim();
    const seatId = get("seat_id");
    const current = existing.get(seatId);
    if (!current) throw new SeatImportError(`csv row ${i + 2}: seat_id`, `"${seatId}" is not a seat of this committee`);
    const seat = bySeat.get(seatId) ?? { id: seatId, constituency: current.constituency, title: get("title") || current.title, member: { name: get("member_name"), email: get("member_email") }, substitutes: [] };
    if (get("substitute_id")) seat.substitutes.push({ id: get("substitute_id"), name: get("substitute_name"), email: get("substitute_email") });
    const check = validate(seatSchema, seat);
    if (!check.ok) throw new SeatImportError(`csv row ${i + 2}`, describeProblems(check.problems).join("; "));
    if (get("constituency") && get("constituency") !== current.constituency) throw new SeatImportError(`csv row ${i + 2}: constituency`, `a seat's constituency cannot change (seat ${seatId} is ${current.constituency})`);
    bySeat.set(seatId, seat);
  });
  for (const seat of bySeat.values()) await updateSeat(deps, committeeId, seat.id, seat, by);
  return { updated: [...bySeat.keys()] };
}

/** records that a substitute represents a seat from a time (until a time, or until further notice). */
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
