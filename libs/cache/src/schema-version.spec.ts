import { ApiProperty } from '@nestjs/swagger';
import { schemaVersion } from './schema-version';

class Thumbnail {
  @ApiProperty() url!: string;
}
class Card {
  @ApiProperty() title!: string;
  @ApiProperty({ type: Thumbnail }) image!: Thumbnail;
}
class SameCard {
  @ApiProperty() title!: string;
  @ApiProperty({ type: Thumbnail }) image!: Thumbnail;
}
class CardWithPrice {
  @ApiProperty() title!: string;
  @ApiProperty({ type: Thumbnail }) image!: Thumbnail;
  @ApiProperty() price!: string;
}
class NullableThumbnail {
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
}
class CardWithNullableImage {
  @ApiProperty() title!: string;
  @ApiProperty({ type: NullableThumbnail }) image!: NullableThumbnail;
}

const toCard = (title: string) => ({ title });
const toShoutedCard = (title: string) => ({ title: title.toUpperCase() });

describe(schemaVersion.name, () => {
  it('is stable for the same definition', () => {
    expect(schemaVersion(Card)).toBe(schemaVersion(Card));
    expect(schemaVersion(Card)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('changes with an added field, a nested change or a renamed class', () => {
    const versions = [Card, CardWithPrice, CardWithNullableImage, SameCard].map((dto) =>
      schemaVersion(dto),
    );
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('changes with the mapper that fills the shape', () => {
    expect(schemaVersion(Card, toCard)).not.toBe(schemaVersion(Card, toShoutedCard));
  });
});
