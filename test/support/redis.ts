import { ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runInThisContext } from 'node:vm';
import { freePort } from './ports';

/**
 * Real, throwaway Redis servers for e2e tests: a standalone server that can be crashed and
 * restarted on the same port, a real Redis Cluster, and a "blackhole" that accepts connections
 * but never answers. Every server listens on 127.0.0.1 on a free port (never 6379), persists
 * nothing (`--save "" --appendonly no`), lives in its own temp dir and is stopped by `stop()`
 * (and, as a safety net, SIGKILLed when the test process exits).
 */

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port>/0 */
  readonly url: string;
  /** SIGKILL the process (simulates a crash); resolves once the port refuses connections. */
  kill(): Promise<void>;
  /** Start again on the SAME port after kill(); resolves once it answers PING. */
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM) and temp dir removed; idempotent. */
  stop(): Promise<void>;
}

export interface RedisClusterHandle {
  /** ['127.0.0.1:p1', '127.0.0.1:p2', '127.0.0.1:p3']: the masters. */
  readonly nodes: string[];
  /**
   * With replicas: SIGKILLs the master `nodes[index]` and resolves once its replica has taken
   * over (it is a master and the cluster is ok again), with the promoted replica's address.
   */
  failOver(index?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface RedisSentinelHandle {
  /** ['127.0.0.1:s1', '127.0.0.1:s2', '127.0.0.1:s3']: three sentinels, quorum 2. */
  readonly sentinels: string[];
  /** The name the sentinels monitor the master under. */
  readonly masterName: string;
  readonly master: RedisServer;
  readonly replica: RedisServer;
  /** SIGKILLs the master; resolves once every sentinel names the replica as the master. */
  failOver(): Promise<void>;
  stop(): Promise<void>;
}

export interface Blackhole {
  readonly port: number;
  /** redis://127.0.0.1:<port>/0 */
  readonly url: string;
  /** Connections are accepted and kept open, but nothing is ever written back. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Cap on any wait for a server (start, readiness, port closing, cluster state). */
const READY_TIMEOUT_MS = 10_000;
/** A child process has no "ready" event: poll it, a few ms apart, until the deadline. */
const POLL_INTERVAL_MS = 5;
/** How long a single PING / CLUSTER INFO round trip may take while polling. */
const PROBE_TIMEOUT_MS = 500;
/** Graceful stop: SIGTERM, then SIGKILL if the process is still there after this long. */
const STOP_TIMEOUT_MS = 5_000;
/** `redis-cli --cluster create` is killed if it takes longer than this. */
const CLUSTER_CREATE_TIMEOUT_MS = 20_000;
/** A start that fails because the picked port got taken meanwhile is retried on a new port. */
const PORT_ATTEMPTS = 5;
/** The cluster bus listens on port + 10000, which must stay a valid port. */
const CLUSTER_BUS_OFFSET = 10_000;
const MAX_CLUSTER_PORT = 65_535 - CLUSTER_BUS_OFFSET;
/**
 * Cluster nodes ping peers whose last pong is older than half this, and a master waits up to this
 * (capped at 5 s) before declaring the cluster ok after seeing itself in a minority. With the
 * default 15 s, `redis-cli --cluster create` plus cluster_state:ok took 2 to 6 s (measured); with
 * 2 s it takes ~2 s (the 2 s CLUSTER_WRITABLE_DELAY after node start is the floor), sometimes 3 s.
 * 1 s would be a little faster but makes false failure detection likelier on a loaded machine.
 */
const CLUSTER_NODE_TIMEOUT_MS = 2_000;
/** Only the last few KB of a server's output are kept for error messages. */
const OUTPUT_TAIL_CHARS = 8_000;

// ---------------------------------------------------------------------------------------------
// Safety net: child processes must not outlive the test process.
// ---------------------------------------------------------------------------------------------

/**
 * Jest hands each test file a *copy* of `process` (an EventEmitter of its own): an 'exit' listener
 * registered on it never fires. The safety net therefore goes on the host process, and is only
 * armed while something is left to clean up (no listener piles up across test files).
 */
const hostProcess = runInThisContext('process') as NodeJS.Process;
const liveChildren = new Set<ChildProcess>();
const liveDirs = new Set<string>();
let safetyNetArmed = false;

function cleanUpLeftovers(): void {
  safetyNetArmed = false;
  if (liveChildren.size > 0) {
    const pids = [...liveChildren].map((child) => child.pid).join(', ');
    writeSync(2, `test/support/redis: killing process(es) left running (no stop()?): ${pids}\n`);
  }
  for (const child of liveChildren) child.kill('SIGKILL');
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
}

function updateSafetyNet(): void {
  const needed = liveChildren.size > 0 || liveDirs.size > 0;
  if (needed && !safetyNetArmed) hostProcess.once('exit', cleanUpLeftovers);
  if (!needed && safetyNetArmed) hostProcess.off('exit', cleanUpLeftovers);
  safetyNetArmed = needed;
}

function track(child: ChildProcess): void {
  liveChildren.add(child);
  updateSafetyNet();
}

function untrack(child: ChildProcess): void {
  liveChildren.delete(child);
  updateSafetyNet();
}

async function makeTempDir(port: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `redis-test-${port}-`));
  liveDirs.add(dir);
  updateSafetyNet();
  return dir;
}

async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
  updateSafetyNet();
}

