// What every service's buildApp(config, deps) returns (DESIGN.md "Layout"): the skeleton the
// three share, so that main, tests and tools drive them alike.

export interface ServiceApp {
  /** Opens, checks and starts in order; rejects (and main exits) when a dependency is missing. */
  start(): Promise<void>;
  /** Idempotent and safe before start (createStopOnce): every call until the next start gets the same promise. */
  stop(): Promise<void>;
  /** undefined when ready, else why not: what /readyz answers (readinessAnswer in @booking/shared/http). */
  readiness(): string | undefined;
  /** Port of the HTTP server once started (useful with port 0). */
  port(): number | undefined;
}
