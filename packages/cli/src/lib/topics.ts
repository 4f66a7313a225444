// The topics the ops tools look at are the ones the services use: the booker's BOOKER_TOPIC_*
// (sources, changes, DLQ) and the invalidator's INVALIDATOR_TOPIC_CHANGES, so a renamed topic
// is renamed for doctor, verify, replay and dlq too. The config schemas give each its default.
import type { BookerConfig, InvalidatorConfig } from '@booking/shared/config';

export interface OpsTopics {
  calcom: string;
  retell: string;
  changes: string;
  dlq: string;
}

export function bookerTopicsOf(config: BookerConfig): OpsTopics {
  return {
    calcom: config.BOOKER_TOPIC_CALCOM,
    retell: config.BOOKER_TOPIC_RETELL,
    changes: config.BOOKER_TOPIC_CHANGES,
    dlq: config.BOOKER_TOPIC_DLQ,
  };
}

export const invalidatorChangesOf = (config: InvalidatorConfig): string => config.INVALIDATOR_TOPIC_CHANGES;
