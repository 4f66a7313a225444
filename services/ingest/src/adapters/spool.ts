// The local spool: an append-only directory of segment files used only while Kafka is
// unavailable (DESIGN.md "Ingest: durable before 2xx"). A record counts as spooled once its line
// is written and fdatasync'd; appends that arrive together share one write + one sync (group
// commit), so fsync cost does not serialise requests.
//
// Line format: "<crc32 hex> <json>\n" with json = {t: topic, k: key, v: base64 value, h: headers}.
// A torn last line (crash during a write) fails its checksum and is skipped: its request never
// got a 2xx. Segments are sealed before they are drained and deleted only after every record in
// them is acknowledged by Kafka, so a crash at any point loses nothing (it may duplicate, which
// the event id makes harmless downstream).

import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { AppError } from '@booking/shared/errors';
import type { OutgoingRecord } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';

export interface SpoolOptions {
  dir: string;
  /** Upper bound of the spool's size on disk; 0 disables the spool. */
  maxBytes: number;
  /** A segment is sealed and a new one started beyond this size. */
  segmentMaxBytes?: number;
  logger: Logger;
  onBytesChanged?: (bytes: number) => void;
}

export interface Spool {
  readonly enabled: boolean;
  bytes(): number;
  /** True after an append was refused for lack of room, until a drained segment frees some. */
  full(): boolean;
  /** No record on disk and none being written. */
  isEmpty(): boolean;
  /** Resolves once the record is on disk (fdatasync). Throws SPOOL_FULL / DEPENDENCY_UNAVAILABLE. */
  append(record: OutgoingRecord): Promise<void>;
  /** Closes the segment being written and returns every sealed segment, oldest first. */
  seal(): Promise<string[]>;
  read(segment: string): Promise<OutgoingRecord[]>;
  remove(segment: string): Promise<void>;
  close(): Promise<void>;
}

interface Segment {
  path: string;
  bytes: number;
}

interface Pending {
  line: Buffer;
  resolve(): void;
  reject(error: unknown): void;
}

const SEGMENT = /^segment-(\d{12})\.spool$/;
const segmentName = (seq: number) => `segment-${String(seq).padStart(12, '0')}.spool`;

export function encodeLine(record: OutgoingRecord): Buffer {
  const json = JSON.stringify({ t: record.topic, k: record.key, v: record.value.toString('base64'), h: record.headers ?? {} });
  return Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);
}

export function decodeLine(line: string): OutgoingRecord | undefined {
  const json = line.slice(9);
  if (line[8] !== ' ' || crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined;
  const { t, k, v, h } = JSON.parse(json) as { t: string; k: string; v: string; h: Record<string, string> };
  return { topic: t, key: k, value: Buffer.from(v, 'base64'), headers: h };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function openSpool(options: SpoolOptions): Promise<Spool> {
  const { dir, maxBytes, logger } = options;
  const segmentMaxBytes = options.segmentMaxBytes ?? 16 * 1024 * 1024;
  const enabled = maxBytes > 0;
  if (enabled) await mkdir(dir, { recursive: true });
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? [] : Promise.reject(error),
  );
  const sealed: Segment[] = [];
  let nextSeq = 1;
  for (const name of names.filter((n) => SEGMENT.test(n)).sort()) {
    const path = join(dir, name);
    sealed.push({ path, bytes: (await stat(path)).size });
    nextSeq = Number(SEGMENT.exec(name)?.[1]) + 1;
  }
  let total = sealed.reduce((sum, s) => sum + s.bytes, 0);
  let active: (Segment & { handle: FileHandle }) | undefined;
  let buffer: Pending[] = [];
  let unwritten = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let full = false;
  if (sealed.length > 0) logger.warn({ segments: sealed.length, bytes: total }, 'spool holds records from an earlier run');

  const setTotal = (bytes: number) => {
    total = bytes;
    options.onBytesChanged?.(total);
  };
  setTotal(total);
  const enqueue = <T>(op: () => Promise<T>): Promise<T> => {
    const next = chain.then(op);
    chain = next.catch(() => undefined);
    return next;
  };

  async function closeActive(): Promise<void> {
    if (!active) return;
    await active.handle.close();
    sealed.push({ path: active.path, bytes: active.bytes });
    active = undefined;
  }

  async function writeBuffered(): Promise<void> {
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return;
    try {
      if (active && active.bytes >= segmentMaxBytes) await closeActive();
      if (!active) {
        const path = join(dir, segmentName(nextSeq++));
        active = { path, bytes: 0, handle: await open(path, 'a') };
        await syncDir(dir);
      }
      const data = Buffer.concat(batch.map((p) => p.line));
      await active.handle.write(data);
      await active.handle.datasync();
      active.bytes += data.length;
      for (const p of batch) p.resolve();
    } catch (error) {
      setTotal(total - batch.reduce((sum, p) => sum + p.line.length, 0));
      for (const p of batch) p.reject(new AppError('SPOOL_FULL', 'spool write failed', { retriable: true, cause: error }));
    } finally {
      unwritten -= batch.length;
    }
  }

  return {
    enabled,
    bytes: () => total,
    full: () => full,
    isEmpty: () => sealed.length === 0 && active === undefined && unwritten === 0,
    append(record) {
      if (!enabled) {
        return Promise.reject(
          new AppError('DEPENDENCY_UNAVAILABLE', 'Kafka is unavailable and the spool is disabled', { retriable: true }),
        );
      }
      const line = encodeLine(record);
      if (total + line.length > maxBytes) {
        full = true;
        return Promise.reject(new AppError('SPOOL_FULL', 'Kafka is unavailable and the spool is full', { retriable: true }));
      }
      setTotal(total + line.length);
      unwritten += 1;
      return new Promise<void>((resolve, reject) => {
        buffer.push({ line, resolve, reject });
        if (buffer.length === 1) void enqueue(writeBuffered);
      });
    },
    seal: () =>
      enqueue(async () => {
        await closeActive();
        return sealed.map((s) => s.path);
      }),
    async read(segment) {
      const lines = (await readFile(segment, 'utf8')).split('\n');
      const torn = lines.pop();
      if (torn) logger.warn({ segment }, 'spool segment ends in a torn line; skipped (it was never acknowledged)');
      const records: OutgoingRecord[] = [];
      for (const [index, line] of lines.entries()) {
        const record = line.length > 0 ? decodeLine(line) : undefined;
        if (record) records.push(record);
        else logger.error({ segment, line: index + 1 }, 'spool line failed its checksum; skipped');
      }
      return records;
    },
    async remove(segment) {
      await rm(segment, { force: true });
      const index = sealed.findIndex((s) => s.path === segment);
      if (index >= 0) setTotal(total - (sealed.splice(index, 1)[0] as Segment).bytes);
      full = false;
    },
    close: () => enqueue(closeActive),
  };
}
