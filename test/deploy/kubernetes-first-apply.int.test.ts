// What makes the first `kubectl apply -k` safe and every later one repeatable (issue #18): no
// Secret in the rendered output (an apply would reset the real one), a migrate Job per release,
// PDBs that let a node drain evict pods that are not ready, pods spread over zones and nodes,
// the alert rules as a PrometheusRule that matches alerts.yml, the `release` label
// kube-prometheus-stack selects by, and strict unknown-field validation of every object.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_RULE_FILE, renderPrometheusRule } from '../../packages/cli/src/render-alerts/prometheus-rule.ts';
import { DEFAULT_RUNBOOK_BASE_URL } from '../../packages/cli/src/render-alerts/render.ts';
import { find, findByApp, type K8sObject, KUBERNETES, ROOT, render, schemaErrors, WORKLOAD_KINDS } from './manifests.ts';
import { unknownFieldErrors } from './strict-fields.ts';

const RENDERINGS = {
  base: render(KUBERNETES),
  'prometheus-operator': render(join(KUBERNETES, 'overlays', 'prometheus-operator')),
  keda: render(join(KUBERNETES, 'overlays', 'keda')),
};
const base = RENDERINGS.base;
const withOperator = RENDERINGS['prometheus-operator'];
const workloads = base.filter((o) => WORKLOAD_KINDS.includes(o.kind));
const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

describe('deploy/kubernetes: strict validation', () => {
  it('when every rendering is checked field by field against the schema of its kind (CRDs included), then no object has an unknown or mistyped field', async () => {
    const objects = [...new Map(Object.values(RENDERINGS).flatMap((r) => r.map((o) => [key(o), o]))).values()];

    const errors = [...unknownFieldErrors(objects), ...(await Promise.all(objects.map(schemaErrors))).flat()];

    expect(objects.map(key)).toEqual(
      expect.arrayContaining(['PrometheusRule/booking-pipeline', 'ServiceMonitor/booking-pipeline', 'ScaledObject/booker']),
    );
    expect(errors).toEqual([]);
  });

  it('when an object has a field its kind does not know, at any depth, then the check names the object and the field', () => {
    const pdb = structuredClone(find(base, 'PodDisruptionBudget', 'booker'));
    pdb.spec.unhealthyPodEvictionPolicyy = 'AlwaysAllow';
    const booker = structuredClone(find(base, 'Deployment', 'booker'));
    booker.spec.template.spec.containers[0].resources.limit = { cpu: '1' };

    const errors = unknownFieldErrors([pdb, booker]);

    expect(errors).toEqual([
      expect.stringMatching(/^PodDisruptionBudget booker: .*'"unhealthyPodEvictionPolicyy"' does not exist/),
      expect.stringMatching(/^Deployment booker: .*'"limit"' does not exist in type 'IResourceRequirements'/),
    ]);
  });
});

describe('deploy/kubernetes: a first apply is safe', () => {
  it('when the base or an overlay is rendered, then it contains no Secret and no placeholder value', () => {
    const rendered = Object.values(RENDERINGS).flat();

    expect(rendered.filter((o) => o.kind === 'Secret').map(key)).toEqual([]);
    expect(JSON.stringify(rendered)).not.toMatch(/CHANGE-ME/i);
  });

  it('when the workloads start, then each reads the Secret the operator creates from secrets.env.example, ignored by git', () => {
    const secretRefs = workloads.flatMap((w) =>
      [...(w.spec.template.spec.initContainers ?? []), ...w.spec.template.spec.containers].map(
        (c: { envFrom: { secretRef?: { name: string } }[] }) => c.envFrom.find((e) => e.secretRef)?.secretRef?.name,
      ),
    );
    const gitignore = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');

    expect(new Set(secretRefs)).toEqual(new Set(['booking-pipeline-secrets']));
    expect(gitignore).toContain('deploy/kubernetes/secrets.env');
  });

  it('when a release is applied, then its migrate Job is named after the release, which is the image tag', () => {
    const job = findByApp(base, 'Job', 'migrate');
    const release = job.metadata.labels?.['app.kubernetes.io/version'];
    const tag = job.spec.template.spec.containers[0].image.split(':').at(-1);

    expect(release).toBe(tag);
    expect(job.metadata.name).toBe(`migrate-${release}`);
    expect(workloads.map((w) => w.spec.template.metadata.labels['app.kubernetes.io/version'])).toEqual(
      workloads.map(() => release),
    );
  });

  it('when a node is drained while a dependency is down, then no PDB blocks it: unready pods may always be evicted', () => {
    const budgets = base.filter((o) => o.kind === 'PodDisruptionBudget');

    expect(budgets.map((b) => [b.metadata.name, b.spec.unhealthyPodEvictionPolicy])).toEqual(
      budgets.map((b) => [b.metadata.name, 'AlwaysAllow']),
    );
  });

  it('when pods are scheduled, then each long-running workload spreads its own pods over zones and nodes', () => {
    const spread = workloads
      .filter((w) => w.kind !== 'Job')
      .map((w) => ({
        name: w.metadata.name,
        constraints: w.spec.template.spec.topologySpreadConstraints?.map(
          (c: { topologyKey: string; labelSelector: { matchLabels: Record<string, string> } }) => [
            c.topologyKey,
            c.labelSelector.matchLabels['app.kubernetes.io/name'],
          ],
        ),
      }));

    expect(spread).toEqual(
      spread.map(({ name }) => ({
        name,
        constraints: [
          ['topology.kubernetes.io/zone', name],
          ['kubernetes.io/hostname', name],
        ],
      })),
    );
  });
});

describe('deploy/kubernetes/overlays/prometheus-operator: alert rules', () => {
  it('when alerts.yml changes, then the committed PrometheusRule is what alerts:render --format prometheus-rule generates from it', () => {
    const alerts = readFileSync(join(ROOT, 'deploy', 'prometheus', 'alerts.yml'), 'utf8');

    const generated = renderPrometheusRule(alerts, DEFAULT_RUNBOOK_BASE_URL);

    expect(readFileSync(join(ROOT, PROMETHEUS_RULE_FILE), 'utf8')).toBe(generated);
    expect(find(withOperator, 'PrometheusRule', 'booking-pipeline').spec).toEqual({ groups: parse(alerts).groups });
  });

  it('when kube-prometheus-stack selects by its release label, then the ServiceMonitor and the PrometheusRule carry it', () => {
    const labelled = withOperator.filter((o) => o.metadata.labels?.release === 'kube-prometheus-stack').map(key);

    expect(labelled.sort()).toEqual(['PrometheusRule/booking-pipeline', 'ServiceMonitor/booking-pipeline']);
  });
});
