// The Kubernetes manifests as a cluster would receive them: rendered by `kubectl kustomize`
// (what `kubectl apply -k` applies), then looked at object by object, and each object validated
// against the Kubernetes JSON schema of its apiVersion/kind (kubernetes-models, offline; for KEDA
// and the Prometheus Operator the models generated from their CRDs' OpenAPI schemas). These
// schemas allow unknown fields; strict-fields.ts refuses them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const KUBERNETES = join(ROOT, 'deploy', 'kubernetes');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field by the tests
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export function render(dir: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (result.error) throw new Error(`kubectl: ${result.error.message} (kubectl with kustomize ≥ 5 is needed)`);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((d) => d.toJSON() as K8sObject);
}

/** The package that holds the models generated from the OpenAPI schema of a CRD's API group. */
const CRD_PACKAGES: Record<string, string> = {
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/** The module of the model of an object's kind: kubernetes-models, or the CRD's package. */
export function modelModule(object: K8sObject): string {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const pkg = CRD_PACKAGES[group ?? ''];
  if (pkg) return `${pkg}/${group}/${version}/${object.kind}`;
  return group === '' ? `kubernetes-models/${version}/${object.kind}` : `kubernetes-models/${group}/${version}/${object.kind}`;
}

/** The schema errors of one object, or a note that no schema is known for its kind. */
export async function schemaErrors(object: K8sObject): Promise<string[]> {
  const module = modelModule(object);
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = (await import(module))[object.kind];
  } catch {
    return [`${object.kind} ${object.metadata.name}: no schema for ${object.apiVersion}/${object.kind}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${object.kind} ${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job'];

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}

export function matches(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The keys of the Secret an operator creates outside kustomize, with their example values. */
export function exampleSecret(): Record<string, string> {
  return parseEnv(readFileSync(join(KUBERNETES, 'secrets.env.example'), 'utf8')) as Record<string, string>;
}

/** The environment every pod gets: the ConfigMap's data and the Secret created from the example. */
export function podEnvironment(objects: K8sObject[], secret = exampleSecret()): Record<string, string> {
  return { ...find(objects, 'ConfigMap', 'booking-pipeline-config').data, ...secret };
}

/** An object of a kind with a given app.kubernetes.io/name (the migrate Job's name carries the release). */
export function findByApp(objects: K8sObject[], kind: string, app: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.labels?.['app.kubernetes.io/name'] === app);
  if (!found) throw new Error(`no ${kind} of app ${app} in the rendered manifests`);
  return found;
}
