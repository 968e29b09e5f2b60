/** How a meeting is named outside its records: its matter (audit, mail) and its cycle's executions. */

export const meetingMatter = (meetingId: string) => `meeting/${meetingId}`;

/** Step Functions execution names: at most 80 characters of [A-Za-z0-9-_]. */
const EXECUTION_NAME_MAX = 80;

/**
 * The execution of one generation (and segment) of a meeting's cycle. Names are cut to fit, but never the
 * suffix: the generation and segment are what keep two executions of one meeting apart.
 */
export function meetingExecutionName(committeeId: string, meetingId: string, generation: number, segment = 1): string {
  const suffix = `--g${generation}${segment > 1 ? `-s${segment}` : ""}`;
  const head = `meeting--${committeeId}--${meetingId}`;
  return `${head.slice(0, EXECUTION_NAME_MAX - suffix.length)}${suffix}`;
}
