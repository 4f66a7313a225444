// GET /openapi.json: the HTTP contract of DESIGN.md ("HTTP API of the ingest service").
const error = { $ref: '#/components/schemas/Error' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const webhookResponses = {
  '202': {
    description: 'Acknowledged by Kafka (acks=all), or fsync\'d to the local spool ("spooled": true) while Kafka is down',
    ...json({ $ref: '#/components/schemas/Accepted' }),
  },
  '200': { description: 'Valid, but a trigger or event that is not handled', ...json({ $ref: '#/components/schemas/Ignored' }) },
  '400': { description: 'Not JSON or fails validation; details name the fields', ...json(error) },
  '401': { description: 'Missing or wrong signature, or a Retell timestamp more than 5 minutes away', ...json(error) },
  '403': { description: 'Neither the team nor the event type is allowed', ...json(error) },
  '413': { description: 'Body over the limit (INGEST_BODY_LIMIT_BYTES, default 1 MiB)', ...json(error) },
  '415': { description: 'Content type is not application/json', ...json(error) },
  '503': {
    description: 'Kafka unavailable and the spool full or disabled; retry after Retry-After seconds',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    ...json(error),
  },
};

const webhook = (summary: string, header: string, format: string) => ({
  post: {
    summary,
    parameters: [{ name: header, in: 'header', required: true, schema: { type: 'string' }, description: format }],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
    responses: webhookResponses,
  },
});

const probe = (summary: string) => ({
  get: { summary, responses: { '200': { description: 'OK' }, '503': { description: 'Not ready' } } },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Booking pipeline ingest', version: '1' },
  paths: {
    '/webhooks/calcom': webhook(
      'Cal.com webhook',
      'X-Cal-Signature-256',
      'hex HMAC-SHA256 of the raw body with a subscription secret',
    ),
    '/webhooks/retell': webhook(
      'Retell AI webhook',
      'x-retell-signature',
      'v=<epoch ms>,d=<hex HMAC-SHA256 of body + timestamp>',
    ),
    '/healthz': probe('The process is alive'),
    '/readyz': probe('Accepting webhooks: started, and Kafka or the spool can take records'),
    '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format' } } } },
  },
  components: {
    schemas: {
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
