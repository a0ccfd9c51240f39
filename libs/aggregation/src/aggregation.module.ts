import { Module } from '@nestjs/common';
import { DownstreamModule } from '@app/downstream';
import { HomeAggregator } from './home/home.aggregator';

@Module({
  imports: [DownstreamModule],
  providers: [HomeAggregator],
  exports: [HomeAggregator],
})
export class AggregationModule {}
