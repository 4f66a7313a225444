import { describe, expect, it } from 'vitest';
import { checkRunbookBaseUrl, renderAlerts } from './render.ts';

const SOURCE = `# rules
groups:
  - name: g
    rules:
      # why this alert exists
      - alert: ServiceDown
        expr: up == 0
        annotations:
          summary: "down"
          runbook_url: "README.md#servicedown"
      - alert: NoAnnotations
        expr: vector(1)
`;

describe('renderAlerts', () => {
  it('when rendered with a base, then every rule gets <base>#<alert in lower case> and nothing else changes', () => {
    const rendered = renderAlerts(SOURCE, 'https://git.example.org/r/README.md');

    expect(rendered).toBe(
      SOURCE.replace('README.md#servicedown', 'https://git.example.org/r/README.md#servicedown').replace(
        '        expr: vector(1)\n',
        '        expr: vector(1)\n        annotations:\n          runbook_url: https://git.example.org/r/README.md#noannotations\n',
      ),
    );
  });

  it('when the file has no groups list, then it fails naming it', () => {
    expect(() => renderAlerts('rules: []\n', 'https://x.example/')).toThrow('alerts file has no "groups" list');
  });
});

describe('checkRunbookBaseUrl', () => {
  it('when the base is relative, not http(s) or has a fragment, then it is refused with the reason', () => {
    expect([
      checkRunbookBaseUrl('README.md'),
      checkRunbookBaseUrl('file:///tmp/README.md'),
      checkRunbookBaseUrl('https://x.example/README.md#top'),
      checkRunbookBaseUrl('https://x.example/README.md'),
    ]).toEqual([
      '--runbook-base-url must be an absolute URL, got "README.md"',
      '--runbook-base-url must be http(s), got "file:"',
      "--runbook-base-url must not contain a fragment (#…): the alert's anchor is appended",
      undefined,
    ]);
  });
});
