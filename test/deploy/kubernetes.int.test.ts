// deploy/kubernetes rendered with `kubectl kustomize` and checked the way a cluster and a reviewer
// would: every object against the Kubernetes schema of its kind, then what the README promises —
// probes, non-root read-only pods with requests and limits, one spool volume per ingest pod,
// bookers that wait for the migrations (the wait loop is run against the real MariaDB), PDBs and
// Services that select the pods, and an environment every service accepts.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { configProblems } from '@booking/shared/config';
import { createScratchDatabase } from '@booking/shared/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SERVICE_SCHEMAS, schemaVariables } from '../docs/configuration.ts';
import {
  exampleSecret,
  find,
  findByApp,
  type K8sObject,
  KUBERNETES,
  matches,
  podEnvironment,
  ROOT,
  render,
  schemaErrors,
  WORKLOAD_KINDS,
} from './manifests.ts';

const base = render(KUBERNETES);
const withOperator = render(join(KUBERNETES, 'overlays', 'prometheus-operator'));
const workloads = base.filter((o) => WORKLOAD_KINDS.includes(o.kind));
const SERVICES = { ingest: 'INGEST_PORT', booker: 'BOOKER_PORT', 'cache-invalidator': 'INVALIDATOR_PORT' } as const;

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** One line per service that would refuse to start with `env`, naming each variable it refuses. */
function refusals(env: Record<string, string>): string[] {
  return Object.entries(SERVICE_SCHEMAS).flatMap(([service, schema]) => {
    const problems = configProblems(schema, env);
    return problems.length > 0 ? [`${service}: ${problems.join('; ')}`] : [];
  });
}

/** `node <file>` runs a file of the repository; `booking-pipeline …` the CLI the image links onto PATH. */
function entryPointExists(command: string[]): boolean {
  if (command[0] === 'node') return existsSync(join(ROOT, command[1] ?? ''));
  if (command[0] === 'booking-pipeline')
    return dockerfile.includes('/app/packages/cli/src/booking-pipeline.ts /usr/local/bin/booking-pipeline');
  return command[0] === '/bin/sh' && command.join(' ').includes('booking-pipeline migrate status');
}

// biome-ignore lint/suspicious/noExplicitAny: pod specs are read field by field
const podSpec = (o: K8sObject): any => o.spec.template.spec;
// biome-ignore lint/suspicious/noExplicitAny: containers are read field by field
const containersOf = (o: K8sObject): any[] => [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers];

