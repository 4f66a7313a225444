// What a multi-instance run shows, from the ledger of every webhook sent and the final rows:
// pure, so each rule is tested on its own. A 2xx is a promise: its version (or a newer one)
// must be in the row. No answer (timeout, reset) or a 5xx other than 503 is uncertain: its
// version may or may not be applied. The reliability suite (scripts/chaos) grows the same
// rules; this one is kept small until both can share one.

export interface LedgerEntry {
  uid: string;
  /** The record version the webhook carries (epoch ms of its createdAt). */
  version: number;
  /** HTTP status, 0 when no answer came. */
  status: number;
  /** Which ingest instance it was sent to. */
  ingest: string;
  /** How long the answer took (ms). */
  ms: number;
}

export interface FinalRow {
  /** Rows with this booking UID (more than one = duplicated). */
  count: number;
  version: number;
}

export interface Verdict {
  sent: number;
  acknowledged: number;
  refused: number;
  uncertain: number;
  /** Acknowledged (UID, version) pairs that the row does not hold or overtake. */
  lost: number;
  /** UIDs with more than one row. */
  duplicated: number;
  /** UIDs whose row is not at the highest acknowledged version (or holds a version never sent). */
  notConverged: number;
  /** Rows of UIDs this run never sent. */
  phantom: number;
  /** Answer times of the acknowledged webhooks (ms). */
  answerMs: { p50: number; p99: number; max: number };
}

const isAck = (status: number) => status >= 200 && status < 300;
const isUncertain = (status: number) => status === 0 || (status >= 500 && status !== 503);

function group(entries: LedgerEntry[], keep: (status: number) => boolean): Map<string, Set<number>> {
  const byUid = new Map<string, Set<number>>();
  for (const e of entries.filter((x) => keep(x.status))) byUid.set(e.uid, (byUid.get(e.uid) ?? new Set()).add(e.version));
  return byUid;
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

export function judge(ledger: LedgerEntry[], rows: Map<string, FinalRow>): Verdict {
  const acked = group(ledger, isAck);
  const possible = group(ledger, (s) => isAck(s) || isUncertain(s));
  let lost = 0;
  for (const [uid, versions] of acked) {
    const row = rows.get(uid);
    for (const v of versions) if (!row || row.version < v) lost += 1;
  }
  let duplicated = 0;
  let notConverged = 0;
  let phantom = 0;
  for (const [uid, row] of rows) {
    if (row.count > 1) duplicated += 1;
    const sent = possible.get(uid);
    if (!sent) phantom += 1;
    else if (!sent.has(row.version) || row.version < Math.max(...(acked.get(uid) ?? [-1]))) notConverged += 1;
  }
  for (const uid of acked.keys()) if (!rows.has(uid)) notConverged += 1;
  return {
    sent: ledger.length,
    acknowledged: ledger.filter((e) => isAck(e.status)).length,
    refused: ledger.filter((e) => !isAck(e.status) && !isUncertain(e.status)).length,
    uncertain: ledger.filter((e) => isUncertain(e.status)).length,
    lost,
    duplicated,
    notConverged,
    phantom,
    answerMs: (() => {
      const sorted = ledger
        .filter((e) => isAck(e.status))
        .map((e) => e.ms)
        .sort((a, b) => a - b);
      return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: Math.round(sorted.at(-1) ?? 0) };
    })(),
  };
}

export function passed(verdict: Verdict): boolean {
  return verdict.lost === 0 && verdict.duplicated === 0 && verdict.notConverged === 0 && verdict.phantom === 0;
}
