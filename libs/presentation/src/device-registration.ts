import type { PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiParamOptions } from '@nestjs/swagger';
import { IsSemVer, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';
import type { DeviceRegistrationRequest } from '@app/downstream';
import { ValidationFailedError } from '@app/errors';

/** Longer than any real version or language tag: a bound on what is forwarded downstream. */
const MAX_FIELD_LENGTH = 64;

/** Which push service a token belongs to, as notifications-service names it. */
export type PushService = DeviceRegistrationRequest['platform'];

/**
 * A platform's push-token format (APNs on iOS, FCM on Android): a route pipe that lets only such
 * tokens through (anything else is `400 VALIDATION_FAILED` on `pushToken`) and names the push
 * service the token is registered with.
 */
export class PushTokenFormat implements PipeTransform<string, string> {
  constructor(
    readonly service: PushService,
    private readonly pattern: RegExp,
    /** What a valid token looks like, for the error detail and the OpenAPI document. */
    private readonly description: string,
  ) {}

  transform(token: string): string {
    if (!this.pattern.test(token)) {
      throw new ValidationFailedError([
        { field: 'pushToken', issue: `must be ${this.description}` },
      ]);
    }
    return token;
  }

  apiParam(): ApiParamOptions {
    return { name: 'pushToken', description: `The device's push token: ${this.description}` };
  }
}

/**
 * A well-formed BCP 47 language tag, as `Intl` reads one (`en-GB`, `de-DE-u-co-phonebk`);
 * class-validator's `IsLocale` would also take `en_GB`.
 */
export function IsLanguageTag(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLanguageTag',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isLanguageTag(value),
        defaultMessage: () => '$property must be a BCP 47 language tag, e.g. en-GB',
      },
    },
    options,
  );
}

export function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** The body of `PUT /{platform}/v1/devices/{pushToken}`: the app that registers the token. */
export class DeviceRegistrationBody {
  @ApiProperty({ example: '5.1.3', description: 'The app version (semver)' })
  @MaxLength(MAX_FIELD_LENGTH)
  @IsSemVer({ message: '$property must be a semantic version, e.g. 5.1.3' })
  readonly appVersion!: string;

  @ApiProperty({ example: 'en-GB', description: 'The language of notifications (BCP 47)' })
  @MaxLength(MAX_FIELD_LENGTH)
  @IsLanguageTag()
  readonly locale!: string;
}
