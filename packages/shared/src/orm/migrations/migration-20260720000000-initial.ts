// The initial schema of DESIGN.md "Data model". Written out in SQL (generated once from the
// entities, then reviewed) so that what runs in production is readable in review; the drift
// guard proves that entities and migrations agree (test/orm/schema-drift.int.test.ts).
import { Migration } from '@mikro-orm/migrations';

export class MigrationInitial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `customers` (`id` int unsigned not null auto_increment primary key, `customer_key` varchar(320) not null, `email` varchar(320) null, `phone` varchar(32) null, `name` varchar(255) null, `created_at` datetime(3) not null, `updated_at` datetime(3) not null) default character set utf8mb4 collate utf8mb4_unicode_ci engine = InnoDB;',
    );
    this.addSql('alter table `customers` add unique `customers_customer_key_unique` (`customer_key`);');

    this.addSql(
      'create table `appointments` (`id` int unsigned not null auto_increment primary key, `booking_uid` varchar(191) not null, `customer_id` int unsigned null, `source` varchar(16) not null, `status` varchar(16) not null, `title` varchar(512) null, `event_type_id` bigint null, `team_id` bigint null, `start_at` datetime(3) null, `end_at` datetime(3) null, `time_zone` varchar(64) null, `location` varchar(1024) null, `rescheduled_from_uid` varchar(191) null, `rescheduled_to_uid` varchar(191) null, `cancellation_reason` text null, `calcom_booking_id` bigint null, `retell_call_id` varchar(128) null, `version` bigint not null, `last_event_id` varchar(64) null, `created_at` datetime(3) not null, `updated_at` datetime(3) not null) default character set utf8mb4 collate utf8mb4_unicode_ci engine = InnoDB;',
    );
    this.addSql('alter table `appointments` add unique `appointments_booking_uid_unique` (`booking_uid`);');
    this.addSql('alter table `appointments` add index `appointments_team_id_start_at_index` (`team_id`, `start_at`);');
    this.addSql('alter table `appointments` add index `appointments_customer_id_start_at_index` (`customer_id`, `start_at`);');
    this.addSql(
      'alter table `appointments` add index `appointments_event_type_id_start_at_index` (`event_type_id`, `start_at`);',
    );

    this.addSql(
      'create table `processed_events` (`event_id` varchar(64) not null, `booking_uid` varchar(191) not null, `outcome` varchar(16) not null, `topic` varchar(249) not null, `partition` int not null, `offset` bigint not null, `processed_at` datetime(3) not null, primary key (`event_id`)) default character set utf8mb4 collate utf8mb4_unicode_ci engine = InnoDB;',
    );
    // the retention prune (`DELETE … WHERE processed_at < ?`) is the one query on this table
    this.addSql('alter table `processed_events` add index `processed_events_processed_at_index` (`processed_at`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `processed_events`;');
    this.addSql('drop table if exists `appointments`;');
    this.addSql('drop table if exists `customers`;');
  }
}
