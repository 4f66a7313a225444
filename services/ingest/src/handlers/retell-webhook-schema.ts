// The Retell request body as the OpenAPI document states it. parseRetellWebhook reads the body
// field by field instead (an enrichment field of an odd type is dropped, not a 400), so this is
// the contract it honours: what it requires and the fields it reads. Its unit test runs bodies
// through both, so the two cannot drift apart unnoticed.
import { z } from 'zod';

const fields = z
  .record(z.string(), z.unknown())
  .nullish()
  .describe(
    'searched in this order (call_analysis.custom_analysis_data, collected_dynamic_variables, metadata) for booking_uid ' +
      '(RETELL_BOOKING_UID_PATHS), customer_name, customer_email, appointment_start and event_type_id',
  );

export const retellWebhookSchema = z.looseObject({
  event: z
    .string()
    .min(1)
    .describe('call_analyzed is handled (event_type is read when event is absent); any other is answered 200 "ignored"'),
  call: z
    .looseObject({
      call_id: z.string().min(1),
      agent_id: z.string().nullish(),
      direction: z.enum(['inbound', 'outbound']).nullish(),
      from_number: z.string().nullish(),
      to_number: z.string().nullish(),
      call_analysis: z.looseObject({ custom_analysis_data: fields }).nullish(),
      collected_dynamic_variables: fields,
      metadata: fields,
    })
    .optional()
    .describe('required for call_analyzed; a call without a booking uid is answered 200 "ignored"'),
});
