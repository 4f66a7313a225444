// Public API: startHealthServer — the tiny HTTP server of the consumer services with
// GET /metrics (Prometheus), GET /healthz (process alive) and GET /readyz (dependencies usable);
// readinessAnswer and livenessAnswer — the probes' status and body, which the ingest's fastify
// app answers with too, so the three services share one shape.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { livenessAnswer, type ProbeAnswer, type ReadinessCheck, readinessAnswer } from './probe-answers.ts';

export { livenessAnswer, type ProbeAnswer, type ReadinessCheck, readinessAnswer } from './probe-answers.ts';

const send = (res: ServerResponse, { statusCode, body }: ProbeAnswer) =>
  res.writeHead(statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(body));

export interface HealthServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  readiness: ReadinessCheck;
  /** undefined while alive, else why not: /healthz answers 503 and the orchestrator restarts the process. */
  liveness?: ReadinessCheck;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      send(res, livenessAnswer(options.liveness?.()));
    } else if (path === '/readyz') {
      send(res, readinessAnswer(options.readiness()));
    } else if (path === '/metrics') {
      options.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
