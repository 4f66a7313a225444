import { APPOINTMENT_STATE_FIELDS, type AppointmentChangeV1, type AppointmentState, entriesOf } from '@booking/shared/events';
import { type PreviousState, previousFields } from '@booking/shared/orm';

const STATE_FIELDS = entriesOf(APPOINTMENT_STATE_FIELDS).map(([name]) => name);

/** The committed row plus what invalidation needs about the state it replaced (field table order). */
export function toChangeRecord(
  after: AppointmentState & { id: number },
  previous: PreviousState | null,
  receivedAt: number,
  committedAt: number,
): AppointmentChangeV1 {
  const state = Object.fromEntries(STATE_FIELDS.map((name) => [name, after[name]])) as AppointmentState;
  return { ...state, appointmentId: after.id, receivedAt, committedAt, ...previousFields(previous) };
}
