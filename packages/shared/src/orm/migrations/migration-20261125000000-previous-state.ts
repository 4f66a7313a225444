// What the last applied change of an appointment replaced (start, event type, customer). A
// crash between the database commit and producing the change record redelivers the batch; the
// record is then a duplicate, and without these columns its re-produced change record could
// not name the old slot, so the old day's availability key would stay cached.
import { Migration } from '@mikro-orm/migrations';

export class MigrationPreviousState extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table `appointments` add `previous_start_at` datetime(3) null, add `previous_event_type_id` bigint null, add `previous_customer_id` int unsigned null;',
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      'alter table `appointments` drop column `previous_start_at`, drop column `previous_event_type_id`, drop column `previous_customer_id`;',
    );
  }
}
