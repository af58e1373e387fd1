import { describe, expect, it } from 'vitest';
import { createLineSink, type SinkStream } from '../../deploy/node/log-sink.ts';

/** A stream that records writes and is full whenever the test says so. */
function fakeStream() {
  const s = {
    chunks: [] as string[],
    accepts: true,
    drain: undefined as (() => void) | undefined,
    write(chunk: string) {
      s.chunks.push(chunk);
      return s.accepts;
    },
    once(_event: 'drain', listener: () => void) {
      s.drain = listener;
    },
  };
  return s satisfies SinkStream;
}

/** A hand-run end of turn instead of setImmediate. */
function turns() {
  const queued: (() => void)[] = [];
  return {
    schedule: (f: () => void) => void queued.push(f),
    end: () => queued.splice(0).forEach((f) => f()),
    pending: () => queued.length,
  };
}

describe('log line sink', () => {
  it('writes the lines of one turn in one write when the turn ends', () => {
    const stream = fakeStream();
    const turn = turns();
    const sink = createLineSink(stream, { schedule: turn.schedule });
    sink.line('a');
    sink.line('b');
    sink.line('c');
    expect(stream.chunks).toEqual([]);
    expect(turn.pending()).toBe(1);
    turn.end();
    expect(stream.chunks).toEqual(['a\nb\nc\n']);
    sink.line('d');
    turn.end();
    expect(stream.chunks).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes a batch at once when it passes its size', () => {
    const stream = fakeStream();
    const turn = turns();
    const sink = createLineSink(stream, { schedule: turn.schedule, batchChars: 10 });
    sink.line('12345');
    sink.line('67890');
    expect(stream.chunks).toEqual(['12345\n67890\n']);
    turn.end();
    expect(stream.chunks).toHaveLength(1);
  });

  it('flush writes what is queued now (the exit path)', () => {
    const stream = fakeStream();
    const sink = createLineSink(stream, { schedule: () => {} });
    sink.line('{"msg":"stopped"}');
    sink.flush();
    expect(stream.chunks).toEqual(['{"msg":"stopped"}\n']);
    sink.flush();
    expect(stream.chunks).toHaveLength(1);
  });

  it('holds a bounded amount while the stream is full, drops the rest and says so once it drains', () => {
    const stream = fakeStream();
    const turn = turns();
    const sink = createLineSink(stream, { schedule: turn.schedule, maxChars: 8, now: () => 0 });
    stream.accepts = false;
    sink.line('first');
    turn.end();
    expect(stream.chunks).toEqual(['first\n']);
    for (const l of ['w1', 'w2', 'w3', 'lost1', 'lost2']) sink.line(l);
    turn.end();
    expect(stream.chunks).toHaveLength(1);
    expect(sink.dropped).toBe(2);
    stream.accepts = true;
    stream.drain!();
    expect(stream.chunks[1]).toBe(
      '{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"log lines dropped: stdout could not keep up","count":2}\nw1\nw2\nw3\n',
    );
    sink.line('after');
    turn.end();
    expect(stream.chunks[2]).toBe('after\n');
  });

  it('flush on exit writes even to a full stream', () => {
    const stream = fakeStream();
    const sink = createLineSink(stream, { schedule: () => {}, batchChars: 1 });
    stream.accepts = false;
    sink.line('one');
    sink.line('two');
    sink.flush();
    expect(stream.chunks).toEqual(['one\n', 'two\n']);
  });
});
