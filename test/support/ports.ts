import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';

/** A port the kernel just handed out for 127.0.0.1 (bound to port 0, then released). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
