/**
 * @module
 * Log lines to stdout in batches. Lines queue during one event-loop turn and go out in one
 * `write` when it ends (setImmediate), or at once when the batch passes `batchChars`: one write
 * call (and syscall) per turn instead of one per request. `flush()` writes what is queued now;
 * main.ts calls it on `exit`, which every way out of the process (process.exit included) passes.
 *
 * Back-pressure: stdout to a pipe or socket is asynchronous, and Node would queue whatever a slow
 * reader does not take, without bound. When the stream says it is full, lines wait here for
 * `drain`; past `maxChars` waiting, further lines are dropped (counted, and reported in a warning
 * line once the stream drains). Logging never stalls serving and holds a bounded amount.
 */

/** The part of a Writable the sink uses (process.stdout in main.ts, a fake in tests). */
export interface SinkStream {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface LineSink {
  /** Queues one line (without its newline). */
  line(text: string): void;
  /** Writes the queued lines now, full stream or not (on exit). */
  flush(): void;
  /** Lines dropped so far because the stream could not keep up. */
  readonly dropped: number;
}

export interface LineSinkOptions {
  /** A batch this long (in characters, about bytes for log text) is written without waiting for the turn to end. */
  batchChars?: number;
  /** At most this many characters wait while the stream is full; later lines are dropped. */
  maxChars?: number;
  /** Runs the end-of-turn flush (setImmediate). */
  schedule?: (flush: () => void) => void;
  now?: () => number;
}

export function createLineSink(stream: SinkStream, options: LineSinkOptions = {}): LineSink {
  const { batchChars = 64 * 1024, maxChars = 1024 * 1024, schedule = setImmediate, now = Date.now } = options;
  let batch = '';
  let scheduled = false;
  let full = false;
  let dropped = 0;
  let unreported = 0;

  /** Puts a warning saying how many lines were dropped ahead of what waits. */
  const reportDropped = () => {
    if (unreported === 0) return;
    const note = {
      time: new Date(now()).toISOString(),
      level: 'warn',
      msg: 'log lines dropped: stdout could not keep up',
      count: unreported,
    };
    batch = `${JSON.stringify(note)}\n${batch}`;
    unreported = 0;
  };

  const write = () => {
    const chunk = batch;
    batch = '';
    if (stream.write(chunk) || full) return;
    full = true;
    stream.once('drain', () => {
      full = false;
      reportDropped();
      if (batch) write();
    });
  };

  const endOfTurn = () => {
    scheduled = false;
    if (!full && batch) write();
  };

  return {
    line(text) {
      if (full && batch.length >= maxChars) {
        dropped++;
        unreported++;
        return;
      }
      batch += `${text}\n`;
      if (full) return;
      if (batch.length >= batchChars) write();
      else if (!scheduled) {
        scheduled = true;
        schedule(endOfTurn);
      }
    },
    flush() {
      reportDropped();
      if (batch) write();
    },
    get dropped() {
      return dropped;
    },
  };
}
