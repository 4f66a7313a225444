import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingRecord } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createDurableWriter } from './durable-writer.ts';
import { openSpool } from './spool.ts';
import { createSpoolDrainer } from './spool-drainer.ts';

const logger = createLogger({ level: 'silent', name: 'writer-test' });
const record = (key: string): OutgoingRecord => ({ topic: 't', key, value: Buffer.from(key), headers: {} });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup(options: { hangingBatcher?: boolean; drainBackoffMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'writer-test-'));
  dirs.push(dir);
  const kafka = { up: true, produced: [] as string[] };
  const producer = {
    connect: async () => {},
    disconnect: async () => {},
    send: async (records: OutgoingRecord[]) => {
      if (!kafka.up) throw new Error('broker down');
      kafka.produced.push(...records.map((r) => r.key));
    },
  };
  const spool = await openSpool({ dir, maxBytes: 1_000_000, logger });
  const spooledRecords = new Counter({ name: 's', help: 's', registers: [new Registry()] });
  const writer = createDurableWriter({
    batcher: {
      // a broker that accepts requests and never answers, as a paused one does
      send: (r) => (options.hangingBatcher ? new Promise<void>(() => {}) : producer.send([r])),
      idle: async () => {},
      busy: () => false,
      settled: async () => {},
    },
    spool,
    logger,
    metrics: { spooledRecords },
    createDrainer: (onDrained) =>
      createSpoolDrainer({
        spool,
        producer,
        logger,
        batchRecords: 2,
        onDrained,
        initialBackoffMs: options.drainBackoffMs ?? 1,
        maxBackoffMs: options.drainBackoffMs ?? 5,
      }),
  });
  return { kafka, writer, spool };
}

describe('durable writer', () => {
  it('when Kafka acknowledges, then the record is not spooled', async () => {
    const { kafka, writer } = await setup();

    expect(await writer.write(record('a'))).toEqual({ spooled: false });
    expect(kafka.produced).toEqual(['a']);
  });

  it('when Kafka fails, then records are spooled, and once it is back they are produced in order before direct mode resumes', async () => {
    const { kafka, writer, spool } = await setup();
    kafka.up = false;

    const answers = [await writer.write(record('a')), await writer.write(record('b')), await writer.write(record('c'))];
    const modeWhileDown = writer.mode();
    kafka.up = true;
    await writer.drained();
    const afterwards = await writer.write(record('d'));
    await writer.stop();

    expect(answers).toEqual([{ spooled: true }, { spooled: true }, { spooled: true }]);
    expect(modeWhileDown).toBe('spooling');
    expect(afterwards).toEqual({ spooled: false });
    expect(kafka.produced).toEqual(['a', 'b', 'c', 'd']);
    expect(spool.isEmpty()).toBe(true);
  });

  it('when the broker probe fails while nothing is pending, then the next record goes to the spool without waiting for Kafka', async () => {
    const { kafka, writer } = await setup({ hangingBatcher: true });
    kafka.up = false;

    writer.kafkaLost();
    const answer = await writer.write(record('a'));
    const mode = writer.mode();
    kafka.up = true;
    writer.kafkaBack();
    await writer.drained();
    await writer.stop();

    expect(answer).toEqual({ spooled: true });
    expect(mode).toBe('spooling');
    expect(kafka.produced).toEqual(['a']);
  });

  it('when it stops with records in the spool and Kafka is back, then it drains them before stopping, without waiting out the backoff', async () => {
    const { kafka, writer, spool } = await setup({ drainBackoffMs: 3_600_000 });
    kafka.up = false;
    await writer.write(record('a'));
    await writer.write(record('b'));
    kafka.up = true;

    await writer.stop({ drainWithinMs: 60_000 });

    expect(kafka.produced).toEqual(['a', 'b']);
    expect(spool.isEmpty()).toBe(true);
  });

  it('when it stops with records in the spool and Kafka is still down, then it stops once the drain time is up and the records stay in the spool', async () => {
    const { kafka, writer, spool } = await setup({ drainBackoffMs: 3_600_000 });
    kafka.up = false;
    await writer.write(record('a'));

    await writer.stop({ drainWithinMs: 20 });

    expect(kafka.produced).toEqual([]);
    expect(spool.isEmpty()).toBe(false);
  });
});