// ---------------------------------------------------------------------------------------------
// Small utilities: timeouts, ports, raw RESP.
// ---------------------------------------------------------------------------------------------

/** Resolves with the promise's value, or with `fallback` after `ms` (the timer is cleared). */
async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  try {
    await listen(server, port);
  } catch {
    return false;
  }
  await closeServer(server);
  return true;
}

/**
 * A free port whose cluster bus port (port + 10000) is free too. `reserved` holds the ports (and
 * bus ports) already handed to the other nodes of the same cluster, which start concurrently.
 */
async function freeClusterPort(reserved: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await freePort();
    const bus = port + CLUSTER_BUS_OFFSET;
    if (port > MAX_CLUSTER_PORT || reserved.has(port) || reserved.has(bus)) continue;
    reserved.add(port).add(bus);
    if (await isPortFree(bus)) return port;
    reserved.delete(port);
    reserved.delete(bus);
  }
  throw new Error('no free port pair (port, port + 10000) found for a Redis Cluster node');
}

class RedisReplyError extends Error {}

/**
 * One command over a fresh raw TCP connection (no client library, no reconnect logic): resolves
 * with a simple-string / integer / bulk-string reply as text, rejects on an error reply, a socket
 * error (ECONNREFUSED...) or after `timeoutMs`.
 */
function rawCommand(
  port: number,
  args: string[],
  { timeoutMs = PROBE_TIMEOUT_MS, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const socket = createConnection({ host: HOST, port });
    const onAbort = () => finish(new Error(`${args[0]} aborted`));
    const finish = (error: Error | null, value = '') => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    signal?.addEventListener('abort', onAbort);
    socket.setTimeout(timeoutMs, () =>
      finish(new Error(`no reply to ${args[0]} within ${timeoutMs} ms`)),
    );
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error(`connection closed before a reply to ${args[0]}`)));
    socket.once('connect', () => {
      const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
      socket.write(`*${args.length}\r\n${parts.join('')}`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const lineEnd = buffered.indexOf('\r\n');
      if (lineEnd < 0) return;
      const line = buffered.subarray(0, lineEnd).toString('utf8');
      const body = line.slice(1);
      switch (line[0]) {
        case '+':
        case ':':
          return finish(null, body);
        case '-':
          return finish(new RedisReplyError(body));
        case '$': {
          const length = Number(body);
          if (length < 0) return finish(null, '');
          const start = lineEnd + 2;
          if (buffered.length < start + length + 2) return; // wait for the rest
          return finish(null, buffered.subarray(start, start + length).toString('utf8'));
        }
        default:
          return finish(new Error(`unexpected reply to ${args[0]}: ${line}`));
      }
    });
  });
}

