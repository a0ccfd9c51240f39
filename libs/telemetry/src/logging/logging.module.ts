import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import type { AppConfig } from '@app/config';

/**
 * nestjs-pino as the application's logger (Nest's own messages, warnings, errors). Its per-request
 * middleware is not mounted (`forRoutes: []`): the request line is written once, by the telemetry
 * hooks, from what they recorded, instead of a child logger built for every request.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [],
          pinoHttp: [
            {
              level: config.logLevel,
              // Belt and braces: nothing logs headers, but if a serializer ever did, these stay out.
              redact: {
                paths: ['req.headers.authorization', 'req.headers.cookie'],
                censor: '[redacted]',
              },
            },
            // Asynchronous: a line per request never blocks the event loop on stdout, and lines
            // written while a write is in flight go out together. Flushed on exit by pino.
            destination({ dest: 1, sync: false }),
          ],
        }),
      ],
    };
  }
}
