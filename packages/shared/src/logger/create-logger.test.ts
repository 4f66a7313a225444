import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../errors/index.ts';
import { createLogger, isPrettyAvailable } from './index.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('when signatures, secrets and personal data are logged, then they appear redacted', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 'test', level: 'info', destination });

    log.info(
      {
        req: { headers: { 'x-cal-signature-256': 'abc123', 'x-retell-signature': 'v=1,d=ff', authorization: 'Bearer t' } },
        customer: { email: 'maria@example.com', phone: '+4915112345678', name: 'Maria Lopez' },
        attendee: { name: 'Ada Lovelace' },
        body: '{"payload":{}}',
        bookingUid: 'uid-1',
      },
      'webhook accepted',
    );
    const out = lines.join('');

    for (const secret of ['abc123', 'v=1,d=ff', 'Bearer t', 'maria@example.com', '+4915112345678', 'Maria Lopez', '"payload"']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('uid-1');
    expect(out).not.toContain('Ada Lovelace');
    expect(JSON.parse(out)).toMatchObject({ service: 'test', msg: 'webhook accepted' });
  });

  it('when an error is logged, then its class name stays readable', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 'test', level: 'info', destination });

    log.error({ err: new InvalidEventError('boom') }, 'failed');

    expect(JSON.parse(lines.join('')).err).toMatchObject({
      type: 'InvalidEventError',
      name: 'InvalidEventError',
      code: 'EVENT_INVALID',
    });
    expect(lines.join('')).not.toContain('[redacted]');
  });

  it('when pretty logs are asked for but pino-pretty is not installed, then it logs JSON with one warning naming LOG_PRETTY', () => {
    const { lines, destination } = capture();

    const log = createLogger({ name: 'test', level: 'info', pretty: true, prettyAvailable: () => false, destination });
    log.info('started');

    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { level: 40, variable: 'LOG_PRETTY', msg: expect.stringContaining('pino-pretty is not installed') },
      { level: 30, msg: 'started' },
    ]);
  });

  it('when pretty logs are not asked for, then it logs JSON and warns about nothing', () => {
    const { lines, destination } = capture();

    createLogger({ name: 'test', level: 'info', prettyAvailable: () => false, destination }).info('started');

    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['started']);
  });

  it('when pino-pretty is a resolvable dependency (development install), then it is reported available', () => {
    expect(isPrettyAvailable()).toBe(true);
  });

  it('when Kafka or registry client options are logged, then their passwords appear redacted', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 'test', level: 'info', destination });

    log.info({ sasl: { mechanism: 'scram-sha-512', username: 'booking', password: 'kafka-pw' } }, 'kafka options');
    log.info({ registry: { auth: { username: 'sr', password: 'registry-pw' } } }, 'registry options');

    expect(lines.join('')).not.toMatch(/kafka-pw|registry-pw/);
    expect(lines.join('')).toContain('scram-sha-512');
  });
});
