import type { JSONSchemaType } from 'ajv';

/** `{ "amount": "1299.00", "currency": "USD" }`: a decimal string and an ISO 4217 code. */
export interface Money {
  amount: string;
  currency: string;
}

/** The same picture at several pixel widths (`w160` … `w640`). */
export interface Image {
  url: string;
  variants?: Record<string, string>;
}

export const MONEY: JSONSchemaType<Money> = {
  type: 'object',
  properties: {
    amount: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
  required: ['amount', 'currency'],
};

export const IMAGE: JSONSchemaType<Image> = {
  type: 'object',
  properties: {
    url: { type: 'string' },
    variants: {
      type: 'object',
      required: [],
      patternProperties: { '^w\\d+$': { type: 'string' } },
      nullable: true,
    },
  },
  required: ['url'],
};

/** ISO 8601 date-times (with a zone), carried through as the service wrote them. */
export const TIMESTAMP = { type: 'string', format: 'date-time' } as const;
