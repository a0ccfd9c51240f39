import { codeFingerprint, schemaClosure, screenVersion } from './screen-version';

const card = (image: object) => ({
  components: {
    schemas: {
      Card: {
        type: 'object',
        description: 'A product card',
        properties: {
          title: { type: 'string', example: 'Trail shoe' },
          image: { $ref: '#/components/schemas/Thumbnail' },
        },
      },
      Thumbnail: { type: 'object', properties: { url: image } },
      Unrelated: { type: 'object', properties: { id: { type: 'string' } } },
    },
  },
});

const toCard = (title: string) => ({ title });
const toShoutedCard = (title: string) => ({ title: title.toUpperCase() });

describe(screenVersion.name, () => {
  const document = card({ type: 'string' });

  it('is a short, stable hash', () => {
    expect(screenVersion(document, 'Card', [toCard])).toBe(
      screenVersion(card({ type: 'string' }), 'Card', [toCard]),
    );
    expect(screenVersion(document, 'Card', [toCard])).toMatch(/^[0-9a-f]{12}$/);
  });

  it('changes when a component the response references changes shape', () => {
    const nullable = card({ type: 'string', nullable: true });
    expect(screenVersion(nullable, 'Card', [])).not.toBe(screenVersion(document, 'Card', []));
  });

  it('ignores documentation-only edits and components the response does not use', () => {
    const edited = card({ type: 'string', description: 'now documented' });
    edited.components.schemas.Card.description = 'Reworded';
    edited.components.schemas.Unrelated.properties.id = { type: 'integer' };
    expect(screenVersion(edited, 'Card', [])).toBe(screenVersion(document, 'Card', []));
  });

  it('changes with the code that maps the response', () => {
    expect(screenVersion(document, 'Card', [toCard])).not.toBe(
      screenVersion(document, 'Card', [toShoutedCard]),
    );
  });

  it('refuses a component the document does not have', () => {
    expect(() => screenVersion(document, 'Missing', [])).toThrow('no component Missing');
  });
});

describe(schemaClosure.name, () => {
  it('holds the component and what it references, nothing else', () => {
    expect(Object.keys(schemaClosure(card({ type: 'string' }), 'Card')).sort()).toEqual([
      'Card',
      'Thumbnail',
    ]);
  });
});

describe(codeFingerprint.name, () => {
  it('covers every function a module namespace exports, whatever their order', () => {
    const helpers = { toCard, LIMIT: 3 };
    expect(codeFingerprint([helpers])).toContain(toCard.toString());
    expect(codeFingerprint([{ b: toShoutedCard, a: toCard }])).toBe(
      codeFingerprint([{ a: toCard, b: toShoutedCard }]),
    );
    expect(codeFingerprint([{ toCard: toShoutedCard }])).not.toBe(codeFingerprint([helpers]));
  });
});
