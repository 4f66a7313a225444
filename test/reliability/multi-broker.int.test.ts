// What needs a 3-node cluster (one cluster start for the file, ~2 min on 2 cores).
//
// A leader that moves during a produce must not cost acknowledged records. kafkajs 2.2.4 keeps
// the answers of one sendBatch per broker, not per partition: when broker A has answered for its
// partitions and broker B failed, and B's partitions have moved to A by the retry, kafkajs finds
// no broker left without an answer and resolves — B's records acknowledged, never sent. Rolling
// restarts of a managed cluster do exactly this. Runs on a scratch 3-node cluster whose
// controller elects preferred leaders every second, so a replica reorder moves a leader at once
// while the producer's metadata (refreshed only on errors or every 5 min) still names the old one.
import { decodeRecord } from '@booking/booker';
import { calcomState, createScratchDatabase, createSourceProducer, startBooker } from '@booking/booker/testing';
import { CALCOM_SECRET, startTestIngest } from '@booking/ingest/testing';
import { createKafka, createRecordProducer, ensureTopics, pipelineTopics, readTopicsToEnd } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createSchemaRegistry } from '@booking/shared/registry';
import { Collector, pollUntil, STACK, uniqueName } from '@booking/shared/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkKafka } from '../../packages/cli/src/doctor/kafka-checks.ts';
import { fullIsr } from '../../tools/chaos/cluster-state.ts';
import { runLoad, versionOf } from '../../tools/chaos/load.ts';
import { planLoad } from '../../tools/chaos/plan.ts';
import { isAck, judgeRun } from '../../tools/chaos/verdict.ts';
import { type StartedScratchKafkaCluster, scratchKafkaCluster } from '../../tools/stack/start-scratch-kafka-cluster.ts';

const logger = createLogger({ level: 'silent', name: 'leader-move-test' });
let cluster: StartedScratchKafkaCluster;
let scratch: ReturnType<typeof scratchKafkaCluster> | undefined;

beforeAll(async () => {
  // removable while it starts: a beforeAll that times out abandons the start, not the JVMs
  scratch = scratchKafkaCluster('leader-move', { overrides: { 'leader.imbalance.check.interval.seconds': '1' } });
  cluster = await scratch.ready;
  // three JVMs starting at once: 100-140 s on this 2-core machine, over 180 s at load average 50
}, 400_000);
afterAll(() => scratch?.remove(), 120_000);

