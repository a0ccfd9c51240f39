import { Module } from '@nestjs/common';
import { AggregationModule } from '@app/aggregation';
import { AndroidHomeController } from './home/android-home.controller';

/** Everything under /android: its own controllers, DTOs and mappers over the shared libs. */
@Module({
  imports: [AggregationModule],
  controllers: [AndroidHomeController],
})
export class AndroidModule {}
