import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { JwksKeyStore } from './jwks-key-store';

/**
 * Readiness input: `down` while no usable signing key is held (the IdP unreachable since start),
 * since every authenticated request would then be refused. Liveness never asks: restarting would
 * not bring the IdP back.
 */
@Injectable()
export class SigningKeysHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly keyStore: JwksKeyStore,
  ) {}

  async check(): Promise<HealthIndicatorResult<'signingKeys'>> {
    const session = this.indicators.check('signingKeys');
    return (await this.keyStore.hasUsableKeys())
      ? session.up({ keys: this.keyStore.knownKeyIds.length })
      : session.down({ message: 'no usable signing key' });
  }
}