async function waitForLeader(kafka: ReturnType<typeof createKafka>, topic: string, partition: number, leader: number) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (;;) {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      if (topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader === leader) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

describe('a produce while a partition leader moves', () => {
  it("when one broker's partitions move to a broker that already answered the same send, then every acknowledged record is on the topic", async () => {
    const kafka = createKafka({ brokers: cluster.brokers, clientId: uniqueName('leader-move'), logger });
    const topic = uniqueName('leader-move');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic,
          replicaAssignment: [
            { partition: 0, replicas: [1, 3, 2] },
            { partition: 1, replicas: [2, 1, 3] },
          ],
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = createRecordProducer(kafka);
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    const records = (prefix: string) =>
      Array.from({ length: 40 }, (_, i) => ({ topic, key: `${prefix}-${i}`, value: Buffer.from(`${prefix}-${i}`) }));
    await producer.send(records('warm'));

    // partition 1 moves from node 2 to node 1, which also leads partition 0; node 2 stays up and
    // answers NOT_LEADER_OR_FOLLOWER to the producer, whose metadata still names it
    await admin.connect();
    await admin.alterPartitionReassignments({
      topics: [{ topic, partitionAssignment: [{ partition: 1, replicas: [1, 2, 3] }] }],
    });
    await admin.disconnect();
    await waitForLeader(kafka, topic, 1, 1);
    const acknowledged = await producer.send(records('moved')).then(
      () => true,
      () => false,
    );

    const keys = new Set<string>();
    await readTopicsToEnd(kafka, { topics: [topic], onRecord: (r) => void keys.add(r.key ?? '') });
    expect(acknowledged).toBe(true);
    expect(
      records('moved')
        .filter((r) => !keys.has(r.key))
        .map((r) => r.key),
    ).toEqual([]);
  }, 120_000);
});

describe('doctor on a 3-broker cluster', () => {
  it('when a topic acknowledges what only its leader holds (min.insync.replicas=1), then doctor warns that it is lost with that broker; the topics the services create pass', async () => {
    const kafka = createKafka({ brokers: cluster.brokers, clientId: uniqueName('doctor'), logger, retry: 'tool' });
    const prefix = uniqueName('doctor');
    const [good] = pipelineTopics(1, 3).map((s) => ({ ...s, topic: `${prefix}.good` }));
    if (!good) throw new Error('no topic spec');
    const weak = { ...good, topic: `${prefix}.weak` };
    await ensureTopics(kafka, [good, { ...weak, configs: { ...weak.configs, 'min.insync.replicas': '1' } }], logger);

    const results = await checkKafka(kafka, cluster.brokers, [good, weak], []);

    expect(good.configs['min.insync.replicas']).toBe('2');
    expect(results.filter((r) => r.check.startsWith('replication '))).toEqual([
      {
        check: `replication ${weak.topic}`,
        status: 'WARN',
        evidence: expect.stringContaining('min.insync.replicas=1: an acknowledged record may exist on one broker only'),
      },
    ]);
    expect(results.filter((r) => r.status === 'FAIL')).toEqual([]);
  }, 60_000);
});

/** Java's String.hashCode, which Kafka uses to place a group on a partition of __consumer_offsets. */
function javaHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The node coordinating `groupId`: the leader of its __consumer_offsets partition (Kafka's GroupCoordinator placement). */
async function groupCoordinator(kafka: ReturnType<typeof createKafka>, groupId: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
    const partitions = topics[0]?.partitions ?? [];
    const hash = javaHashCode(groupId);
    const partition = (hash === -2147483648 ? 0 : Math.abs(hash)) % partitions.length;
    const leader = partitions.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined) throw new Error(`no leader for __consumer_offsets-${partition}`);
    return leader;
  } finally {
    await admin.disconnect();
  }
}

/** A booker pipeline's own clients, scratch database and topic names on the file's cluster. */
async function clusterPipeline(prefix: string) {
  const id = uniqueName(prefix);
  const kafka = createKafka({ brokers: cluster.brokers, clientId: id, logger });
  const registry = createSchemaRegistry(STACK.schemaRegistryUrl);
  const db = await createScratchDatabase(prefix);
  const topics = { calcom: `${id}.calcom`, retell: `${id}.retell`, changes: `${id}.changes`, dlq: `${id}.dlq` };
  /** The booker on this pipeline with the cluster's replication settings, started; stopped when the test finishes. */
  async function runBooker(bookerLogger?: typeof logger) {
    const config = { KAFKA_TOPIC_PARTITIONS: 3, KAFKA_REPLICATION_FACTOR: 3, KAFKA_MIN_INSYNC_REPLICAS: 2 };
    const booker = startBooker({
      kafka,
      schemaRegistry: registry,
      orm: db.orm,
      topics,
      groupId: id,
      logger: bookerLogger,
      config,
    });
    onTestFinished(() => booker.stop());
    await booker.started;
    return booker;
  }
  return { id, kafka, registry, db, topics, runBooker };
}

