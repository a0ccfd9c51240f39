import { HttpModule } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CatalogClient } from './clients/catalog.client';
import { NotificationsClient } from './clients/notifications.client';
import { OrdersClient } from './clients/orders.client';
import { UsersClient } from './clients/users.client';
import { DownstreamEvents } from './downstream-events';
import { ServiceResilience } from './resilience/service-resilience';
import { DOWNSTREAM_FAILURES } from './transport/downstream-failures';
import { DownstreamHttp } from './transport/downstream-http';

/** Reused connections: a fan-out per screen would otherwise pay a TCP handshake per call. */
const agentOptions = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64 };

/** Global: the clients, and the one DownstreamEvents that telemetry subscribes to. */
@Global()
@Module({
  imports: [
    HttpModule.register({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      proxy: false,
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
  ],
  exports: [DownstreamEvents, UsersClient, OrdersClient, CatalogClient, NotificationsClient],
})
export class DownstreamModule {}
