import { HttpModule } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CatalogClient } from './clients/catalog.client';
import { ConfigClient } from './clients/config.client';
import { NotificationsClient } from './clients/notifications.client';
import { OrdersClient } from './clients/orders.client';
import { UsersClient } from './clients/users.client';
import { DownstreamEvents } from './downstream-events';
import { ServiceResilience } from './resilience/service-resilience';
import { DOWNSTREAM_FAILURES } from './transport/downstream-failures';
import { DownstreamHttp } from './transport/downstream-http';
import { undiciAdapter } from './transport/undici-adapter';
import { UndiciPools } from './transport/undici-pools';

/** Global: the clients, and the one DownstreamEvents that telemetry subscribes to. */
@Global()
@Module({
  imports: [
    HttpModule.registerAsync({
      extraProviders: [UndiciPools],
      inject: [UndiciPools],
      useFactory: (pools: UndiciPools) => ({
        adapter: undiciAdapter(pools),
        // Bodies stay text (parsed by the caller), every status is an answer (mapped by the
        // caller), and a redirect is never followed.
        responseType: 'text',
        transformRequest: [],
        transformResponse: [],
        validateStatus: null,
        maxRedirects: 0,
      }),
    }),
  ],
  providers: [
    DownstreamEvents,
    {
      // One set of breakers, budgets and bulkheads per app, reporting through DownstreamEvents.
      provide: ServiceResilience,
      inject: [APP_CONFIG, DownstreamEvents],
      useFactory: (config: AppConfig, events: DownstreamEvents) =>
        new ServiceResilience(config.resilience, DOWNSTREAM_FAILURES, events),
    },
    DownstreamHttp,
    UsersClient,
    OrdersClient,
    CatalogClient,
    NotificationsClient,
    ConfigClient,
  ],
  exports: [
    DownstreamEvents,
    UsersClient,
    OrdersClient,
    CatalogClient,
    NotificationsClient,
    ConfigClient,
  ],
})
export class DownstreamModule {}
