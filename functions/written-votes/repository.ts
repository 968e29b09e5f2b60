/** The written-votes module's records: each vote and every response as received. Only code that knows their keys. */
import type { Store } from "#adapters/store";
import type { RecordOf } from "#adapters/records";

export type WrittenVote = RecordOf<"writtenVote">;
export type VoteResponseRecord = RecordOf<"voteResponse">;

export const voteRecords = {
  get: (store: Store, committeeId: string, voteId: string) => store.find("writtenVote", { committeeId, voteId }),
  list: (store: Store, committeeId: string) => store.listOf("writtenVote", { committeeId }),
  create: (store: Store, record: WrittenVote) => store.create("writtenVote", record),
  modify: (store: Store, committeeId: string, voteId: string, change: (cur: WrittenVote) => WrittenVote | undefined) =>
    store.modify("writtenVote", store.keyOf("writtenVote", { committeeId, voteId }), change),
};

export const responseRecords = {
  list: (store: Store, committeeId: string, voteId: string) => store.listOf("voteResponse", { committeeId, voteId }),
  create: (store: Store, record: VoteResponseRecord) => store.create("voteResponse", record),
};
