import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamUser, readUser } from '../payloads/users';
import { DownstreamHttp } from '../transport/downstream-http';

@Injectable()
export class UsersClient {
  constructor(private readonly http: DownstreamHttp) {}

  /** The user, exactly the one asked for: another user's profile is a bad answer, never shown. */
  async getUser(context: CallContext, userId: string): Promise<DownstreamUser> {
    const body = await this.http.getJson('users', context, {
      path: `/users/${encodeURIComponent(userId)}`,
      userId,
    });
    const user = readUser(body);
    if (!user || user.id !== userId) throw new DownstreamError('users', 'bad_response');
    return user;
  }
}