// #20: kafkajs keeps the coordinator it found when the member joined. When that broker stops, a
// consumer that retries its heartbeat and commit there (the booker's retry in place, kafkajs'
// commit retries) stalled for about half a minute and then crashed and was restarted. It must
// instead hand the batch back to kafkajs, which finds the new coordinator and rejoins.
describe('a booker whose group coordinator stops', () => {
  it('when the broker coordinating the booker group is stopped mid-stream, then the booker rejoins without a restart and every record is applied exactly once', async () => {
    const { kafka, registry, db, id, topics, runBooker } = await clusterPipeline('coord');
    const warnings = new Collector<string>();
    const bookerLog = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const booker = await runBooker(bookerLog);
    const source = await createSourceProducer(kafka, registry, topics);
    onTestFinished(() => source.producer.disconnect());
    const booking = (i: number) => calcomState({ bookingUid: `${id}-${i}`, eventId: `${id}-${i}`, version: 1_000 + i });
    const appliedIds = () => booker.batches.items.flatMap((b) => b.outcomes).filter((o) => o.outcome === 'applied');
    const reportedIds = () => new Set(booker.batches.items.flatMap((b) => b.outcomes.map((o) => o.eventId)));
    await source.calcomMany(Array.from({ length: 10 }, (_, i) => booking(i)));
    await booker.batches.waitFor(() => reportedIds().size === 10);
    const coordinatorId = await groupCoordinator(kafka, id);
    const node = cluster.nodes.find((n) => n.id === coordinatorId);
    if (!node) throw new Error(`no node ${coordinatorId}`);
    // records flow while the coordinator stops, so that commits meet it moving (an idle member
    // only heartbeats, which kafkajs itself answers with a rejoin)
    let sent = 10;
    let sentAfterStop = 0;
    let stopped = false;
    const load = (async () => {
      while (sentAfterStop < 100) {
        await source.calcomMany(Array.from({ length: 5 }, (_, k) => booking(sent + k)));
        sent += 5;
        if (stopped) sentAfterStop += 5;
      }
    })();
    // a new group on a new cluster may crash once at start (coordinator loading): not this test's
    const warningsBefore = warnings.items.length;

    await node.stop('SIGTERM');
    stopped = true;
    onTestFinished(() => node.start(), 300_000);
    await load;
    // Wait for every record to be reported, not for an 'applied' outcome per record: delivery is
    // at least once, and a group that fails after its database transaction (its heartbeat says
    // the group moved, or the changes produce fails while the broker stops) is never reported
    // then; kafkajs redelivers it after the rejoin, and the records already written come back as
    // 'duplicate'. Exactly once is what the database and the outcomes show: no record applied
    // twice, and one row per record.
    await booker.batches.waitFor(() => reportedIds().size >= sent, 45_000);

    const applied = appliedIds().map((o) => o.eventId);
    expect(new Set(applied).size).toBe(applied.length);
    expect(reportedIds().size).toBe(sent);
    expect(
      booker.batches.items.flatMap((b) => b.outcomes).filter((o) => o.outcome !== 'applied' && o.outcome !== 'duplicate'),
    ).toEqual([]);
    const rows: { n: number | string }[] = await db.orm.em
      .fork()
      .getConnection()
      .execute('SELECT COUNT(*) AS n FROM appointments', [], 'all');
    expect(Number(rows[0]?.n)).toBe(sent);
    expect(warnings.items.slice(warningsBefore).filter((m) => /restarting it|giving up/.test(m))).toEqual([]);
  }, 120_000);
});

