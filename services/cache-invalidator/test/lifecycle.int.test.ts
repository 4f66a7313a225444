// Graceful shutdown: stop() finishes the running batch and commits, so a restarted invalidator
// of the same group resumes after the last handled change instead of replaying or skipping.
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeChange, startInvalidator } from './helpers.ts';

describe('cache invalidator lifecycle', () => {
  it('when stopped and started again with the same group, then it resumes after the last handled change', async () => {
    const first = await startInvalidator({ partitions: 1 });
    onTestFinished(() => first.close());
    const before = makeChange();
    await first.produce([before]);
    await first.waitForBookings([before.bookingUid]);

    await first.app.stop();
    await first.app.stop();
    const second = await startInvalidator({ partitions: 1, changesTopic: first.topics.changes, groupId: first.groupId });
    onTestFinished(() => second.close());
    const after = makeChange();
    await second.produce([after]);
    await second.waitForBookings([after.bookingUid]);

    expect(first.app.readiness()).toBe('not started');
    expect(second.outcomes.items.flatMap((o) => o.keys)).not.toContain(`appointment:${before.bookingUid}`);
    expect(second.outcomes.items.reduce((n, o) => n + o.records, 0)).toBe(1);
  });
});
