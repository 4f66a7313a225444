// Public API: createSchemaRegistry(url, auth?) (+ registryAuth(config), registryAuthHeaders), createAvroCodec and avroCodecForId — Avro in the Confluent wire format
// (magic byte, 4-byte schema id, Avro body) through a Confluent-compatible registry.
import { type COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { DependencyUnavailableError, InvalidEventError, SchemaUnknownError } from '../errors/index.ts';
import type { DependencyCheck } from '../lifecycle/index.ts';
import { readAs, SUBJECT_COMPATIBILITY } from './reader-schema.ts';

export { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const MAGIC_BYTE = 0;

export { SUBJECT_COMPATIBILITY } from './reader-schema.ts';

export interface RegistryAuth {
  username: string;
  password: string;
}

/** HTTP basic auth for the registry from SCHEMA_REGISTRY_USERNAME/PASSWORD (validated as a pair). */
export function registryAuth(config: {
  SCHEMA_REGISTRY_USERNAME?: string;
  SCHEMA_REGISTRY_PASSWORD?: string;
}): RegistryAuth | undefined {
  const { SCHEMA_REGISTRY_USERNAME: username, SCHEMA_REGISTRY_PASSWORD: password } = config;
  return username && password ? { username, password } : undefined;
}

/** The same credentials as request headers, for callers that speak to the registry over fetch. */
export function registryAuthHeaders(auth: RegistryAuth | undefined): Record<string, string> {
  if (!auth) return {};
  return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
}

export function createSchemaRegistry(url: string, auth?: RegistryAuth): SchemaRegistry {
  return new SchemaRegistry({
    host: url,
    ...(auth ? { auth: { username: auth.username, password: auth.password } } : {}),
    retry: { retries: 3, initialRetryTimeInSecs: 0.1, maxRetryTimeInSecs: 2 },
  });
}

/** The registry as a readiness dependency (and start-up check): GET /subjects answers 2xx. */
export function registryCheck(url: string, options: { auth?: RegistryAuth; timeoutMs?: number } = {}): DependencyCheck {
  return {
    name: 'registry',
    async check() {
      const response = await fetch(`${url}/subjects`, {
        headers: registryAuthHeaders(options.auth),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new DependencyUnavailableError(`schema registry answered ${response.status}`);
    },
  };
}

export interface AvroCodec<T> {
  readonly subject: string;
  readonly schemaId: number;
  encode(value: T): Promise<Buffer>;
}

/**
 * Registers the schema under its subject (compatibility BACKWARD_TRANSITIVE) once and returns an encoder
 * bound to the id. Registration failing is a start-up failure: the caller should exit.
 *
 * Instances that start together race on a new subject. The client reads the subject's config,
 * registers, then sets the compatibility, so a second instance either sets it too and is refused
 * with 409 ("rule already exists"), or reads the registry's default (BACKWARD) between the
 * first one's register and its config, and sets it itself, refused the same way. Either way the
 * subject is configured by then, so registering again succeeds (found by `npm run
 * multi-instance`: one of two ingests failed to start; the second case was a red CI run).
 */
export async function createAvroCodec<T>(registry: SchemaRegistry, subject: string, schema: object): Promise<AvroCodec<T>> {
  const register = () =>
    registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject, compatibility: SUBJECT_COMPATIBILITY as COMPATIBILITY },
    );
  const alreadyConfigured = (error: unknown) => {
    if ((error as { status?: number }).status !== 409) throw error;
  };
  const { id } = await register().catch(async (error: unknown) => {
    if ((error as Error).name === 'ConfluentSchemaRegistryCompatibilityError') {
      // A subject without its own rule (another instance between its register and its config),
      // or one first registered as BACKWARD (before replay needed every version readable):
      // tighten it to BACKWARD_TRANSITIVE, then register; the next read checks what it is.
      await setSubjectCompatibility(registry, subject).catch(alreadyConfigured);
    } else {
      alreadyConfigured(error);
    }
    return register();
  });
  const write = frameWriter(avro.Type.forSchema(schema as avro.Schema), id);
  return {
    subject,
    schemaId: id,
    // the registered schema is this one, so the bytes are the registry client's (its encode looks
    // the type up, encodes into a pool, copies and concatenates a header: 5 % of the ingest's CPU);
    // a value that does not fit goes through the client to fail with its error and paths
    encode: async (value: T) => {
      try {
        return write(value);
      } catch {
        return registry.encode(id, value);
      }
    },
  };
}

/**
 * An encoder for a schema id the registry gave earlier, without asking it (degraded start):
 * the same Confluent frame as createAvroCodec — magic byte, 4-byte big-endian id, Avro body.
 */
export function avroCodecForId<T>(subject: string, schemaId: number, schema: object): AvroCodec<T> {
  const write = frameWriter(avro.Type.forSchema(schema as avro.Schema), schemaId);
  return { subject, schemaId, encode: async (value: T) => write(value) };
}

/**
 * A Confluent frame writer for one type and id: the value is encoded into a scratch buffer after
 * the header written once, and one copy of the frame is returned; the scratch grows to fit.
 */
function frameWriter(type: avro.Type, schemaId: number): (value: unknown) => Buffer {
  let scratch = Buffer.alloc(0);
  const grow = (size: number) => {
    scratch = Buffer.allocUnsafe(size);
    scratch.writeUInt8(MAGIC_BYTE, 0);
    scratch.writeUInt32BE(schemaId, 1);
  };
  grow(16 * 1024);
  return (value) => {
    let end = type.encode(value, scratch, 5);
    if (end < 0) {
      // avsc returns minus the bytes that did not fit
      grow(2 * (scratch.length - end));
      end = type.encode(value, scratch, 5);
    }
    const frame = Buffer.allocUnsafe(end);
    scratch.copy(frame, 0, 0, end);
    return frame;
  };
}

type ConfigApi = { api: { Subject: { updateConfig(a: { subject: string; body: object }): Promise<unknown> } } };
async function setSubjectCompatibility(registry: SchemaRegistry, subject: string): Promise<void> {
  await (registry as unknown as ConfigApi).api.Subject.updateConfig({ subject, body: { compatibility: SUBJECT_COMPATIBILITY } });
}

/**
 * Decodes a Confluent-framed Avro value. A value that is not framed or does not match its
 * schema is permanently bad (InvalidEventError). A schema id the registry does not know (404)
 * is SchemaUnknownError and a registry that does not answer DependencyUnavailableError: both
 * are retried, never dead-lettered.
 */
export async function decodeAvro<T>(registry: SchemaRegistry, value: Buffer | null, readerSchema?: object): Promise<T> {
  if (!value || value.length < 6 || value[0] !== MAGIC_BYTE) {
    throw new InvalidEventError('value is not Avro in the Confluent wire format');
  }
  const schemaId = value.readUInt32BE(1);
  try {
    if (readerSchema) return await readAs<T>(registry, schemaId, value.subarray(5), readerSchema);
    return (await registry.decode(value)) as T;
  } catch (error) {
    if (error instanceof InvalidEventError) throw error;
    throw classifyDecodeError(error, schemaId);
  }
}

export function classifyDecodeError(error: unknown, schemaId: number): Error {
  const name = error instanceof Error ? error.name : '';
  const status = (error as { status?: number }).status;
  if (status === 404) {
    return new SchemaUnknownError(`schema id ${schemaId} is unknown to the registry`, { cause: error });
  }
  if (name === 'ConfluentSchemaRegistryArgumentError') {
    return new InvalidEventError(`value cannot be decoded: ${(error as Error).message}`, { cause: error });
  }
  if (name === 'ResponseError' || name.startsWith('Confluent') || (error as { code?: string }).code?.startsWith?.('E')) {
    return new DependencyUnavailableError('schema registry unavailable', { cause: error });
  }
  return new InvalidEventError(`value does not match its schema: ${(error as Error).message}`, { cause: error });
}
