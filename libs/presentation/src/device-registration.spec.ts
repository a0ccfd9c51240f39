import { AppError, requestValidationPipe, ValidationIssue } from '@app/errors';
import { DeviceRegistrationBody, isLanguageTag, PushTokenFormat } from './device-registration';

/** What the global pipe makes of a PUT body: the DTO, or the issues of its 400. */
async function validate(body: unknown): Promise<DeviceRegistrationBody | ValidationIssue[]> {
  try {
    return (await requestValidationPipe().transform(body, {
      type: 'body',
      metatype: DeviceRegistrationBody,
    })) as DeviceRegistrationBody;
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return [...error.details!];
    throw error;
  }
}

const fieldsOf = (result: DeviceRegistrationBody | ValidationIssue[]) =>
  Array.isArray(result) ? result.map((issue) => issue.field) : [];

describe(DeviceRegistrationBody.name, () => {
  it.each([
    { appVersion: '5.1.3', locale: 'en-GB' },
    { appVersion: '0.0.1-beta.2+build.7', locale: 'de-DE-u-co-phonebk' },
    { appVersion: '12.0.0', locale: 'zh-Hant-TW' },
  ])('takes %j', async (body) => {
    const result = await validate(body);
    expect(result).toBeInstanceOf(DeviceRegistrationBody);
    expect(result).toEqual(body);
  });

  it.each<[string, unknown, string[]]>([
    ['an unknown field', { appVersion: '5.1.3', locale: 'en-GB', userId: 'u-1' }, ['userId']],
    ['two parts of a version', { appVersion: '5.1', locale: 'en-GB' }, ['appVersion']],
    ['a leading v', { appVersion: 'v5.1.3', locale: 'en-GB' }, ['appVersion']],
    ['a leading zero', { appVersion: '05.1.3', locale: 'en-GB' }, ['appVersion']],
    ['a number', { appVersion: 5, locale: 'en-GB' }, ['appVersion']],
    [
      'a 65-character version',
      { appVersion: `1.0.0-${'a'.repeat(59)}`, locale: 'en' },
      ['appVersion'],
    ],
    ['an underscore locale', { appVersion: '5.1.3', locale: 'en_GB' }, ['locale']],
    ['a locale with an empty subtag', { appVersion: '5.1.3', locale: 'en--GB' }, ['locale']],
    ['an empty locale', { appVersion: '5.1.3', locale: '' }, ['locale']],
    ['a locale array', { appVersion: '5.1.3', locale: ['en-GB'] }, ['locale']],
    ['no fields', {}, ['appVersion', 'locale']],
    ['no body', undefined, ['appVersion', 'locale']],
  ])('refuses %s, naming the field', async (_, body, fields) => {
    expect(fieldsOf(await validate(body))).toEqual(fields);
  });

  it('says what a valid value looks like', async () => {
    expect(await validate({ appVersion: '5', locale: 'en_GB' })).toEqual([
      { field: 'appVersion', issue: 'appVersion must be a semantic version, e.g. 5.1.3' },
      { field: 'locale', issue: 'locale must be a BCP 47 language tag, e.g. en-GB' },
    ]);
  });
});

describe(isLanguageTag.name, () => {
  it.each(['en', 'en-GB', 'EN-gb', 'sr-Latn-RS', 'es-419', 'de-DE-u-co-phonebk'])(
    'takes %s',
    (tag) => expect(isLanguageTag(tag)).toBe(true),
  );

  it.each(['', 'en_GB', 'en-', 'x-private', 'i-klingon', '123', 'en-GB,fr'])('refuses %j', (tag) =>
    expect(isLanguageTag(tag)).toBe(false),
  );
});

describe(PushTokenFormat.name, () => {
  const format = new PushTokenFormat('apns', /^[0-9a-f]{4}$/, 'four hex digits');

  it('lets a matching token through as it is, and names its push service', () => {
    expect(format.transform('0a9f')).toBe('0a9f');
    expect(format.service).toBe('apns');
  });

  it('refuses anything else with a 400 on pushToken that says what is expected', () => {
    expect(() => format.transform('0a9')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'pushToken', issue: 'must be four hex digits' }],
      }),
    );
  });

  it('describes the token in the OpenAPI document', () => {
    expect(format.apiParam()).toEqual({
      name: 'pushToken',
      description: "The device's push token: four hex digits",
    });
  });
});
