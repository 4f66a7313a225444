// Public API of the ingest package (@booking/ingest): the app for tools and tests that run the
// ingest in-process (its config schema is ingestSchema in @booking/shared/config, like every
// service's), the webhook parsers for the contract tests that check what the booker would make
// of an accepted webhook, and the Standard Webhooks signer a gateway (or the bench, posing as
// one) uses. Nothing outside this package imports its src/ files
// directly; `main.ts` is the process entry, started by path.

export { buildApp, type IngestApp, type IngestDeps } from './app.ts';
export { type CalcomContext, parseCalcomWebhook } from './handlers/parse-calcom-webhook.ts';
export { parseRetellWebhook, type RetellContext } from './handlers/parse-retell-webhook.ts';
export { signStandardWebhook } from './handlers/verify-standard-webhook.ts';
