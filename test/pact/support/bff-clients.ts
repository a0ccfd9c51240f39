import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig, ServiceName } from '@app/config';
import {
  CallContext,
  CatalogClient,
  ConfigClient,
  Deadline,
  DownstreamModule,
  NotificationsClient,
  OrdersClient,
  UsersClient,
} from '@app/downstream';
import { TelemetryModule } from '@app/telemetry';
import { EXAMPLE_SERVICE_TOKEN } from './contract';

const URL_VARIABLE: Record<ServiceName, string> = {
  users: 'USERS_SERVICE_URL',
  orders: 'ORDERS_SERVICE_URL',
  catalog: 'CATALOG_SERVICE_URL',
  notifications: 'NOTIFICATIONS_SERVICE_URL',
  config: 'CONFIG_SERVICE_URL',
};

export interface BffClients {
  users: UsersClient;
  orders: OrdersClient;
  catalog: CatalogClient;
  notifications: NotificationsClient;
  config: ConfigClient;
  /** The context of one mobile request (its id, trace and deadline). */
  context(): CallContext;
}

/**
 * The BFF's real service clients over its real transport (DownstreamModule, with telemetry adding
 * `traceparent`), configured as the BFF is, with `service` pointed at `baseUrl` (a Pact mock
 * server). Closed when `use` settles.
 */
export async function withBffClients<T>(
  service: ServiceName,
  baseUrl: string,
  use: (clients: BffClients) => Promise<T>,
  serviceToken = EXAMPLE_SERVICE_TOKEN,
): Promise<T> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    UPSTREAM_SERVICE_TOKEN: serviceToken,
    [URL_VARIABLE[service]]: baseUrl,
  });
  const app = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), TelemetryModule.forRoot(config), DownstreamModule],
  }).compile();
  await app.init();
  try {
    return await use({
      users: app.get(UsersClient),
      orders: app.get(OrdersClient),
      catalog: app.get(CatalogClient),
      notifications: app.get(NotificationsClient),
      config: app.get(ConfigClient),
      context: () => ({
        request: { requestId: 'pact-request-0001', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
        deadline: Deadline.after(5_000),
        signal: new AbortController().signal,
      }),
    });
  } finally {
    await app.close();
  }
}
