// Parked records (DESIGN.md "Consumer error policy"): accepted bookings that a consumer set aside
// because they failed on their own. They wait for a fix and a re-drive, so doctor names them.
import { DLQ_HEADERS, type Kafka, readTopicsToEnd } from '@booking/shared/kafka';
import type { CheckResult } from './types.ts';

/** The check line for the parked letters' error codes (one entry per parked record). */
export function parkedResult(dlqTopic: string, parkedCodes: string[]): CheckResult {
  const check = `parked records in ${dlqTopic}`;
  if (parkedCodes.length === 0) return { check, status: 'PASS', evidence: 'none' };
  const byCode = new Map<string, number>();
  for (const code of parkedCodes) byCode.set(code, (byCode.get(code) ?? 0) + 1);
  const codes = [...byCode].map(([code, n]) => `${code || 'UNKNOWN'}: ${n}`).join(', ');
  return {
    check,
    status: 'WARN',
    evidence: `${parkedCodes.length} parked (${codes}); see npm run dlq -- inspect --disposition parked, re-drive once fixed`,
  };
}

export async function checkParked(kafka: Kafka, dlqTopic: string): Promise<CheckResult[]> {
  const codes: string[] = [];
  await readTopicsToEnd(kafka, {
    topics: [dlqTopic],
    onRecord(record) {
      if (record.headers[DLQ_HEADERS.disposition] === 'parked') codes.push(record.headers[DLQ_HEADERS.errorCode] ?? '');
    },
  });
  return [parkedResult(dlqTopic, codes)];
}
