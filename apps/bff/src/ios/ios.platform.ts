import { DisplayHeader, HomeLayout, PushTokenFormat } from '@app/presentation';
import type { Platform } from '@app/screens';

/** iOS sends its screen scale (1x, 2x, 3x): the image size factor as is. */
export const DISPLAY_SCALE = new DisplayHeader('X-Display-Scale', { '1': 1, '2': 2, '3': 3 }, '3');

/** What sets iOS apart: how it sizes images (its display header); its layouts follow. */
export const IOS: Platform = { name: 'ios', display: DISPLAY_SCALE };

/** Two rows of three recommendations. */
export const IOS_HOME: HomeLayout = { recommendations: 6 };

/** iOS registers APNs device tokens: 32 bytes, written as 64 hex characters. */
export const APNS_TOKEN = new PushTokenFormat(
  'apns',
  /^[0-9A-Fa-f]{64}$/,
  'an APNs device token (64 hex characters)',
);
