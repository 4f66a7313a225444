// Secrets that `npm start` gives the local pipeline when none are set, so that `npm run demo`
// (which signs with the same values) works on a fresh clone. Never used in production mode:
// there CALCOM_WEBHOOK_SECRETS is required and Retell stays off without RETELL_API_KEY.
export const DEV_CALCOM_SECRET = 'local-dev-calcom-secret';
export const DEV_RETELL_API_KEY = 'local-dev-retell-key';

export function withDevSecrets(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; filled: string[] } {
  if (env.NODE_ENV === 'production') return { env, filled: [] };
  const filled: string[] = [];
  const out = { ...env };
  if (!out.CALCOM_WEBHOOK_SECRETS) {
    out.CALCOM_WEBHOOK_SECRETS = DEV_CALCOM_SECRET;
    filled.push('CALCOM_WEBHOOK_SECRETS');
  }
  if (!out.RETELL_API_KEY) {
    out.RETELL_API_KEY = DEV_RETELL_API_KEY;
    filled.push('RETELL_API_KEY');
  }
  return { env: out, filled };
}
