// The settings the ingest accepts but an operator should hear about at start. Its schema is
// ingestSchema in packages/shared/src/config, like every service's.
import type { IngestConfig } from '@booking/shared/config';

export interface StartupWarning {
  variable: string;
  message: string;
}

export function startupWarnings(config: IngestConfig): StartupWarning[] {
  const warnings: StartupWarning[] = [];
  const unsigned = config.GATEWAY_WEBHOOK_SECRETS.length > 0 ? ' not signed by the gateway' : '';
  const refused = (what: string) => `every ${what} webhook${unsigned} is answered 401`;
  if (config.CALCOM_WEBHOOK_SECRETS.length === 0) {
    warnings.push({ variable: 'CALCOM_WEBHOOK_SECRETS', message: `no Cal.com secret set: ${refused('Cal.com')}` });
  }
  if (!config.RETELL_API_KEY) {
    warnings.push({ variable: 'RETELL_API_KEY', message: `no Retell API key set: ${refused('Retell')}` });
  }
  if (config.CALCOM_ALLOWED_TEAM_IDS.length === 0 && config.CALCOM_ALLOWED_EVENT_TYPE_IDS.length === 0) {
    warnings.push({
      variable: 'CALCOM_ALLOWED_TEAM_IDS',
      message: 'no team or event-type allow-list: bookings of every team and event type are accepted',
    });
  }
  if (config.INGEST_SPOOL_MAX_BYTES === 0) {
    warnings.push({
      variable: 'INGEST_SPOOL_MAX_BYTES',
      message: 'spool disabled: while Kafka is down webhooks are answered 503',
    });
  }
  return warnings;
}
