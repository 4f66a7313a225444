// Starts the OpenTelemetry SDK, or not (DESIGN.md "Tracing"). Only when an endpoint is set and
// OTEL_SDK_DISABLED is not true: then a tracer provider with a batch span processor and an OTLP/HTTP
// exporter, the AsyncLocalStorage context manager and the W3C propagator become the global ones.
// Otherwise nothing of the SDK is even loaded: the API's no-op tracer and propagator stay, and
// the adapters skip their span work (isTracing()), so tracing off costs nothing measurable.
// Called once by each service's wiring, right after its configuration is read.
import { context, type DiagLogger, DiagLogLevel, diag, propagation, trace } from '@opentelemetry/api';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import type { TracingConfig } from '../config/tracing-fields.ts';
import { withDeadline } from '../lifecycle/with-deadline.ts';
import { createSampler, tracesUrl } from './sampler.ts';

export interface Tracing {
  readonly enabled: boolean;
  /** Exports what has ended so far (tests, before a check). */
  flush(): Promise<void>;
  /** Exports what is left and unregisters the SDK; after the services stopped. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  /** service.name unless OTEL_SERVICE_NAME is set */
  serviceName: string;
  version: string;
  /** export failures are logged here (warn), never thrown into the pipeline */
  logger: Logger;
}

let running = false;
const SHUTDOWN_EXPORT_MS = 2_000;

/** Whether spans are recorded in this process: adapters skip all span work when not. */
export function isTracing(): boolean {
  return running;
}

const OFF: Tracing = { enabled: false, flush: async () => {}, shutdown: async () => {} };

function diagLogger(logger: Logger): DiagLogger {
  const log = logger.child({ component: 'opentelemetry' });
  return {
    error: (message, ...args) => log.warn({ args }, message),
    warn: (message, ...args) => log.warn({ args }, message),
    info: (message) => log.debug(message),
    debug: () => {},
    verbose: () => {},
  };
}

export async function startTracing(config: TracingConfig, options: StartTracingOptions): Promise<Tracing> {
  const url = tracesUrl(config);
  if (config.OTEL_SDK_DISABLED || url === undefined) return OFF;
  if (running) throw new Error('startTracing() called twice in one process');
  const [sdk, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { resourceFromAttributes }] = await Promise.all(
    [
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
    ],
  );
  const { OTLPTraceExporter } =
    config.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json'
      ? await import('@opentelemetry/exporter-trace-otlp-http')
      : await import('@opentelemetry/exporter-trace-otlp-proto');
  diag.setLogger(diagLogger(options.logger), DiagLogLevel.WARN);
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? options.serviceName,
      [ATTR_SERVICE_VERSION]: options.version,
    }),
    sampler: createSampler(sdk, config),
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  running = true;
  options.logger.info(
    { endpoint: url, protocol: config.OTEL_EXPORTER_OTLP_PROTOCOL, sampler: config.OTEL_TRACES_SAMPLER },
    'tracing on',
  );
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= (async () => {
        // An unreachable collector costs the last spans, never a failed or late shutdown: the
        // exporter retries for up to 10 s, longer than the grace a service stops within.
        await withDeadline(provider.shutdown(), SHUTDOWN_EXPORT_MS, 'tracing export at shutdown').catch((error: unknown) =>
          options.logger.warn({ err: error }, 'tracing: the last spans were not exported'),
        );
        running = false;
        trace.disable();
        propagation.disable();
        context.disable();
        diag.disable();
      })();
      return stopped;
    },
  };
}
