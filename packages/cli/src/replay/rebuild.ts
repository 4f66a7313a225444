// The rebuild: refuse while the group has running members, move its offsets to the plan's
// start, then run the booker itself (same code path, same group) until it has committed past
// the end the topics had when the plan was made.

import { type BookerTopics, buildApp } from '@booking/booker';
import type { BookerConfig } from '@booking/shared/config';
import { type Kafka, setGroupOffsets } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import type { MikroORM } from '@booking/shared/orm';
import type { SchemaRegistry } from '@booking/shared/registry';
import { assertGroupStopped } from '../lib/group-running.ts';
import { planRebuild, type RebuildPlan, remaining } from './plan.ts';

export interface RebuildDeps {
  kafka: Kafka;
  schemaRegistry: SchemaRegistry;
  orm: MikroORM;
  logger: Logger;
  config: BookerConfig;
  topics: BookerTopics;
}

export interface RebuildOptions {
  group: string;
  since?: number;
  dryRun?: boolean;
  onPlan?(plan: RebuildPlan): void;
  onProgress?(done: bigint, left: bigint): void;
}

export async function rebuild(deps: RebuildDeps, options: RebuildOptions): Promise<RebuildPlan> {
  const admin = deps.kafka.admin();
  await admin.connect();
  let plan: RebuildPlan;
  try {
    await assertGroupStopped(admin, options.group);
    plan = await planRebuild(admin, options.group, [deps.topics.calcom, deps.topics.retell], options.since);
    options.onPlan?.(plan);
    if (options.dryRun) return plan;
  } finally {
    await admin.disconnect();
  }
  const starts = plan.ranges.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.from.toString() }));
  await setGroupOffsets(deps.kafka, options.group, starts);

  const committed = new Map<string, bigint>();
  let finish!: () => void;
  const caughtUp = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const check = () => {
    const left = remaining(plan, committed);
    options.onProgress?.(plan.records - left, left);
    if (left === 0n) finish();
  };
  const app = buildApp(
    { ...deps.config, BOOKER_PORT: 0 },
    {
      kafka: deps.kafka,
      schemaRegistry: deps.schemaRegistry,
      orm: deps.orm,
      logger: deps.logger,
      metricsRegistry: createMetricsRegistry({ service: 'booker_replay', version: '0' }),
      topics: deps.topics,
      groupId: options.group,
      onCommitted: ({ topic, partition, nextOffset }) => {
        committed.set(`${topic}:${partition}`, BigInt(nextOffset));
        check();
      },
    },
  );
  await app.start();
  try {
    check();
    await caughtUp;
  } finally {
    await app.stop();
  }
  return plan;
}
