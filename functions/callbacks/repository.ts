/** Waiting workflow tasks: each task token lives here, keyed by what it awaits (never in an email). */
import type { Store } from "#adapters/store";
import type { RecordOf } from "#adapters/records";

export type CallbackRecord = RecordOf<"callback">;

export const callbackRecords = {
  get: (store: Store, committeeId: string, awaiting: string) => store.find("callback", { committeeId, awaiting }),
  put: (store: Store, record: CallbackRecord) => store.put("callback", record),
};