/** Whether a TCP connection to the port is refused right now. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code === 'ECONNREFUSED');
    });
  });
}

// ---------------------------------------------------------------------------------------------
// redis-server child processes.
// ---------------------------------------------------------------------------------------------

/** The port was taken by someone else between picking it and redis-server binding it. */
class PortInUseError extends Error {}

/** A spawned child process with the tail of its output and a promise of its end. */
class Child {
  private output = '';
  private ended = false;
  readonly exited: Promise<string>;

  constructor(
    readonly proc: ChildProcess,
    readonly description: string,
  ) {
    track(proc);
    // A forgotten stop() must not keep the test process alive: it exits, and the safety net kills.
    proc.unref();
    for (const stream of [proc.stdout, proc.stderr]) (stream as Socket | null)?.unref();
    const append = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    this.exited = new Promise((resolve) => {
      const end = (how: string) => {
        this.ended = true;
        untrack(proc);
        resolve(how);
      };
      proc.once('exit', (code, signal) => end(signal ? `signal ${signal}` : `code ${code}`));
      proc.once('error', (error) => end(`spawn error: ${error.message}`));
    });
  }

  get hasExited(): boolean {
    return this.ended;
  }

  /** What the process printed (stdout and stderr; redis-server logs to stdout), for errors. */
  get log(): string {
    return this.output.trim() || '(no output)';
  }

  /** Sends `signal`; escalates to SIGKILL after STOP_TIMEOUT_MS; resolves once it has exited. */
  async terminate(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    if (this.ended) return;
    this.proc.kill(signal);
    if (signal !== 'SIGKILL' && (await within(this.exited, STOP_TIMEOUT_MS, null)) === null) {
      this.proc.kill('SIGKILL');
    }
    await this.exited;
  }
}

function failure(message: string, child: Child): Error {
  return new Error(`${message}\n--- ${child.description} output ---\n${child.log}`);
}

/**
 * Spawns redis-server on `port` and resolves once it answers PING (and is really this process,
 * not another server that grabbed the port). Rejects with PortInUseError when the port (or the
 * cluster bus port) was taken; the child is gone whenever this rejects.
 */
async function launchRedis(
  port: number,
  dir: string,
  extraArgs: string[] = [],
  configFile?: string,
): Promise<Child> {
  const args = [
    ...(configFile ? [configFile] : []),
    '--port',
    String(port),
    '--bind',
    HOST,
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    ...extraArgs,
  ];
  const child = new Child(
    spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }),
    `redis-server :${port}`,
  );
  try {
    await waitForPing(child, port);
    return child;
  } catch (error) {
    await child.terminate('SIGKILL');
    throw error;
  }
}

async function waitForPing(child: Child, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const attempt = new AbortController(); // drops the PING connection if the child exits first
    const reply = await Promise.race([
      rawCommand(port, ['PING'], { signal: attempt.signal }).catch((error: Error) => error),
      child.exited.then((how) => ({ exited: how })),
    ]);
    attempt.abort();
    if (typeof reply === 'object' && 'exited' in reply) {
      let message = `redis-server on port ${port} exited during startup (${reply.exited})`;
      if (reply.exited.startsWith('spawn error')) message += ': is redis-server on PATH (.ci/run)?';
      if (/already in use/i.test(child.log)) throw new PortInUseError(message);
      throw failure(message, child);
    }
    if (reply === 'PONG') {
      const info = await rawCommand(port, ['INFO', 'server']).catch(() => '');
      if (info.includes(`process_id:${child.proc.pid}\r\n`)) return;
      throw new PortInUseError(`port ${port} is answered by another Redis process`);
    }
    if (Date.now() >= deadline) {
      const lastError = reply instanceof Error ? reply.message : `unexpected PING reply ${reply}`;
      throw failure(
        `redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms (last: ${lastError})`,
        child,
      );
    }
    await delay(POLL_INTERVAL_MS);
  }
}

async function waitUntilRefused(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await connectionRefused(port))) {
    if (Date.now() >= deadline) {
      throw new Error(`port ${port} still accepts connections ${READY_TIMEOUT_MS} ms after kill`);
    }
    await delay(POLL_INTERVAL_MS);
  }
}

