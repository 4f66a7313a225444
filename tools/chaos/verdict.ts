// What a chaos run shows, computed from the ledger of every request and the final state: pure,
// so each rule is tested on its own. A 2xx is a promise: its version (or a newer one) must be in
// the row. An answer that never came (timeout, reset, 5xx other than 503) is uncertain: its
// version may or may not be applied, both are correct. A 503, a 429 or a refused connection is
// a clear "not taken".
export interface LedgerEntry {
  uid: string;
  version: number;
  /** HTTP status; 0 when the request went out but no answer came, -1 when the connection was refused. */
  status: number;
  startedAt: number;
  ms: number;
}

export interface FinalRow {
  count: number;
  /** The version index the row holds. */
  version: number;
}

export interface Verdict {
  requests: number;
  acknowledged: number;
  refused: number;
  uncertain: number;
  /** Answers by status ("-1" connection refused, "0" no answer), to tell shedding from outages. */
  statuses: Record<string, number>;
  /** Acknowledged (UID, version) pairs whose version is not (or not yet overtaken) in the row. */
  lost: number;
  /** UIDs with more than one row. */
  duplicated: number;
  /** Rows whose version is older than an acknowledged one, or one that was never sent. */
  wrongFinalState: number;
  /** Rows of UIDs this run never sent. */
  phantom: number;
  /** UIDs whose cache key, seeded before their last acknowledged change, is still there. */
  staleCacheKeys: number;
  longestAnswerMs: number;
}

export const isAck = (status: number) => status >= 200 && status < 300;
const isUncertain = (status: number) => status === 0 || (status >= 500 && status !== 503);

export function judgeRun(ledger: LedgerEntry[], rows: Map<string, FinalRow>, staleCacheUids: Set<string>): Verdict {
  const acked = new Map<string, Set<number>>();
  const possible = new Map<string, Set<number>>();
  const add = (map: Map<string, Set<number>>, uid: string, version: number) => {
    const set = map.get(uid) ?? new Set<number>();
    set.add(version);
    map.set(uid, set);
  };
  let longest = 0;
  const statuses: Record<string, number> = {};
  for (const entry of ledger) {
    statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
    if (entry.status > 0) longest = Math.max(longest, entry.ms);
    if (isAck(entry.status)) add(acked, entry.uid, entry.version);
    if (isAck(entry.status) || isUncertain(entry.status)) add(possible, entry.uid, entry.version);
  }
  let lost = 0;
  for (const [uid, versions] of acked) {
    const row = rows.get(uid);
    for (const v of versions) if (!row || row.version < v) lost += 1;
  }
  let duplicated = 0;
  let wrong = 0;
  let phantom = 0;
  for (const [uid, row] of rows) {
    if (row.count > 1) duplicated += 1;
    const sent = possible.get(uid);
    if (!sent) {
      phantom += 1;
      continue;
    }
    const newestAck = Math.max(-1, ...(acked.get(uid) ?? []));
    if (!sent.has(row.version) || row.version < newestAck) wrong += 1;
  }
  return {
    requests: ledger.length,
    acknowledged: ledger.filter((e) => isAck(e.status)).length,
    refused: ledger.filter((e) => !isAck(e.status) && !isUncertain(e.status)).length,
    uncertain: ledger.filter((e) => isUncertain(e.status)).length,
    statuses,
    lost,
    duplicated,
    wrongFinalState: wrong,
    phantom,
    staleCacheKeys: staleCacheUids.size,
    longestAnswerMs: Math.round(longest),
  };
}
