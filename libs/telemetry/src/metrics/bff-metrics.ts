import { Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TieredCache } from '@app/cache';
import type { BreakerState, DroppedElements } from '@app/downstream';

/** What one finished HTTP request contributes; every label is bounded (no ids, paths or IPs). */
export interface RequestSample {
  /** The route template (`/ios/v1/home`), or `unmatched` for requests no route answered. */
  route: string;
  method: string;
  status: number;
  durationMs: number;
  degradedSections?: readonly string[];
  /** Set when a screen answered (cached or not, 304s included). */
  screen?: { platform: string; screen: string; version: string };
}

const CIRCUIT_STATE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Seconds; a mobile BFF answers in tens to hundreds of ms, screens have a ~1 s deadline. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The BFF's Prometheus metrics, in a registry of its own (several apps may share a process, as
 * the tests do): HTTP requests, downstream calls, circuit states, cache tiers (read from the
 * TieredCache at scrape time), degraded sections, dropped downstream elements and Node defaults.
 * Fed by the Telemetry facade; nothing here knows where the numbers come from.
 */
@Injectable()
export class BffMetrics {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly downstreamCalls = new Counter({
    name: 'downstream_calls_total',
    help: 'Downstream call attempts, by service and outcome.',
    labelNames: ['service', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly downstreamDuration = new Histogram({
    name: 'downstream_call_duration_seconds',
    help: 'Duration of downstream call attempts, by service and outcome.',
    labelNames: ['service', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly downstreamRetries = new Counter({
    name: 'downstream_retries_total',
    help: 'Downstream calls retried, by service.',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });
  private readonly bulkheadRejections = new Counter({
    name: 'downstream_bulkhead_rejections_total',
    help: 'Downstream calls refused because the service bulkhead was full, by service.',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });
  private readonly circuitState = new Gauge({
    name: 'downstream_circuit_state',
    help: 'Circuit breaker state per service: 0 closed, 1 half-open, 2 open.',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });
  private readonly droppedElements = new Counter({
    name: 'downstream_dropped_elements_total',
    help: 'Downstream list elements dropped, by service, element and reason (malformed, other_user).',
    labelNames: ['service', 'element', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly screenAnswers = new Counter({
    name: 'screen_answers_total',
    help: 'Screens answered (200 or 304), by platform, screen and API version: when v1 can go.',
    labelNames: ['platform', 'screen', 'version'] as const,
    registers: [this.registry],
  });
  private readonly degradedSections = new Counter({
    name: 'degraded_sections_total',
    help: 'Screen sections answered as null because their source failed, by section.',
    labelNames: ['section'] as const,
    registers: [this.registry],
  });

  /**
   * Each label set's counter and histogram, looked up once: prom-client hashes the labels on
   * every call otherwise, several times per request. Bounded: labels are routes and outcomes.
   */
  private readonly seriesByLabels = new Map<string, Series>();
  private readonly screenSeries = new Map<string, Counter.Internal>();

  constructor(@Optional() private readonly cache?: TieredCache) {
    collectDefaultMetrics({ register: this.registry });
    const tiers = this.cache;
    new Counter({
      name: 'cache_requests_total',
      help: 'Cache tier lookups, by tier and result (hit, miss, error); read at scrape time.',
      labelNames: ['tier', 'result'] as const,
      registers: [this.registry],
      // The cache keeps its own running totals: copy them, so the metric stays a counter.
      collect() {
        if (!tiers) return;
        this.reset();
        for (const [tier, counts] of Object.entries(tiers.tierCounts())) {
          this.inc({ tier, result: 'hit' }, counts.hits);
          this.inc({ tier, result: 'miss' }, counts.misses);
          this.inc({ tier, result: 'error' }, counts.errors);
        }
      },
    });
  }

  /** The Prometheus text exposition of every metric. */
  async scrape(): Promise<string> {
    // prom-client writes NaN (e.g. event-loop lag before its first sample) as `Nan`.
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  recordRequest(sample: RequestSample): void {
    const method = KNOWN_METHODS.has(sample.method) ? sample.method : 'OTHER';
    const series = this.series(`${sample.route} ${method} ${sample.status}`, () => ({
      count: this.httpRequests.labels(sample.route, method, String(sample.status)),
      duration: this.httpDuration.labels(sample.route, method, String(sample.status)),
    }));
    series.count.inc();
    series.duration.observe(sample.durationMs / 1000);
    for (const section of sample.degradedSections ?? []) this.degradedSections.inc({ section });
    if (sample.screen) this.countScreen(sample.screen);
  }

  private countScreen({ platform, screen, version }: NonNullable<RequestSample['screen']>) {
    const key = `${platform} ${screen} ${version}`;
    let counter = this.screenSeries.get(key);
    if (!counter) {
      counter = this.screenAnswers.labels(platform, screen, version);
      this.screenSeries.set(key, counter);
    }
    counter.inc();
  }

  recordCall(service: string, outcome: string, durationMs: number): void {
    const series = this.series(`${service} ${outcome}`, () => ({
      count: this.downstreamCalls.labels(service, outcome),
      duration: this.downstreamDuration.labels(service, outcome),
    }));
    series.count.inc();
    series.duration.observe(durationMs / 1000);
  }

  retried(service: string): void {
    this.downstreamRetries.inc({ service });
  }

  breakerChanged(service: string, state: BreakerState): void {
    this.circuitState.set({ service }, CIRCUIT_STATE[state]);
  }

  bulkheadRejected(service: string): void {
    this.bulkheadRejections.inc({ service });
  }

  elementsDropped({ service, element, reason, count }: DroppedElements): void {
    this.droppedElements.inc({ service, element, reason }, count);
  }

  private series(key: string, create: () => Series): Series {
    let series = this.seriesByLabels.get(key);
    if (!series) {
      series = create();
      this.seriesByLabels.set(key, series);
    }
    return series;
  }
}

interface Series {
  count: Counter.Internal;
  duration: Histogram.Internal<string>;
}
