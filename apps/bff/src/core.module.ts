import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthModule, JwtAuthGuard } from '@app/auth';
import { GlobalExceptionFilter } from '@app/errors';

/**
 * The cross-cutting stack, registered globally and in order, in one place:
 * authentication on every route unless it is marked @Public(); one filter for every error.
 */
@Module({
  imports: [AuthModule],
  providers: [
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_FILTER, useClass: GlobalExceptionFilter },
  ],
})
export class CoreModule {}
