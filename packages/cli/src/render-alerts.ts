// npm run alerts:render: writes deploy/prometheus/alerts.yml with every runbook_url absolute,
// built from the address where your copy of the README is readable (see render-alerts/render.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCommand, UsageError } from './lib/cli.ts';
import { checkRunbookBaseUrl, DEFAULT_RUNBOOK_BASE_URL, renderAlerts } from './render-alerts/render.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

await runCommand(
  {
    name: 'alerts:render',
    summary: 'Prints (or writes) the alert rules with runbook_url = <base>#<alert name in lower case>.',
    usage: 'npm run alerts:render -- --runbook-base-url <url> [--out <file>]',
    options: {
      'runbook-base-url': {
        type: 'string',
        description: 'absolute URL of the README whose "Monitoring" headings are the runbooks (env RUNBOOK_BASE_URL)',
      },
      in: { type: 'string', description: 'rules file to read', default: 'deploy/prometheus/alerts.yml' },
      out: { type: 'string', description: 'file to write instead of stdout' },
    },
  },
  ({ values }) => {
    const base = String(values['runbook-base-url'] ?? process.env.RUNBOOK_BASE_URL ?? DEFAULT_RUNBOOK_BASE_URL);
    const problem = checkRunbookBaseUrl(base);
    if (problem) throw new UsageError(problem);
    const rendered = renderAlerts(readFileSync(resolve(ROOT, String(values.in)), 'utf8'), base);
    if (typeof values.out === 'string') writeFileSync(values.out, rendered);
    else process.stdout.write(rendered);
    return 0;
  },
);
