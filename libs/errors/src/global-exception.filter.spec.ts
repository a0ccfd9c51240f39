import { Body, Controller, Get, Module, NotFoundException, Post } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@app/config';
import { DownstreamEvents } from '@app/downstream';
import { BffMetrics, RequestTracing, Telemetry } from '@app/telemetry';
import { AppError, ValidationFailedError } from './app-error';
import { GlobalExceptionFilter } from './global-exception.filter';

@Controller()
class ThrowingController {
  @Get('app-error')
  appError(): never {
    throw new AppError('UPSTREAM_TIMEOUT');
  }

  @Get('validation')
  validation(): never {
    throw new ValidationFailedError([{ field: 'limit', issue: 'must be between 1 and 50' }]);
  }

  @Get('framework')
  framework(): never {
    throw new NotFoundException('Cannot find /secret/internal/path');
  }

  @Get('bug')
  bug(): never {
    throw new Error('connect ECONNREFUSED users.internal:8080 at Socket.<anonymous>');
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({
  controllers: [ThrowingController],
  providers: [{ provide: APP_FILTER, useClass: GlobalExceptionFilter }],
})
class ThrowingModule {}

const envelope = (code: string, retryable: boolean) => ({
  error: {
    code,
    message: expect.any(String),
    traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    retryable,
  },
});

describe(GlobalExceptionFilter.name, () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ThrowingModule] }).compile();
    const adapter = new FastifyAdapter({ bodyLimit: 1024 });
    // The telemetry hook that gives every request its context (and trace id), as the BFF has it.
    const telemetry = new Telemetry(
      new DownstreamEvents(),
      { enabled: false } as RequestTracing,
      {} as BffMetrics,
      loadConfig({}),
    );
    adapter.getInstance().addHook('onRequest', telemetry.onRequest);
    app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  const call = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    expect(text).not.toMatch(/ECONNREFUSED|users\.internal|secret|at Socket|stack/i);
    return {
      status: response.status,
      body: JSON.parse(text) as unknown,
      type: response.headers.get('content-type'),
    };
  };
  const postJson = (body: string, type = 'application/json') =>
    call('/echo', { method: 'POST', headers: { 'content-type': type }, body });

  it('answers domain errors with their code and status', async () => {
    expect(await call('/app-error')).toMatchObject({
      status: 504,
      body: envelope('UPSTREAM_TIMEOUT', true),
    });
  });

  it('adds details only for validation errors', async () => {
    const { status, body } = await call('/validation');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        ...envelope('VALIDATION_FAILED', false).error,
        details: [{ field: 'limit', issue: 'must be between 1 and 50' }],
      },
    });
  });

  it('maps framework exceptions without echoing their message', async () => {
    expect(await call('/framework')).toMatchObject({
      status: 404,
      body: envelope('NOT_FOUND', false),
    });
  });

  it('answers unknown routes with the envelope', async () => {
    expect(await call('/no/such/route')).toMatchObject({
      status: 404,
      body: envelope('NOT_FOUND', false),
    });
  });

  it('turns unexpected errors into INTERNAL_ERROR without a stack trace', async () => {
    const result = await call('/bug');
    expect(result).toMatchObject({
      status: 500,
      body: envelope('INTERNAL_ERROR', false),
      type: expect.stringContaining('application/json'),
    });
  });

  it('answers malformed JSON with 400', async () => {
    expect(await postJson('{"a":')).toMatchObject({
      status: 400,
      body: envelope('VALIDATION_FAILED', false),
    });
  });

  it('answers an oversized body with 413', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(4096) });
    expect(await postJson(big)).toMatchObject({
      status: 413,
      body: envelope('PAYLOAD_TOO_LARGE', false),
    });
  });

  it('answers an unsupported content type with 415', async () => {
    expect(await postJson('<a/>', 'application/xml')).toMatchObject({
      status: 415,
      body: envelope('UNSUPPORTED_MEDIA_TYPE', false),
    });
  });

  it('uses the client trace id when a valid traceparent was sent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { body } = await call('/app-error', {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(body).toMatchObject({ error: { traceId } });
  });
});
