import { Module } from '@nestjs/common';
import { DownstreamModule } from '@app/downstream';
import { AGGREGATORS } from './aggregators';
import { CatalogProducts } from './catalog-products';

/** The screens' fan-outs; needs the global Config and TieredCache modules. */
@Module({
  imports: [DownstreamModule],
  providers: [...AGGREGATORS, CatalogProducts],
  exports: [...AGGREGATORS],
})
export class AggregationModule {}
