import { ApiProperty } from '@nestjs/swagger';
import { ScreenMetaDto } from '@app/presentation';

export class AndroidHomeUserDto {
  @ApiProperty({ example: 'u-1001' }) userId!: string;
  @ApiProperty({ example: 'Ada L.' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true }) avatarUrl!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'GOLD' }) loyaltyTier!: string | null;
}

export class AndroidRecentOrderDto {
  @ApiProperty({ example: 'o-5001' }) orderId!: string;
  @ApiProperty({ example: 'SHIPPED' }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  estimatedDelivery!: string | null;
  @ApiProperty({ description: 'Sum of item quantities', example: 2 }) itemCount!: number;
}

export class AndroidRecommendationDto {
  @ApiProperty({ example: 'p-200' }) productId!: string;
  @ApiProperty({ example: 'Trail shoe' }) title!: string;
  @ApiProperty({ type: String, nullable: true }) thumbnailUrl!: string | null;
  @ApiProperty({ example: '£89.00' }) priceFormatted!: string;
}

export class AndroidHomeResponse {
  @ApiProperty({ type: ScreenMetaDto }) meta!: ScreenMetaDto;
  @ApiProperty({ type: AndroidHomeUserDto }) user!: AndroidHomeUserDto;
  @ApiProperty({ type: [AndroidRecentOrderDto], maxItems: 3 })
  recentOrders!: AndroidRecentOrderDto[];
  @ApiProperty({ type: [AndroidRecommendationDto], maxItems: 8 })
  recommendations!: AndroidRecommendationDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'null when notifications failed' })
  unreadNotifications!: number | null;
}
