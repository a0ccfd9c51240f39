import Redis, { Cluster, RedisOptions } from 'ioredis';
import { createConnection } from 'node:net';
import {
  Blackhole,
  RedisClusterHandle,
  RedisServer,
  startBlackhole,
  startRedisCluster,
  startRedisServer,
} from './support/redis';

/**
 * Proves the Redis test helpers (test/support/redis.ts) with real ioredis clients: a standalone
 * server that crashes and comes back on the same port, a real 3-master cluster, and a blackhole.
 */

/** The BFF's fail-fast client options (see libs/redis): no offline queue, short timeout. */
const FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  commandTimeout: 200,
  maxRetriesPerRequest: 0,
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends RedisServer | RedisClusterHandle | Blackhole>(server: T): T {
  cleanups.push(() => server.stop());
  return server;
}

/** A client whose 'error' events are recorded (not printed) and that is disconnected after the test. */
function client(url: string, options: RedisOptions = {}): { redis: Redis; errors: Error[] } {
  const redis = new Redis(url, options);
  const errors: Error[] = [];
  redis.on('error', (error: Error) => errors.push(error));
  cleanups.push(() => disconnect(redis));
  return { redis, errors };
}

/**
 * disconnect() only if not already ended: ioredis arms a 2 s "destroy the stream" timer on every
 * disconnect() and clears it on the stream's 'close', which an ended client never emits again.
 */
function disconnect(redis: Redis | Cluster): void {
  if (redis.status !== 'end') redis.disconnect();
}

/** Resolves on the next `event` (unlike events.once, an 'error' meanwhile does not reject it). */
function next(emitter: Redis | Cluster, event: 'ready' | 'connect' | 'close'): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()));
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Milliseconds `promise` took to settle, with its error (undefined if it resolved). */
async function timed(promise: Promise<unknown>): Promise<{ ms: number; error?: Error }> {
  const start = performance.now();
  try {
    await promise;
    return { ms: performance.now() - start };
  } catch (error) {
    return { ms: performance.now() - start, error: error as Error };
  }
}

const OFFLINE_QUEUE_ERROR = "Stream isn't writeable and enableOfflineQueue options is false";

describe('test/support/redis: startRedisServer', () => {
  it('runs a throwaway server on a free loopback port that persists nothing', async () => {
    const server = track(await startRedisServer());
    expect(server.port).not.toBe(6379);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}/0`);

    const { redis } = client(server.url);
    await redis.set('greeting', 'hello');
    expect(await redis.get('greeting')).toBe('hello');
    expect(await redis.config('GET', 'save')).toEqual(['save', '']);
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    expect(await redis.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    redis.disconnect();

    await server.stop();
    await server.stop(); // idempotent
    expect(await refusesConnections(server.port)).toBe(true);
  });

  it('kill() crashes it (fail-fast clients error at once); restart() brings it back on the same port', async () => {
    const server = track(await startRedisServer());
    const { redis, errors } = client(server.url, FAIL_FAST);
    await next(redis, 'ready');
    await redis.set('before-crash', '1');
    await expect(server.restart()).rejects.toThrow(/still running/);

    const closed = next(redis, 'close');
    const kill = await timed(server.kill());
    expect(kill.error).toBeUndefined();
    expect(kill.ms).toBeLessThan(1_000);
    expect(await refusesConnections(server.port)).toBe(true);

    // Whatever state the client is in right after the crash, the command fails fast.
    const duringCrash = await timed(redis.get('before-crash'));
    expect(duringCrash.error).toBeInstanceOf(Error);
    expect(duringCrash.ms).toBeLessThan(500);
    // Once the client has seen the connection close, it fails at once without touching the wire.
    await closed;
    const offline = await timed(redis.get('before-crash'));
    expect(offline.error?.message).toBe(OFFLINE_QUEUE_ERROR);
    expect(offline.ms).toBeLessThan(50);

    const ready = next(redis, 'ready');
    const restart = await timed(server.restart());
    expect(restart.error).toBeUndefined();
    expect(restart.ms).toBeLessThan(2_000);
    const reconnect = await timed(ready); // default retryStrategy: min(attempt * 50, 2000) ms
    expect(reconnect.ms).toBeLessThan(2_500);
    expect(redis.options.port).toBe(server.port);

    expect(await redis.get('before-crash')).toBeNull(); // nothing survived the crash
    await redis.set('after-restart', '2');
    expect(await redis.get('after-restart')).toBe('2');
    // The reconnect loop reports refused connections as 'error' events, never as a crash.
    for (const error of errors) expect(error.message).toMatch(/ECONNREFUSED|ECONNRESET|EPIPE/);
  });
});

describe('test/support/redis: startRedisCluster', () => {
  it('creates a real 3-master cluster that an ioredis Cluster client writes across', async () => {
    const started = performance.now();
    const cluster = track(await startRedisCluster());
    expect(performance.now() - started).toBeLessThan(5_000);

    expect(cluster.nodes).toHaveLength(3);
    const ports = cluster.nodes.map((node) => Number(node.split(':')[1]));
    expect(new Set(ports).size).toBe(3);
    for (const [index, node] of cluster.nodes.entries()) {
      expect(node).toBe(`127.0.0.1:${ports[index]}`);
      expect(ports[index]).not.toBe(6379);
    }

    const clusterClient = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
    clusterClient.on('error', () => undefined);
    cleanups.push(() => disconnect(clusterClient));
    await next(clusterClient, 'ready');

    const keys = Array.from({ length: 100 }, (_, index) => `key:${index}`);
    await Promise.all(keys.map((key, index) => clusterClient.set(key, String(index))));
    const values = await Promise.all(keys.map((key) => clusterClient.get(key)));
    expect(values).toEqual(keys.map((_, index) => String(index)));

    const nodeClients = cluster.nodes.map((node) => client(`redis://${node}/0`).redis);
    const slots = await Promise.all(keys.map((key) => nodeClients[0].cluster('KEYSLOT', key)));
    expect(new Set(slots).size).toBeGreaterThan(50);

    const sizes = await Promise.all(nodeClients.map((node) => node.dbsize()));
    for (const size of sizes) expect(size).toBeGreaterThan(0); // every master holds some keys
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(100);

    for (const node of nodeClients) {
      expect(await node.cluster('INFO')).toContain('cluster_state:ok');
      const lines = String(await node.cluster('NODES'))
        .trim()
        .split('\n');
      expect(lines).toHaveLength(3);
      expect(lines.filter((line) => line.split(' ')[2].includes('master'))).toHaveLength(3);
      expect(lines.join('\n')).not.toMatch(/fail/);
      for (const port of ports) expect(lines.join('\n')).toContain(`127.0.0.1:${port}@`);
    }

    clusterClient.disconnect();
    for (const node of nodeClients) node.disconnect();
    await cluster.stop();
    await cluster.stop(); // idempotent
    for (const port of ports) expect(await refusesConnections(port)).toBe(true);
  }, 15_000);
});

