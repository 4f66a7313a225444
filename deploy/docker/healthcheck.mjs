// Container health check (Dockerfile HEALTHCHECK, docker-compose.yml): exits 0 when the service
// named by $SERVICE answers GET /healthz with 2xx on its port, 1 otherwise. Liveness, not
// readiness: a service that waits for Kafka or MariaDB is alive, and restarting it for that
// (Docker's restart policies act on `unhealthy`) would only lose its spool or its progress.
// Nothing in compose waits on a service's health; readiness is /readyz, for load balancers and
// Kubernetes' readinessProbe.
const ports = {
  ingest: process.env.INGEST_PORT ?? '3000',
  booker: process.env.BOOKER_PORT ?? '3001',
  'cache-invalidator': process.env.INVALIDATOR_PORT ?? '3002',
};
const port = ports[process.env.SERVICE ?? ''];
if (port === undefined) {
  console.error(`healthcheck: SERVICE must be one of ${Object.keys(ports).join(', ')}`);
  process.exit(1);
}
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
