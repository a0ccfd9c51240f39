import { Global, Module } from '@nestjs/common';
import { ScreenVersions } from './screen-versions';

/** Global: every platform module's screens share the registered OpenAPI documents. */
@Global()
@Module({ providers: [ScreenVersions], exports: [ScreenVersions] })
export class ScreensModule {}
