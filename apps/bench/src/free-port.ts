import { AddressInfo, createServer } from 'node:net';

/** A loopback port the OS just handed out (ephemeral range, so never Redis's 6379). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