/** Writes a config file into the server's temp dir and returns its path (Sentinel needs one). */
type ConfigFile = (dir: string, port: number) => string;

/** One redis-server with its own temp dir; the building block of standalone, cluster and sentinel. */
class ManagedRedis implements RedisServer {
  readonly url: string;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly extraArgs: (dir: string, port: number) => string[],
    private readonly configFile: ConfigFile | undefined,
    private child: Child,
  ) {
    this.url = `redis://${HOST}:${port}/0`;
  }

  /** Starts on a fresh free port (picked by `pickPort`), retrying if the port gets taken. */
  static async start(
    pickPort: () => Promise<number>,
    extraArgs: (dir: string, port: number) => string[] = () => [],
    configFile?: ConfigFile,
  ): Promise<ManagedRedis> {
    for (let attempt = 1; ; attempt++) {
      const port = await pickPort();
      const dir = await makeTempDir(port);
      try {
        const child = await launchRedis(port, dir, extraArgs(dir, port), configFile?.(dir, port));
        return new ManagedRedis(port, dir, extraArgs, configFile, child);
      } catch (error) {
        await removeTempDir(dir);
        if (!(error instanceof PortInUseError) || attempt >= PORT_ATTEMPTS) throw error;
      }
    }
  }

  async kill(): Promise<void> {
    await this.child.terminate('SIGKILL');
    await waitUntilRefused(this.port);
  }

  async restart(): Promise<void> {
    if (this.stopping) throw new Error(`redis-server :${this.port} was stopped; cannot restart`);
    if (!this.child.hasExited) {
      throw new Error(`redis-server :${this.port} is still running; call kill() before restart()`);
    }
    try {
      this.child = await launchRedis(
        this.port,
        this.dir,
        this.extraArgs(this.dir, this.port),
        this.configFile?.(this.dir, this.port),
      );
    } catch (error) {
      if (error instanceof PortInUseError) {
        throw new Error(`cannot restart redis-server: port ${this.port} was taken meanwhile`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.child.terminate('SIGTERM');
      await removeTempDir(this.dir);
    })();
    return this.stopping;
  }
}

export function startRedisServer(): Promise<RedisServer> {
  return ManagedRedis.start(freePort);
}

// ---------------------------------------------------------------------------------------------
// Redis Cluster.
// ---------------------------------------------------------------------------------------------

/** Runs `redis-cli --cluster create` over the nodes and waits for it to finish. */
async function createCluster(addresses: string[], replicas: number): Promise<void> {
  const args = [
    '--cluster',
    'create',
    ...addresses,
    '--cluster-replicas',
    String(replicas),
    '--cluster-yes',
  ];
  const cli = new Child(
    spawn('redis-cli', args, { stdio: ['ignore', 'pipe', 'pipe'] }),
    'redis-cli',
  );
  const how = await within(cli.exited, CLUSTER_CREATE_TIMEOUT_MS, null);
  if (how === null) {
    await cli.terminate('SIGKILL');
    throw failure(`redis-cli --cluster create took over ${CLUSTER_CREATE_TIMEOUT_MS} ms`, cli);
  }
  if (how !== 'code 0') throw failure(`redis-cli --cluster create failed (${how})`, cli);
}

/** Polls CLUSTER INFO on one node until it reports a healthy cluster of `size` nodes. */
async function waitForClusterOk(port: number, size: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const info = await rawCommand(port, ['CLUSTER', 'INFO']).catch((error: Error) => error.message);
    if (
      info.includes('cluster_state:ok\r\n') &&
      info.includes('cluster_slots_assigned:16384\r\n') &&
      info.includes(`cluster_known_nodes:${size}\r\n`)
    ) {
      return;
    }
    if (Date.now() >= deadline) {
      throw new Error(`cluster node :${port} not ok within ${READY_TIMEOUT_MS} ms:\n${info}`);
    }
    await delay(POLL_INTERVAL_MS);
  }
}

/** Polls until `check` (given the last error's text on failure) is true, up to `timeoutMs`. */
async function pollUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await delay(POLL_INTERVAL_MS);
  }
}

