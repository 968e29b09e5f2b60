/** How a written vote is named outside its records: its matter (audit, mail) and its workflow's execution. */
export const voteMatter = (voteId: string) => `vote/${voteId}`;
export const voteExecutionName = (committeeId: string, voteId: string) => `vote--${committeeId}--${voteId}`.slice(0, 80);
