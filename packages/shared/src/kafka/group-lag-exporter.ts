// Exports `kafka_consumer_group_lag{group,topic,partition}` for every partition of the group's
// topics, polled from the broker every `intervalMs` (./group-lag.ts). Each consumer service runs
// one for its own group, so the lag of a partition no live member owns is still exported. One
// failed poll keeps the last values (a blip must not reset an alert's `for`); after three in a
// row the series are removed (unknown, not zero) until the broker answers again.
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { fetchGroupLag } from './group-lag.ts';

export interface GroupLagExporterOptions {
  /** A client with the failFast retry profile: a poll must not hang in connection backoff. */
  kafka: Kafka;
  groupId: string;
  topics: string[];
  registry: Registry;
  intervalMs: number;
  logger: Logger;
}

export interface GroupLagExporter {
  start(): void;
  stop(): Promise<void>;
  /** Runs one poll now (also what the timer does); resolves when it is done. */
  poll(): Promise<void>;
}

export function createGroupLagExporter(options: GroupLagExporterOptions): GroupLagExporter {
  const gauge = new Gauge({
    name: 'kafka_consumer_group_lag',
    help: 'Records behind per partition of the group, from the broker: end offset minus committed offset (all partitions, owned or not).',
    labelNames: ['group', 'topic', 'partition'],
    registers: [options.registry],
  });
  let admin: Admin | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failures = 0;

  async function pollOnce(): Promise<void> {
    try {
      if (!admin) {
        admin = options.kafka.admin();
        await admin.connect();
      }
      const lags = await fetchGroupLag(admin, options.groupId, options.topics);
      gauge.reset();
      for (const l of lags) {
        gauge.set({ group: options.groupId, topic: l.topic, partition: String(l.partition) }, Number(l.lag));
      }
      if (failures >= 3) options.logger.info({ groupId: options.groupId }, 'group lag readable again');
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures === 3) {
        gauge.reset();
        options.logger.warn({ err: error, groupId: options.groupId }, 'group lag not readable from the broker');
      }
      const old = admin;
      admin = undefined;
      await old?.disconnect().catch(() => undefined);
    }
  }

  // a poll still running (a hung broker: bounded by the client's request timeout) is not started again
  const poll = () => {
    running ??= pollOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    start() {
      if (timer) return;
      void poll();
      timer = setInterval(() => void poll(), options.intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
      await admin?.disconnect().catch(() => undefined);
      admin = undefined;
    },
    poll,
  };
}
