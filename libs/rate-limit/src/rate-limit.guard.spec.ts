import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Global,
  Injectable,
  Logger,
  Module,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SkipThrottle } from '@nestjs/throttler';
import { Test } from '@nestjs/testing';
import { AuditModule, type AuthenticatedRequest } from '@app/auth';
import { ConfigModule, loadConfig } from '@app/config';
import { GlobalExceptionFilter } from '@app/errors';
import { REDIS_CLIENT } from '@app/redis';
import { RateLimitGuard, RateLimitModule } from '.';

/** Stands in for JwtAuthenticationGuard: `x-test-user` names the authenticated caller. */
@Injectable()
class FakeAuthenticationGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const userId = request.headers['x-test-user'];
    if (typeof userId === 'string') request.user = { userId, claims: { sub: userId } };
    return true;
  }
}

@Controller()
class ProbeController {
  @Get('a')
  a(): object {
    return { ok: true };
  }

  @Get('b')
  b(): object {
    return { ok: true };
  }

  @SkipThrottle()
  @Get('unlimited')
  unlimited(): object {
    return { ok: true };
  }
}

/** No Redis configured: the in-memory store counts. */
@Global()
@Module({ providers: [{ provide: REDIS_CLIENT, useValue: null }], exports: [REDIS_CLIENT] })
class NoRedisModule {}

describe(RateLimitGuard.name, () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const config = loadConfig({
      NODE_ENV: 'test',
      RATE_LIMIT_USER_PER_MIN: '4',
      RATE_LIMIT_ANON_PER_MIN: '2',
      LOG_LEVEL: 'silent',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), NoRedisModule, AuditModule, RateLimitModule],
      controllers: [ProbeController],
      providers: [
        { provide: APP_GUARD, useClass: FakeAuthenticationGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const get = async (path: string, user?: string) => {
    const response = await fetch(`${url}${path}`, {
      headers: user === undefined ? {} : { 'x-test-user': user },
    });
    const header = (name: string) => response.headers.get(name);
    return {
      status: response.status,
      body: await response.json(),
      limit: header('x-ratelimit-limit'),
      remaining: header('x-ratelimit-remaining'),
      reset: header('x-ratelimit-reset'),
      retryAfter: header('retry-after'),
    };
  };

  it('gives each user one budget across routes, with the user limit', async () => {
    const answers = [
      await get('/a', 'u-1'),
      await get('/b', 'u-1'),
      await get('/a', 'u-1'),
      await get('/b', 'u-1'),
    ];
    expect(answers.map((answer) => [answer.status, answer.limit, answer.remaining])).toEqual([
      [200, '4', '3'],
      [200, '4', '2'],
      [200, '4', '1'],
      [200, '4', '0'],
    ]);
    for (const answer of answers) {
      expect(Number(answer.reset)).toBeGreaterThan(50); // the window just started
      expect(Number(answer.reset)).toBeLessThanOrEqual(60);
    }
    const limited = await get('/b', 'u-1');
    expect(limited).toMatchObject({ status: 429, limit: '4', remaining: '0' });
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED', retryable: true } });
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect(Number(limited.reset)).toBeGreaterThanOrEqual(Number(limited.retryAfter));
    expect(await get('/a', 'u-2')).toMatchObject({ status: 200, remaining: '3' });
  });

  it('counts anonymous callers by address, with the anonymous limit', async () => {
    const answers = [await get('/a'), await get('/b'), await get('/a')];
    expect(answers.map((answer) => [answer.status, answer.limit, answer.remaining])).toEqual([
      [200, '2', '1'],
      [200, '2', '0'],
      [429, '2', '0'],
    ]);
    expect(answers[2].retryAfter).toMatch(/^[1-9]\d*$/);
  });

  it('leaves @SkipThrottle() routes alone, without headers', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await get('/unlimited')).toMatchObject({
        status: 200,
        limit: null,
        remaining: null,
        reset: null,
        retryAfter: null,
      });
    }
  });
});
