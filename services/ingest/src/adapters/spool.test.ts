import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@booking/shared/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool } from './spool.ts';

const logger = createLogger({ level: 'silent', name: 'spool-test' });
const record = (key: string) => ({
  topic: 't',
  key,
  value: Buffer.from([0, 1, 2, key.length]),
  headers: { 'event-id': key, 'delivery-id': `msg_${key}` },
});
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('spool', () => {
  it('when records are appended concurrently, then they share one segment and read back in order', async () => {
    const spool = await openSpool({ dir: tempDir(), maxBytes: 1_000_000, logger });

    await Promise.all(['a', 'b', 'c'].map((k) => spool.append(record(k))));
    const segments = await spool.seal();

    expect(segments).toHaveLength(1);
    expect(await spool.read(segments[0] as string)).toEqual(['a', 'b', 'c'].map(record));
    expect(spool.isEmpty()).toBe(false);
  });

  it('when every segment is removed, then the spool is empty and its size is zero', async () => {
    const spool = await openSpool({ dir: tempDir(), maxBytes: 1_000_000, logger });
    await spool.append(record('a'));

    for (const segment of await spool.seal()) await spool.remove(segment);

    expect(spool.isEmpty()).toBe(true);
    expect(spool.bytes()).toBe(0);
  });

  it('when the spool is reopened, then records of the earlier run are there', async () => {
    const dir = tempDir();
    const first = await openSpool({ dir, maxBytes: 1_000_000, logger });
    await first.append(record('a'));
    await first.close();

    const second = await openSpool({ dir, maxBytes: 1_000_000, logger });
    await second.append(record('b'));
    const segments = await second.seal();

    expect(segments).toHaveLength(2);
    expect((await Promise.all(segments.map((s) => second.read(s)))).flat()).toEqual([record('a'), record('b')]);
  });

  it('when the last line is torn (crash mid-write), then it is skipped and the rest is read', async () => {
    const dir = tempDir();
    const spool = await openSpool({ dir, maxBytes: 1_000_000, logger });
    await spool.append(record('a'));
    const [segment] = await spool.seal();
    appendFileSync(segment as string, '1234abcd {"t":"t","k":"b"');

    expect(await spool.read(segment as string)).toEqual([record('a')]);
  });

  it('when a record does not fit, then SPOOL_FULL and full() until a segment is removed', async () => {
    const spool = await openSpool({ dir: tempDir(), maxBytes: 100, logger });
    await spool.append(record('a'));

    const refused = spool.append(record('b'));

    await expect(refused).rejects.toMatchObject({ code: 'SPOOL_FULL' });
    expect(spool.full()).toBe(true);
    for (const segment of await spool.seal()) await spool.remove(segment);
    expect(spool.full()).toBe(false);
  });

  it('when the spool is disabled, then appends are refused and no directory is created', async () => {
    const dir = join(tempDir(), 'missing');
    const spool = await openSpool({ dir, maxBytes: 0, logger });

    await expect(spool.append(record('a'))).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(() => readdirSync(dir)).toThrow();
  });
});
