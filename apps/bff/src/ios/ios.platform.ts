import { DisplayHeader, HomeLayout } from '@app/presentation';
import type { Platform } from '@app/screens';

/** What sets iOS apart: where images come from and how its screens are laid out. */
export const IOS: Platform = { name: 'ios' };

/** iOS sends its screen scale (1x, 2x, 3x): the image size factor as is. */
export const DISPLAY_SCALE = new DisplayHeader('X-Display-Scale', { '1': 1, '2': 2, '3': 3 }, '3');

/** Two rows of three recommendations. */
export const IOS_HOME: HomeLayout = { recommendations: 6 };
