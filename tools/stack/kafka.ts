// Apache Kafka 4.x, single-node KRaft (broker + controller in one JVM), from Maven Central jars.
// Settings for one node: replication factor 1 for the internal topics (otherwise consumer
// groups and idempotent producers never get a coordinator), one partition for them, and no
// initial rebalance delay, so that the first group join does not wait 3 s.
//
// `createScratchKafka` makes another, throw-away broker on other ports with its own data dir, for
// tests that stop and restart Kafka (never the shared broker other tests use); a test file
// usually takes it started, with its clean-up, from ./start-scratch-kafka.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findJava } from './java.ts';
import { type BrokerTls, createBrokerTls, type SaslSslListener, saslSslProperties, scramFormatArgs } from './kafka-sasl-ssl.ts';
import { isAlive, portOpen, readPid, root, run, stackDir, startDetached, waitFor } from './processes.ts';

export const KAFKA_PORT = 9092;
export const CONTROLLER_PORT = 9093;
const libsDir = join(stackDir, 'kafka-libs');
const dataDir = join(stackDir, 'kafka-data');
const logFile = join(stackDir, 'kafka.log');

interface BrokerLayout {
  port: number;
  controllerPort: number;
  dataDir: string;
  logsDir: string;
  saslSsl?: { listener: SaslSslListener; tls: BrokerTls };
}

const sharedBroker: BrokerLayout = { port: KAFKA_PORT, controllerPort: CONTROLLER_PORT, dataDir, logsDir: stackDir };

function serverProperties({ port, controllerPort, dataDir, saslSsl }: BrokerLayout): string {
  const secured = saslSsl ? `,SASL_SSL://127.0.0.1:${saslSsl.listener.port}` : '';
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${secured}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${secured}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${saslSsl ? ',SASL_SSL:SASL_SSL' : ''}`,
    ...(saslSsl ? saslSslProperties(saslSsl.tls) : []),
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'share.coordinator.state.topic.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=2',
    'num.recovery.threads.per.data.dir=1',
    // compaction runs often enough locally to be observable (replay tests), not aggressively
    'log.cleaner.backoff.ms=5000',
    '',
  ].join('\n');
}

export function fetchJars(): void {
  const marker = join(libsDir, '.complete');
  if (existsSync(marker)) return;
  console.log('kafka: fetching jars from Maven Central (once; cached in ~/.m2)');
  run('mvn', [
    '-B',
    '-q',
    '-f',
    join(root, 'tools', 'stack', 'pom.xml'),
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${libsDir}`,
  ]);
  writeFileSync(marker, new Date().toISOString());
}

export function jvmArgs(logsDir = stackDir, heap = { min: '256m', max: '768m' }): string[] {
  return [
    `-Xms${heap.min}`,
    `-Xmx${heap.max}`,
    // STACK_KAFKA_GC_FLAGS replaces the collector (a bench A/B of the broker's pauses, #19)
    ...(process.env.STACK_KAFKA_GC_FLAGS?.split(' ').filter(Boolean) ?? ['-XX:+UseSerialGC']),
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(root, 'tools', 'stack', 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${logsDir}`,
    '-cp',
    `${libsDir}/*`,
  ];
}

function formatStorage(java: string, propsFile: string, dataDir: string, extraArgs: string[] = []): void {
  if (existsSync(join(dataDir, 'meta.properties'))) return;
  mkdirSync(dataDir, { recursive: true });
  const clusterId = run(java, [...jvmArgs(), 'kafka.tools.StorageTool', 'random-uuid']).trim();
  run(java, [
    ...jvmArgs(),
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '--ignore-formatted',
    '-t',
    clusterId,
    '-c',
    propsFile,
    ...extraArgs,
  ]);
}

function started(): boolean {
  return existsSync(logFile) && readFileSync(logFile, 'utf8').includes('Kafka Server started');
}

export async function kafkaUp(): Promise<string> {
  if (isAlive(readPid('kafka'))) return 'already running';
  if (await portOpen(KAFKA_PORT)) return `port ${KAFKA_PORT} already in use; using that broker (not started by this stack)`;
  fetchJars();
  const java = findJava(17);
  mkdirSync(stackDir, { recursive: true });
  const propsFile = join(stackDir, 'server.properties');
  writeFileSync(propsFile, serverProperties(sharedBroker));
  formatStorage(java, propsFile, dataDir);
  writeFileSync(logFile, '');
  const pid = startDetached('kafka', java, [...jvmArgs(), 'kafka.Kafka', propsFile]);
  await waitFor(
    'kafka',
    async () => started() && (await portOpen(KAFKA_PORT)),
    90_000,
    () => isAlive(pid),
  );
  return `started (pid ${pid})`;
}

export interface ScratchKafka {
  brokers: string[];
  /** With the `saslSsl` option: the SASL_SSL bootstrap address and the CA file that verifies it. */
  saslSsl?: { brokers: string[]; caFile: string };
  /** Starts the broker (again, on the same data dir) and resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGTERM (clean shutdown) and wait for the process to exit. */
  stop(): Promise<void>;
  /** Sends the broker process a signal (SIGKILL to crash it, SIGSTOP/SIGCONT to pause it). */
  signal(signal: NodeJS.Signals): void;
}

/**
 * A second single-node broker on other ports with its own data directory, run as a child of
 * the calling process (killed with it). Not started yet: call start(). The jars must already be
 * there (`npm run stack:up` fetches them).
 */
export function createScratchKafka(options: {
  port: number;
  controllerPort: number;
  dir: string;
  /** Adds a SASL_SSL listener on this port with these SCRAM users (certificates made with keytool). */
  saslSsl?: SaslSslListener;
}): ScratchKafka {
  const java = findJava(17);
  const layout: BrokerLayout = {
    port: options.port,
    controllerPort: options.controllerPort,
    dataDir: join(options.dir, 'data'),
    logsDir: options.dir,
    saslSsl: options.saslSsl && { listener: options.saslSsl, tls: createBrokerTls(java, options.dir) },
  };
  const propsFile = join(options.dir, 'server.properties');
  const log = join(options.dir, 'kafka.log');
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  return {
    brokers: [`127.0.0.1:${options.port}`],
    saslSsl: layout.saslSsl && { brokers: [`127.0.0.1:${layout.saslSsl.listener.port}`], caFile: layout.saslSsl.tls.caFile },
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      fetchJars();
      mkdirSync(layout.dataDir, { recursive: true });
      writeFileSync(propsFile, serverProperties(layout));
      formatStorage(java, propsFile, layout.dataDir, scramFormatArgs(options.saslSsl?.users ?? []));
      writeFileSync(log, '');
      const out = openSync(log, 'a');
      const started = spawn(java, [...jvmArgs(layout.logsDir), 'kafka.Kafka', propsFile], { stdio: ['ignore', out, out] });
      closeSync(out);
      child = started;
      process.once('exit', killOnExit);
      await waitFor(
        `scratch kafka on ${options.port}`,
        async () => readFileSync(log, 'utf8').includes('Kafka Server started') && (await portOpen(options.port)),
        90_000,
        () => started.exitCode === null,
      );
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGCONT'); // a paused broker cannot act on SIGTERM
      running.kill('SIGTERM');
      await exited;
      process.off('exit', killOnExit);
    },
    signal(signal) {
      child?.kill(signal);
    },
  };
}
