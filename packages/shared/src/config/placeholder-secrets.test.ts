import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';
import { bookerSchema, ingestSchema, invalidatorSchema } from './schema.ts';

// what an example Secret holds before an operator replaces it
const EXAMPLE = {
  DATABASE_URL: 'mysql://booking:CHANGE-ME@mariadb.db.svc:3306/booking_pipeline',
  REDIS_URL: 'redis://:change-me@redis.cache.svc:6379/0',
  CALCOM_WEBHOOK_SECRETS: 'real-secret,CHANGE-ME-calcom-webhook-secret',
  RETELL_API_KEY: 'CHANGE-ME-retell-api-key',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'booking',
  KAFKA_SASL_PASSWORD: 'CHANGE-ME',
};

function refusedVariables(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    return (error as { details: { field: string }[] }).details.map((d) => d.field).sort();
  }
}

describe('placeholder secrets', () => {
  it('when NODE_ENV=production and the ingest gets example values, then start-up is refused naming each variable, never its value', () => {
    const load = () => loadConfig(ingestSchema, { ...EXAMPLE, NODE_ENV: 'production' });

    expect(refusedVariables(load)).toEqual([
      'CALCOM_WEBHOOK_SECRETS',
      'DATABASE_URL',
      'KAFKA_SASL_PASSWORD',
      'REDIS_URL',
      'RETELL_API_KEY',
    ]);
    expect(load).toThrow(/RETELL_API_KEY: holds a CHANGE-ME placeholder, refused with NODE_ENV=production/);
    expect(load).not.toThrow(/retell-api-key|calcom-webhook-secret/);
  });

  it('when NODE_ENV=production, then the booker and the invalidator refuse a placeholder in the URLs they read', () => {
    const env = { ...EXAMPLE, NODE_ENV: 'production' };

    expect(refusedVariables(() => loadConfig(bookerSchema, env))).toEqual(['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'REDIS_URL']);
    expect(refusedVariables(() => loadConfig(invalidatorSchema, env))).toEqual([
      'DATABASE_URL',
      'KAFKA_SASL_PASSWORD',
      'REDIS_URL',
    ]);
  });

  it('when NODE_ENV is development or test, then example values are accepted (a local stack has nothing to protect)', () => {
    expect(refusedVariables(() => loadConfig(ingestSchema, { ...EXAMPLE, NODE_ENV: 'development' }))).toEqual([]);
    expect(refusedVariables(() => loadConfig(bookerSchema, { ...EXAMPLE, NODE_ENV: 'test' }))).toEqual([]);
  });

  it('when NODE_ENV=production and the values are real, then nothing is refused', () => {
    const env = { NODE_ENV: 'production', CALCOM_WEBHOOK_SECRETS: 'a-real-secret', RETELL_API_KEY: 'key_0123' };

    expect(refusedVariables(() => loadConfig(ingestSchema, env))).toEqual([]);
  });
});
