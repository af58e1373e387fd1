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
  /**
   * How the vendor delivers `callbackUrl`, so a receiver written for it parses ours (callback.ts):
   * `json`, a POST of the getTaskResult answer (with `taskId`); `form`, a POST of 2captcha's
   * pingback form `id`, `code`; `query`, a GET with `captcha_id`, `status`, `code`.
   */
  callback: 'json' | 'form' | 'query';
}

/** The anti-captcha family: integer ids, failures as request errors, everything at HTTP 200. */
const antiFamily = {
  taskId: 'integer',
  failure: 'error',
  errorsAt200: true,
  notFound: 'ERROR_NO_SUCH_CAPCHA_ID',
  unsupported: 'ERROR_TASK_NOT_SUPPORTED',
} as const;

/*
 * Callbacks, per vendor:
 * - anti-captcha.com/apidoc/methods/createTask lists `callbackUrl`; the copy found lacks its
 *   description, which a verbatim copy of those docs keeps (ocrdatasolutions.com/api-docs/
 *   createtask: "sent by AJAX POST request and are similar to the contents of getTaskResult");
 *   python-anticaptcha's createTaskSmee reads the JSON body as getTaskResult's, matched by `taskId`.
 * - docs.capmonster.cloud/docs/api/methods/create-task: "Data is sent by POST request. The
 *   content is identical to the response of the getTaskResult method."
 * - docs.capsolver.com/guide/api-createtask: "token will send (post) to this endpoint"; the body
 *   is not documented, so it is the family's getTaskResult answer, as the other JSON vendors'.
 * - 2captcha.com/api-docs/create-task: callbackUrl is the pingback; 2captcha.com/h/how-to-
 *   configure-automatic-response-retrieval-via-pingback: application/x-www-form-urlencoded,
 *   `id` and `code` (the answer or the error code), as in.php's pingback.
 * - ucaptcha.net/docs/api/callbacks (/work/shared/protocol/modern.md): a GET with `captcha_id`,
 *   `status` 1 or 0 and `code` (only when solved).
 * `taskId` goes in every JSON callback: anti-captcha's carries it, a receiver needs it to tell
 * tasks apart, and a getTaskResult parser ignores a key it does not read.
 */
export const voices: Readonly<Record<DialectName, Voice>> = {
  anticaptcha: { ...antiFamily, cost: 'string', stamps: true, callback: 'json' },
  // docs.capmonster.cloud getTaskResult: solution and status only.
  capmonster: { ...antiFamily, cost: 'none', stamps: false, callback: 'json' },
  '2captcha': { ...antiFamily, cost: 'string', stamps: true, callback: 'form' },
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
    callback: 'json',
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
    callback: 'query',
  },
};

/** The id types agree with the dialect table's (an upstream's ids are what its clients expect). */
export const idTypesAgree = (Object.keys(voices) as DialectName[]).every(
  (d) => voices[d].taskId === dialects[d].taskId,
);
