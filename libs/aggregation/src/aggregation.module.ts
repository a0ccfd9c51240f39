import { Module } from '@nestjs/common';
import { DownstreamModule } from '@app/downstream';
import { AGGREGATORS } from './aggregators';
import { CatalogProducts } from './catalog-products';
import { PagingTokens } from './paging/paging-tokens';

/** The screens' fan-outs; needs the global Config and TieredCache modules. */
@Module({
  imports: [DownstreamModule],
  providers: [...AGGREGATORS, CatalogProducts, PagingTokens],
  exports: [...AGGREGATORS],
})
export class AggregationModule {}
