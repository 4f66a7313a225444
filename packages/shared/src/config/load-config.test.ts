import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { loadConfig } from './load-config.ts';
import { redisTarget } from './redis-connection.ts';
import { bookerSchema, commonSchema, ingestSchema } from './schema.ts';

describe('loadConfig', () => {
  it('when nothing is set, then every default points at the local stack', () => {
    const config = loadConfig(commonSchema, {});

    expect(config).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/booking_pipeline',
      LOG_LEVEL: 'info',
    });
    expect(redisTarget(config)).toEqual({ mode: 'standalone', url: 'redis://127.0.0.1:6379/0' });
  });

  it('when values are given, then they are coerced to their types', () => {
    const config = loadConfig(ingestSchema, {
      KAFKA_BROKERS: 'a:9092, b:9093',
      INGEST_PORT: '8080',
      CALCOM_WEBHOOK_SECRETS: 'one,two',
      CALCOM_ALLOWED_TEAM_IDS: '42, 7',
    });

    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(config.INGEST_PORT).toBe(8080);
    expect(config.CALCOM_WEBHOOK_SECRETS).toEqual(['one', 'two']);
    expect(config.CALCOM_ALLOWED_TEAM_IDS).toEqual(['42', '7']);
  });

  it('when several variables are wrong, then one error names each of them', () => {
    const load = () =>
      loadConfig(bookerSchema, { BOOKER_PORT: 'eighty', REDIS_URL: 'http://x', LOG_LEVEL: 'loud', KAFKA_BROKERS: 'nohost' });

    expect(load).toThrow(ConfigError);
    const fields = (() => {
      try {
        load();
      } catch (e) {
        return (e as ConfigError).details.map((d) => d.field).sort();
      }
    })();
    expect(fields).toEqual(['BOOKER_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL', 'REDIS_URL']);
  });

  it('when a secret is invalid, then the message names the variable but never echoes the value', () => {
    const load = () => loadConfig(ingestSchema, { NODE_ENV: 'production', CALCOM_WEBHOOK_SECRETS: 'no-secret-provided' });

    expect(load).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: invalid configuration:
        CALCOM_WEBHOOK_SECRETS: must not contain the literal "no-secret-provided" (Cal.com sends it when no secret is set)]
    `);
  });

  it('when production mode has no Cal.com secret, then start-up is refused naming CALCOM_WEBHOOK_SECRETS', () => {
    expect(() => loadConfig(ingestSchema, { NODE_ENV: 'production' })).toThrow(
      /CALCOM_WEBHOOK_SECRETS: is required when NODE_ENV=production/,
    );
  });

  it('when gateway secrets are whsec_ base64 keys, then both are kept for rotation', () => {
    const secrets = [`whsec_${Buffer.alloc(24, 1).toString('base64')}`, `whsec_${Buffer.alloc(32, 2).toString('base64')}`];

    expect(loadConfig(ingestSchema, { GATEWAY_WEBHOOK_SECRETS: secrets.join(', ') }).GATEWAY_WEBHOOK_SECRETS).toEqual(secrets);
  });

  it('when a gateway secret is malformed, then the message names the variable and the entry but never the value', () => {
    const valid = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;
    for (const bad of ['plain-secret-value', 'whsec_not*base64', `whsec_${Buffer.alloc(8).toString('base64')}`]) {
      const load = () => loadConfig(ingestSchema, { GATEWAY_WEBHOOK_SECRETS: `${valid},${bad}` });

      expect(load).toThrow(/GATEWAY_WEBHOOK_SECRETS: entry 2 must be whsec_<base64 of at least 16 bytes>/);
      expect(load).not.toThrow(bad);
    }
  });

  it('when production mode has only gateway secrets, then start-up is allowed', () => {
    const gateway = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;

    expect(loadConfig(ingestSchema, { NODE_ENV: 'production', GATEWAY_WEBHOOK_SECRETS: gateway }).CALCOM_WEBHOOK_SECRETS).toEqual(
      [],
    );
  });

  it('when the load-shedding bounds are out of range, then each is named', () => {
    const load = () =>
      loadConfig(ingestSchema, {
        INGEST_MAX_IN_FLIGHT: '0',
        INGEST_MAX_EVENT_LOOP_DELAY_MS: '-1',
        INGEST_SHED_RETRY_AFTER_SECONDS: 'soon',
      });

    expect(load).toThrow(/INGEST_MAX_IN_FLIGHT: .*\n.*INGEST_MAX_EVENT_LOOP_DELAY_MS: .*\n.*INGEST_SHED_RETRY_AFTER_SECONDS: /);
  });

  it('when KAFKA_MIN_INSYNC_REPLICAS exceeds KAFKA_REPLICATION_FACTOR, then start-up is refused naming it', () => {
    const load = (minIsr: string) =>
      loadConfig(bookerSchema, { KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: minIsr }).KAFKA_MIN_INSYNC_REPLICAS;

    expect(load('3')).toBe(3);
    expect(() => load('4')).toThrow(/KAFKA_MIN_INSYNC_REPLICAS: must not exceed KAFKA_REPLICATION_FACTOR/);
  });

  it('when a variable is set to an empty string, then its default applies', () => {
    expect(loadConfig(commonSchema, { KAFKA_BROKERS: '' }).KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('when no Retell UID paths are configured, then the three documented paths are searched', () => {
    expect(loadConfig(ingestSchema, {}).RETELL_BOOKING_UID_PATHS).toEqual([
      'call.call_analysis.custom_analysis_data.booking_uid',
      'call.collected_dynamic_variables.booking_uid',
      'call.metadata.booking_uid',
    ]);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig(commonSchema, {}))).toBe(true);
  });

  it('when LOG_PRETTY is true, 1, false or unset, then it is a boolean; anything else names the variable', () => {
    const pretty = (value?: string) => loadConfig(commonSchema, { LOG_PRETTY: value }).LOG_PRETTY;

    expect([pretty('true'), pretty('1'), pretty('false'), pretty(undefined)]).toEqual([true, true, false, false]);
    expect(() => pretty('yes please')).toThrow(/LOG_PRETTY: must be true or false/);
  });
});
