// An extra SASL_SSL listener for a scratch broker (createScratchKafka's `saslSsl` option), so the
// secured connection path is tested against the real broker: a throw-away CA and a broker
// certificate for 127.0.0.1 made with the JDK's keytool, SCRAM users written into the cluster
// metadata when the storage is formatted (`kafka-storage format --add-scram`, KIP-900), and the
// PLAINTEXT listener kept for the controller and inter-broker traffic.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './processes.ts';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface ScramUser {
  mechanism: ScramMechanism;
  username: string;
  password: string;
}

export interface SaslSslListener {
  port: number;
  users: ScramUser[];
}

export interface BrokerTls {
  /** The CA's certificate (PEM): what a client trusts, i.e. KAFKA_SSL_CA_FILE. */
  caFile: string;
  keystoreFile: string;
  password: string;
}

function keytoolNextTo(java: string): string {
  return java.includes('/') ? join(dirname(java), 'keytool') : 'keytool';
}

/** A CA and a broker key pair signed by it (SAN 127.0.0.1, localhost), in `dir/tls`; made once. */
export function createBrokerTls(java: string, dir: string): BrokerTls {
  const tlsDir = join(dir, 'tls');
  const tls: BrokerTls = {
    caFile: join(tlsDir, 'ca.pem'),
    keystoreFile: join(tlsDir, 'broker.p12'),
    password: 'scratch-keystore',
  };
  if (existsSync(tls.keystoreFile)) return tls;
  mkdirSync(tlsDir, { recursive: true });
  const keytool = keytoolNextTo(java);
  const ca = join(tlsDir, 'ca.p12');
  const csr = join(tlsDir, 'broker.csr');
  const signed = join(tlsDir, 'broker.pem');
  const store = (file: string) => ['-keystore', file, '-storetype', 'PKCS12', '-storepass', tls.password];
  const san = 'SAN=ip:127.0.0.1,dns:localhost';
  const keyPair = ['-genkeypair', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '30'];
  run(keytool, [...keyPair, '-alias', 'ca', '-dname', 'CN=booking-pipeline scratch CA', '-ext', 'bc:c', ...store(ca)]);
  run(keytool, ['-exportcert', '-rfc', '-alias', 'ca', '-file', tls.caFile, ...store(ca)]);
  run(keytool, [...keyPair, '-alias', 'broker', '-dname', 'CN=localhost', '-ext', san, ...store(tls.keystoreFile)]);
  run(keytool, ['-certreq', '-alias', 'broker', '-file', csr, ...store(tls.keystoreFile)]);
  run(keytool, [
    '-gencert',
    '-rfc',
    '-alias',
    'ca',
    '-infile',
    csr,
    '-outfile',
    signed,
    '-ext',
    san,
    '-validity',
    '30',
    ...store(ca),
  ]);
  run(keytool, ['-importcert', '-noprompt', '-alias', 'ca', '-file', tls.caFile, ...store(tls.keystoreFile)]);
  run(keytool, ['-importcert', '-alias', 'broker', '-file', signed, ...store(tls.keystoreFile)]);
  return tls;
}

/** server.properties lines that add the SASL_SSL listener (SCRAM-SHA-256 and -512 enabled). */
export function saslSslProperties(tls: BrokerTls): string[] {
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return [
    'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${scram}`,
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${scram}`,
    `ssl.keystore.location=${tls.keystoreFile}`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.password=${tls.password}`,
    `ssl.key.password=${tls.password}`,
    'ssl.client.auth=none',
  ];
}

/** `--add-scram` arguments of `kafka-storage format` for each user. */
export function scramFormatArgs(users: ScramUser[]): string[] {
  return users.flatMap((u) => ['--add-scram', `${u.mechanism}=[name=${u.username},password=${u.password}]`]);
}
