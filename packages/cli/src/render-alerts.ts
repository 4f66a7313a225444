// npm run alerts:render: writes deploy/prometheus/alerts.yml with every runbook_url absolute,
// built from the address where your copy of the README is readable (see render-alerts/render.ts),
// as a Prometheus rule file or as a PrometheusRule object (render-alerts/prometheus-rule.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCommand, UsageError } from './lib/cli.ts';
import { renderPrometheusRule } from './render-alerts/prometheus-rule.ts';
import { checkRunbookBaseUrl, DEFAULT_RUNBOOK_BASE_URL, renderAlerts } from './render-alerts/render.ts';

const FORMATS = { rules: renderAlerts, 'prometheus-rule': renderPrometheusRule } as const;

const ROOT = join(import.meta.dirname, '..', '..', '..');

await runCommand(
  {
    name: 'alerts:render',
    summary: 'Prints (or writes) the alert rules with runbook_url = <base>#<alert name in lower case>.',
    usage: 'npm run alerts:render -- --runbook-base-url <url> [--format rules|prometheus-rule] [--out <file>]',
    options: {
      'runbook-base-url': {
        type: 'string',
        description: 'absolute URL of the README whose "Monitoring" headings are the runbooks (env RUNBOOK_BASE_URL)',
      },
      format: {
        type: 'string',
        description: 'rules (a Prometheus rule file) or prometheus-rule (a PrometheusRule for the Prometheus Operator)',
        default: 'rules',
      },
      in: { type: 'string', description: 'rules file to read', default: 'deploy/prometheus/alerts.yml' },
      out: { type: 'string', description: 'file to write instead of stdout' },
    },
  },
  ({ values }) => {
    const base = String(values['runbook-base-url'] ?? process.env.RUNBOOK_BASE_URL ?? DEFAULT_RUNBOOK_BASE_URL);
    const problem = checkRunbookBaseUrl(base);
    if (problem) throw new UsageError(problem);
    const format = String(values.format);
    if (!Object.hasOwn(FORMATS, format)) throw new UsageError(`--format must be rules or prometheus-rule, got "${format}"`);
    const render = FORMATS[format as keyof typeof FORMATS];
    const rendered = render(readFileSync(resolve(ROOT, String(values.in)), 'utf8'), base);
    if (typeof values.out === 'string') writeFileSync(values.out, rendered);
    else process.stdout.write(rendered);
    return 0;
  },
);
