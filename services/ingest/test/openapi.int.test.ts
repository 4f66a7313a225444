// GET /openapi.json as a client receives it: request bodies generated from the handlers' zod
// schemas, and a document `redocly lint` (with the repository's redocly.yaml) finds no error
// and no warning in.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startTestIngest, type TestIngest } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
let ingest: TestIngest;
// biome-ignore lint/suspicious/noExplicitAny: the document is read field by field
let doc: any;

beforeAll(async () => {
  ingest = await startTestIngest();
  doc = await (await fetch(`${ingest.url}/openapi.json`)).json();
}, 60_000);

afterAll(async () => {
  await ingest?.stop();
});

describe('GET /openapi.json', () => {
  it('when a webhook route is described, then its request body is the schema generated from the code, not a bare object', () => {
    const bodyOf = (path: string) => doc.paths[path].post.requestBody.content['application/json'].schema.$ref;
    const calcom = doc.components.schemas.CalcomWebhook;
    const retell = doc.components.schemas.RetellWebhook;

    expect([bodyOf('/webhooks/calcom'), bodyOf('/webhooks/retell')]).toEqual([
      '#/components/schemas/CalcomWebhook',
      '#/components/schemas/RetellWebhook',
    ]);
    expect(calcom.required.sort()).toEqual(['createdAt', 'payload', 'triggerEvent']);
    expect(calcom.properties.payload.required).toEqual(['uid', 'startTime', 'endTime']);
    expect(calcom.properties.payload.properties.status.anyOf[0].enum).toEqual(['ACCEPTED', 'PENDING', 'CANCELLED', 'REJECTED']);
    expect(retell.required).toEqual(['event']);
    expect(retell.properties.call.required).toEqual(['call_id']);
    expect(JSON.stringify(doc)).not.toContain('$schema');
  });

  it('when redocly lints the served document, then it is valid with no error and no warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));

    const lint = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'),
        'lint',
        file,
        '--config',
        join(ROOT, 'redocly.yaml'),
        '--format=stylish',
      ],
      { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );

    expect({ status: lint.status, output: `${lint.stdout}${lint.stderr}` }).toEqual({
      status: 0,
      output: expect.stringContaining('Your API description is valid'),
    });
    expect(`${lint.stdout}${lint.stderr}`).not.toMatch(/warning|error/i);
  });
});
