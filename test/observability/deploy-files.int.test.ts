// Keeps the deployment files honest where no Docker engine exists to run them: the compose
// graph, the image's paths, the Grafana wiring and the alert runbooks are checked against the
// repository. (Cheap and offline; it sits in the integration project because root-level tests
// live there.)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_RUNBOOK_BASE_URL, runbookAnchor } from '../../packages/cli/src/render-alerts/render.ts';
import { selectorsOf } from './promql-selectors.ts';
import {
  type AlertRule,
  alertRules,
  type Dashboard,
  DEPLOY,
  dashboardPanels,
  dashboardQueries,
  dashboardVariables,
  loadDashboard,
  ROOT,
  readYaml,
} from './promql-sources.ts';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  restart?: string;
  environment?: Record<string, string | number>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = readYaml<{ services: Record<string, ComposeService> }>(join(ROOT, 'docker-compose.yml'));
const APP_SERVICES = { ingest: 'INGEST_PORT', booker: 'BOOKER_PORT', 'cache-invalidator': 'INVALIDATOR_PORT' } as const;

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function monitoringAnchors(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Monitoring'));
  return (section ?? '').split('\n').flatMap((line) => (/^#{3,4} /.test(line) ? [githubAnchor(line.replace(/^#+ /, ''))] : []));
}

describe('docker-compose.yml', () => {
  it('when a service depends on another, then that one exists and can satisfy the condition', () => {
    const problems: string[] = [];

    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = compose.services[dependency];
        if (!target) problems.push(`${name} depends on missing ${dependency}`);
        else if (condition === 'service_healthy' && (!target.healthcheck?.test || target.healthcheck.disable))
          problems.push(`${name} waits for ${dependency} to be healthy, but it has no health check`);
        else if (condition === 'service_completed_successfully' && target.restart !== 'no')
          problems.push(`${name} waits for ${dependency} to complete, but it restarts`);
      }
    }

    expect(problems).toEqual([]);
  });

  it('when the booker starts, then the migrations have completed, after MariaDB became healthy', () => {
    const [booker, migrate] = [service('booker'), service('migrate')];

    expect(booker.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    expect(migrate.depends_on?.mariadb).toEqual({ condition: 'service_healthy' });
    expect(migrate.command).toEqual(['booking-pipeline', 'migrate', 'up']);
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain(
      'ln -s /app/packages/cli/src/booking-pipeline.ts /usr/local/bin/booking-pipeline',
    );
  });

  it('when an app service starts, then its entry point exists and it has a health check', () => {
    const entryPoints = Object.keys(APP_SERVICES).map((name) => {
      const app = service(name);
      return {
        name,
        image: app.image,
        healthcheck: app.healthcheck?.test,
        mainExists: existsSync(join(ROOT, 'services', String(app.environment?.SERVICE), 'src', 'main.ts')),
      };
    });

    expect(entryPoints).toEqual(
      Object.keys(APP_SERVICES).map((name) => ({
        name,
        image: service('migrate').image,
        healthcheck: ['CMD', 'node', 'deploy/docker/healthcheck.mjs'],
        mainExists: true,
      })),
    );
  });

  it('when files are bind-mounted, then they exist in the repository', () => {
    const binds = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).filter((v) => v.startsWith('./')));

    expect(binds.length).toBeGreaterThan(0);
    expect(binds.filter((v) => !existsSync(join(ROOT, v.split(':')[0] ?? '')))).toEqual([]);
  });

  it('when Prometheus scrapes, then it reaches each app service on the port that service listens on', () => {
    const prometheus = readYaml<{ scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] }>(
      join(DEPLOY, 'prometheus', 'prometheus.yml'),
    );
    const scraped = Object.fromEntries(prometheus.scrape_configs.map((c) => [c.job_name, c.static_configs[0]?.targets]));

    const expected = Object.fromEntries(
      Object.entries(APP_SERVICES).map(([name, portVariable]) => [
        name,
        [`${name}:${service(name).environment?.[portVariable]}`],
      ]),
    );
    expect(scraped).toEqual(expected);
  });

  it('when Grafana starts, then it provisions the datasource the dashboard uses and finds the dashboard files', () => {
    const grafana = service('grafana');
    const datasources = readYaml<{ datasources: { uid: string; url: string }[] }>(
      join(DEPLOY, 'grafana/provisioning/datasources/prometheus.yml'),
    );
    const providers = readYaml<{ providers: { options: { path: string } }[] }>(
      join(DEPLOY, 'grafana/provisioning/dashboards/booking-pipeline.yml'),
    );
    const dashboard: Dashboard = loadDashboard();
    const dashboardMount = grafana.volumes?.find((v) => v.startsWith('./deploy/grafana/dashboards:'))?.split(':')[1];

    expect(datasources.datasources.map((d) => [d.uid, d.url])).toEqual([['prometheus', 'http://prometheus:9090']]);
    expect(providers.providers[0]?.options.path).toBe(dashboardMount);
    expect(grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(`${dashboardMount}/booking-pipeline.json`);
    expect(dashboardVariables(dashboard).find((v) => v.name === 'datasource')).toMatchObject({
      type: 'datasource',
      query: 'prometheus',
    });
  });
});

