// npm run stack:up | stack:down | stack:status — the real local stack without Docker.
// Kafka 4 (KRaft) on 127.0.0.1:9092, Apicurio Registry on 127.0.0.1:8081 (Confluent API at
// /apis/ccompat/v7), and the machine's MariaDB (3306) and Redis (6379). Data and logs live in
// .local/stack. `up` twice is harmless; `down` stops only the pids that `up` recorded.
// `up --brokers 3`: Kafka as a 3-node KRaft cluster on :9092, :9094, :9096 instead of the single
// broker (./stack/kafka-stack-cluster.ts); the single broker must be down first (same port).
import { type CommandSpec, EXIT_USAGE, helpText, parseCommandLine } from '../packages/cli/src/lib/cli.ts';
import { KAFKA_PORT, kafkaUp } from './stack/kafka.ts';
import {
  CLUSTER_BROKERS,
  kafkaClusterDown,
  kafkaClusterStarted,
  kafkaClusterStatus,
  kafkaClusterUp,
} from './stack/kafka-stack-cluster.ts';
import { isAlive, portOpen, readPid, stopByPid } from './stack/processes.ts';
import { REGISTRY_PORT, registryUp } from './stack/registry.ts';
import { MARIADB_PORT, mariadbUp, REDIS_PORT, redisUp, tuneMariadb } from './stack/system-services.ts';

const components = [
  { name: 'mariadb', port: MARIADB_PORT, up: mariadbUp },
  { name: 'redis', port: REDIS_PORT, up: redisUp },
  { name: 'kafka', port: KAFKA_PORT, up: kafkaUp },
  { name: 'registry', port: REGISTRY_PORT, up: registryUp },
] as const;

async function up(brokers: number): Promise<void> {
  const started = Date.now();
  // The two JVMs start in parallel: together they take as long as the slower one.
  const [mariadb, redis] = [await mariadbUp(), await redisUp()];
  console.log(`mariadb   :${MARIADB_PORT}  ${mariadb}; ${await tuneMariadb()}`);
  console.log(`redis     :${REDIS_PORT}  ${redis}`);
  if (brokers === 3) {
    const [nodes, registry] = await Promise.all([kafkaClusterUp(), registryUp()]);
    for (const line of nodes) console.log(line);
    console.log(`registry  :${REGISTRY_PORT}  ${registry}`);
    console.log(`services: KAFKA_BROKERS=${CLUSTER_BROKERS} KAFKA_REPLICATION_FACTOR=3`);
  } else {
    const [kafka, registry] = await Promise.all([kafkaUp(), registryUp()]);
    console.log(`kafka     :${KAFKA_PORT}  ${kafka}`);
    console.log(`registry  :${REGISTRY_PORT}  ${registry}`);
  }
  console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function down(): Promise<void> {
  for (const { name } of [...components].reverse()) {
    console.log(`${name.padEnd(9)} ${await stopByPid(name)}`);
    if (name === 'kafka' && kafkaClusterStarted()) for (const line of await kafkaClusterDown()) console.log(line);
  }
}

async function status(): Promise<boolean> {
  let allUp = true;
  for (const { name, port } of components) {
    if (name === 'kafka' && kafkaClusterStarted()) {
      const cluster = await kafkaClusterStatus();
      for (const line of cluster.lines) console.log(line);
      allUp &&= cluster.allUp;
      continue;
    }
    const pid = readPid(name);
    const open = await portOpen(port);
    allUp &&= open;
    const owner = isAlive(pid) ? `pid ${pid}, started by stack` : open ? 'not started by stack' : '';
    console.log(`${name.padEnd(9)} :${String(port).padEnd(5)} ${open ? 'up  ' : 'down'}  ${owner}`);
  }
  return allUp;
}

const spec: CommandSpec = {
  name: 'stack',
  summary: 'The local stack without Docker: Kafka, Apicurio Registry, MariaDB and Redis on their usual ports.',
  usage: 'npm run stack:up [-- --brokers 3] | stack:down | stack:status  (node tools/stack.ts up|down|status)',
  allowPositionals: true,
  options: {
    brokers: {
      type: 'string',
      description: 'up: 1 (a single broker on :9092) or 3 (a KRaft cluster on :9092, :9094, :9096)',
      default: '1',
    },
  },
  exitCodes: { 0: 'done (status: everything up)', 1: 'failed (status: something is down)', 2: 'usage error' },
};
// Parsed before anything starts, so that `npm run stack:up -- --help` only prints the help.
const { positionals, values } = parseCommandLine(spec);
const [command, ...extra] = positionals;
const brokers = Number(values.brokers);
try {
  if (extra.length > 0 || (command !== 'up' && command !== 'down' && command !== 'status') || (brokers !== 1 && brokers !== 3)) {
    process.stderr.write(`stack: give exactly one of up, down, status; --brokers 1 or 3

${helpText(spec)}`);
    process.exitCode = EXIT_USAGE;
  } else if (command === 'up') await up(brokers);
  else if (command === 'down') await down();
  else process.exitCode = (await status()) ? 0 : 1;
} catch (error) {
  console.error(`stack ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
