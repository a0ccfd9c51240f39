import { DisplayHeader, HomeLayout, PushTokenFormat } from '@app/presentation';
import type { Platform } from '@app/screens';

/** Android sends its density bucket; each stands for an image size factor. */
export const DISPLAY_DENSITY = new DisplayHeader(
  'X-Display-Density',
  { mdpi: 1, hdpi: 1.5, xhdpi: 2, xxhdpi: 3, xxxhdpi: 4 },
  'xxhdpi',
);

/** What sets Android apart: how it sizes images (its display header); its layouts follow. */
export const ANDROID: Platform = { name: 'android', display: DISPLAY_DENSITY };

/** A grid of two columns, four rows of recommendations. */
export const ANDROID_HOME: HomeLayout = { recommendations: 8 };

/** Android registers FCM registration tokens. */
export const FCM_TOKEN = new PushTokenFormat(
  'fcm',
  /^[A-Za-z0-9_:-]{100,4096}$/,
  'an FCM registration token (100 to 4096 of A-Z, a-z, 0-9, _, :, -)',
);
