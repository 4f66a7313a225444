// Start-up preparation of the ingest: topics, schema registration, producer connections — and
// degraded start (DESIGN.md "Ingest spool"). With a usable schema id cache in the spool dir the
// preparation is bounded by a short deadline; if it misses it, the ingest starts on the cached
// ids (spooling) and keeps preparing in the background with backoff until it succeeds. Without
// a usable cache (first start ever, or a changed schema) start waits for the preparation and
// fails with FIRST_START_UNREACHABLE: the first start needs Kafka and the registry reachable.

import { AppError } from '@booking/shared/errors';
import { type BookingStateV1, bookingStateV1, subjectOf, type VoiceBookingV1, voiceBookingV1 } from '@booking/shared/events';
import { ensureTopics, type Kafka, type RecordProducer, type TopicSpec } from '@booking/shared/kafka';
import { boundByDeadline } from '@booking/shared/lifecycle';
import type { Logger } from '@booking/shared/logger';
import { type AvroCodec, avroCodecForId, createAvroCodec, type SchemaRegistry } from '@booking/shared/registry';
import { cachedIdsFor, readSchemaIdCache, withRegisteredIds, writeSchemaIdCache } from './schema-id-cache.ts';

export interface Codecs {
  calcom: AvroCodec<BookingStateV1>;
  retell: AvroCodec<VoiceBookingV1>;
}

export interface KafkaPreparationOptions {
  kafka: Kafka;
  schemaRegistry: SchemaRegistry;
  topics: { calcom: string; retell: string };
  specs: TopicSpec[];
  producers: RecordProducer[];
  spoolDir: string;
  /** How long start waits before it starts degraded on cached ids. */
  deadlineMs: number;
  backoffMs: { initial: number; max: number };
  logger: Logger;
  /** Degraded start only: the background preparation succeeded with these (registered) codecs. */
  onPrepared: (codecs: Codecs) => void;
}

export interface KafkaPreparation {
  start(): Promise<{ codecs: Codecs; degraded: boolean }>;
  /** Ends the background preparation; producers it connected late are disconnected by the caller. */
  stop(): void;
}

export function createKafkaPreparation(options: KafkaPreparationOptions): KafkaPreparation {
  const { topics, logger, spoolDir } = options;
  const calcom = { subject: subjectOf(topics.calcom), schema: bookingStateV1.schema };
  const retell = { subject: subjectOf(topics.retell), schema: voiceBookingV1.schema };
  let stopped = false;
  let wake: (() => void) | undefined;

  async function cachedCodecs(): Promise<Codecs | undefined> {
    const ids = cachedIdsFor(await readSchemaIdCache(spoolDir), [calcom, retell]);
    const calcomId = ids?.[calcom.subject];
    const retellId = ids?.[retell.subject];
    if (calcomId === undefined || retellId === undefined) return undefined;
    return {
      calcom: avroCodecForId<BookingStateV1>(calcom.subject, calcomId, calcom.schema),
      retell: avroCodecForId<VoiceBookingV1>(retell.subject, retellId, retell.schema),
    };
  }

  async function prepare(): Promise<Codecs> {
    await ensureTopics(options.kafka, options.specs, logger);
    const codecs: Codecs = {
      calcom: await createAvroCodec<BookingStateV1>(options.schemaRegistry, calcom.subject, calcom.schema),
      retell: await createAvroCodec<VoiceBookingV1>(options.schemaRegistry, retell.subject, retell.schema),
    };
    const registered = [
      { ...calcom, id: codecs.calcom.schemaId },
      { ...retell, id: codecs.retell.schemaId },
    ];
    await writeSchemaIdCache(spoolDir, withRegisteredIds(await readSchemaIdCache(spoolDir), registered));
    if (stopped) throw new Error('ingest stopped during start-up preparation');
    for (const producer of options.producers) await producer.connect();
    return codecs;
  }

  async function prepareInBackground(first: Promise<Codecs>): Promise<void> {
    let attempt = first;
    let backoff = options.backoffMs.initial;
    while (!stopped) {
      try {
        const codecs = await attempt;
        if (!stopped) options.onPrepared(codecs);
        return;
      } catch (error) {
        if (stopped) return;
        logger.warn({ err: error, retryInMs: backoff }, 'degraded: preparing Kafka and the registry failed; retrying');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      backoff = Math.min(backoff * 2, options.backoffMs.max);
      attempt = prepare();
    }
  }

  return {
    async start() {
      const cached = await cachedCodecs();
      const first = prepare();
      if (!cached) {
        const codecs = await first.catch((error: unknown) => {
          stopped = true;
          throw new AppError(
            'FIRST_START_UNREACHABLE',
            `the first start needs Kafka and the schema registry reachable (no schema ids cached in ${spoolDir} for the current schemas): ${(error as Error).message}`,
            { cause: error },
          );
        });
        return { codecs, degraded: false };
      }
      try {
        return {
          codecs: await boundByDeadline(first, options.deadlineMs, 'preparing Kafka and the registry').result,
          degraded: false,
        };
      } catch (error) {
        logger.warn({ err: error }, 'Kafka or the registry not ready; using cached schema ids');
        void prepareInBackground(first);
        return { codecs: cached, degraded: true };
      }
    },
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
