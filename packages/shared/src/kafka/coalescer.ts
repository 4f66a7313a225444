// Turns concurrent calls into grouped ones. kafkajs hands the batches of one fetch to its
// workers at the same time (partitionsConsumedConcurrently); what they submit in the same turn
// of the event loop, or while a group is running, is run as one group — one DB transaction for
// every partition, one offset commit — instead of one round trip sequence per partition.
//
// One group at a time, in submission order; each submitter's promise settles with its group's
// run (all of a group succeed or all fail), never before it. A group holds at most `maxWeight`
// (by `weight`, e.g. records) unless a single item is heavier, which then runs alone.

export interface CoalescerOptions<T> {
  run(items: T[]): Promise<void>;
  weight?(item: T): number;
  maxWeight?: number;
}

export interface Coalescer<T> {
  submit(item: T): Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

export function createCoalescer<T>(options: CoalescerOptions<T>): Coalescer<T> {
  const weight = options.weight ?? (() => 1);
  const maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
  const queue: Pending<T>[] = [];
  let running: Promise<void> | undefined;
  let scheduled = false;

  const takeGroup = (): Pending<T>[] => {
    let total = 0;
    let n = 0;
    while (n < queue.length) {
      const w = weight((queue[n] as Pending<T>).item);
      if (n > 0 && total + w > maxWeight) break;
      total += w;
      n++;
    }
    return queue.splice(0, n);
  };

  const schedule = () => {
    if (scheduled || running) return;
    scheduled = true;
    // after the microtasks of this turn: every worker of the fetch has submitted by then
    setImmediate(flush);
  };

  function flush(): void {
    scheduled = false;
    if (running || queue.length === 0) return;
    const group = takeGroup();
    // a run that throws before its first await must settle its group too, not escape the immediate
    running = Promise.resolve()
      .then(() => options.run(group.map((p) => p.item)))
      .then(
        () => {
          for (const p of group) p.resolve();
        },
        (error: unknown) => {
          for (const p of group) p.reject(error);
        },
      )
      .finally(() => {
        running = undefined;
        schedule();
      });
  }

  return {
    submit(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}
