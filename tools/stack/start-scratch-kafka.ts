// A throw-away broker for one test file: temporary data directory, free ports, started; remove()
// stops it and deletes the directory. For tests that stop, pause or restart Kafka (never the
// shared broker other tests use).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@booking/shared/testing';
import { createScratchKafka, type ScratchKafka } from './kafka.ts';

export interface StartedScratchKafka extends ScratchKafka {
  /** Stops the broker (if running) and deletes its data directory. */
  remove(): Promise<void>;
}

export async function startScratchKafka(label: string): Promise<StartedScratchKafka> {
  const dir = mkdtempSync(join(tmpdir(), `${label}-scratch-kafka-`));
  const kafka = createScratchKafka({ port: await freePort(), controllerPort: await freePort(), dir });
  const remove = async () => {
    await kafka.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await kafka.start();
  } catch (error) {
    await remove();
    throw error;
  }
  return { ...kafka, remove };
}
