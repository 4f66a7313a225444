import { ingestSchema, loadConfig } from '@booking/shared/config';
import { describe, expect, it } from 'vitest';
import { startupWarnings } from './config.ts';

describe('startupWarnings', () => {
  it('when nothing is configured in development, then it warns about the missing secrets and allow-list', () => {
    const config = loadConfig(ingestSchema, { NODE_ENV: 'development' });

    expect(startupWarnings(config).map((w) => w.variable)).toEqual([
      'CALCOM_WEBHOOK_SECRETS',
      'RETELL_API_KEY',
      'CALCOM_ALLOWED_TEAM_IDS',
    ]);
  });

  it('when secrets, key and allow-list are set, then there is no warning', () => {
    const config = loadConfig(ingestSchema, {
      CALCOM_WEBHOOK_SECRETS: 'a,b',
      RETELL_API_KEY: 'k',
      CALCOM_ALLOWED_EVENT_TYPE_IDS: '812',
    });

    expect(startupWarnings(config)).toEqual([]);
  });
});

describe('ingestSchema', () => {
  it('when no topic is set, then the contract topics are used', () => {
    const config = loadConfig(ingestSchema, {});

    expect([config.INGEST_TOPIC_CALCOM, config.INGEST_TOPIC_RETELL]).toEqual(['bookings.calcom', 'bookings.retell']);
  });

  it('when production runs without Cal.com secrets, then the shared rule still rejects it', () => {
    expect(() => loadConfig(ingestSchema, { NODE_ENV: 'production', INGEST_TOPIC_CALCOM: 'a b' })).toThrow(
      /CALCOM_WEBHOOK_SECRETS[\s\S]*INGEST_TOPIC_CALCOM|INGEST_TOPIC_CALCOM[\s\S]*CALCOM_WEBHOOK_SECRETS/,
    );
  });
});

describe('startupWarnings with a gateway', () => {
  it('when only gateway secrets are set, then the provider warnings say that gateway-signed webhooks still pass', () => {
    const config = loadConfig(ingestSchema, {
      GATEWAY_WEBHOOK_SECRETS: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
      CALCOM_ALLOWED_EVENT_TYPE_IDS: '812',
    });

    expect(startupWarnings(config).map((w) => w.message)).toEqual([
      'no Cal.com secret set: every Cal.com webhook not signed by the gateway is answered 401',
      'no Retell API key set: every Retell webhook not signed by the gateway is answered 401',
    ]);
  });
});

describe('ingestSchema in production', () => {
  it('when the Cal.com secret is the example placeholder, then start-up is refused naming CALCOM_WEBHOOK_SECRETS', () => {
    const load = () =>
      loadConfig(ingestSchema, { NODE_ENV: 'production', CALCOM_WEBHOOK_SECRETS: 'CHANGE-ME-calcom-webhook-secret' });

    expect(load).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: invalid configuration:
        CALCOM_WEBHOOK_SECRETS: holds a CHANGE-ME placeholder, refused with NODE_ENV=production: set the real value]
    `);
  });
});
