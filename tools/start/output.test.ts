import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createServiceOutput } from './output.ts';

const ESC = '\x1b[';
const LOG = JSON.stringify({ level: 30, time: 0, msg: 'ready' });

function capture(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

function show(isTTY: boolean, env: Record<string, string | undefined>): string {
  const out = capture(isTTY);
  const output = createServiceOutput(['ingest', 'booker'], { stdout: out.stream, stderr: out.stream, env });
  output.line('ingest', LOG, 'stdout');
  output.note('booker', 'exited with code 1, restarting', 'info');
  return out.text();
}

describe('npm start output', () => {
  it('when stdout is a terminal, then the service prefixes are coloured', () => {
    expect(show(true, {})).toContain(ESC);
  });

  it('when stdout is piped, then no colour code is written and the logs stay JSON', () => {
    const text = show(false, {});

    expect(text).not.toContain(ESC);
    expect(text).toContain(`ingest | ${LOG}`);
  });

  it('when NO_COLOR is set on a terminal, then no colour code is written; an empty NO_COLOR does not count', () => {
    expect(show(true, { NO_COLOR: '1' })).not.toContain(ESC);
    expect(show(true, { NO_COLOR: '' })).toContain(ESC);
  });
});
