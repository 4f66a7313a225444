// Runs scenarios one after the other on one private pipeline (one scratch broker start), each
// with its own bookings, and formats the results as the table of docs/RELIABILITY.md.

import { BROKER_SCENARIOS } from './broker-scenarios.ts';
import { type ChaosStack, startChaosPipeline } from './chaos-pipeline.ts';
import { isReady, until } from './observe.ts';
import { type ChaosOptions, runScenario, type ScenarioResult } from './run-chaos.ts';
import { SCENARIOS } from './scenarios.ts';

export async function runChaosSuite(
  names: string[],
  options: ChaosOptions,
  stack: ChaosStack,
  hooks: { verbose?: boolean; brokers?: number; onResult?: (result: ScenarioResult) => void } = {},
): Promise<ScenarioResult[]> {
  const catalogue = (hooks.brokers ?? 1) > 1 ? BROKER_SCENARIOS : SCENARIOS;
  const scenarios = names.map((name) => {
    const scenario = catalogue.find((s) => s.name === name);
    if (!scenario) throw new Error(`no scenario "${name}"`);
    return scenario;
  });
  const pipeline = await startChaosPipeline(stack, { verbose: hooks.verbose, brokers: hooks.brokers });
  try {
    const ready = await until(
      async () => (await Promise.all(Object.values(pipeline.urls).map(isReady))).every(Boolean),
      180_000,
      500,
    );
    if (!ready) throw new Error(`the private pipeline did not become ready:\n${pipeline.log.join('\n')}`);
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      const result = await runScenario(pipeline, scenario, options);
      hooks.onResult?.(result);
      results.push(result);
    }
    return results;
  } finally {
    await pipeline.stop();
  }
}

/** The multi-broker table of docs/RELIABILITY.md. */
export function formatBrokerTable(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | requests | 2xx | other answers | lost (rows / topic) | dup | wrong | longest answer | p99 request → invalidated during the event | time to recover | lag 0 after load |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const p99 = r.eventP99Ms === undefined ? 'n/a' : `≤ ${r.eventP99Ms} ms`;
    lines.push(
      `| ${r.scenario} | ${r.requests} | ${r.acknowledged} | ${otherAnswers(r) || 'none'} | ${r.lost} / ${r.notOnTopic} | ${r.duplicated} | ${r.wrongFinalState} | ${r.longestAnswerMs} ms | ${p99} | ${seconds(r.recoverMs)} | ${seconds(r.quietMs)} |`,
    );
  }
  return lines.join('\n');
}

const otherAnswers = (r: ScenarioResult) =>
  Object.entries(r.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, n]) => `${n}×${status === '-1' ? 'conn' : status === '0' ? 'no answer' : status}`)
    .join(' ');

const seconds = (ms: number | undefined) => (ms === undefined ? 'not within bound' : `${(ms / 1000).toFixed(1)} s`);

function counters(r: ScenarioResult): string {
  const { ingest2xx, bookerOutcomes, reconciled } = r.counters;
  if (reconciled === undefined) return 'n/a (several booker processes)';
  return reconciled ? `${ingest2xx} → ${bookerOutcomes}` : `MISMATCH ${ingest2xx} → ${bookerOutcomes}`;
}

export function formatTable(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | requests | 2xx | refused | uncertain | lost | duplicated | wrong final state | stale cache keys | verify | longest answer | time to recover | lag 0 after load | counters (2xx → booker) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const refused = Object.entries(r.statuses)
      .filter(([status]) => !status.startsWith('2') && status !== '0')
      .map(([status, n]) => `${n}×${status === '-1' ? 'conn' : status}`)
      .join(' ');
    lines.push(
      `| ${r.scenario} | ${r.requests} | ${r.acknowledged} | ${r.refused}${refused ? ` (${refused})` : ''} | ${r.uncertain} | ${r.lost} | ${r.duplicated} | ${r.wrongFinalState} | ${r.staleCacheKeys} | ${r.verifyMismatches === 0 ? 'clean' : `${r.verifyMismatches} mismatches`} | ${r.longestAnswerMs} ms | ${seconds(r.recoverMs)} | ${seconds(r.quietMs)} | ${counters(r)} |`,
    );
  }
  return lines.join('\n');
}
