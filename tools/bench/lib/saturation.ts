// Closed-loop saturation: CONNECTIONS senders back to back, each sending the next signed Cal.com
// webhook as soon as the last one was answered. The ingest, tracing and npm-start scenarios
// measure an ingest with it, next to the bare node:http + HMAC server measured the same way.
import { closedLoop, httpClient } from './load.ts';
import { startBareServer } from './services.ts';
import { signedWebhook } from './webhooks.ts';

export const CONNECTIONS = 64;

/** Saturation of a server that answers signed Cal.com webhooks with 202; throughput counts every answer. */
export async function saturation(url: string, seconds: number, uid: (i: number) => string) {
  const client = httpClient(url);
  try {
    const send = async (i: number) => {
      const w = signedWebhook(uid(i));
      return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
    };
    return await closedLoop({ connections: CONNECTIONS, seconds, send });
  } finally {
    client.close();
  }
}

/** The bare node:http + HMAC server's saturation (the baseline of an ingest's). */
export async function bareSaturation(seconds: number) {
  const bare = await startBareServer();
  try {
    return await saturation(bare.url, seconds, (i) => `bare-sat-${i}`);
  } finally {
    await bare.stop();
  }
}
