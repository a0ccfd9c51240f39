import { Module } from '@nestjs/common';
import { DownstreamModule } from '@app/downstream';
import { CatalogProducts } from './catalog-products';
import { HomeAggregator } from './home/home.aggregator';

@Module({
  imports: [DownstreamModule],
  providers: [HomeAggregator, CatalogProducts],
  exports: [HomeAggregator],
})
export class AggregationModule {}
