// The fastify app: raw-body webhook routes, probes, metrics and the one error boundary of the
// HTTP entry point. Each webhook request is logged once (outcome, latency; never body,
// signature or personal data; the routine outcomes at debug, summed up at info by
// access-summary.ts) and counted in webhooks_received_total.
import { CALCOM_TRIGGERS } from '@booking/shared/events';
import { livenessAnswer, type ProbeAnswer, type ReadinessCheck, readinessAnswer } from '@booking/shared/http';
import type { Logger } from '@booking/shared/logger';
import type { Registry } from '@booking/shared/metrics';
import { type Context, context, type Span } from '@opentelemetry/api';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebhookRequest } from '../handlers/authenticate-webhook.ts';
import { deliveryIdOf } from '../handlers/delivery-id.ts';
import type { WebhookSource } from '../handlers/event-id.ts';
import { standardWebhookHeadersOf } from '../handlers/verify-standard-webhook.ts';
import type { WebhookOutcome } from '../handlers/webhook-outcome.ts';
import type { IngestMetrics } from '../metrics.ts';
import { createAccessSummary, ROUTINE_OUTCOMES } from './access-summary.ts';
import { type HttpError, toHttpError } from './http-error.ts';
import type { LoadShedder } from './load-shedder.ts';
import { openApiDocument } from './openapi.ts';
import { endRequestSpan, startRequestSpan } from './request-span.ts';

export type Receive = (raw: Buffer, request: WebhookRequest) => Promise<WebhookOutcome>;

export interface HttpServerOptions {
  bodyLimit: number;
  logger: Logger;
  metrics: IngestMetrics;
  registry: Registry;
  /** undefined when ready, else why not: /readyz answers it in the shape of every service (readinessAnswer). */
  readiness: ReadinessCheck;
  /** The ingest's own /readyz fields beside status and reason: kafka, spoolBytes (and ready, kept for old readers). */
  readinessDetails: () => Record<string, unknown>;
  /** Answers webhooks 429/503 before any work while overloaded; probes and /metrics bypass it. */
  shedder?: LoadShedder;
  /** How often the info line summing up the answered webhooks is written (default 10 s). */
  accessSummaryMs?: number;
  calcom: Receive;
  retell: Receive;
}

interface RequestInfo {
  source: WebhookSource;
  trigger: string;
  outcome: string;
  eventId?: string;
  deliveryId?: string;
  deliveryIdIgnored?: string;
  shed?: boolean;
  /** the request's span and the context with it active, while tracing runs */
  span?: Span;
  context?: Context;
}

// label values come from untrusted input: only known names, everything else is "other"
// (the handled Cal.com triggers come from CALCOM_TRIGGERS; the rest are ones we answer "ignored")
const KNOWN_TRIGGERS = new Set<string>([
  ...CALCOM_TRIGGERS,
  ...['BOOKING_NO_SHOW_UPDATED', 'PING', 'MEETING_STARTED', 'MEETING_ENDED', 'RECORDING_READY'],
  ...['FORM_SUBMITTED', 'FORM_SUBMITTED_NO_EVENT', 'INSTANT_MEETING', 'OOO_CREATED'],
  ...['call_started', 'call_ended', 'call_analyzed', 'transcript_updated'],
]);
const triggerLabel = (trigger: string) => (trigger === 'unknown' || KNOWN_TRIGGERS.has(trigger) ? trigger : 'other');

