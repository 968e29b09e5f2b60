/** Who may see an agenda item and who presides over a meeting. */
import type { Rulebook, Seat } from "./rulebook.ts";

export interface ItemAudience {
  /** a cross-cutting strategic or economic matter for the region and municipalities only. */
  authoritiesOnly: boolean;
}

/** R-3.4: an item flagged authoritiesOnly goes only to seats of the authorities' constituencies. */
export function mayReceiveItem(item: ItemAudience, seat: Pick<Seat, "constituency">, rulebook: Rulebook): boolean {
  return !item.authoritiesOnly || rulebook.meetings.authoritiesConstituencies.includes(seat.constituency);
}

/** the items a seat (and its substitutes) receives, in agenda order. */
export function itemsForSeat<T extends ItemAudience>(items: readonly T[], seat: Pick<Seat, "constituency">, rulebook: Rulebook): T[] {
  return items.filter((item) => mayReceiveItem(item, seat, rulebook));
}

/** the co-chairs preside in turn; the n-th meeting of the term (0-based) is chaired by this seat. */
export function presidingChair(meetingOrdinal: number, rulebook: Rulebook): string {
  const chairs = rulebook.coChairs;
  return chairs[((meetingOrdinal % chairs.length) + chairs.length) % chairs.length] ?? chairs[0] ?? "";
}
