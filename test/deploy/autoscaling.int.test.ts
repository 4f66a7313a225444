// Autoscaling as rendered (issue #18 item 3): KEDA ScaledObjects for the two consumers on their
// group's lag, bounded by the partitions, pointing at the brokers, groups and topics the services
// use; an HPA on CPU for the ingest; and no `replicas` left in a workload an autoscaler owns
// (an apply would reset it). The objects' schemas are checked in kubernetes-first-apply.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@booking/shared/kafka';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { find, type K8sObject, KUBERNETES, podEnvironment, ROOT, render } from './manifests.ts';

const base = render(KUBERNETES);
const keda = render(join(KUBERNETES, 'overlays', 'keda'));
const env = podEnvironment(base);

interface KafkaTrigger {
  type: string;
  metadata: Record<string, string>;
}

function scaling(object: K8sObject) {
  return {
    target: object.spec.scaleTargetRef.name,
    min: object.spec.minReplicaCount,
    max: object.spec.maxReplicaCount,
    triggers: object.spec.triggers.map((t: KafkaTrigger) => [
      t.type,
      t.metadata.bootstrapServers,
      t.metadata.consumerGroup,
      t.metadata.topic,
      t.metadata.offsetResetPolicy,
    ]),
  };
}

describe('deploy/kubernetes/overlays/keda (components/keda)', () => {
  it('when the consumers lag, then KEDA scales each on its own group and topics, from 2 up to the partition count', () => {
    const partitions = Number(env.KAFKA_TOPIC_PARTITIONS);
    const trigger = (group: string, topic: string) => ['kafka', env.KAFKA_BROKERS, group, topic, 'earliest'];

    const scaled = ['booker', 'cache-invalidator'].map((name) => scaling(find(keda, 'ScaledObject', name)));

    expect(scaled).toEqual([
      {
        target: 'booker',
        min: 2,
        max: partitions,
        triggers: [trigger(env.BOOKER_GROUP_ID ?? '', TOPICS.calcom), trigger(env.BOOKER_GROUP_ID ?? '', TOPICS.retell)],
      },
      {
        target: 'cache-invalidator',
        min: 2,
        max: partitions,
        triggers: [trigger(env.INVALIDATOR_GROUP_ID ?? '', TOPICS.changes)],
      },
    ]);
    expect(partitions).toBe(12);
  });

  it('when KEDA owns the replicas, then the scaled Deployments carry none, and the minimum outlasts a PDB disruption', () => {
    const deployments = ['booker', 'cache-invalidator'].map((name) => find(keda, 'Deployment', name));

    expect(deployments.map((d) => d.spec.replicas)).toEqual([undefined, undefined]);
    expect(['booker', 'cache-invalidator'].map((name) => find(base, 'Deployment', name).spec.replicas)).toEqual([2, 2]);
    for (const name of ['booker', 'cache-invalidator']) {
      expect(find(keda, 'ScaledObject', name).spec.minReplicaCount).toBeGreaterThan(
        find(keda, 'PodDisruptionBudget', name).spec.maxUnavailable,
      );
    }
  });

  it('when the booker lags, then its first scale-up (lag above threshold × minimum) comes before KafkaConsumerLagHigh can fire', () => {
    const rules = parse(readFileSync(join(ROOT, 'deploy', 'prometheus', 'alerts.yml'), 'utf8')).groups[0].rules;
    const alertBound = Number(
      /> (\d+)$/.exec(rules.find((r: { alert: string }) => r.alert === 'KafkaConsumerLagHigh').expr)?.[1],
    );
    const booker = find(keda, 'ScaledObject', 'booker').spec;

    const firstScaleUp = booker.triggers.map((t: KafkaTrigger) => Number(t.metadata.lagThreshold) * booker.minReplicaCount);

    expect(alertBound).toBe(5000);
    expect(firstScaleUp.every((lag: number) => lag > 0 && lag < alertBound)).toBe(true);
  });
});

describe('deploy/kubernetes: ingest HPA', () => {
  it('when the ingest is busy, then an HPA scales its StatefulSet on CPU from 2, slowly back in, and the StatefulSet leaves replicas to it', () => {
    const hpa = find(base, 'HorizontalPodAutoscaler', 'ingest');
    const ingest = find(base, 'StatefulSet', 'ingest');

    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'ingest' });
    expect([hpa.spec.minReplicas, hpa.spec.metrics.map((m: { resource: { name: string } }) => m.resource.name)]).toEqual([
      2,
      ['cpu'],
    ]);
    expect(hpa.spec.behavior.scaleDown.policies).toEqual([{ type: 'Pods', value: 1, periodSeconds: 300 }]);
    expect(ingest.spec.replicas).toBeUndefined();
    expect(ingest.spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
  });
});
