import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { findRawRequestContext } from './request-context';

const MACHINE_ROUTES = /^\/(health|metrics)(\/|$)/;

/** What one request's log line says about it, read when the response has finished. */
function requestFields(req: IncomingMessage, res: ServerResponse): Record<string, unknown> {
  const context = findRawRequestContext(req);
  return {
    requestId: req.id,
    traceId: context?.traceId,
    route: context?.route,
    method: req.method,
    statusCode: res.statusCode,
    userId: context?.userId,
    degradedSections: context?.degradedSections,
    cache: context?.cacheSource,
  };
}

/**
 * One structured line per request (nestjs-pino). Headers are not logged at all, and the
 * redaction paths keep credentials out even if a serializer ever adds them back.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '*', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { method?: string; url?: string }) => ({
                method: req.method,
                url: req.url,
              }),
              res: () => undefined,
            },
            customLogLevel: (req, res, error) => {
              // Probes and scrapes arrive every few seconds; a draining 503 is expected, not an error.
              if (MACHINE_ROUTES.test(findRawRequestContext(req)?.route ?? '')) return 'debug';
              if (error || res.statusCode >= 500) return 'error';
              return res.statusCode >= 400 ? 'warn' : 'info';
            },
            customSuccessObject: (req, res, value: object) => ({
              ...value,
              ...requestFields(req, res),
            }),
            customErrorObject: (req, res, _error, value: object) => ({
              ...value,
              ...requestFields(req, res),
            }),
            customSuccessMessage: () => 'request completed',
            customErrorMessage: () => 'request failed',
          },
        }),
      ],
    };
  }
}
