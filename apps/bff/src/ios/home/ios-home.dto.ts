import { ApiProperty } from '@nestjs/swagger';
import { ScreenMetaDto } from '@app/presentation';

export class IosHomeUserDto {
  @ApiProperty({ example: 'u-1001' }) userId!: string;
  @ApiProperty({ example: 'Ada L.' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true }) avatarUrl!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'GOLD' }) loyaltyTier!: string | null;
}

export class IosRecentOrderDto {
  @ApiProperty({ example: 'o-5001' }) orderId!: string;
  @ApiProperty({ example: 'SHIPPED' }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  estimatedDelivery!: string | null;
  @ApiProperty({ description: 'Sum of item quantities', example: 2 }) itemCount!: number;
}

export class IosRecommendationDto {
  @ApiProperty({ example: 'p-200' }) productId!: string;
  @ApiProperty({ example: 'Trail shoe' }) title!: string;
  @ApiProperty({ type: String, nullable: true }) thumbnailUrl!: string | null;
  @ApiProperty({ example: '£89.00' }) priceFormatted!: string;
}

export class IosHomeResponse {
  @ApiProperty({ type: ScreenMetaDto }) meta!: ScreenMetaDto;
  @ApiProperty({ type: IosHomeUserDto }) user!: IosHomeUserDto;
  @ApiProperty({ type: [IosRecentOrderDto], maxItems: 3 }) recentOrders!: IosRecentOrderDto[];
  @ApiProperty({ type: [IosRecommendationDto], maxItems: 6 })
  recommendations!: IosRecommendationDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'null when notifications failed' })
  unreadNotifications!: number | null;
}
