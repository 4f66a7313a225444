// The two Kafka clients every service opens on one set of connection variables, so that the
// brokers, client id and TLS/SASL settings are read in one place for all three services.
import type { Logger } from 'pino';
import { createKafka } from './create-kafka.ts';
import { type KafkaSecurityConfig, kafkaSecurity } from './kafka-security.ts';

export interface ServiceKafkaConfig extends KafkaSecurityConfig {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string;
}

/**
 * `keepTrying` carries the service's consumer and producer through an outage; `failFast` is for
 * what must answer now (a readiness probe, the ingest's produce inside a request).
 */
export function createServiceKafka(config: ServiceKafkaConfig, service: string, logger: Logger) {
  const options = {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID ?? service,
    logger,
    security: kafkaSecurity(config),
  };
  return {
    keepTrying: createKafka({ ...options, retry: 'keepTrying' }),
    failFast: createKafka({ ...options, retry: 'failFast' }),
  };
}
