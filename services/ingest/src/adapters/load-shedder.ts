// Load shedding at the door (DESIGN.md "Load shedding"): each webhook request is decided on its
// headers alone, before the body is read, verified, parsed or encoded, so a shed answer costs
// almost nothing. Counts the admitted requests until their response closes, samples the event
// loop's delay, and answers 429/503 with Retry-After when decideShedding says so. Probes and
// /metrics never pass through here. One warning per 10 s while shedding, not one line per request.
import type { ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AppError } from '@booking/shared/errors';
import type { Logger } from '@booking/shared/logger';
import type { IngestMetrics } from '../metrics.ts';
import { type HttpError, toHttpError } from './http-error.ts';
import { decideShedding, SHED_REASONS, type ShedLimits, type ShedReason } from './shedding-decision.ts';

export interface LoadShedderOptions {
  limits: ShedLimits;
  acceptsRecords: () => boolean;
  metrics: Pick<IngestMetrics, 'webhooksShed' | 'inFlight'>;
  logger: Logger;
  /** How often the event-loop delay is sampled; its p99 over that window is the signal. */
  sampleMs?: number;
}

export interface LoadShedder {
  /** The answer to send now, or undefined: admitted, and in flight until `response` closes. */
  admit(response: ServerResponse): HttpError | undefined;
  start(): void;
  stop(): void;
}

const LOG_EVERY_MS = 10_000;

function answer(status: 429 | 503, retryAfterSeconds: number): HttpError {
  const error =
    status === 503
      ? new AppError('SPOOL_FULL', 'neither Kafka nor the spool can take records')
      : new AppError('OVERLOADED', 'the ingest is overloaded; retry after Retry-After seconds');
  return { ...toHttpError(error), retryAfterSeconds };
}

export function createLoadShedder(options: LoadShedderOptions): LoadShedder {
  const { limits, metrics, logger } = options;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let inFlight = 0;
  let eventLoopDelayMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastLog = 0;
  const shedSinceLog: Record<ShedReason, number> = { unavailable: 0, in_flight: 0, event_loop: 0 };
  for (const reason of SHED_REASONS) metrics.webhooksShed.inc({ reason }, 0);
  // built once: a shed answer must cost as little as possible (no error, no stack trace each time)
  const answers = {
    429: answer(429, limits.retryAfterSeconds),
    503: answer(503, limits.unavailableRetryAfterSeconds),
  };

  function sample(): void {
    eventLoopDelayMs = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
    histogram.reset();
    const shed = Object.values(shedSinceLog).reduce((a, b) => a + b, 0);
    if (shed > 0 && Date.now() - lastLog >= LOG_EVERY_MS) {
      logger.warn({ shed: { ...shedSinceLog }, inFlight, eventLoopDelayMs: Math.round(eventLoopDelayMs) }, 'shedding load');
      for (const reason of SHED_REASONS) shedSinceLog[reason] = 0;
      lastLog = Date.now();
    }
  }

  return {
    admit(response) {
      const load = { inFlight, eventLoopDelayMs, acceptsRecords: options.acceptsRecords() };
      const decision = decideShedding(load, limits);
      if (decision.shed) {
        metrics.webhooksShed.inc({ reason: decision.reason });
        shedSinceLog[decision.reason] += 1;
        return answers[decision.status];
      }
      inFlight += 1;
      metrics.inFlight.set(inFlight);
      // 'close' fires once for every response, sent or aborted, so the count cannot leak
      response.once('close', () => {
        inFlight -= 1;
        metrics.inFlight.set(inFlight);
      });
      return undefined;
    },
    start() {
      histogram.enable();
      timer = setInterval(sample, options.sampleMs ?? 500);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
