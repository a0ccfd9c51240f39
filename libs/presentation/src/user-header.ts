import { ApiProperty } from '@nestjs/swagger';
import type { DownstreamUser } from '@app/downstream';
import { pickImageVariant } from './image-variant';

/** The signed-in user at the top of a screen. */
export class UserHeaderDto {
  @ApiProperty({ example: 'u-1001' }) userId!: string;
  @ApiProperty({ example: 'Ada L.' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true }) avatarUrl!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'GOLD' }) loyaltyTier!: string | null;
}

export function userHeader(user: DownstreamUser, displayFactor: number): UserHeaderDto {
  return {
    userId: user.id,
    displayName: user.displayName,
    avatarUrl: pickImageVariant(user.avatar, 'avatar', displayFactor),
    loyaltyTier: user.loyalty?.tier ?? null,
  };
}
