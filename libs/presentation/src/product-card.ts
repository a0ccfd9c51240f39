import { ApiProperty } from '@nestjs/swagger';
import type { DownstreamProduct } from '@app/downstream';
import { pickImageVariant } from './image-variant';
import { formatPrice } from './price-format';

/** A product in a row or grid: title, thumbnail, price. */
export class ProductCardDto {
  @ApiProperty({ example: 'p-200' }) productId!: string;
  @ApiProperty({ example: 'Trail shoe' }) title!: string;
  @ApiProperty({ type: String, nullable: true }) thumbnailUrl!: string | null;
  @ApiProperty({ example: '£89.00' }) priceFormatted!: string;
}

export function productCard(
  product: DownstreamProduct,
  locale: string,
  displayFactor: number,
): ProductCardDto {
  return {
    productId: product.id,
    title: product.title,
    thumbnailUrl: pickImageVariant(product.images[0], 'thumbnail', displayFactor),
    priceFormatted: formatPrice(product.price, locale),
  };
}