describe('deploy/kubernetes (kustomize base)', () => {
  it('when rendered, then every object is valid against the Kubernetes schema of its kind', async () => {
    const errors = (await Promise.all(base.map(schemaErrors))).flat();

    expect(base.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/booking-pipeline-config',
      'Deployment/booker',
      'Deployment/cache-invalidator',
      'HorizontalPodAutoscaler/ingest',
      'Job/migrate-0.1.0',
      'Namespace/booking-pipeline',
      'PodDisruptionBudget/booker',
      'PodDisruptionBudget/cache-invalidator',
      'PodDisruptionBudget/ingest',
      'Service/booker',
      'Service/cache-invalidator',
      'Service/ingest',
      'Service/ingest-pods',
      'StatefulSet/ingest',
    ]);
    expect(errors).toEqual([]);
    expect(base.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'booking-pipeline')).toEqual([]);
  });

  it('when an object has a schema error, then the validation names the object and the field', async () => {
    const broken = {
      ...find(base, 'Deployment', 'booker'),
      spec: { ...find(base, 'Deployment', 'booker').spec, replicas: 'two' },
    };

    expect(await schemaErrors(broken)).toEqual(['Deployment booker: data/spec/replicas must be integer']);
  });

  it('when a pod of any workload starts, then it runs as non-root on a read-only root filesystem, without privileges, with requests and limits', () => {
    const problems = workloads.flatMap((w) => {
      const pod = podSpec(w);
      const writable = new Set(
        pod.volumes?.filter((v: { emptyDir?: unknown }) => v.emptyDir).map((v: { name: string }) => v.name),
      );
      return [
        pod.securityContext?.runAsNonRoot === true ? [] : [`${w.metadata.name}: runAsNonRoot`],
        pod.securityContext?.seccompProfile?.type === 'RuntimeDefault' ? [] : [`${w.metadata.name}: seccomp`],
        pod.automountServiceAccountToken === false ? [] : [`${w.metadata.name}: service account token mounted`],
        ...containersOf(w).flatMap((c) => {
          const where = `${w.metadata.name}/${c.name}`;
          return [
            c.securityContext?.readOnlyRootFilesystem === true ? [] : [`${where}: readOnlyRootFilesystem`],
            c.securityContext?.allowPrivilegeEscalation === false ? [] : [`${where}: allowPrivilegeEscalation`],
            JSON.stringify(c.securityContext?.capabilities?.drop) === '["ALL"]' ? [] : [`${where}: capabilities`],
            c.resources?.requests?.cpu && c.resources?.requests?.memory ? [] : [`${where}: requests`],
            c.resources?.limits?.cpu && c.resources?.limits?.memory ? [] : [`${where}: limits`],
            c.volumeMounts?.some((m: { name: string; mountPath: string }) => m.mountPath === '/tmp' && writable.has(m.name))
              ? []
              : [`${where}: no writable /tmp`],
            entryPointExists(c.command) ? [] : [`${where}: entry point ${c.command.join(' ')} not in the image`],
          ].flat();
        }),
      ].flat();
    });

    expect(workloads.map((w) => `${w.kind}/${w.metadata.name}`).sort()).toEqual([
      'Deployment/booker',
      'Deployment/cache-invalidator',
      'Job/migrate-0.1.0',
      'StatefulSet/ingest',
    ]);
    expect(problems).toEqual([]);
  });

  it('when a service runs, then liveness probes /healthz and readiness /readyz on the port it listens on, which Prometheus scrapes', () => {
    const env = podEnvironment(base);

    const seen = Object.keys(SERVICES).map((name) => {
      const workload = base.find((o) => WORKLOAD_KINDS.includes(o.kind) && o.metadata.name === name) as K8sObject;
      const container = podSpec(workload).containers[0];
      const portOf = (named: string) => container.ports.find((p: { name: string }) => p.name === named)?.containerPort;
      return {
        name,
        command: container.command,
        liveness: [container.livenessProbe?.httpGet?.path, portOf(container.livenessProbe?.httpGet?.port)],
        readiness: [container.readinessProbe?.httpGet?.path, portOf(container.readinessProbe?.httpGet?.port)],
        startup: container.startupProbe?.httpGet?.path,
        scrape: [
          workload.spec.template.metadata.annotations['prometheus.io/scrape'],
          workload.spec.template.metadata.annotations['prometheus.io/port'],
        ],
      };
    });

    expect(seen).toEqual(
      Object.entries(SERVICES).map(([name, portVariable]) => {
        const port = Number(env[portVariable]);
        return {
          name,
          command: ['node', `services/${name}/src/main.ts`],
          liveness: ['/healthz', port],
          readiness: ['/readyz', port],
          startup: '/healthz',
          scrape: ['true', String(port)],
        };
      }),
    );
  });

  it('when a pod is stopped, then the grace period outlasts the preStop pause plus the drain deadline SHUTDOWN_GRACE_MS', () => {
    const graceMs = Number(podEnvironment(base).SHUTDOWN_GRACE_MS);

    const tooShort = workloads
      .filter((w) => w.kind !== 'Job')
      .filter((w) => {
        const preStopMs = (podSpec(w).containers[0].lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
        return (podSpec(w).terminationGracePeriodSeconds ?? 30) * 1000 <= preStopMs + graceMs;
      })
      .map((w) => w.metadata.name);

    expect(tooShort).toEqual([]);
  });

  it('when an ingest pod is replaced, then it gets its own spool volume back, mounted at INGEST_SPOOL_DIR and larger than the spool bound', () => {
    const ingest = find(base, 'StatefulSet', 'ingest');
    const env = podEnvironment(base);
    const claim = ingest.spec.volumeClaimTemplates.find((t: { metadata: { name: string } }) => t.metadata.name === 'spool');
    const mount = podSpec(ingest).containers[0].volumeMounts.find((m: { name: string }) => m.name === 'spool');
    const gibibytes = Number(/^(\d+)Gi$/.exec(claim?.spec.resources.requests.storage)?.[1]);

    expect(mount?.mountPath).toBe(env.INGEST_SPOOL_DIR);
    expect(claim?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(gibibytes * 1024 ** 3).toBeGreaterThan(Number(env.INGEST_SPOOL_MAX_BYTES));
    expect(ingest.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(podSpec(ingest).volumes.map((v: { name: string }) => v.name)).not.toContain('spool');
  });

  it('when pods are disrupted or addressed, then each PDB and each Service selects the pods of one workload on a port they have', () => {
    const pods = workloads.map((w) => ({
      name: w.metadata.name,
      labels: w.spec.template.metadata.labels,
      containers: podSpec(w).containers,
    }));
    const selected = (selector: Record<string, string>) => pods.filter((p) => matches(selector, p.labels)).map((p) => p.name);

    const budgets = base
      .filter((o) => o.kind === 'PodDisruptionBudget')
      .map((b) => [b.metadata.name, selected(b.spec.selector.matchLabels), b.spec.maxUnavailable]);
    const services = base
      .filter((o) => o.kind === 'Service')
      .map((s) => {
        const targets = selected(s.spec.selector);
        const named = pods
          .find((p) => p.name === targets[0])
          ?.containers.flatMap((c: { ports?: { name: string }[] }) => c.ports?.map((p) => p.name) ?? []);
        return [s.metadata.name, targets, s.spec.ports.every((p: { targetPort: string }) => named?.includes(p.targetPort))];
      });

    expect(budgets).toEqual(
      Object.keys(SERVICES)
        .map((name) => [name, [name], 1])
        .sort(),
    );
    expect(services.sort()).toEqual([
      ['booker', ['booker'], true],
      ['cache-invalidator', ['cache-invalidator'], true],
      ['ingest', ['ingest'], true],
      ['ingest-pods', ['ingest'], true],
    ]);
  });

  it('when the ConfigMap and the Secret made from secrets.env.example with real values are the environment, then each key is a configuration variable and every service accepts them', () => {
    const real = Object.fromEntries(Object.entries(exampleSecret()).map(([k, v]) => [k, v.replaceAll('CHANGE-ME', 'pw-9f2c')]));
    const env = podEnvironment(base, real);
    const known = new Set(schemaVariables().map((v) => v.name));

    const unknown = Object.keys(env).filter((k) => !known.has(k));
    const problems = refusals(env);

    expect(unknown).toEqual([]);
    expect(problems).toEqual([]);
    expect(env.NODE_ENV).toBe('production');
  });

  it('when the Secret is created from secrets.env.example unchanged, then every service refuses to start naming the placeholder variables', () => {
    const env = podEnvironment(base);

    const problems = refusals(env);

    expect(problems).toHaveLength(Object.keys(SERVICE_SCHEMAS).length);
    expect(problems.every((p) => /DATABASE_URL: holds a CHANGE-ME placeholder/.test(p))).toBe(true);
    expect(problems.find((p) => p.startsWith('ingest:'))).toMatch(/RETELL_API_KEY: holds a CHANGE-ME placeholder/);
  });
});

describe('deploy/kubernetes/overlays/prometheus-operator', () => {
  it('when rendered, then it is the base plus the alert rules and one ServiceMonitor that scrapes each of the three services once, with the job names the alerts expect', () => {
    const added = withOperator.filter((o) => !base.some((b) => b.kind === o.kind && b.metadata.name === o.metadata.name));
    const monitor = find(withOperator, 'ServiceMonitor', 'booking-pipeline');
    const selected = base.filter(
      (s) =>
        s.kind === 'Service' &&
        matches(monitor.spec.selector.matchLabels, s.metadata.labels) &&
        monitor.spec.selector.matchExpressions.every((e: { key: string }) => s.metadata.labels?.[e.key] === undefined),
    );
    const scraped = selected.flatMap((s) =>
      monitor.spec.endpoints
        .filter((e: { port: string }) => s.spec.ports.some((p: { name: string }) => p.name === e.port))
        .map(() => s.metadata.labels?.[monitor.spec.jobLabel]),
    );

    expect(added.map((o) => `${o.kind}/${o.metadata.name}/${o.metadata.namespace}`)).toEqual([
      'PrometheusRule/booking-pipeline/booking-pipeline',
      'ServiceMonitor/booking-pipeline/booking-pipeline',
    ]);
    expect(scraped.sort()).toEqual(['booker', 'cache-invalidator', 'ingest']);
  });
});

describe('the booker init container "wait-for-migrations"', () => {
  it('when migrations are pending, then it keeps waiting, and once the migrate Job command has run, then it lets the booker start', async () => {
    const booker = find(base, 'Deployment', 'booker');
    const wait = podSpec(booker).initContainers.find((c: { name: string }) => c.name === 'wait-for-migrations');
    const migrate = podSpec(findByApp(base, 'Job', 'migrate')).containers[0];
    const databaseUrl = (await createScratchDatabase('k8s_wait', 'absent')).url();
    // as in the image: `booking-pipeline` on PATH, Node 24 as `node`
    const bin = mkdtempSync(join(tmpdir(), 'k8s-bin-'));
    onTestFinished(() => rmSync(bin, { recursive: true, force: true }));
    writeFileSync(
      join(bin, 'booking-pipeline'),
      `#!/bin/sh\nexec node ${join(ROOT, 'packages', 'cli', 'src', 'booking-pipeline.ts')} "$@"\n`,
    );
    chmodSync(join(bin, 'booking-pipeline'), 0o755);
    const env = { ...process.env, DATABASE_URL: databaseUrl, PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}` };
    const waiter = spawn(wait.command[0], wait.command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => {
      if (waiter.exitCode === null) waiter.kill();
    });
    const exited = new Promise<number | null>((resolve) => waiter.on('exit', (code) => resolve(code)));
    const waiting = new Promise<string>((resolve) => waiter.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString())));

    const firstLine = await waiting;
    const migrated = await new Promise<number | null>((resolve) =>
      spawn(migrate.command[0], migrate.command.slice(1), { cwd: ROOT, env, stdio: 'ignore' }).on('exit', resolve),
    );

    expect(firstLine).toMatch(/^waiting for the migrate Job/);
    expect(migrated).toBe(0);
    expect(await exited).toBe(0);
  });
});
