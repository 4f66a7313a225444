// The ingest's configuration: the shared ingestSchema plus the topic names (defaults are the
// contract's; the benchmark and tests point them at throw-away topics), and the settings it
// accepts but an operator should hear about at start.
import { ingestSchema, topicName } from '@booking/shared/config';
import { TOPICS } from '@booking/shared/kafka';
import type { z } from 'zod';

export const ingestServiceSchema = ingestSchema.safeExtend({
  INGEST_TOPIC_CALCOM: topicName(TOPICS.calcom),
  INGEST_TOPIC_RETELL: topicName(TOPICS.retell),
});
export type IngestConfig = z.output<typeof ingestServiceSchema>;

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
