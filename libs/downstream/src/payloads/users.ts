import type { JSONSchemaType } from 'ajv';
import { IMAGE, Image } from './common';
import { payloadReader } from './schema';

/** What the BFF keeps of a users-service user. */
export interface DownstreamUser {
  id: string;
  displayName: string;
  avatar?: Image | null;
  loyalty?: { tier: string } | null;
  locale?: string;
}

const USER: JSONSchemaType<DownstreamUser> = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    displayName: { type: 'string' },
    avatar: { ...IMAGE, nullable: true },
    loyalty: {
      type: 'object',
      properties: { tier: { type: 'string' } },
      required: ['tier'],
      nullable: true,
    },
    locale: { type: 'string', nullable: true },
  },
  required: ['id', 'displayName'],
};

export const readUser = payloadReader(USER);
