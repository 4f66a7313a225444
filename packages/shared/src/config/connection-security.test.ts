import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProblems, loadConfig } from './load-config.ts';
import { bookerSchema, commonSchema, ingestSchema } from './schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'connection-security-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');

const problems = (env: Record<string, string>, schema = commonSchema) => configProblems(schema, env);

describe('connection security configuration', () => {
  it('when SASL over TLS with a CA file is configured, then it loads with every value typed', () => {
    const config = loadConfig(bookerSchema, {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'booking',
      KAFKA_SASL_PASSWORD: 'pw',
      SCHEMA_REGISTRY_USERNAME: 'registry-user',
      SCHEMA_REGISTRY_PASSWORD: 'registry-pw',
    });

    expect(config).toMatchObject({ KAFKA_SSL: true, KAFKA_SSL_CA_FILE: caFile, KAFKA_SASL_MECHANISM: 'scram-sha-512' });
  });

  it('when nothing is set, then the connection is plaintext without SASL or registry auth', () => {
    const config = loadConfig(commonSchema, {});

    expect([config.KAFKA_SSL, config.KAFKA_SASL_MECHANISM, config.SCHEMA_REGISTRY_USERNAME]).toEqual([
      false,
      undefined,
      undefined,
    ]);
  });

  it('when a SASL mechanism is set without username and password, then the error names both, not their values', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      'KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set',
      'KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set',
    ]);
  });

  it('when credentials are set without a mechanism, or an unknown mechanism, then the mechanism is named', () => {
    expect(problems({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'secret-value' })).toEqual([
      'KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set',
    ]);
    expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512 (any case)',
    ]);
  });

  it('when the mechanism is spelled in upper case, as brokers write it, then it loads as kafkajs names it', () => {
    const config = loadConfig(commonSchema, {
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    });

    expect(config.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
  });

  it('when a TLS file is missing or set without KAFKA_SSL, or a cert comes without its key, then each is named', () => {
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).toEqual([
      'KAFKA_SSL_CA_FILE: must name a file that exists and is readable',
    ]);
    expect(problems({ KAFKA_SSL_CA_FILE: caFile })).toEqual(['KAFKA_SSL_CA_FILE: is set, but KAFKA_SSL is not true']);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: caFile })).toEqual([
      'KAFKA_SSL_KEY_FILE: is required with KAFKA_SSL_CERT_FILE',
    ]);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: dir })).toEqual([
      'KAFKA_SSL_CA_FILE: must name a file that exists and is readable',
    ]);
  });

  it('when only one of the registry credentials is set, then the other is named', () => {
    expect(problems({ SCHEMA_REGISTRY_USERNAME: 'u' })).toEqual([
      'SCHEMA_REGISTRY_PASSWORD: is required with SCHEMA_REGISTRY_USERNAME',
    ]);
    expect(problems({ SCHEMA_REGISTRY_PASSWORD: 'p' })).toEqual([
      'SCHEMA_REGISTRY_USERNAME: is required with SCHEMA_REGISTRY_PASSWORD',
    ]);
  });

  it('when a service schema extends the common one, then the same rules apply to it', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u' }, ingestSchema)).toEqual([
      'KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set',
    ]);
  });
});
