import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { connect } from 'node:net';
import { AppConfig, InjectConfig, ServiceName } from '@app/config';

const CHECK_TIMEOUT_MS = 500;
/** Probes arrive every few seconds from every load balancer: don't open a socket for each. */
const RESULT_TTL_MS = 2_000;

/**
 * One indicator per downstream service: can a TCP connection to it be opened? A critical service
 * that is unreachable reports `down` (not ready); an optional one reports `degraded` (still ready,
 * since its screens degrade instead of failing).
 */
@Injectable()
export class DependencyReachability {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async check(service: ServiceName, critical: boolean): Promise<HealthIndicatorResult> {
    const url = new URL(this.config.upstream.services[service].baseUrl);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const session = this.indicators.check(service);
    const result = await session
      .attempt(({ signal }) => openAndClose(url.hostname, port, signal))
      .withTimeout(CHECK_TIMEOUT_MS)
      .cacheFor(RESULT_TTL_MS);
    if (critical || result[service].status === 'up') return result;
    return session.degraded({ message: 'unreachable' });
  }
}

function openAndClose(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
