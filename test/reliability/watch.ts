/** What a fuzz run watches besides the answers: errors logged and promise rejections nobody handled. */
import type { Logger } from '../../src/ops/log.ts';

export interface Watch {
  /** A logger that keeps what is logged as an error. */
  logger: Logger;
  errors: string[];
  rejections: unknown[];
  start(): void;
  stop(): void;
}

export function watchFailures(): Watch {
  const errors: string[] = [];
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  return {
    logger: {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (msg, fields) => errors.push(`${msg} ${JSON.stringify(fields)}`),
    },
    errors,
    rejections,
    start: () => process.on('unhandledRejection', onRejection),
    stop: () => process.off('unhandledRejection', onRejection),
  };
}
