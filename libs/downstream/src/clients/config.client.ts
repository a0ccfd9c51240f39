import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamMobileConfig, readMobileConfig } from '../payloads/config';
import { DownstreamHttp } from '../transport/downstream-http';

@Injectable()
export class ConfigClient {
  constructor(private readonly http: DownstreamHttp) {}

  /** The mobile config of one platform (the same for every user). */
  async getMobileConfig(
    context: CallContext,
    platform: 'ios' | 'android',
  ): Promise<DownstreamMobileConfig> {
    const body = await this.http.getJson('config', context, {
      path: '/config/mobile',
      query: { platform },
    });
    const config = readMobileConfig(body);
    if (!config) throw new DownstreamError('config', 'bad_response');
    return config;
  }
}
