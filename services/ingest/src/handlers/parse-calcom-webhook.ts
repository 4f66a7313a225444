// Cal.com envelope {triggerEvent, createdAt, payload} -> BookingStateV1, the booking's complete
// state after the event (reference/webhooks.md §1.3–1.6). Pure: the caller supplies event id and
// receive time. Unhandled triggers (PING, MEETING_*, forms, no-show…) are ignored, not errors.
import { InvalidEventError } from '@booking/shared/errors';
import {
  BOOKING_STATUSES,
  type BookingStateV1,
  type BookingStatus,
  bookingStateProblems,
  CALCOM_TRIGGERS,
  type CalcomTrigger,
} from '@booking/shared/events';
import { z } from 'zod';
import { parseIsoTime } from './parse-iso-time.ts';
import { type ParsedWebhook, parseJsonBody } from './parse-json-body.ts';

const isoTime = z.string().transform((value, ctx) => {
  const epoch = parseIsoTime(value);
  if (epoch === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date-time with a time zone' });
    return z.NEVER;
  }
  return epoch;
});
const text = z.string().nullish();
const id = z.number().int().positive().nullish();

const payloadSchema = z.object({
  uid: z.string().min(1),
  bookingId: id,
  eventTypeId: id,
  type: text,
  title: text,
  startTime: isoTime,
  endTime: isoTime,
  status: z.enum(BOOKING_STATUSES).nullish(),
  // a missing team relation arrives as {id: 0, name: "Nameless"} (reference §1.7)
  team: z.object({ id: z.number().int().nonnegative().nullish() }).nullish(),
  organizer: z.object({ email: text, name: text, timeZone: text }).nullish(),
  attendees: z.array(z.object({ name: text, email: text, phoneNumber: text, timeZone: text })).nullish(),
  responses: z.object({ attendeePhoneNumber: z.object({ value: z.unknown() }).nullish() }).nullish(),
  location: text,
  rescheduleUid: text,
  rescheduleStartTime: isoTime.nullish(),
  rescheduleEndTime: isoTime.nullish(),
  cancellationReason: text,
  rejectionReason: text,
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

const envelopeSchema = z.object({ createdAt: isoTime, payload: payloadSchema });

/** The request body as the OpenAPI document states it: the envelope above plus the trigger. */
export const calcomWebhookSchema = envelopeSchema.extend({
  triggerEvent: z
    .string()
    .min(1)
    .describe(`handled: ${CALCOM_TRIGGERS.join(', ')}; any other is answered 200 "ignored"`),
});

const DEFAULT_STATUS: Record<CalcomTrigger, BookingStatus> = {
  BOOKING_CREATED: 'ACCEPTED',
  BOOKING_REQUESTED: 'PENDING',
  BOOKING_RESCHEDULED: 'ACCEPTED',
  BOOKING_CANCELLED: 'CANCELLED',
  BOOKING_REJECTED: 'REJECTED',
  BOOKING_PAID: 'ACCEPTED',
  BOOKING_PAYMENT_INITIATED: 'ACCEPTED',
};

export interface CalcomContext {
  eventId: string;
  receivedAt: number;
}

export function toFieldErrors(error: z.ZodError) {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'body', message: issue.message }));
}

function isHandled(trigger: string): trigger is CalcomTrigger {
  return (CALCOM_TRIGGERS as readonly string[]).includes(trigger);
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

export function parseCalcomWebhook(raw: Buffer, context: CalcomContext): ParsedWebhook<BookingStateV1> {
  const body = parseJsonBody(raw);
  const trigger = body.triggerEvent;
  if (typeof trigger !== 'string' || trigger.length === 0) {
    throw new InvalidEventError('triggerEvent is missing', {
      details: [{ field: 'triggerEvent', message: 'must be a non-empty string' }],
    });
  }
  if (!isHandled(trigger)) return { kind: 'ignored', trigger, reason: `trigger ${trigger} is not handled` };
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    const details = toFieldErrors(parsed.error);
    throw new InvalidEventError(`invalid ${trigger} webhook: ${details.map((d) => d.field).join(', ')}`, { details });
  }
  const { createdAt, payload: p } = parsed.data;
  const attendee = p.attendees?.[0];
  const metadata = p.metadata ?? {};
  const record: BookingStateV1 = {
    eventId: context.eventId,
    trigger,
    version: createdAt,
    receivedAt: context.receivedAt,
    bookingUid: p.uid,
    status: p.status ?? DEFAULT_STATUS[trigger],
    calcomBookingId: p.bookingId ?? null,
    eventTypeId: p.eventTypeId ?? null,
    eventTypeSlug: p.type ?? null,
    teamId: p.team?.id ? p.team.id : null,
    title: p.title ?? null,
    startTime: p.startTime,
    endTime: p.endTime,
    organizer: p.organizer
      ? { email: p.organizer.email ?? null, name: p.organizer.name ?? null, timeZone: p.organizer.timeZone ?? null }
      : null,
    attendee: attendee
      ? {
          name: attendee.name ?? null,
          email: attendee.email ?? null,
          phone: attendee.phoneNumber ?? stringOrNull(p.responses?.attendeePhoneNumber?.value),
          timeZone: attendee.timeZone ?? null,
        }
      : null,
    location: p.location ?? null,
    rescheduledFromUid: p.rescheduleUid ?? null,
    rescheduleStartTime: p.rescheduleStartTime ?? null,
    rescheduleEndTime: p.rescheduleEndTime ?? null,
    cancellationReason: p.cancellationReason ?? p.rejectionReason ?? null,
    retellCallId: stringOrNull(metadata.retellCallId) ?? stringOrNull(metadata.retell_call_id),
    rawPayload: raw.toString('utf8'),
  };
  return { kind: 'record', trigger, record: assertStorable(record, p) };
}

/** Where each field of the record came from in the webhook, for the 400's details. */
function webhookPath(
  field: string,
  p: { cancellationReason?: string | null; attendees?: { phoneNumber?: string | null }[] | null },
) {
  if (field === 'cancellationReason') return p.cancellationReason ? 'payload.cancellationReason' : 'payload.rejectionReason';
  if (field === 'attendee.phone' && !p.attendees?.[0]?.phoneNumber) return 'payload.responses.attendeePhoneNumber.value';
  if (field.startsWith('attendee.')) return `payload.attendees.0.${field.slice(9).replace('phone', 'phoneNumber')}`;
  return WEBHOOK_PATHS[field] ?? `payload.${field}`;
}

const WEBHOOK_PATHS: Record<string, string> = {
  trigger: 'triggerEvent',
  version: 'createdAt',
  bookingUid: 'payload.uid',
  calcomBookingId: 'payload.bookingId',
  teamId: 'payload.team.id',
  rescheduledFromUid: 'payload.rescheduleUid',
  retellCallId: 'payload.metadata.retellCallId',
};

/**
 * Refuses what the booker would refuse (the same bookingStateProblems), naming the webhook's
 * field. The Retell call id in the free-form metadata is enrichment: an unusable one is dropped.
 */
function assertStorable(record: BookingStateV1, p: Parameters<typeof webhookPath>[1]): BookingStateV1 {
  let problems = bookingStateProblems(record);
  if (problems.some((d) => d.field === 'retellCallId')) {
    record = { ...record, retellCallId: null };
    problems = bookingStateProblems(record);
  }
  if (problems.length === 0) return record;
  const details = problems.map((d) => ({ field: webhookPath(d.field ?? '', p), message: d.message }));
  throw new InvalidEventError(`invalid ${record.trigger} webhook: ${details.map((d) => d.field).join(', ')}`, { details });
}
