// Retell {event, call} -> VoiceBookingV1 (reference/webhooks.md §2.2–2.3). Only call_analyzed
// events that carry a Cal.com booking UID (at one of the configured JSON paths) become records;
// everything else is ignored. Optional enrichment fields of an odd type are dropped, not a 400:
// they come from the agent's free-form analysis and must not cost us the booking link.
import { InvalidEventError } from '@booking/shared/errors';
import { type VoiceBookingV1, voiceBookingProblems } from '@booking/shared/events';
import { parseIsoTime } from './parse-iso-time.ts';
import { type ParsedWebhook, parseJsonBody } from './parse-json-body.ts';

export interface RetellContext {
  eventId: string;
  /** epoch ms of the signature timestamp: the record's version */
  timestamp: number;
  receivedAt: number;
  uidPaths: readonly string[];
}

type Json = Record<string, unknown>;

export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const asText = (value: unknown): string | null => (typeof value === 'string' && value.trim().length > 0 ? value : null);

function firstText(sources: Json[], keys: string[]): string | null {
  for (const source of sources) for (const key of keys) if (asText(source[key])) return source[key] as string;
  return null;
}

function asEpochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return typeof value === 'string' ? (parseIsoTime(value) ?? null) : null;
}

function asId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

export function parseRetellWebhook(raw: Buffer, context: RetellContext): ParsedWebhook<VoiceBookingV1> {
  const body = parseJsonBody(raw);
  const event = body.event ?? body.event_type;
  if (typeof event !== 'string' || event.length === 0) {
    throw new InvalidEventError('event is missing', { details: [{ field: 'event', message: 'must be a non-empty string' }] });
  }
  if (event !== 'call_analyzed') return { kind: 'ignored', trigger: event, reason: `event ${event} is not handled` };
  if (typeof body.call !== 'object' || body.call === null) {
    throw new InvalidEventError('call is missing', { details: [{ field: 'call', message: 'must be an object' }] });
  }
  const uidPath = context.uidPaths.find((path) => asText(getPath(body, path)) !== null);
  if (!uidPath) return { kind: 'ignored', trigger: event, reason: 'the call carries no booking uid' };
  const bookingUid = getPath(body, uidPath) as string;
  const call = body.call as Json;
  const callId = asText(call.call_id);
  if (!callId)
    throw new InvalidEventError('call.call_id is missing', {
      details: [{ field: 'call.call_id', message: 'must be a non-empty string' }],
    });
  const analysis = asObject(call.call_analysis);
  const sources = [asObject(analysis.custom_analysis_data), asObject(call.collected_dynamic_variables), asObject(call.metadata)];
  const record: VoiceBookingV1 = {
    eventId: context.eventId,
    version: context.timestamp,
    receivedAt: context.receivedAt,
    bookingUid,
    callId,
    agentId: asText(call.agent_id),
    // the customer is the callee of an outbound call and the caller of an inbound one
    callerPhone: asText(call.direction === 'outbound' ? call.to_number : call.from_number),
    customerName: firstText(sources, ['customer_name', 'patient_name', 'name']),
    customerEmail: firstText(sources, ['customer_email', 'patient_email', 'email']),
    startTime: asEpochMs(sources.map((s) => s.appointment_start ?? s.start_time).find((v) => v !== undefined)),
    eventTypeId: asId(sources.map((s) => s.event_type_id).find((v) => v !== undefined)),
    callSummary: asText(analysis.call_summary),
  };
  return { kind: 'record', trigger: event, record: assertStorable(record, uidPath) };
}

const ENRICHMENT = new Set<string>(['agentId', 'callerPhone', 'customerName', 'customerEmail', 'startTime', 'eventTypeId']);

/**
 * Refuses what the booker would refuse (the same voiceBookingProblems) when it is the booking
 * link itself; an unusable enrichment field (too long, an id that is not positive, an instant
 * outside the years 1000–9999) is dropped like a field of the wrong type.
 */
function assertStorable(record: VoiceBookingV1, uidPath: string): VoiceBookingV1 {
  const dropped = voiceBookingProblems(record).filter((d) => ENRICHMENT.has(d.field ?? ''));
  const cleaned = { ...record, ...Object.fromEntries(dropped.map((d) => [d.field, null])) };
  const problems = voiceBookingProblems(cleaned);
  if (problems.length === 0) return cleaned;
  const paths: Record<string, string> = { bookingUid: uidPath, callId: 'call.call_id' };
  const details = problems.map((d) => ({ field: paths[d.field ?? ''] ?? (d.field as string), message: d.message }));
  throw new InvalidEventError(`invalid call_analyzed webhook: ${details.map((d) => d.field).join(', ')}`, { details });
}
