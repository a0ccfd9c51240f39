import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestTracing } from '@app/telemetry';
import { BffHarness, startBff } from './support/bff-harness';
import { ROUTES } from './support/routes';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; arrayValue?: unknown };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 2 = server, 3 = client (OTLP SpanKind). */
  kind: number;
  attributes: OtlpAttribute[];
  status?: { code?: number };
}

interface ExportedSpan extends OtlpSpan {
  serviceName?: string;
  attrs: Record<string, string | number | undefined>;
}

const SERVER = 2;
const CLIENT = 3;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function attributesOf(list: OtlpAttribute[] = []): Record<string, string | number | undefined> {
  return Object.fromEntries(
    list.map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue === undefined ? undefined : Number(value.intValue)),
    ]),
  );
}

/** A minimal OTLP/HTTP JSON receiver on loopback: what a collector would receive. */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  readonly contentTypes: string[] = [];
  private readonly server: Server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        this.contentTypes.push(request.headers['content-type'] ?? '');
        this.accept(JSON.parse(body));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(payload: {
    resourceSpans?: Array<{
      resource?: { attributes?: OtlpAttribute[] };
      scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
    }>;
  }): void {
    for (const resourceSpans of payload.resourceSpans ?? []) {
      const serviceName = attributesOf(resourceSpans.resource?.attributes)['service.name'];
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            ...span,
            serviceName: serviceName as string | undefined,
            attrs: attributesOf(span.attributes),
          });
        }
      }
    }
  }
}

describe('request tracing (OTLP/HTTP)', () => {
  let receiver: OtlpReceiver;
  let bff: BffHarness;
  let token: string;

  beforeAll(async () => {
    receiver = new OtlpReceiver();
    const endpoint = await receiver.start();
    bff = await startBff({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_SERVICE_NAME: 'bff-under-test',
    });
    token = await bff.token('u-1001');
    // Warm-up, in a trace of its own: a first request pays for JIT, the key fetch, connection
    // set-up and the exporter's first use; on a loaded CI machine that once passed the deadline.
    await bff.client.home('ios', { token });
  });
  afterAll(async () => {
    await bff.close();
    await receiver.close();
  });
  afterEach(() => bff.backends.clearFaults());

  const flush = () => bff.app.get(RequestTracing).forceFlush();
  const spansOf = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);

  it('continues the caller trace: one server span, one client span per downstream call', async () => {
    bff.backends.resetCalls();
    const response = await bff.client
      .home('ios', { token })
      .set('traceparent', `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`);
    expect(response.status).toBe(200);
    expect(response.body.meta.traceId).toBe(TRACE_ID);
    await flush();

    const spans = spansOf(TRACE_ID);
    const servers = spans.filter((span) => span.kind === SERVER);
    expect(servers).toHaveLength(1);
    const [server] = servers;
    expect(server).toMatchObject({
      name: `GET ${ROUTES.home('ios')}`,
      parentSpanId: CALLER_SPAN_ID,
      serviceName: 'bff-under-test',
    });
    expect(server.attrs).toMatchObject({
      'http.route': ROUTES.home('ios'),
      'http.response.status_code': 200,
    });

    const calls = bff.backends.calls();
    const clients = spans.filter((span) => span.kind === CLIENT);
    expect(clients).toHaveLength(calls.length);
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls) {
      const [, traceId, spanId, flags] = String(call.headers.traceparent).split('-');
      expect(traceId).toBe(TRACE_ID);
      expect(flags).toBe('01');
      const client = clients.find((span) => span.spanId === spanId);
      expect(client).toMatchObject({ name: call.service, parentSpanId: server.spanId });
      expect(client?.attrs).toMatchObject({
        'downstream.service': call.service,
        'downstream.attempt': 1,
        'downstream.outcome': 'success',
      });
    }
    expect(receiver.contentTypes[0]).toMatch(/^application\/json/);
  });

  it('starts a new trace without a traceparent, with the id the response reports', async () => {
    const response = await bff.client.home('ios', { token });
    const traceId = response.body.meta.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await flush();
    const server = spansOf(traceId).find((span) => span.kind === SERVER);
    expect(server).toBeDefined();
    expect(server?.parentSpanId ?? '').toBe('');
    expect(spansOf(traceId).filter((span) => span.kind === CLIENT).length).toBeGreaterThan(0);
  });

  it('records a failed dependency on its client span', async () => {
    bff.backends.setFault('notifications', { kind: 'status', status: 500 });
    const traceId = 'aaaabbbbccccddddeeeeffff00001111';
    const response = await bff.client
      .home('ios', { token })
      .set('traceparent', `00-${traceId}-${CALLER_SPAN_ID}-01`);
    expect(response.status).toBe(200);
    await flush();
    const notifications = spansOf(traceId).filter((span) => span.name === 'notifications');
    expect(notifications.length).toBeGreaterThanOrEqual(1);
    for (const span of notifications) {
      expect(span.attrs).toMatchObject({
        'downstream.outcome': 'unavailable',
        'http.response.status_code': 500,
      });
      expect(span.status?.code).toBe(2);
    }
  });

  it('an error envelope reports the trace of its server span', async () => {
    const traceId = '0123456789abcdef0123456789abcdef';
    const response = await bff.client
      .home('ios')
      .set('traceparent', `00-${traceId}-${CALLER_SPAN_ID}-01`);
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).toContain(traceId);
    await flush();
    expect(spansOf(traceId).filter((span) => span.kind === SERVER)).toHaveLength(1);
  });
});

describe('request tracing without an exporter', () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(() => bff.close());

  it('still propagates the trace id with a fresh span id per call', async () => {
    bff.backends.resetCalls();
    const token = await bff.token('u-1001');
    const response = await bff.client
      .home('ios', { token })
      .set('traceparent', `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`);
    expect(response.status).toBe(200);
    expect(bff.app.get(RequestTracing).enabled).toBe(false);
    const spanIds = bff.backends.calls().map((call) => {
      const [, traceId, spanId] = String(call.headers.traceparent).split('-');
      expect(traceId).toBe(TRACE_ID);
      return spanId;
    });
    expect(new Set(spanIds).size).toBe(spanIds.length);
    expect(spanIds).not.toContain(CALLER_SPAN_ID);
  });
});