const SOURCES: Record<string, WebhookSource> = { '/webhooks/calcom': 'calcom', '/webhooks/retell': 'retell' };

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { logger, metrics } = options;
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit, return503OnClosing: true, forceCloseConnections: 'idle' });
  const info = new WeakMap<FastifyRequest, RequestInfo>();
  const log = logger.child({ component: 'http' });
  const summary = createAccessSummary(log, options.accessSummaryMs);
  app.addHook('onClose', async () => summary.stop());

  // the signature covers the exact bytes, so the body stays a Buffer; any other type is a 415
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const sendError = (reply: FastifyReply, http: HttpError) => {
    if (http.retryAfterSeconds) reply.header('retry-after', String(http.retryAfterSeconds));
    return reply.status(http.status).send(http.body);
  };

  app.addHook('onRequest', async (request, reply) => {
    const source = SOURCES[request.routeOptions.url ?? ''];
    if (!source || request.method !== 'POST') return;
    const entry: RequestInfo = { source, trigger: 'unknown', outcome: 'error', ...startRequestSpan(request) };
    info.set(request, entry);
    const shed = options.shedder?.admit(reply.raw);
    if (!shed) return;
    Object.assign(entry, { outcome: shed.outcome, shed: true });
    return sendError(reply, shed);
  });

  app.addHook('onResponse', async (request, reply) => {
    const seconds = reply.elapsedTime / 1000;
    const entry = info.get(request);
    if (!entry) {
      log.debug({ method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
      return;
    }
    const trigger = triggerLabel(entry.trigger);
    metrics.webhooksReceived.inc({ source: entry.source, trigger, outcome: entry.outcome });
    metrics.requestDuration.observe({ source: entry.source, outcome: entry.outcome }, seconds);
    const { source, outcome, eventId, deliveryId, deliveryIdIgnored } = entry;
    const fields = { source, trigger, outcome, status: reply.statusCode, eventId, deliveryId, deliveryIdIgnored };
    // shed answers are counted and summarised by the shedder: a line each would add to the overload
    const routine = entry.shed || ROUTINE_OUTCOMES.has(outcome);
    if (!entry.shed) summary.note(source, outcome, reply.elapsedTime);
    const line = () =>
      (routine ? log.debug : log.info).call(log, { ...fields, ms: Math.round(reply.elapsedTime * 100) / 100 }, 'webhook');
    if (!entry.span || !entry.context) return line();
    context.with(entry.context, line);
    endRequestSpan(entry.span, { status: reply.statusCode, outcome, eventId, deliveryId });
  });

  app.setErrorHandler(async (error, request, reply) => {
    const http = toHttpError(error);
    // A body over the limit is refused before it is read, and Node then closes the connection
    // under the sender's upload: about 1 in 5 senders saw a broken pipe (EPIPE, 'fetch failed')
    // instead of the 413. Up to twice the limit the rest is read and discarded first, so the
    // answer reaches them; beyond that, closing at once is the cheaper defence.
    if (http.status === 413 && !request.raw.complete && Number(request.headers['content-length']) <= 2 * options.bodyLimit) {
      request.raw.resume();
      await new Promise((resolve) => request.raw.once('end', resolve).once('close', resolve));
    }
    const entry = info.get(request);
    if (entry) entry.outcome = http.outcome;
    if (http.status >= 500)
      context.with(entry?.context ?? context.active(), () => log.error({ err: error, url: request.url }, 'request failed'));
    return sendError(reply, http);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'NOT_FOUND', message: `no route ${request.method} ${request.url}`, details: [] }),
  );

  const webhookRoute = (receive: Receive, header: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const text = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const { deliveryId, ignored } = deliveryIdOf(request.headers);
    const entry = info.get(request);
    if (entry) Object.assign(entry, { deliveryId, deliveryIdIgnored: ignored });
    const gateway = standardWebhookHeadersOf(request.headers);
    // inside the request's span: the record's publish span and every log line of the work are its children
    const work = () => receive(raw, { signature: text(header), gateway, deliveryId });
    const result = await (entry?.context ? context.with(entry.context, work) : work());
    if (entry) {
      entry.outcome = result.outcome;
      entry.trigger = result.trigger;
      if (result.outcome !== 'ignored') entry.eventId = result.eventId;
    }
    if (result.outcome === 'ignored') return reply.status(200).send({ status: 'ignored', reason: result.reason });
    if (result.outcome === 'accepted') metrics.stages.observe({ stage: 'ingest_ack' }, reply.elapsedTime / 1000);
    const body = { status: 'accepted', bookingUid: result.bookingUid, eventId: result.eventId };
    return reply.status(202).send(result.outcome === 'spooled' ? { ...body, spooled: true } : body);
  };
  app.post('/webhooks/calcom', webhookRoute(options.calcom, 'x-cal-signature-256'));
  app.post('/webhooks/retell', webhookRoute(options.retell, 'x-retell-signature'));

  const answer = (reply: FastifyReply, { statusCode, body }: ProbeAnswer) => reply.status(statusCode).send(body);
  // the ingest is alive while it answers: what could hang it (Kafka) is the spool's job
  app.get('/healthz', async (_request, reply) => answer(reply, livenessAnswer(undefined)));
  app.get('/readyz', async (_request, reply) => answer(reply, readinessAnswer(options.readiness(), options.readinessDetails())));
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', options.registry.contentType).send(await options.registry.metrics()),
  );
  app.get('/openapi.json', async () => openApiDocument);
  return app;
}
