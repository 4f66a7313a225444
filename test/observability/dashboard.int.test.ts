// Proof that the dashboard and the alert rules work: a real Prometheus scrapes the three real
// services (in-process, on the local stack), signed webhooks flow through the whole pipeline in
// two waves (so that every counter and histogram has samples before and after an increase),
// and then every PromQL expression of deploy/ is evaluated through the Prometheus HTTP API.
// A renamed metric or label fails here: dashboard queries must return data, and every metric
// and label an expression names must exist in what Prometheus scraped.

import { calcomBooking, calcomCancelled, calcomRescheduled, retellAnalyzed } from '@booking/ingest/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from './pipeline-in-process.ts';
import { type PrometheusServer, startPrometheus } from './prometheus-server.ts';
import { groupingLabelsOf, selectorsOf } from './promql-selectors.ts';
import {
  ALERTS_FILE,
  alertRules,
  dashboardQueries,
  dashboardVariables,
  labelValuesOf,
  regexOfValues,
  withGrafanaVariables,
} from './promql-sources.ts';

let pipeline: Pipeline | undefined;
let prometheus: PrometheusServer | undefined;

const run = Date.now().toString(36);
const uid = (name: string) => `obs-${run}-${name}`;

async function sendWave(requests: Promise<number>[], expected: number[]): Promise<void> {
  expect(await Promise.all(requests)).toEqual(expected);
  await pipeline?.producePoison();
  await pipeline?.waitUntilIdle();
  await prometheus?.waitForScrapesAfter(Date.now());
}

function retellCallFor(bookingUid: string) {
  const { call } = retellAnalyzed;
  const analysis = {
    ...call.call_analysis,
    custom_analysis_data: { ...call.call_analysis.custom_analysis_data, booking_uid: bookingUid },
  };
  return {
    ...retellAnalyzed,
    call: { ...call, call_analysis: analysis, collected_dynamic_variables: { booking_uid: bookingUid } },
  };
}

beforeAll(async () => {
  pipeline = await startPipeline();
  prometheus = await startPrometheus({ targets: pipeline.targets, ruleFiles: [ALERTS_FILE] });
  await prometheus.waitForScrapesAfter(Date.now());
  const p = pipeline;
  const created = calcomBooking(uid('a'), 'BOOKING_CREATED', '2025-03-10T09:13:05.412Z');

  await sendWave(
    [
      p.postCalcom(created),
      p.postCalcom(calcomBooking(uid('b'), 'BOOKING_CREATED', '2025-03-10T09:14:00.000Z')),
      p.postRetell(retellCallFor(uid('a'))),
      p.postCalcom({ triggerEvent: 'PING', createdAt: '2025-03-10T09:00:00.000Z', payload: {} }),
      p.postCalcom(created, 'wrong-secret'),
    ],
    [202, 202, 202, 200, 401],
  );
  await sendWave(
    [
      p.postCalcom({ ...calcomRescheduled, payload: { ...calcomRescheduled.payload, uid: uid('c'), rescheduleUid: uid('a') } }),
      p.postCalcom({ ...calcomCancelled, payload: { ...calcomCancelled.payload, uid: uid('b') } }),
      p.postCalcom(created),
    ],
    [202, 202, 202],
  );
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await pipeline?.stop();
}, 60_000);

function server(): PrometheusServer {
  if (!prometheus) throw new Error('Prometheus did not start');
  return prometheus;
}

/** Each query variable's values, resolved in dashboard order as Grafana does ("All" selected). */
async function resolveVariables(): Promise<{ values: Record<string, string[]>; substitutions: Record<string, string> }> {
  const values: Record<string, string[]> = {};
  const substitutions: Record<string, string> = {};
  for (const variable of dashboardVariables()) {
    const query = labelValuesOf(variable);
    if (!query) continue;
    values[variable.name] = (await server().labelValues(query.label, withGrafanaVariables(query.selector, substitutions))).sort();
    substitutions[variable.name] = regexOfValues(values[variable.name] ?? []);
  }
  return { values, substitutions };
}

