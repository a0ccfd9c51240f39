import { DisplayHeader, HomeLayout } from '@app/presentation';
import type { Platform } from '@app/screens';

/** What sets Android apart: where images come from and how its screens are laid out. */
export const ANDROID: Platform = { name: 'android' };

/** Android sends its density bucket; each stands for an image size factor. */
export const DISPLAY_DENSITY = new DisplayHeader(
  'X-Display-Density',
  { mdpi: 1, hdpi: 1.5, xhdpi: 2, xxhdpi: 3, xxxhdpi: 4 },
  'xxhdpi',
);

/** A grid of two columns, four rows of recommendations. */
export const ANDROID_HOME: HomeLayout = { recommendations: 8 };
