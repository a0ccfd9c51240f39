import { ApiProperty } from '@nestjs/swagger';
import { PRODUCT_TOP_REVIEWS, ProductDetailSources } from '@app/aggregation';
import type { DownstreamReview } from '@app/downstream';
import { pickImageVariant } from './image-variant';
import { priceLocale } from './locale';
import { formatPrice } from './price-format';

export class ProductRatingDto {
  @ApiProperty({ example: 4.4, minimum: 0, maximum: 5 }) average!: number;
  @ApiProperty({ example: 312, minimum: 0 }) count!: number;
}

/** A review as shoppers read it: who wrote it is a display name, never an account. */
export class ProductReviewDto {
  @ApiProperty({ example: 'r-200-1' }) reviewId!: string;
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) rating!: number;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) body!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Sam K.' })
  authorDisplayName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/**
 * The product page's `meta`: no trace id and no time, so that the body is the same for everyone
 * who may share it (public caches) and its ETag stays put.
 */
export class ProductDetailMetaDto {
  @ApiProperty({ description: 'True when at least one section could not be loaded' })
  degraded!: boolean;

  @ApiProperty({
    type: [String],
    enum: ['topReviews'],
    description: 'Sections whose source failed',
  })
  degradedSections!: string[];
}

/** The mobile contract's `GET /{platform}/v1/products/{productId}`. */
export class ProductDetailDto {
  @ApiProperty({ example: 'p-200' }) productId!: string;
  @ApiProperty({ example: 'Trail shoe' }) title!: string;
  @ApiProperty({ type: String, nullable: true }) subtitle!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Acme' }) brand!: string | null;
  @ApiProperty({ example: '£89.00' }) priceFormatted!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when not on sale' })
  compareAtPriceFormatted!: string | null;
  @ApiProperty({ type: [String], description: 'Every image, sized for the device (320 pt/dp)' })
  images!: string[];
  @ApiProperty() inStock!: boolean;
  @ApiProperty({ type: ProductRatingDto, nullable: true }) rating!: ProductRatingDto | null;
  @ApiProperty({ type: [ProductReviewDto], maxItems: PRODUCT_TOP_REVIEWS })
  topReviews!: ProductReviewDto[];
  @ApiProperty({ type: ProductDetailMetaDto }) meta!: ProductDetailMetaDto;
}

/**
 * Composes the product page: whitelisted fields only, images for the device, prices in the
 * profile locale, else in the caller's Accept-Language (`acceptLanguage`), else en-US.
 */
export function productDetail(
  { product, topReviews, profileLocale, degradedSections }: ProductDetailSources,
  { display }: { readonly display: number },
  acceptLanguage: string | undefined,
): ProductDetailDto {
  const locale = priceLocale(profileLocale, acceptLanguage);
  return {
    productId: product.id,
    title: product.title,
    subtitle: product.subtitle ?? null,
    description: product.description ?? null,
    brand: product.brand ?? null,
    priceFormatted: formatPrice(product.price, locale),
    compareAtPriceFormatted: product.compareAtPrice
      ? formatPrice(product.compareAtPrice, locale)
      : null,
    images: product.images.flatMap(
      (image) => pickImageVariant(image, 'productDetail', display) ?? [],
    ),
    inStock: (product.inventory?.availableQuantity ?? 0) > 0,
    rating: product.rating
      ? { average: product.rating.average, count: product.rating.count }
      : null,
    topReviews: topReviews.slice(0, PRODUCT_TOP_REVIEWS).map(productReview),
    meta: { degraded: degradedSections.length > 0, degradedSections: [...degradedSections] },
  };
}

export function productReview(review: DownstreamReview): ProductReviewDto {
  return {
    reviewId: review.reviewId,
    rating: review.rating,
    title: review.title ?? null,
    body: review.body ?? null,
    authorDisplayName: review.authorDisplayName ?? null,
    createdAt: review.createdAt,
  };
}
