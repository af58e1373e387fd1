/**
 * @module
 * How each client family answers on the wire, one row per dialect: what its SDK parses. Sources:
 * anti-captcha.com/apidoc (methods/getTaskResult, errors), docs.capmonster.cloud (api/methods),
 * 2captcha.com/api-docs (get-task-result), docs.capsolver.com (getTaskResult), uCaptcha's docs
 * (/work/shared/protocol/modern.md); the SDKs in node_modules are the oracles in test/vendors/.
 */
import { dialects, type DialectName } from '../upstream/dialects.ts';
import type { ModernCode } from './errors.ts';

export interface Voice {
  /** Task ids as JSON numbers or strings (ids too long for a number go as strings, see answer.ts). */
  taskId: 'integer' | 'string';
  /**
   * A failed task: `error` is a request error (`errorId:1` and the code, the anti-captcha family
   * and CapSolver's SDK), `status` is `errorId:0, status:"failed"` (uCaptcha).
   */
  failure: 'error' | 'status';
  /** Request errors at HTTP 200 (anti-captcha family) or at the status the error table gives. */
  errorsAt200: boolean;
  /** The code for a task id the caller does not own. */
  notFound: ModernCode;
  /** The code for a task type no upstream can be asked for. */
  unsupported: ModernCode;
  /** `cost` as a decimal string (anti-captcha, 2captcha), a number, or not sent. */
  cost: 'string' | 'number' | 'none';
  /** `ip`, `createTime`, `endTime`, `solveCount` beside a solution (the anti-captcha family's answer). */
  stamps: boolean;
  /** The status a createTask answer carries, when the family sends one. */
  created?: 'idle' | 'processing';
}

/** The anti-captcha family: integer ids, failures as request errors, everything at HTTP 200. */
const antiFamily = {
  taskId: 'integer',
  failure: 'error',
  errorsAt200: true,
  notFound: 'ERROR_NO_SUCH_CAPCHA_ID',
  unsupported: 'ERROR_TASK_NOT_SUPPORTED',
} as const;

export const voices: Readonly<Record<DialectName, Voice>> = {
  anticaptcha: { ...antiFamily, cost: 'string', stamps: true },
  // docs.capmonster.cloud getTaskResult: solution and status only.
  capmonster: { ...antiFamily, cost: 'none', stamps: false },
  '2captcha': { ...antiFamily, cost: 'string', stamps: true },
  // capsolver-npm (src/Handler.ts) throws on errorId ≠ 0 and polls on anything else: a failed
  // task is errorId:1, and carries status:"failed" too for clients that read the status.
  capsolver: {
    taskId: 'string',
    failure: 'error',
    errorsAt200: false,
    notFound: 'ERROR_TASKID_INVALID',
    unsupported: 'ERROR_INVALID_TASK_DATA',
    cost: 'none',
    stamps: false,
    created: 'idle',
  },
  ucaptcha: {
    taskId: 'string',
    failure: 'status',
    errorsAt200: false,
    notFound: 'ERROR_WRONG_CAPTCHA_ID',
    unsupported: 'TASK_NOT_SUPPORTED',
    cost: 'number',
    stamps: false,
    created: 'processing',
  },
};

/** The id types agree with the dialect table's (an upstream's ids are what its clients expect). */
export const idTypesAgree = (Object.keys(voices) as DialectName[]).every(
  (d) => voices[d].taskId === dialects[d].taskId,
);
