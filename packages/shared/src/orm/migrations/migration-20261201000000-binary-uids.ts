// Booking UIDs are case-sensitive (Cal.com's are base58) and compared byte for byte: under the
// table's utf8mb4_unicode_ci two UIDs that differ only in case, in trailing spaces or in which
// supplementary characters they hold were the same key, so the upsert merged two bookings and
// the booker's id lookup missed the row (a batch retried forever). Found by the hostile-webhook
// run of issue #10 (test/contract/hostile-webhooks.int.test.ts).
import { Migration } from '@mikro-orm/migrations';

const UIDS = ['booking_uid', 'rescheduled_from_uid', 'rescheduled_to_uid'];

export class MigrationBinaryUids extends Migration {
  override async up(): Promise<void> {
    const nullability = (c: string) => (c === 'booking_uid' ? 'not null' : 'null');
    this.addSql(
      `alter table \`appointments\` ${UIDS.map((c) => `modify \`${c}\` varchar(191) character set utf8mb4 collate utf8mb4_bin ${nullability(c)}`).join(', ')};`,
    );
  }

  override async down(): Promise<void> {
    const nullability = (c: string) => (c === 'booking_uid' ? 'not null' : 'null');
    this.addSql(
      `alter table \`appointments\` ${UIDS.map((c) => `modify \`${c}\` varchar(191) character set utf8mb4 collate utf8mb4_unicode_ci ${nullability(c)}`).join(', ')};`,
    );
  }
}
