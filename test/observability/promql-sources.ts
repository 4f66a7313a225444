// The PromQL the on-call people depend on, read from the committed files: every target of the
// Grafana dashboard and every alert rule. Both tests of this folder use it, so a query added to
// the dashboard or the rules is checked without touching the tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DEPLOY = join(ROOT, 'deploy');
export const DASHBOARD_FILE = join(DEPLOY, 'grafana', 'dashboards', 'booking-pipeline.json');
export const ALERTS_FILE = join(DEPLOY, 'prometheus', 'alerts.yml');

export interface DashboardQuery {
  panel: string;
  refId: string;
  expr: string;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface Panel {
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { type: string; uid: string } }[];
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: DashboardVariable[] };
}

export function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as T;
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

export function dashboardPanels(dashboard: Dashboard = loadDashboard()): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
}

export function dashboardQueries(dashboard: Dashboard = loadDashboard()): DashboardQuery[] {
  return dashboardPanels(dashboard).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr })),
  );
}

export function alertRules(): AlertRule[] {
  const file = readYaml<{ groups: { name: string; rules: AlertRule[] }[] }>(ALERTS_FILE);
  return file.groups.flatMap((g) => g.rules);
}

export interface DashboardVariable {
  name: string;
  type: string;
  query?: string | { query: string };
  datasource?: { type: string; uid: string };
}

export function dashboardVariables(dashboard: Dashboard = loadDashboard()): DashboardVariable[] {
  return dashboard.templating?.list ?? [];
}

/** The selector and label of a query variable's `label_values(<selector>, <label>)`. */
export function labelValuesOf(variable: DashboardVariable): { selector: string; label: string } | undefined {
  const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
  const match = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)$/s.exec(query ?? '');
  return match?.[1] && match[2] ? { selector: match[1].trim(), label: match[2] } : undefined;
}

/** What Grafana puts in a regex matcher for a multi-value variable ("All" without allValue): `(a|b)`, each escaped. */
export function regexOfValues(values: string[]): string {
  return `(${values.map((v) => v.replace(/[\\^$.*+?()[\]{}|]/g, '\\\\$&')).join('|')})`;
}

/**
 * Grafana fills its variables before a query reaches Prometheus; the tests do the same: the
 * interval variables with a window wide enough to hold every sample the test produced, the
 * dashboard's own variables (`$job`, `${datasource}` …) with the given values.
 */
export function withGrafanaVariables(expr: string, variables: Record<string, string> = {}, window = '5m'): string {
  const intervals = expr.replaceAll('$__rate_interval', window).replaceAll('$__interval', window).replaceAll('$__range', window);
  return Object.entries(variables).reduce(
    (e, [name, value]) => e.replaceAll(`\${${name}}`, value).replace(new RegExp(`\\$${name}\\b`, 'g'), () => value),
    intervals,
  );
}
