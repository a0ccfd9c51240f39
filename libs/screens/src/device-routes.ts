import {
  Body,
  CallHandler,
  Controller,
  Delete,
  ExecutionContext,
  Headers,
  HttpCode,
  Injectable,
  NestInterceptor,
  Param,
  Put,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { DeviceRegistrations, IDEMPOTENCY_KEY_HEADER } from '@app/aggregation';
import type { AuthenticatedUser } from '@app/auth';
import { CurrentUser } from '@app/auth';
import type { DeviceRegistration } from '@app/downstream';
import { ApiErrorResponses } from '@app/errors';
import { DeviceRegistrationBody, PushTokenFormat } from '@app/presentation';
import type { RequestContext } from '@app/telemetry';
import { ReqContext } from '@app/telemetry';

/** notifications-service's own answer, passed on: 201 for a new token, 200 for a known one. */
const REGISTRATION_STATUS: Record<DeviceRegistration, number> = { created: 201, updated: 200 };

/**
 * The body of a registration: no fields, as the contract lists none (the status says what
 * happened, and the token is not echoed back).
 */
const EMPTY_OBJECT = { type: 'object', properties: {}, additionalProperties: false };

/** Turns a registration's outcome into its status and an empty JSON object. */
@Injectable()
class RegistrationAnswer implements NestInterceptor<DeviceRegistration, object> {
  intercept(context: ExecutionContext, next: CallHandler<DeviceRegistration>): Observable<object> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((outcome) => {
        void reply.code(REGISTRATION_STATUS[outcome]);
        return {};
      }),
    );
  }
}

/**
 * `PUT` and `DELETE v1/devices/{pushToken}` for a platform whose push tokens have the given
 * format, as a controller class of its own (no base class to inherit from): a platform module
 * lists `deviceRoutes(APNS_TOKEN, 'IosDevices')`. Only signed-in users; an `Idempotency-Key`
 * header makes a retried write answer as the first.
 */
export function deviceRoutes(tokens: PushTokenFormat, name: string): Type {
  @Controller('v1/devices/:pushToken')
  @ApiTags('devices')
  @ApiBearerAuth()
  @ApiParam(tokens.apiParam())
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Sent again with a retry, gets the first answer again (for 24 h)',
  })
  // A body is refused alike on both writes: over the limit (413) or not JSON (415).
  @ApiErrorResponses(400, 401, 413, 415, 429, 503, 504)
  class PlatformDevices {
    constructor(readonly devices: DeviceRegistrations) {}

    @Put()
    @ApiOperation({ operationId: 'registerDevice', summary: 'Registers this device for pushes' })
    @UseInterceptors(RegistrationAnswer)
    @ApiCreatedResponse({ description: 'Registered', schema: EMPTY_OBJECT })
    @ApiOkResponse({ description: 'Was registered already: updated', schema: EMPTY_OBJECT })
    register(
      @ReqContext() request: RequestContext,
      @CurrentUser() { userId }: AuthenticatedUser,
      @Param('pushToken', tokens) pushToken: string,
      @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
      @Body() app: DeviceRegistrationBody,
    ): Promise<DeviceRegistration> {
      const platform = tokens.service;
      return this.devices.register({ request, userId, pushToken, platform, idempotencyKey }, app);
    }

    @Delete()
    @ApiOperation({ operationId: 'removeDevice', summary: 'Stops pushes to this device' })
    @HttpCode(204)
    @ApiNoContentResponse({ description: 'Removed' })
    @ApiErrorResponses(404)
    remove(
      @ReqContext() request: RequestContext,
      @CurrentUser() { userId }: AuthenticatedUser,
      @Param('pushToken', tokens) pushToken: string,
      @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    ): Promise<void> {
      const platform = tokens.service;
      return this.devices.remove({ request, userId, pushToken, platform, idempotencyKey });
    }
  }
  // The name Nest and the OpenAPI document show (operation ids, logs).
  Object.defineProperty(PlatformDevices, 'name', { value: name });
  return PlatformDevices;
}
