import { ApiProperty } from '@nestjs/swagger';

/** `meta` of every screen response: marks a partial answer as partial. */
export class ScreenMetaDto {
  @ApiProperty({ example: '4bf92f3577b34da6a3ce929d0e0e4736' })
  traceId!: string;

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ description: 'True when at least one section could not be loaded' })
  degraded!: boolean;

  @ApiProperty({
    type: [String],
    description: 'Names of the sections whose source failed (their data is missing or partial)',
  })
  degradedSections!: string[];
}

export function screenMeta(traceId: string, degradedSections: readonly string[]): ScreenMetaDto {
  return {
    traceId,
    generatedAt: new Date().toISOString(),
    degraded: degradedSections.length > 0,
    degradedSections: [...degradedSections],
  };
}
