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
