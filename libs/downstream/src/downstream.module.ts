import { HttpModule } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CatalogClient } from './clients/catalog.client';
import { NotificationsClient } from './clients/notifications.client';
import { OrdersClient } from './clients/orders.client';
import { UsersClient } from './clients/users.client';
import { DownstreamEvents } from './downstream-events';
import { DownstreamHttp } from './downstream-http';

/** Reused connections: a fan-out per screen would otherwise pay a TCP handshake per call. */
const agentOptions = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64 };

/** Global: the clients and the one DownstreamEvents that metrics, tracing and logs subscribe to. */
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
    DownstreamHttp,
    UsersClient,
    OrdersClient,
    CatalogClient,
    NotificationsClient,
  ],
  exports: [DownstreamEvents, UsersClient, OrdersClient, CatalogClient, NotificationsClient],
})
export class DownstreamModule {}
