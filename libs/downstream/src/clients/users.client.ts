import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamHttp } from '../downstream-http';
import { expectRecord } from '../payload';
import type { DownstreamUser } from '../types/users';

@Injectable()
export class UsersClient {
  constructor(private readonly http: DownstreamHttp) {}

  async getUser(context: CallContext, userId: string): Promise<DownstreamUser> {
    const body = expectRecord(
      'users',
      await this.http.getJson('users', context, {
        path: `/users/${encodeURIComponent(userId)}`,
        userId,
      }),
    );
    if (typeof body.id !== 'string' || typeof body.displayName !== 'string') {
      throw new DownstreamError('users', 'bad_response');
    }
    return body as unknown as DownstreamUser;
  }
}
