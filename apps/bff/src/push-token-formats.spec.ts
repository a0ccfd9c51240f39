import { AppError } from '@app/errors';
import type { PushTokenFormat } from '@app/presentation';
import { FCM_TOKEN } from './android/android.platform';
import { APNS_TOKEN } from './ios/ios.platform';

const HEX_64 = '0123456789abcdef'.repeat(4);
/** Shaped like a real FCM registration token: an instance id, a colon, the APA91b payload. */
const FCM_152 = `dQw4w9WgXcQ_-1:APA91b${'Hk3_xZ-9'.repeat(17)}`;

function refuses(format: PushTokenFormat, token: string): boolean {
  try {
    format.transform(token);
    return false;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.details).toEqual([{ field: 'pushToken', issue: expect.any(String) }]);
    return true;
  }
}

/** The platforms' push-token rules (mobile contract): what each lets through to downstream. */
describe('push token formats', () => {
  it.each<[string, PushTokenFormat, string, boolean]>([
    ['APNs: 64 hex', APNS_TOKEN, HEX_64, true],
    ['APNs: 64 upper-case hex', APNS_TOKEN, HEX_64.toUpperCase(), true],
    ['APNs: 63 hex', APNS_TOKEN, HEX_64.slice(1), false],
    ['APNs: 65 hex', APNS_TOKEN, `${HEX_64}0`, false],
    ['APNs: a non-hex letter', APNS_TOKEN, `${HEX_64.slice(1)}g`, false],
    ['APNs: spaces between bytes', APNS_TOKEN, HEX_64.replace(/(.{8})/g, '$1 ').trim(), false],
    ['APNs: an FCM token', APNS_TOKEN, FCM_152, false],
    ['FCM: a real-shaped token', FCM_TOKEN, FCM_152, true],
    ['FCM: 100 characters', FCM_TOKEN, FCM_152.slice(0, 100), true],
    ['FCM: 4096 characters', FCM_TOKEN, FCM_152.padEnd(4096, '_'), true],
    ['FCM: 99 characters', FCM_TOKEN, FCM_152.slice(0, 99), false],
    ['FCM: 4097 characters', FCM_TOKEN, FCM_152.padEnd(4097, '_'), false],
    ['FCM: a slash', FCM_TOKEN, `${FCM_152}/x`, false],
    ['FCM: a plus', FCM_TOKEN, `${FCM_152}+`, false],
    ['FCM: an APNs token', FCM_TOKEN, HEX_64, false],
  ])('%s → valid: %s', (_, format, token, valid) => {
    expect(refuses(format, token)).toBe(!valid);
  });

  it('registers iOS tokens with APNs and Android tokens with FCM', () => {
    expect([APNS_TOKEN.service, FCM_TOKEN.service]).toEqual(['apns', 'fcm']);
  });
});
