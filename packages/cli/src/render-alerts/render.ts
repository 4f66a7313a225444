// Sets every alert's `runbook_url` to `<base>#<alert name in lower case>` (the README's
// "Monitoring" headings), so a pager opens an absolute address wherever the README is hosted.
// Only those values change: comments, order and every other field stay as committed.
import { parseDocument, YAMLMap, YAMLSeq } from 'yaml';

/** The base committed in deploy/prometheus/alerts.yml: a placeholder (RFC 2606), rendered on deploy. */
export const DEFAULT_RUNBOOK_BASE_URL = 'https://runbooks.example.com/booking-pipeline/README.md';

export function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

/** The base as given, or an error naming the problem: it must be an absolute http(s) URL without a fragment. */
export function checkRunbookBaseUrl(base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return `--runbook-base-url must be an absolute URL, got "${base}"`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `--runbook-base-url must be http(s), got "${url.protocol}"`;
  if (base.includes('#')) return `--runbook-base-url must not contain a fragment (#…): the alert's anchor is appended`;
  return undefined;
}

export function renderAlerts(source: string, base: string): string {
  const document = parseDocument(source);
  const groups = document.get('groups');
  if (!(groups instanceof YAMLSeq)) throw new Error('alerts file has no "groups" list');
  for (const group of groups.items) {
    const rules = group instanceof YAMLMap ? group.get('rules') : undefined;
    if (!(rules instanceof YAMLSeq)) continue;
    for (const rule of rules.items) {
      if (!(rule instanceof YAMLMap)) continue;
      const alert = rule.get('alert');
      if (typeof alert === 'string') rule.setIn(['annotations', 'runbook_url'], `${base}#${runbookAnchor(alert)}`);
    }
  }
  return document.toString({ lineWidth: 0 });
}
