// The one shape of the probe answers of every service (DESIGN.md "Readiness"), so that an
// orchestrator, `npm start`, the chaos suite and on-call read the three services alike: the
// consumers' health server and the ingest's fastify routes both answer through these.

/** undefined when ready (or alive), else a short reason why not. */
export type ReadinessCheck = () => string | undefined;

export interface ProbeAnswer {
  statusCode: 200 | 503;
  body: Record<string, unknown>;
}

/**
 * GET /readyz: 200 `{status: "ready"}` or 503 `{status: "not ready", reason}`; a service's own
 * fields (the ingest's `kafka`, `spoolBytes`) go beside them and never replace them.
 */
export function readinessAnswer(reason: string | undefined, details: Record<string, unknown> = {}): ProbeAnswer {
  return reason === undefined
    ? { statusCode: 200, body: { ...details, status: 'ready' } }
    : { statusCode: 503, body: { ...details, status: 'not ready', reason } };
}

/** GET /healthz: 200 `{status: "ok"}` or 503 `{status: "not alive", reason}` (the orchestrator restarts). */
export function livenessAnswer(reason: string | undefined): ProbeAnswer {
  return reason === undefined
    ? { statusCode: 200, body: { status: 'ok' } }
    : { statusCode: 503, body: { status: 'not alive', reason } };
}
