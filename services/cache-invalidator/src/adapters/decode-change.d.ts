import type { ConsumedRecord } from '@booking/shared/kafka';
import { type SchemaRegistry } from '@booking/shared/registry';
import type { Invalidation } from '../handlers/invalidate-changes.ts';
/**
 * Throws InvalidEventError for a record that can never be used (not Avro, wrong schema, an
 * instant outside the Date range) and DependencyUnavailableError when the registry is down.
 * A tombstone (null value with a key) means the row is gone: its appointment key goes.
 */
export declare function decodeChange(registry: SchemaRegistry, record: ConsumedRecord): Promise<Invalidation>;
