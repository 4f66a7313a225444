// Public API for tests only (the test kit): connection settings of the local stack, unique
// names, topics and scratch databases that clean up after themselves, a waiter that resolves on
// a signal instead of sleeping, pollUntil for state that only answers when asked, the webhook
// signers, the Avro record of the registry tests, and throw-away Redis topologies (cluster,
// Sentinel) started as child processes.
// Helpers that register clean-up import vitest; the signers do not (also exported alone as
// @booking/shared/testing/webhooks for the demo, which ships).
import { type AddressInfo, createServer } from 'node:net';

export { testRecordSchema } from './avro-schemas.ts';
export { type PollOptions, pollUntil } from './poll-until.ts';
export { createScratchDatabase, type ScratchDatabase, type ScratchState, useScratchDatabase } from './scratch-database.ts';
export { STACK, uniqueName } from './stack.ts';
export { createUniqueTopics, useUniqueTopics } from './unique-topics.ts';
export { calcomHeaders, calcomSignature, retellHeaders, retellSignature } from './webhook-signers.ts';

/** A promise you resolve from a callback: tests await the signal, never a timer. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Collects items and lets a test wait until a predicate over them holds, e.g. until every
 * produced record was consumed. Rejects after `timeoutMs` with what it saw, so a failing test
 * says why instead of hanging.
 */
export class Collector<T> {
  readonly items: T[] = [];
  private waiters: { check(): boolean; resolve(): void }[] = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  waitFor(predicate: (items: T[]) => boolean, timeoutMs = 30_000): Promise<T[]> {
    if (predicate(this.items)) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `condition not met within ${timeoutMs} ms; saw ${this.items.length} items, the last: ${JSON.stringify(this.items.slice(-5)).slice(0, 600)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        check: () => predicate(this.items),
        resolve: () => {
          clearTimeout(timer);
          resolve(this.items);
        },
      });
    });
  }
}

export {
  type ClusterNodeInfo,
  parseClusterNodes,
  type ScratchRedisCluster,
  startRedisCluster,
  waitForReplicasInSync,
} from './redis-cluster.ts';
export { type RedisProcess, startRedisProcess } from './redis-process.ts';
export { type ScratchRedisSentinel, startRedisSentinel } from './redis-sentinel.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/** A TCP port that was free a moment ago (bound on 0 and released), for a child process to use. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
