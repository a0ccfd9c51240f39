import type { Image } from './common';

export interface DownstreamUser {
  id: string;
  displayName: string;
  avatar?: Image | null;
  loyalty?: { tier: string } | null;
  locale?: string;
  currency?: string;
}
