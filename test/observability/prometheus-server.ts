// A real Prometheus server for tests: the Debian package's /usr/bin/prometheus on a free port,
// a scratch storage directory and a generated configuration that scrapes the given targets
// every second and loads the given rule files. Queries go through the HTTP API, as Grafana's do.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pollUntil } from '@booking/shared/testing';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const SCRAPE_INTERVAL_MS = 1000;

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export type QueryResult = { ok: true; resultType: string; samples: Sample[] } | { ok: false; errorType: string; error: string };

export interface PrometheusServer {
  url: string;
  query(expr: string): Promise<QueryResult>;
  metricNames(): Promise<string[]>;
  /** Label names of the series of the given metrics. */
  labelNames(metrics: string[]): Promise<string[]>;
  /** Values of `label` on the series matching `selector`, as Grafana's `label_values()` asks for them. */
  labelValues(label: string, selector: string): Promise<string[]>;
  rules(): Promise<{ name: string; health: string; lastError?: string }[]>;
  /** Resolves once every target was scraped, healthy, twice after `since` (rate() needs two samples). */
  waitForScrapesAfter(since: number, timeoutMs?: number): Promise<void>;
  logTail(): string;
  stop(): Promise<void>;
}

function configYaml(targets: Record<string, string>, ruleFiles: string[]): string {
  const jobs = Object.entries(targets).map(
    ([job, target]) => `  - job_name: ${JSON.stringify(job)}\n    static_configs:\n      - targets: [${JSON.stringify(target)}]`,
  );
  return [
    'global:',
    `  scrape_interval: ${SCRAPE_INTERVAL_MS / 1000}s`,
    `  scrape_timeout: ${SCRAPE_INTERVAL_MS / 1000}s`,
    `  evaluation_interval: ${SCRAPE_INTERVAL_MS / 1000}s`,
    'rule_files:',
    ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

export async function startPrometheus(options: {
  targets: Record<string, string>;
  ruleFiles: string[];
}): Promise<PrometheusServer> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(`${PROMETHEUS_BIN} not found: install the Debian package "prometheus" (apt-get install prometheus)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-test-'));
  const configFile = join(dir, 'prometheus.yml');
  const logFile = join(dir, 'prometheus.log');
  writeFileSync(configFile, configYaml(options.targets, options.ruleFiles));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logTail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '');

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { status: string; data: T; errorType?: string; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.errorType}: ${body.error}`);
    return body.data;
  };

  const server: PrometheusServer = {
    url,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = (await response.json()) as {
        status: string;
        data?: { resultType: string; result: Sample[] | [number, string] };
        errorType?: string;
        error?: string;
      };
      if (body.status !== 'success' || !body.data)
        return { ok: false, errorType: body.errorType ?? '?', error: body.error ?? '?' };
      const { resultType, result } = body.data;
      const samples = resultType === 'vector' ? (result as Sample[]) : [{ metric: {}, value: result as [number, string] }];
      return { ok: true, resultType, samples };
    },
    metricNames: () => api<string[]>('/api/v1/label/__name__/values'),
    labelNames: (metrics) => api<string[]>(`/api/v1/labels?${metrics.map((m) => `match[]=${encodeURIComponent(m)}`).join('&')}`),
    labelValues: (label, selector) =>
      api<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values?match[]=${encodeURIComponent(selector)}`),
    async rules() {
      const data = await api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>('/api/v1/rules');
      return data.groups.flatMap((g) => g.rules);
    },
    async waitForScrapesAfter(since, timeoutMs = 20_000) {
      // the Prometheus API offers no push signal
      await pollUntil(
        'Prometheus scraping every target twice after the traffic',
        async () => {
          const data = await api<{
            activeTargets: { labels: { job: string }; health: string; lastScrape: string; lastError: string }[];
          }>('/api/v1/targets?state=active');
          return data.activeTargets.map((t) => ({
            job: t.labels.job,
            health: t.health,
            lastScrape: t.lastScrape,
            lastError: t.lastError,
          }));
        },
        (targets) =>
          targets.length === Object.keys(options.targets).length &&
          targets.every((t) => t.health === 'up' && Date.parse(t.lastScrape) > since + SCRAPE_INTERVAL_MS),
        { timeoutMs, intervalMs: 100 },
      );
    },
    logTail,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };

  await pollUntil(
    'Prometheus ready',
    async () => {
      if (child.exitCode !== null) return `exited with ${child.exitCode}`;
      return (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).status;
    },
    (status) => status === 200 || typeof status === 'string',
    { timeoutMs: 30_000, intervalMs: 100, detail: () => `log:\n${logTail()}` },
  )
    .then((status) => {
      if (status !== 200) throw new Error(`Prometheus ${status} before it was ready; log:\n${logTail()}`);
    })
    .catch(async (error) => {
      await server.stop();
      throw error;
    });
  return server;
}
