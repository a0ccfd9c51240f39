import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import {
  DEMO_AUDIENCE,
  DEMO_HOST,
  DEMO_SERVICE_TOKEN,
  SERVICE_NAMES,
  ServiceName,
} from '@app/config';
import { CallRecorder, RecordedCall } from './call-recorder';
import { DeviceStore } from './data/devices';
import { MobileConfigPatch } from './data/mobile-config';
import { Fault, FaultTable, assertValidFault } from './faults';
import { baseUrl, listen } from './http';
import { InFlightGauge } from './in-flight';
import {
  DemoIdentityProvider,
  RunningIdentityProvider,
  startIdentityProvider,
} from './identity-provider';
import { createServiceServer } from './service-server';
import { registerCatalogRoutes } from './services/catalog.service';
import { registerConfigRoutes } from './services/config.service';
import { registerNotificationsRoutes } from './services/notifications.service';
import { registerOrdersRoutes } from './services/orders.service';
import { registerUsersRoutes } from './services/users.service';

export interface DemoBackendsOptions {
  /** Where every server listens; default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port) for each; the demo launcher passes the fixed demo ports. */
  ports?: Partial<Record<ServiceName | 'idp', number>>;
  serviceToken?: string;
  /** Default `http://<host>:<idp port>/`. */
  issuer?: string;
  audience?: string;
}

export interface DemoBackends {
  /** Base URL of each service, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  urls: Record<ServiceName, string>;
  serviceToken: string;
  idp: DemoIdentityProvider;
  /** Applies to that service's requests under `options.path` (a path prefix) until cleared. */
  setFault(service: ServiceName, fault: Fault, options?: { path?: string }): void;
  /** Clears the faults of one service, or of all of them. */
  clearFaults(service?: ServiceName): void;
  /** Every request received (faulted ones included, control endpoints excluded), in order. */
  calls(service?: ServiceName): RecordedCall[];
  /** Also starts a new max-in-flight measurement for those services. */
  resetCalls(service?: ServiceName): void;
  /** Requests the service holds open right now, and the most it held at once since the last reset. */
  inFlight(service: ServiceName): { current: number; max: number };
  /** Resolves once `count` calls (to `service`, if given) arrived; rejects after timeoutMs. */
  waitForCalls(count: number, service?: ServiceName, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Changes config-service's answer for both platforms (e.g. maintenance); null restores it. */
  setMobileConfig(patch: MobileConfigPatch | null): void;
  /** Closes every server, hanging sockets included. Safe to call twice. */
  close(): Promise<void>;
}

export async function startDemoBackends(options: DemoBackendsOptions = {}): Promise<DemoBackends> {
  const host = options.host ?? DEMO_HOST;
  const serviceToken = options.serviceToken ?? DEMO_SERVICE_TOKEN;
  const recorder = new CallRecorder();
  const devices = new DeviceStore();
  const faults = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, new FaultTable()]),
  ) as Record<ServiceName, FaultTable>;
  const gauges = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, new InFlightGauge()]),
  ) as Record<ServiceName, InFlightGauge>;
  let configPatch: MobileConfigPatch = {};

  const routes: Record<ServiceName, (app: FastifyInstance) => void> = {
    users: registerUsersRoutes,
    orders: registerOrdersRoutes,
    catalog: registerCatalogRoutes,
    notifications: (app) => registerNotificationsRoutes(app, devices),
    config: (app) => registerConfigRoutes(app, () => configPatch),
  };
  const servers = SERVICE_NAMES.map((service) => ({
    service,
    app: createServiceServer({
      service,
      serviceToken,
      faults: faults[service],
      recorder,
      inFlight: gauges[service],
      registerRoutes: routes[service],
    }),
  }));

  const listening = await Promise.allSettled([
    startIdentityProvider({
      host,
      port: options.ports?.idp ?? 0,
      issuer: options.issuer,
      audience: options.audience ?? DEMO_AUDIENCE,
    }),
    ...servers.map(({ service, app }) =>
      listen(app, host, options.ports?.[service] ?? 0, `${service} service`),
    ),
  ]);
  const [idpResult] = listening;
  const closeAll = async (): Promise<void> => {
    await Promise.all([
      ...servers.map(({ app }) => app.close()),
      idpResult?.status === 'fulfilled' ? idpResult.value.close() : undefined,
    ]);
  };
  const failure = listening.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failure !== undefined || idpResult?.status !== 'fulfilled') {
    await closeAll();
    const reason: unknown = failure?.reason;
    throw reason instanceof Error ? reason : new Error(`The demo did not start: ${String(reason)}`);
  }
  const idp: RunningIdentityProvider = idpResult.value;

  let closed: Promise<void> | undefined;
  return {
    urls: Object.fromEntries(
      servers.map(({ service, app }) => [
        service,
        baseUrl(host, (app.server.address() as AddressInfo).port),
      ]),
    ) as Record<ServiceName, string>,
    serviceToken,
    idp,
    setFault: (service, fault, faultOptions) => {
      assertValidFault(fault, faultOptions?.path);
      faults[service].set(fault, faultOptions?.path);
    },
    clearFaults: (service) => {
      for (const name of service === undefined ? SERVICE_NAMES : [service]) faults[name].clear();
    },
    calls: (service) => recorder.calls(service),
    resetCalls: (service) => {
      recorder.reset(service);
      for (const name of service === undefined ? SERVICE_NAMES : [service]) gauges[name].resetMax();
    },
    inFlight: (service) => gauges[service].snapshot(),
    waitForCalls: (count, service, timeoutMs = 5_000) =>
      recorder.waitFor(count, service, timeoutMs),
    setMobileConfig: (patch) => {
      configPatch = patch ?? {};
    },
    close: () => (closed ??= closeAll()),
  };
}
