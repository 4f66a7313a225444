// The one place that turns the connection-security variables into kafkajs' `ssl` and `sasl`
// options (createKafka spreads them into the client). The password only ever goes to kafkajs;
// nothing here logs.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';

export interface KafkaSecurityConfig {
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SSL_CERT_FILE?: string;
  KAFKA_SSL_KEY_FILE?: string;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

export interface KafkaSecurity {
  /** `true` = TLS verified against the system's CAs. */
  ssl?: ConnectionOptions | true;
  sasl?: SASLOptions;
}

/** Reads the PEM files named by the (already validated) config; plaintext when KAFKA_SSL is off. */
export function kafkaSecurity(
  config: KafkaSecurityConfig,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (config.KAFKA_SSL) {
    const files = {
      ca: config.KAFKA_SSL_CA_FILE,
      cert: config.KAFKA_SSL_CERT_FILE,
      key: config.KAFKA_SSL_KEY_FILE,
    };
    const given = Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== undefined);
    // A CA file replaces the system CAs (a private CA); hostname verification stays on.
    security.ssl = given.length === 0 ? true : Object.fromEntries(given.map(([option, path]) => [option, readFile(path)]));
  }
  if (config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD) {
    security.sasl = {
      mechanism: config.KAFKA_SASL_MECHANISM,
      username: config.KAFKA_SASL_USERNAME,
      password: config.KAFKA_SASL_PASSWORD,
    } as SASLOptions;
  }
  return security;
}
