// How the services reach a secured Kafka (TLS, SASL) and schema registry (HTTP basic auth): the
// variables and the rules between them. Turning them into client options happens once, in
// kafka/kafka-security.ts and registry/index.ts.
import { z } from 'zod';
import { flag, readableFile } from './env-types.ts';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export const connectionSecurityFields = {
  // TLS to the brokers; without a CA file the system's CAs verify them (managed clusters).
  KAFKA_SSL: flag,
  KAFKA_SSL_CA_FILE: readableFile.optional(),
  // Client certificate and key (PEM) for clusters that require mutual TLS; both or neither.
  KAFKA_SSL_CERT_FILE: readableFile.optional(),
  KAFKA_SSL_KEY_FILE: readableFile.optional(),
  // Case-insensitive: brokers and their docs spell it SCRAM-SHA-512, kafkajs wants lower case.
  KAFKA_SASL_MECHANISM: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(SASL_MECHANISMS, { message: `must be one of ${SASL_MECHANISMS.join(', ')} (any case)` }))
    .optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  SCHEMA_REGISTRY_USERNAME: z.string().min(1).optional(),
  SCHEMA_REGISTRY_PASSWORD: z.string().min(1).optional(),
};

type SecurityEnv = z.output<z.ZodObject<typeof connectionSecurityFields>>;

/** Cross-field rules; each message names the variables involved, never a value. */
export function checkConnectionSecurity(env: SecurityEnv, ctx: z.RefinementCtx): void {
  const issue = (variable: keyof SecurityEnv, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  for (const variable of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const) {
    if (env[variable] && !env.KAFKA_SSL) issue(variable, 'is set, but KAFKA_SSL is not true');
  }
  if (env.KAFKA_SSL_CERT_FILE && !env.KAFKA_SSL_KEY_FILE) issue('KAFKA_SSL_KEY_FILE', 'is required with KAFKA_SSL_CERT_FILE');
  if (env.KAFKA_SSL_KEY_FILE && !env.KAFKA_SSL_CERT_FILE) issue('KAFKA_SSL_CERT_FILE', 'is required with KAFKA_SSL_KEY_FILE');
  if (env.KAFKA_SASL_MECHANISM) {
    for (const variable of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (!env[variable]) issue(variable, 'is required when KAFKA_SASL_MECHANISM is set');
    }
  } else if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD) {
    issue('KAFKA_SASL_MECHANISM', 'is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set');
  }
  if (Boolean(env.SCHEMA_REGISTRY_USERNAME) !== Boolean(env.SCHEMA_REGISTRY_PASSWORD)) {
    const missing = env.SCHEMA_REGISTRY_USERNAME ? 'SCHEMA_REGISTRY_PASSWORD' : 'SCHEMA_REGISTRY_USERNAME';
    const given = env.SCHEMA_REGISTRY_USERNAME ? 'SCHEMA_REGISTRY_USERNAME' : 'SCHEMA_REGISTRY_PASSWORD';
    issue(missing, `is required with ${given}`);
  }
}
