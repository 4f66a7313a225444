// The local schema registry behind HTTP basic auth, as managed registries (Confluent Cloud,
// Aiven) run it: a small proxy that answers 401 without the right Authorization header and
// forwards everything else to Apicurio. It counts both, so a test can show what the client sent.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BasicAuthRegistry {
  /** The proxy's Confluent-compatible base URL (same path as the upstream's). */
  url: string;
  counts: { authorized: number; rejected: number };
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startBasicAuthRegistry(
  upstreamUrl: string,
  username: string,
  password: string,
): Promise<BasicAuthRegistry> {
  const upstream = new URL(upstreamUrl);
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const counts = { authorized: 0, rejected: 0 };
  const server = createServer(async (req, res) => {
    if (req.headers.authorization !== expected) {
      counts.rejected++;
      res.writeHead(401, { 'www-authenticate': 'Basic realm="schema-registry"', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 401, message: 'Unauthorized' }));
      return;
    }
    counts.authorized++;
    const body = await readBody(req);
    const answer = await fetch(new URL(req.url ?? '/', upstream.origin), {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json', accept: req.headers.accept ?? '*/*' },
      body: body.length > 0 ? body : undefined,
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