describe('Grafana dashboard: imports into any Grafana', () => {
  it('when it is imported, then every panel, target and query variable uses the datasource variable, not a fixed uid', () => {
    const dashboard = loadDashboard();
    const users = [
      ...dashboardPanels(dashboard).flatMap((p) => [
        { where: `panel "${p.title}"`, uid: p.datasource?.uid },
        ...(p.targets ?? []).map((t) => ({ where: `panel "${p.title}" ${t.refId}`, uid: t.datasource?.uid })),
      ]),
      ...dashboardVariables(dashboard)
        .filter((v) => v.type === 'query')
        .map((v) => ({ where: `variable ${v.name}`, uid: v.datasource?.uid })),
    ];

    expect(users.length).toBeGreaterThan(40);
    expect(users.filter((u) => u.uid !== `\${datasource}`)).toEqual([]);
  });

  it('when a job or an instance is picked, then every series of every query is filtered by it', () => {
    const unfiltered = dashboardQueries().flatMap((q) =>
      selectorsOf(q.expr)
        .filter((s) => !(s.labels.includes('job') && s.labels.includes('instance')))
        .map((s) => `panel "${q.panel}" ${q.refId}: ${s.metric}`),
    );
    const blocksWithoutVariables = dashboardQueries().flatMap((q) =>
      [...q.expr.matchAll(/\{[^}]*\}/g)]
        .map(([block]) => block)
        .filter((block) => !(block.includes('job=~"$job"') && block.includes('instance=~"$instance"')))
        .map((block) => `panel "${q.panel}" ${q.refId}: ${block}`),
    );

    expect(unfiltered).toEqual([]);
    expect(blocksWithoutVariables).toEqual([]);
    expect(dashboardVariables().map((v) => v.name)).toEqual(['datasource', 'job', 'instance']);
  });
});

describe('Dockerfile', () => {
  it('when the image is built, then every path it copies from the context exists and is not dockerignored', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const sources = dockerfile
      .split('\n')
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));

    expect(sources.filter((s) => !existsSync(join(ROOT, s)))).toEqual([]);
    expect(sources.filter((s) => ignored.includes(s) || ignored.includes(s.split('/')[0] ?? ''))).toEqual([]);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });
});

describe('deploy/docker/healthcheck.mjs', () => {
  // The server answers /healthz with `status` and /readyz with 503 (alive, dependencies not ready).
  async function runHealthcheck(status: number | undefined, service = 'booker'): Promise<number | null> {
    const server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? (status ?? 500) : 503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = status === undefined ? 1 : (server.address() as AddressInfo).port;
    const child = spawn(process.execPath, [join(DEPLOY, 'docker/healthcheck.mjs')], {
      env: { ...process.env, SERVICE: service, BOOKER_PORT: String(port) },
      stdio: 'ignore',
    });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  it('when the service is alive (/healthz 200) but not ready (/readyz 503), then the check passes', async () => {
    expect(await runHealthcheck(200)).toBe(0);
  });

  it('when the service answers /healthz with 503 or is not listening, then the check fails', async () => {
    expect([await runHealthcheck(503), await runHealthcheck(undefined)]).toEqual([1, 1]);
  });

  it('when SERVICE names no service, then the check fails', async () => {
    expect(await runHealthcheck(200, 'nope')).toBe(1);
  });
});

describe('alerts.yml', () => {
  it('when an alert fires, then it carries severity critical or warning, a summary, a description and an absolute runbook URL to a README heading', () => {
    const anchors = monitoringAnchors();

    const problems = alertRules().flatMap((rule) => {
      const url = rule.annotations?.runbook_url ?? '';
      const anchor = runbookAnchor(rule.alert);
      return [
        ['critical', 'warning'].includes(rule.labels?.severity ?? '') ? [] : [`${rule.alert}: severity`],
        rule.annotations?.summary ? [] : [`${rule.alert}: summary`],
        rule.annotations?.description ? [] : [`${rule.alert}: description`],
        url === `${DEFAULT_RUNBOOK_BASE_URL}#${anchor}` ? [] : [`${rule.alert}: runbook_url ${url} is not <base>#${anchor}`],
        anchors.includes(anchor) ? [] : [`${rule.alert}: runbook anchor #${anchor} is not a heading of README "Monitoring"`],
      ].flat();
    });

    expect(problems).toEqual([]);
  });

  it('when the rules are rendered for another runbook base, then only the runbook URLs change and promtool accepts the file', () => {
    const base = 'https://git.example.org/ops/booking-pipeline/-/blob/v1.2.0/README.md';
    const dir = mkdtempSync(join(tmpdir(), 'alerts-render-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'alerts.yml');

    const render = spawnSync(process.execPath, [
      join(ROOT, 'packages/cli/src/render-alerts.ts'),
      '--runbook-base-url',
      base,
      '--out',
      out,
    ]);
    const check = spawnSync('promtool', ['check', 'rules', out], { encoding: 'utf8' });

    const rendered = readYaml<{ groups: { rules: AlertRule[] }[] }>(out).groups.flatMap((g) => g.rules);
    const withoutUrl = (rules: AlertRule[]) =>
      rules.map((r) => ({ ...r, annotations: { ...r.annotations, runbook_url: undefined } }));
    expect([render.status, check.status]).toEqual([0, 0]);
    expect(rendered.map((r) => r.annotations?.runbook_url)).toEqual(alertRules().map((r) => `${base}#${runbookAnchor(r.alert)}`));
    expect(withoutUrl(rendered)).toEqual(withoutUrl(alertRules()));
  });

  it('when the promtool tests run, then each alert has a case where it fires and one where it stays silent', () => {
    const tests = readYaml<{ tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] }>(
      join(DEPLOY, 'prometheus', 'alerts.test.yml'),
    ).tests.flatMap((t) => t.alert_rule_test);

    const coverage = alertRules().map((r) => ({
      alert: r.alert,
      fires: tests.some((t) => t.alertname === r.alert && t.exp_alerts.length > 0),
      silent: tests.some((t) => t.alertname === r.alert && t.exp_alerts.length === 0),
    }));

    expect(coverage).toEqual(alertRules().map((r) => ({ alert: r.alert, fires: true, silent: true })));
  });
});