// #20 items 2 and 5, the CI version of `npm run chaos -- rolling-restart --brokers 3`: what every
// upgrade of a managed cluster does (each broker in turn SIGTERMed, started again, the next once
// every ISR is full) while signed webhooks flow through a real ingest into a real booker. Every
// 2xx must be on the source topic and in the table, once, at its newest acknowledged version.
// The longest answer is reported, not asserted: on the 2-core CI machine (load average ~10) the
// load generator and the ingest share the cores with three JVMs restarting, and the answers
// measured here include those CPU stalls (npm run chaos --record shows them per second).
describe('a rolling restart of the 3 brokers under load', () => {
  it('when every broker is restarted in turn while webhooks flow, then every 2xx is on the source topic and in the table once, at its newest version', async () => {
    const { kafka, registry, db, id, topics, runBooker } = await clusterPipeline('rolling');
    const ingest = await startTestIngest({
      brokers: cluster.brokers,
      topics: { calcom: topics.calcom, retell: topics.retell },
      env: { KAFKA_TOPIC_PARTITIONS: '3', KAFKA_REPLICATION_FACTOR: '3' },
    });
    onTestFinished(() => ingest.stop());
    await runBooker();
    const baseMs = Date.UTC(2026, 0, 1) + (Date.now() % 1_000_000) * 1000;
    const sends = planLoad({ prefix: id, uids: 800, versions: 4, duplicateShare: 0.1, reorderShare: 0.15, seed: 20 });
    let restarted = false;
    let sent = 0;
    const restarts: string[] = [];
    const sentAtLeast = (what: string, n: number) =>
      pollUntil(
        what,
        () => sent,
        (count) => count >= n,
        { timeoutMs: 60_000, intervalMs: 100 },
      );

    const load = runLoad(
      { url: ingest.url, secret: CALCOM_SECRET, rate: 20, baseMs, until: () => restarted },
      sends,
      () => sent++,
    );
    // the faults begin once webhooks are flowing, and the load goes on past the last restart
    await sentAtLeast('webhooks sent before the first restart', 40);
    for (const node of cluster.nodes) {
      const began = Date.now();
      await node.stop('SIGTERM');
      await node.start();
      await pollUntil(`every ISR full after broker ${node.id} restarted`, () => fullIsr(kafka), Boolean, {
        timeoutMs: 180_000,
        intervalMs: 500,
      });
      restarts.push(`broker ${node.id}: ${((Date.now() - began) / 1000).toFixed(0)} s`);
    }
    await sentAtLeast('webhooks sent after the last restart', Math.min(sent + 40, sends.length));
    restarted = true;
    const ledger = await load;
    const acked = ledger.filter((e) => isAck(e.status));
    const onTopic = new Set<string>();
    await readTopicsToEnd(kafka, {
      topics: [topics.calcom],
      async onRecord(r) {
        const decoded = await decodeRecord(registry, topics, r);
        if (decoded.kind === 'calcom') onTopic.add(`${r.key}/${versionOf(decoded.value.version, baseMs)}`);
      },
    });
    const newest = new Map<string, number>();
    for (const e of acked) newest.set(e.uid, Math.max(newest.get(e.uid) ?? -1, e.version));
    const inTable = async () => {
      const rows: { uid: string; n: number | string; v: number | string }[] = await db.orm.em
        .fork()
        .getConnection()
        .execute('SELECT booking_uid AS uid, COUNT(*) AS n, MAX(version) AS v FROM appointments GROUP BY booking_uid', [], 'all');
      return new Map(rows.map((r) => [r.uid, { count: Number(r.n), version: versionOf(Number(r.v), baseMs) }]));
    };
    const behind = (table: Awaited<ReturnType<typeof inTable>>) =>
      [...newest].filter(([uid, v]) => (table.get(uid)?.version ?? -1) < v).map(([uid]) => uid);
    // Waits for the booker to apply everything acknowledged; what it still misses after that is
    // judged (and named) by the verdict below, so a miss fails there, not here.
    const rows = await pollUntil('the table at every acknowledged newest version', inTable, (t) => behind(t).length === 0, {
      timeoutMs: 60_000,
      intervalMs: 500,
    }).catch(inTable);
    const verdict = judgeRun(ledger, rows, new Set());
    console.info(
      `rolling restart under load: ${ledger.length} requests, ${acked.length} 2xx, longest answer ${verdict.longestAnswerMs} ms; ${restarts.join(', ')}`,
    );

    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((e) => !onTopic.has(`${e.uid}/${e.version}`)).map((e) => `${e.uid}/${e.version}`)).toEqual([]);
    expect({
      lost: verdict.lost,
      duplicated: verdict.duplicated,
      wrong: verdict.wrongFinalState,
      phantom: verdict.phantom,
    }).toEqual({
      lost: 0,
      duplicated: 0,
      wrong: 0,
      phantom: 0,
    });
  }, 600_000);
});
