// GET /openapi.json: the HTTP contract of DESIGN.md ("HTTP API of the ingest service"). The
// request bodies are generated from the zod schemas the handlers validate with (their input
// side: what a client sends), so the document cannot drift from the code.
import { z } from 'zod';
import { calcomWebhookSchema } from '../handlers/parse-calcom-webhook.ts';
import { retellWebhookSchema } from '../handlers/retell-webhook-schema.ts';

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, without the $schema marker. */
function bodySchema(schema: z.ZodType): object {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  return jsonSchema;
}

const error = { $ref: '#/components/schemas/Error' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const webhookResponses = {
  '202': {
    description: 'Acknowledged by Kafka (acks=all), or fsync\'d to the local spool ("spooled": true) while Kafka is down',
    ...json({ $ref: '#/components/schemas/Accepted' }),
  },
  '200': { description: 'Valid, but a trigger or event that is not handled', ...json({ $ref: '#/components/schemas/Ignored' }) },
  '400': { description: 'Not JSON or fails validation; details name the fields', ...json(error) },
  '401': {
    description:
      'Missing, malformed or wrong signature (provider or gateway), or a signature timestamp more than 5 minutes away; the message and details name the header and the reason',
    ...json(error),
  },
  '403': { description: 'Neither the team nor the event type is allowed', ...json(error) },
  '413': { description: 'Body over the limit (INGEST_BODY_LIMIT_BYTES, default 1 MiB)', ...json(error) },
  '415': { description: 'Content type is not application/json', ...json(error) },
  '429': {
    description:
      'Overloaded (INGEST_MAX_IN_FLIGHT webhooks in flight or event-loop delay over INGEST_MAX_EVENT_LOOP_DELAY_MS); nothing stored, retry after Retry-After seconds',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    ...json(error),
  },
  '503': {
    description: 'Kafka unavailable and the spool full or disabled; nothing stored, retry after Retry-After seconds',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    ...json(error),
  },
};

const header = (name: string, description: string) => ({
  name,
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description,
});
const deliveryIdHeaders = [
  header('Idempotency-Key', 'delivery id used when webhook-id is absent; carried as the delivery-id record header'),
];

// either the provider's signature or, with GATEWAY_WEBHOOK_SECRETS set, the gateway's (OR)
const webhook = (operationId: string, summary: string, scheme: string, body: string) => ({
  post: {
    operationId,
    summary,
    security: [{ [scheme]: [] }, { gatewayStandardWebhooks: [] }],
    parameters: deliveryIdHeaders,
    requestBody: { required: true, ...json({ $ref: `#/components/schemas/${body}` }) },
    responses: webhookResponses,
  },
});

const apiKeyHeader = (name: string, description: string) => ({ type: 'apiKey', in: 'header', name, description });

const probe = (operationId: string, summary: string) => ({
  get: {
    operationId,
    summary,
    security: [],
    responses: { '200': { description: 'OK' }, '503': { description: 'Not ready' } },
  },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Booking pipeline ingest',
    version: '1',
    description:
      "Receives Cal.com and Retell AI webhooks and answers 202 once Kafka acknowledged the record or it is fsync'd to the spool.",
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/', description: 'the ingest that serves this document' }],
  paths: {
    '/webhooks/calcom': webhook('receiveCalcomWebhook', 'Cal.com webhook', 'calcomSignature', 'CalcomWebhook'),
    '/webhooks/retell': webhook('receiveRetellWebhook', 'Retell AI webhook', 'retellSignature', 'RetellWebhook'),
    '/healthz': probe('getHealth', 'The process is alive'),
    '/readyz': probe('getReadiness', 'Accepting webhooks: started, and Kafka or the spool can take records'),
    '/metrics': {
      get: {
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        security: [],
        responses: {
          '200': { description: 'text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      calcomSignature: apiKeyHeader(
        'X-Cal-Signature-256',
        'hex HMAC-SHA256 of the raw body with a subscription secret (CALCOM_WEBHOOK_SECRETS, any may match)',
      ),
      retellSignature: apiKeyHeader(
        'x-retell-signature',
        'v=<epoch ms>,d=<hex HMAC-SHA256 of body + timestamp> keyed with RETELL_API_KEY; timestamp within 5 minutes',
      ),
      gatewayStandardWebhooks: apiKeyHeader(
        'webhook-signature',
        'Standard Webhooks (standardwebhooks.com), for a gateway that verified the provider and re-signed: ' +
          'space-separated "v1,<base64 HMAC-SHA256>" over "<webhook-id>.<webhook-timestamp>.<raw body>", keyed with the ' +
          'base64 after "whsec_" of a GATEWAY_WEBHOOK_SECRETS entry (any may match); webhook-id (printable, at most 256 ' +
          'characters, carried as the delivery-id record header) and webhook-timestamp (Unix seconds, within 5 minutes) ' +
          'are required too. Applies only when GATEWAY_WEBHOOK_SECRETS is set and all three headers are present; ' +
          "otherwise the provider's signature is required.",
      ),
    },
    schemas: {
      CalcomWebhook: bodySchema(calcomWebhookSchema),
      RetellWebhook: bodySchema(retellWebhookSchema),
      Accepted: {
        type: 'object',
        required: ['status', 'bookingUid', 'eventId'],
        properties: {
          status: { const: 'accepted' },
          bookingUid: { type: 'string' },
          eventId: { type: 'string', description: 'hex SHA-256 of source + raw body' },
          spooled: { type: 'boolean' },
        },
      },
      Ignored: {
        type: 'object',
        required: ['status', 'reason'],
        properties: { status: { const: 'ignored' }, reason: { type: 'string' } },
      },
      Error: {
        type: 'object',
        required: ['error', 'message', 'details'],
        properties: {
          error: { type: 'string' },
          message: { type: 'string' },
          details: {
            type: 'array',
            items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
};
