import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { deferred } from '../testing/index.ts';
import { installShutdown, stopInOrder } from './index.ts';

const logger = pino({ level: 'silent' });

describe('installShutdown', () => {
  it('when the signal arrives, then stop runs once and the process exits 0', async () => {
    let stops = 0;
    const exited = deferred<number>();
    installShutdown({ graceMs: 1000, logger, signals: ['SIGUSR2'], stop: async () => void stops++, exit: exited.resolve });

    process.emit('SIGUSR2', 'SIGUSR2');
    const code = await exited.promise;
    process.removeAllListeners('SIGUSR2');

    expect(code).toBe(0);
    expect(stops).toBe(1);
  });

  it('when stop outlives the grace period, then the process exits 1 at the deadline', async () => {
    const exited = deferred<number>();
    installShutdown({ graceMs: 20, logger, signals: ['SIGUSR2'], stop: () => new Promise(() => {}), exit: exited.resolve });

    process.emit('SIGUSR2', 'SIGUSR2');
    const code = await exited.promise;
    process.removeAllListeners('SIGUSR2');

    expect(code).toBe(1);
  });

  it('when stop fails, then the process exits 1', async () => {
    const exited = deferred<number>();
    installShutdown({
      graceMs: 1000,
      logger,
      signals: ['SIGUSR2'],
      stop: () => Promise.reject(new Error('broker gone')),
      exit: exited.resolve,
    });

    process.emit('SIGUSR2', 'SIGUSR2');
    const code = await exited.promise;
    process.removeAllListeners('SIGUSR2');

    expect(code).toBe(1);
  });
});

describe('stopInOrder', () => {
  it('when a closer fails, then the later closers still run and the first failure is rethrown', async () => {
    const closed: string[] = [];
    const stop = stopInOrder(
      async () => void closed.push('app'),
      () => Promise.reject(new Error('pool already gone')),
      async () => void closed.push('tracing'),
    );

    await expect(stop()).rejects.toThrow('pool already gone');
    expect(closed).toEqual(['app', 'tracing']);
  });
});
