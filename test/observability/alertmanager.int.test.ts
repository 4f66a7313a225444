// The example Alertmanager route (deploy/alertmanager/alertmanager.yml) checked by Alertmanager's
// own tool (amtool, Debian package prometheus-alertmanager, installed by tools/ensure-prometheus.sh):
// the file loads, and every alert of deploy/prometheus/alerts.yml reaches the receiver its
// severity promises.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertRules, DEPLOY } from './promql-sources.ts';

const CONFIG = join(DEPLOY, 'alertmanager', 'alertmanager.yml');
const RECEIVER_OF_SEVERITY: Record<string, string> = { critical: 'pager', warning: 'ticket' };

function amtool(args: string[]): { status: number | null; output: string } {
  const result = spawnSync('amtool', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`amtool: ${result.error.message} (apt-get install prometheus-alertmanager)`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function receiverFor(labels: Record<string, string>): string {
  const matchers = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  return (
    amtool(['config', 'routes', 'test', `--config.file=${CONFIG}`, ...matchers])
      .output.split('\n')[0]
      ?.trim() ?? ''
  );
}

describe('deploy/alertmanager/alertmanager.yml', () => {
  it('when amtool checks the file, then it is a valid configuration', () => {
    const { status, output } = amtool(['check-config', CONFIG]);

    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('when each alert of alerts.yml fires, then critical ones reach the pager and warnings the ticket queue', () => {
    const rules = alertRules();

    const routed = rules.map((r) => ({ alert: r.alert, receiver: receiverFor({ alertname: r.alert, ...r.labels }) }));

    expect(routed).toEqual(rules.map((r) => ({ alert: r.alert, receiver: RECEIVER_OF_SEVERITY[r.labels?.severity ?? ''] })));
  });

  it('when an alert carries no known severity, then it still reaches a person (the ticket queue)', () => {
    expect(receiverFor({ alertname: 'SomethingNew', severity: 'info' })).toBe('ticket');
  });
});
