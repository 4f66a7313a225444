// The same alert rules as a PrometheusRule (monitoring.coreos.com/v1) for clusters that run the
// Prometheus Operator: alerts.yml is the one source, this object wraps its groups unchanged
// (comments too) with the rendered runbook URLs. The overlay adds the `release` label that
// kube-prometheus-stack selects rules by.
import { Document, parseDocument } from 'yaml';
import { renderAlerts } from './render.ts';

export const PROMETHEUS_RULE_FILE = 'deploy/kubernetes/overlays/prometheus-operator/prometheusrule.yaml';

const HEADER = [
  ` Generated from deploy/prometheus/alerts.yml; do not edit. Regenerate after changing the rules:`,
  `   npm run alerts:render -- --format prometheus-rule --out ${PROMETHEUS_RULE_FILE}`,
  ` (test/deploy/kubernetes.int.test.ts fails when the two differ). Render with your runbook address`,
  ` (--runbook-base-url) before applying, as for alerts.yml.`,
].join('\n');

export function renderPrometheusRule(source: string, base: string): string {
  const groups = parseDocument(renderAlerts(source, base)).get('groups', true);
  const rule = new Document({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'booking-pipeline',
      labels: { 'app.kubernetes.io/name': 'booking-pipeline' },
    },
    spec: {},
  });
  rule.setIn(['spec', 'groups'], groups);
  rule.commentBefore = HEADER;
  return rule.toString({ lineWidth: 0 });
}
