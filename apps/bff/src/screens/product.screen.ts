import { Headers, Param } from '@nestjs/common';
import { ProductAggregator } from '@app/aggregation';
import { ProductDetailDto, productDetail } from '@app/presentation';
import { AnyoneScreenCall, Screen } from '@app/screens';

/**
 * How both platforms serve a product page. Anyone may read it (a token, when sent, must be valid,
 * and makes prices follow the profile); its body changes with the languages asked for. Product
 * and reviews are cached below the screen for everyone, so no rendered body is kept per caller.
 * Phones and shared caches may keep it 60 s: a reader going back and forth between a list and a
 * product costs nothing, while a price or stock change still reaches every reader within a minute.
 */
@Screen('v1/products/:productId', ProductDetailDto, {
  operationId: 'getProduct',
  summary: 'A product page: details, stock, rating and top reviews',
  access: 'optional',
  images: true,
  varies: ['Accept-Language'],
  cached: false,
  clientMaxAgeSec: 60,
  errors: [404, 503, 504],
})
export class ProductScreen {
  constructor(private readonly products: ProductAggregator) {}

  async render(
    call: AnyoneScreenCall,
    @Param('productId') productId: string,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<ProductDetailDto> {
    return productDetail(await this.products.load(call, productId), call, acceptLanguage);
  }
}
