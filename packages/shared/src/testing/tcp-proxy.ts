import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones, as a stopped server would. */
  cut(): Promise<void>;
  /** Accepts and forwards connections again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server (MariaDB, Redis), so that a test can take the
 * dependency "down" for one service under test without stopping the shared server that
 * other tests use. Not for Kafka: brokers advertise their own address and clients bypass it.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const backend = connect(target.port, target.host);
        sockets.add(client);
        sockets.add(backend);
        client.pipe(backend).pipe(client);
        const drop = () => {
          client.destroy();
          backend.destroy();
          sockets.delete(client);
          sockets.delete(backend);
        };
        client.on('error', drop).on('close', drop);
        backend.on('error', drop).on('close', drop);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await listen();
  return {
    get port() {
      return port;
    },
    cut: stop,
    restore: () => (server ? Promise.resolve() : listen()),
    close: stop,
  };
}
