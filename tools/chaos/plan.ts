// The load of a chaos run, planned up front and pure: `uids` bookings with `versions` versions
// each, sent round-robin (every booking's first version, then every second …) so that each
// booking receives versions before, during and after the fault; a share of the sends swap
// with the next version of the same booking (reordering) and a share are sent twice
// (duplicates, a webhook retried by the sender).
import { createRandom } from '../fuzz/cases.ts';

export interface Send {
  uid: string;
  /** 0-based version index; the webhook's createdAt (the record version) grows with it. */
  version: number;
  duplicate: boolean;
}

export interface PlanOptions {
  prefix: string;
  uids: number;
  versions: number;
  duplicateShare: number;
  reorderShare: number;
  seed: number;
}

export function planLoad(options: PlanOptions): Send[] {
  const random = createRandom(options.seed);
  const rounds: Send[][] = [];
  for (let v = 0; v < options.versions; v++) {
    rounds.push(
      Array.from({ length: options.uids }, (_, u) => ({ uid: `${options.prefix}-${u}`, version: v, duplicate: false })),
    );
  }
  // reorder: version v+1 of a booking goes out in round v and version v in round v+1
  for (let v = 0; v + 1 < options.versions; v++) {
    for (let u = 0; u < options.uids; u++) {
      if (random() >= options.reorderShare) continue;
      const a = rounds[v] as Send[];
      const b = rounds[v + 1] as Send[];
      [a[u], b[u]] = [b[u] as Send, a[u] as Send];
    }
  }
  const sends: Send[] = [];
  for (const round of rounds) {
    for (const send of round) {
      sends.push(send);
      if (random() < options.duplicateShare) sends.push({ ...send, duplicate: true });
    }
  }
  return sends;
}
