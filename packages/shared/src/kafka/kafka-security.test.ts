import { describe, expect, it } from 'vitest';
import { kafkaSecurity } from './kafka-security.ts';

const files: Record<string, string> = { '/ca.pem': 'CA PEM', '/client.pem': 'CERT PEM', '/client.key': 'KEY PEM' };
const readFile = (path: string) => files[path] ?? '';

describe('kafkaSecurity', () => {
  it('when KAFKA_SSL is off and no mechanism is set, then the client is plaintext', () => {
    expect(kafkaSecurity({ KAFKA_SSL: false }, readFile)).toEqual({});
  });

  it('when KAFKA_SSL is on without files, then TLS verifies against the system CAs', () => {
    expect(kafkaSecurity({ KAFKA_SSL: true }, readFile)).toEqual({ ssl: true });
  });

  it('when a CA, client certificate and key are named, then their PEM contents are the TLS options', () => {
    const security = kafkaSecurity(
      { KAFKA_SSL: true, KAFKA_SSL_CA_FILE: '/ca.pem', KAFKA_SSL_CERT_FILE: '/client.pem', KAFKA_SSL_KEY_FILE: '/client.key' },
      readFile,
    );

    expect(security).toEqual({ ssl: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' } });
  });

  it('when a SASL mechanism with credentials is set, then kafkajs gets that mechanism', () => {
    const security = kafkaSecurity(
      { KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'booking', KAFKA_SASL_PASSWORD: 'pw' },
      readFile,
    );

    expect(security).toEqual({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'booking', password: 'pw' } });
  });
});
