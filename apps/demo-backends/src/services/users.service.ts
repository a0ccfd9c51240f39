import type { FastifyInstance } from 'fastify';
import { findUser } from '../data/users';
import { notFound } from '../http';

export function registerUsersRoutes(app: FastifyInstance): void {
  app.get<{ Params: { userId: string } }>('/users/:userId', (request, reply) => {
    const user = findUser(request.params.userId);
    return user === undefined ? notFound(reply) : user;
  });
}