/** A node of CLUSTER NODES: its address, whether it is a master, and the id of its master. */
interface ClusterNode {
  id: string;
  address: string;
  isMaster: boolean;
  masterId: string;
  failed: boolean;
}

async function clusterNodes(port: number): Promise<ClusterNode[]> {
  const reply = await rawCommand(port, ['CLUSTER', 'NODES']);
  return reply
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, masterId] = line.split(' ');
      return {
        id,
        address: address.split('@')[0],
        isMaster: flags.split(',').includes('master'),
        masterId,
        failed: /fail/.test(flags),
      };
    });
}

const portOf = (address: string) => Number(address.split(':')[1]);

/** A replica that has its data from the master (a replica that never synced may not take over). */
async function replicaInSync(port: number): Promise<boolean> {
  const info = await rawCommand(port, ['INFO', 'replication']);
  return info.includes('role:slave\r\n') && info.includes('master_link_status:up\r\n');
}

/**
 * A real Redis Cluster of `masters` masters with `replicas` replicas each, made with
 * `redis-cli --cluster create ... --cluster-yes`, each node with `--cluster-enabled yes
 * --cluster-config-file <tmp>/nodes-<port>.conf`; resolves once CLUSTER INFO says cluster_state:ok
 * on every node (about 2 s, sometimes 3 s) and every replica is in sync with its master.
 */