describe('test/support/redis: startBlackhole', () => {
  /**
   * When the connection closes during ioredis' handshake (CLIENT SETINFO / ready check still
   * pending), ioredis itself calls disconnect() on the already-closed stream, which arms a
   * "destroy the stream" timer (disconnectTimeout, 2 s by default) that nothing clears: keep it
   * short so the test process can exit.
   */
  const BLACKHOLE_CLIENT: RedisOptions = { ...FAIL_FAST, disconnectTimeout: 50 };
  let blackhole: Blackhole;
  beforeEach(async () => {
    blackhole = track(await startBlackhole());
  });

  it('with the ready check on, the connection never becomes ready: commands fail at once', async () => {
    expect(blackhole.url).toBe(`redis://127.0.0.1:${blackhole.port}/0`);
    const { redis } = client(blackhole.url, BLACKHOLE_CLIENT);
    await next(redis, 'connect'); // TCP is accepted...

    const get = await timed(redis.get('anything'));
    expect(get.error?.message).toBe(OFFLINE_QUEUE_ERROR); // ...but the handshake never answers
    expect(get.ms).toBeLessThan(50);
    expect(redis.status).toBe('connect');
  });

  it('with enableReadyCheck: false, GET times out after ~200 ms, under 500 ms in total', async () => {
    const { redis } = client(blackhole.url, {
      ...BLACKHOLE_CLIENT,
      enableReadyCheck: false,
      lazyConnect: false,
    });
    // Not ready at connect: ioredis first sends CLIENT SETINFO, which here ends by commandTimeout.
    await next(redis, 'ready');

    const get = await timed(redis.get('anything'));
    expect(get.error?.message).toBe('Command timed out');
    expect(get.ms).toBeGreaterThanOrEqual(150);
    expect(get.ms).toBeLessThan(500);
  });

  it('with disableClientInfo too, the client is ready at connect and GET times out in ~200 ms', async () => {
    const created = performance.now();
    const { redis } = client(blackhole.url, {
      ...BLACKHOLE_CLIENT,
      enableReadyCheck: false,
      lazyConnect: false,
      disableClientInfo: true,
    });
    await next(redis, 'ready');
    const get = await timed(redis.get('anything'));
    expect(get.error?.message).toBe('Command timed out');
    expect(get.ms).toBeGreaterThanOrEqual(150);
    expect(performance.now() - created).toBeLessThan(500);
  });

  it('stop() closes held connections and frees the port', async () => {
    // No reconnect, so that the client ends for good when the blackhole closes the connection.
    const { redis } = client(blackhole.url, { ...BLACKHOLE_CLIENT, retryStrategy: () => null });
    await next(redis, 'connect');
    const closed = next(redis, 'close');
    await blackhole.stop();
    await closed;
    expect(redis.status).toBe('end');
    await blackhole.stop(); // idempotent
    expect(await refusesConnections(blackhole.port)).toBe(true);
  });
});
