// The in-memory half of the shadow rebuild: read the source topics (to their end now, or from
// where an earlier read stopped), decode and validate every record as the booker does, and fold
// them per booking with the booker's own merge rules (planBatch) over the state so far. The same
// fold as `verify`'s expected rows, so what the rebuild writes is what verify expects.
import {
  type AppointmentState,
  type CustomerInput,
  decodeRecord,
  type PlannedRow,
  planBatch,
  type SourceRecord,
  type SourceTopics,
} from '@booking/booker';
import { isAppError } from '@booking/shared/errors';
import { type Kafka, readTopicsToEnd } from '@booking/shared/kafka';
import type { SchemaRegistry } from '@booking/shared/registry';

export interface Folded {
  /** the final state of every booking the records changed (over `current`) */
  writes: Map<string, PlannedRow>;
  records: number;
  /** records the booker dead-letters (undecodable or refused by the field table) */
  invalid: number;
  /** exclusive end offset per "topic:partition": where the next read starts */
  ends: Map<string, bigint>;
  /** the decoded records themselves, for a caller that applies them with the booker's code */
  decoded: SourceRecord[];
}

export async function foldTopics(
  deps: { kafka: Kafka; schemaRegistry: SchemaRegistry; topics: SourceTopics },
  options: { current?: ReadonlyMap<string, AppointmentState>; from?: ReadonlyMap<string, bigint>; onRecords?(n: number): void },
): Promise<Folded> {
  const calcom: SourceRecord[] = [];
  const retell: SourceRecord[] = [];
  let invalid = 0;
  let pending = 0;
  const { records, ends } = await readTopicsToEnd(deps.kafka, {
    topics: [deps.topics.calcom, deps.topics.retell],
    from: options.from,
    timeoutMs: 30 * 60_000,
    async onRecord(record) {
      try {
        const decoded = await decodeRecord(deps.schemaRegistry, deps.topics, record);
        (decoded.kind === 'calcom' ? calcom : retell).push(decoded);
      } catch (error) {
        if (isAppError(error) && !error.retriable) invalid++;
        else throw error;
      }
      if (++pending === 10_000) {
        options.onRecords?.(pending);
        pending = 0;
      }
    },
  });
  options.onRecords?.(pending);
  // order-independent across the two topics (see verify's expected rows); Cal.com first
  const decoded = [...calcom, ...retell];
  const plan = planBatch(decoded, options.current ?? new Map());
  return { writes: plan.writes, records, invalid, ends, decoded };
}

const FIELDS = ['email', 'phone', 'name'] as const;

/**
 * The customers of the folded rows, at most two inputs per key: the upsert applies every
 * overwrite of a key (last non-null value wins per field), then every fill (first non-null
 * wins), so one overwrite and one fill carrying those values write the same row as all of them.
 */
export function customerInputs(writes: Iterable<PlannedRow>): CustomerInput[] {
  const byKey = new Map<string, { overwrite?: CustomerInput; fill?: CustomerInput }>();
  for (const { customer } of writes) {
    if (!customer) continue;
    const slot = byKey.get(customer.key) ?? {};
    byKey.set(customer.key, slot);
    const had = slot[customer.mode];
    if (!had) {
      slot[customer.mode] = { ...customer };
      continue;
    }
    for (const f of FIELDS) had[f] = customer.mode === 'overwrite' ? (customer[f] ?? had[f]) : (had[f] ?? customer[f]);
  }
  return [...byKey.values()].flatMap((s) => [s.overwrite, s.fill].filter((c): c is CustomerInput => c !== undefined));
}