export async function startRedisCluster(
  masters = 3,
  { replicas = 0 }: { replicas?: number } = {},
): Promise<RedisClusterHandle> {
  if (!Number.isInteger(masters) || masters < 3) {
    throw new Error(`a Redis Cluster needs at least 3 masters (got ${masters})`);
  }
  const reserved = new Set<number>();
  const clusterArgs = (dir: string, port: number) => [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    join(dir, `nodes-${port}.conf`),
    '--cluster-node-timeout',
    String(CLUSTER_NODE_TIMEOUT_MS),
  ];
  const size = masters * (1 + replicas);
  const started = await Promise.allSettled(
    Array.from({ length: size }, () =>
      ManagedRedis.start(() => freeClusterPort(reserved), clusterArgs),
    ),
  );
  const servers = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    await createCluster(
      servers.map((server) => `${HOST}:${server.port}`),
      replicas,
    );
    await Promise.all(servers.map((server) => waitForClusterOk(server.port, size)));
    // The replicas' role reaches the first node by gossip, possibly after cluster_state:ok.
    let topology: ClusterNode[] = [];
    await pollUntil(`${masters * replicas} replicas known`, async () => {
      topology = await clusterNodes(servers[0].port);
      const known = topology.filter((node) => !node.isMaster && node.masterId !== '-');
      return known.length === masters * replicas;
    });
    await Promise.all(
      topology
        .filter((node) => !node.isMaster)
        .map((node) =>
          pollUntil(`replica ${node.address} in sync`, () => replicaInSync(portOf(node.address))),
        ),
    );
    const masterNodes = topology.filter((node) => node.isMaster);
    const failOver = async (index = 0): Promise<string> => {
      const victim = masterNodes[index];
      const replica = topology.find((node) => node.masterId === victim.id);
      if (!replica) throw new Error('failOver() needs a cluster started with replicas');
      await servers.find((server) => server.port === portOf(victim.address))?.kill();
      const promoted = portOf(replica.address);
      await pollUntil(`replica ${replica.address} promoted`, async () => {
        const info = await rawCommand(promoted, ['CLUSTER', 'INFO']);
        const self = (await clusterNodes(promoted)).find((node) => node.id === replica.id);
        return info.includes('cluster_state:ok\r\n') && self?.isMaster === true;
      });
      return replica.address;
    };
    let stopping: Promise<void> | undefined;
    return {
      nodes: masterNodes.map((node) => node.address),
      failOver,
      stop: () => (stopping ??= stop()),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Redis Sentinel.
// ---------------------------------------------------------------------------------------------

const SENTINEL_MASTER_NAME = 'bff';
/**
 * A master is subjectively down after this long without a valid reply. Short so a failover takes a
 * few seconds; not shorter, so a loaded 2-core machine does not fail a healthy master over.
 */
const SENTINEL_DOWN_AFTER_MS = 1_000;
/** A failover that stalls is retried (by another sentinel) after this long. */
const SENTINEL_FAILOVER_TIMEOUT_MS = 5_000;
/** Failure detection, election and promotion: a few seconds; bounded generously. */
const FAILOVER_TIMEOUT_MS = 20_000;

/** The master a sentinel names in INFO sentinel (`address=host:port`), if any. */
async function masterNamedBy(sentinelPort: number): Promise<string | undefined> {
  const info = await rawCommand(sentinelPort, ['INFO', 'sentinel']);
  return new RegExp(`name=${SENTINEL_MASTER_NAME},status=ok,address=([^,]+),`).exec(info)?.[1];
}

/** Whether a sentinel knows the master, its replica and the other sentinels (failover possible). */
async function sentinelSeesAll(sentinelPort: number, masterPort: number): Promise<boolean> {
  const info = await rawCommand(sentinelPort, ['INFO', 'sentinel']);
  return info.includes(`address=${HOST}:${masterPort},slaves=1,sentinels=3`);
}

/**
 * One master, one replica and three sentinels (`redis-server <conf> --sentinel`: the redis-server
 * package alone, no redis-sentinel package needed) monitoring it as `bff` with quorum 2; resolves
 * once the replica is in sync and every sentinel knows the replica and the other sentinels.
 */
export async function startRedisSentinel(): Promise<RedisSentinelHandle> {
  const servers: ManagedRedis[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(servers.map((server) => server.stop()));
    })());
  try {
    const master = await ManagedRedis.start(freePort);
    servers.push(master);
    const replica = await ManagedRedis.start(freePort, () => [
      '--replicaof',
      HOST,
      String(master.port),
    ]);
    servers.push(replica);
    // Sentinel rewrites its config file (known replicas, peers, epochs): one per sentinel.
    const sentinelConfig: ConfigFile = (dir) => {
      const file = join(dir, 'sentinel.conf');
      const name = SENTINEL_MASTER_NAME;
      writeFileSync(
        file,
        [
          `sentinel monitor ${name} ${HOST} ${master.port} 2`,
          `sentinel down-after-milliseconds ${name} ${SENTINEL_DOWN_AFTER_MS}`,
          `sentinel failover-timeout ${name} ${SENTINEL_FAILOVER_TIMEOUT_MS}`,
          '',
        ].join('\n'),
      );
      return file;
    };
    const started = await Promise.allSettled(
      [1, 2, 3].map(() => ManagedRedis.start(freePort, () => ['--sentinel'], sentinelConfig)),
    );
    for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const sentinels = servers.slice(2);
    await pollUntil('replica in sync', () => replicaInSync(replica.port));
    await Promise.all(
      sentinels.map((sentinel) =>
        pollUntil(`sentinel :${sentinel.port} sees master, replica and peers`, () =>
          sentinelSeesAll(sentinel.port, master.port),
        ),
      ),
    );
    const failOver = async () => {
      await master.kill();
      await Promise.all(
        sentinels.map((sentinel) =>
          pollUntil(
            `sentinel :${sentinel.port} names the replica`,
            async () => (await masterNamedBy(sentinel.port)) === `${HOST}:${replica.port}`,
            FAILOVER_TIMEOUT_MS,
          ),
        ),
      );
    };
    return {
      sentinels: sentinels.map((sentinel) => `${HOST}:${sentinel.port}`),
      masterName: SENTINEL_MASTER_NAME,
      master,
      replica,
      failOver,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Blackhole.
// ---------------------------------------------------------------------------------------------

/** A TCP server that accepts connections, reads and discards everything, and never answers. */
export async function startBlackhole(): Promise<Blackhole> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined); // clients resetting the connection is expected
    socket.once('close', () => sockets.delete(socket));
    socket.resume(); // drain whatever the client sends
  });
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `redis://${HOST}:${port}/0`,
    stop: () =>
      (stopping ??= (() => {
        for (const socket of sockets) socket.destroy();
        return closeServer(server);
      })()),
  };
}
