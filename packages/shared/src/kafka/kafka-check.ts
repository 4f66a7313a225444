// The broker as a readiness dependency: one metadata round trip through an admin client of its
// own. A failed check drops that client, so the next one connects afresh instead of waiting in
// the old connection's state. Give it a client with the failFast retry profile.
import type { Admin, Kafka } from 'kafkajs';
import type { DependencyCheck } from '../lifecycle/index.ts';

export interface KafkaCheck extends DependencyCheck {
  close(): Promise<void>;
}

export function kafkaCheck(kafka: Kafka): KafkaCheck {
  let admin: Admin | undefined;
  const drop = async () => {
    const old = admin;
    admin = undefined;
    await old?.disconnect().catch(() => undefined);
  };
  return {
    name: 'kafka',
    async check() {
      try {
        if (!admin) {
          admin = kafka.admin();
          await admin.connect();
        }
        await admin.describeCluster();
      } catch (error) {
        await drop();
        throw error;
      }
    },
    close: drop,
  };
}
