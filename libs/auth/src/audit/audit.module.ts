import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';

/** The audit stream alone, for the modules that report to it (auth, rate limits). */
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