describe('Grafana dashboard "Booking pipeline" against a real Prometheus', () => {
  it('when the job and instance variables are resolved, then they list the three services and their targets', async () => {
    const { values } = await resolveVariables();

    expect(values).toEqual({
      job: ['booker', 'cache-invalidator', 'ingest'],
      instance: Object.values(pipeline?.targets ?? {}).sort(),
    });
  });

  it('when every panel query is evaluated with the variables filled in, then each parses and returns at least one number', async () => {
    const queries = dashboardQueries();
    const { substitutions } = await resolveVariables();

    const results = await Promise.all(
      queries.map(async (q) => {
        const result = await server().query(withGrafanaVariables(q.expr, substitutions));
        const numbers = result.ok ? result.samples.map((s) => Number(s.value[1])).filter((v) => !Number.isNaN(v)) : [];
        return { panel: `${q.panel} ${q.refId}`, error: result.ok ? undefined : result.error, hasData: numbers.length > 0 };
      }),
    );

    expect(queries.length).toBeGreaterThan(20);
    expect(results).toEqual(results.map((r) => ({ panel: r.panel, error: undefined, hasData: true })));
  });
});

describe('alert rules of deploy/prometheus/alerts.yml against a real Prometheus', () => {
  it('when Prometheus loads and evaluates the rule file, then no rule errors', async () => {
    const names = alertRules().map((r) => r.alert);

    const rules = await server().rules();

    expect(rules.map((r) => r.name).sort()).toEqual([...names].sort());
    expect(rules.filter((r) => r.health === 'err').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });

  it('when every alert expression is queried, then each parses', async () => {
    const results = await Promise.all(
      alertRules().map(async (r) => {
        const result = await server().query(r.expr);
        return { alert: r.alert, error: result.ok ? undefined : result.error };
      }),
    );

    expect(results).toEqual(alertRules().map((r) => ({ alert: r.alert, error: undefined })));
  });
});

describe('metric and label names of the dashboard and the alerts', () => {
  async function missingNames(expressions: { where: string; expr: string }[]): Promise<string[]> {
    const scraped = new Set(await server().metricNames());
    const missing: string[] = [];
    for (const { where, expr } of expressions) {
      const selectors = selectorsOf(expr);
      for (const s of selectors) {
        if (!scraped.has(s.metric)) {
          missing.push(`${where}: metric ${s.metric}`);
          continue;
        }
        const labels = new Set(await server().labelNames([s.metric]));
        for (const label of s.labels) if (!labels.has(label)) missing.push(`${where}: label ${s.metric}{${label}}`);
      }
      // grouping labels only mean something once every metric of the expression exists
      if (selectors.every((s) => scraped.has(s.metric))) {
        const labels = new Set(await server().labelNames(selectors.map((s) => s.metric)));
        for (const label of groupingLabelsOf(expr)) if (!labels.has(label)) missing.push(`${where}: grouping label ${label}`);
      }
    }
    return missing;
  }

  it('when the services are scraped, then every metric and label the dashboard and the alerts name exists', async () => {
    const expressions = [
      ...dashboardQueries().map((q) => ({ where: `panel "${q.panel}" ${q.refId}`, expr: q.expr })),
      ...alertRules().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
    ];

    const missing = await missingNames(expressions);

    expect(expressions.every((e) => selectorsOf(e.expr).length > 0)).toBe(true);
    expect(missing).toEqual([]);
  });

  it('when a metric or a label is renamed in an expression, then the check reports it', async () => {
    const renamed = [
      { where: 'renamed metric', expr: 'sum(rate(booker_record_total{outcome="applied"}[5m]))' },
      { where: 'renamed label', expr: 'sum(rate(booker_records_total{result="applied"}[5m]))' },
      { where: 'renamed grouping label', expr: 'sum by (phase) (rate(pipeline_latency_seconds_bucket[5m]))' },
    ];

    const missing = await missingNames(renamed);

    expect(missing).toEqual([
      'renamed metric: metric booker_record_total',
      'renamed label: label booker_records_total{result}',
      'renamed grouping label: grouping label phase',
    ]);
  });
});
