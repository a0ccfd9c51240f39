import type { Image, Money } from './common';

export interface DownstreamProduct {
  id: string;
  title: string;
  price: Money;
  images: Image[];
}

export interface Recommendation {
  productId: string;
}
