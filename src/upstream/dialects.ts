/**
 * @module
 * The dialect table: what differs between modern vendors that share createTask/getTaskResult.
 * The client reads one row; adding a vendor is adding a row.
 */

export interface ReportCall {
  call: string;
  body: Record<string, unknown>;
}

export interface Dialect {
  /** Fields of the createTask request (besides clientKey and task) the vendor accepts. */
  extras: readonly string[];
  /** The vendor's spelling of a canonical (anti-captcha / 2captcha v2) task type. */
  taskType(type: string): string;
  /** A stored task id as the vendor wants it back (UUID strings or integers). */
  taskId(id: string): string | number;
  /** The call that reports a solution of `type` as bad or good, or undefined if there is none. */
  report(type: string, bad: boolean, taskId: string | number): ReportCall | undefined;
}

const identity = (s: string): string => s;

export const dialects = {
  /** uCaptcha: UUID ids, `status:"failed"` tasks, and one `feedbackTask` for every type. */
  ucaptcha: {
    extras: [],
    taskType: identity,
    taskId: identity,
    report: (_type, bad, taskId) => ({
      call: 'feedbackTask',
      body: { taskId, result: { invalid: bad, message: bad ? 'reportbad via legacy res.php' : 'reportgood via legacy res.php' } },
    }),
  },
} as const satisfies Record<string, Dialect>;

export type DialectName = keyof typeof dialects;
export const dialectNames = Object.keys(dialects) as [DialectName, ...DialectName[]];
