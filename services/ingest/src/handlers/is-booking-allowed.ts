// DESIGN.md "Team verification": team.id is absent for personal and managed event types, so a
// booking passes if either its team or its event type is allowed. Both lists empty = allow all.
export interface AllowList {
  teamIds: readonly string[];
  eventTypeIds: readonly string[];
}

export function isBookingAllowed(booking: { teamId: number | null; eventTypeId: number | null }, allow: AllowList): boolean {
  if (allow.teamIds.length === 0 && allow.eventTypeIds.length === 0) return true;
  if (booking.teamId !== null && allow.teamIds.includes(String(booking.teamId))) return true;
  return booking.eventTypeId !== null && allow.eventTypeIds.includes(String(booking.eventTypeId));
}
