import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { prometheusContentType } from 'prom-client';
import { Public } from '@app/auth';
import { BffMetrics } from '@app/telemetry';

/** Prometheus scrapes: no auth, no rate limit, no platform prefix, not in the API documents. */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: BffMetrics) {}

  @Get()
  @Header('content-type', prometheusContentType)
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
