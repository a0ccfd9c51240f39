import { Module } from '@nestjs/common';
import { AggregationModule } from '@app/aggregation';
import { IosHomeController } from './home/ios-home.controller';

/** Everything under /ios: its own controllers, DTOs and mappers over the shared libs. */
@Module({
  imports: [AggregationModule],
  controllers: [IosHomeController],
})
export class IosModule {}
