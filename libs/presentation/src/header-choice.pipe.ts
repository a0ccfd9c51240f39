import { createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ValidationFailedError } from '@app/errors';

type HeaderValue = string | string[] | undefined;

/**
 * Maps a header whose value must be one of a fixed set to what it stands for
 * (e.g. `X-Display-Density: xhdpi` → 2). Absent → the default; anything else (including a
 * repeated header) → 400, never a silent default.
 */
class HeaderChoicePipe<T> implements PipeTransform<HeaderValue, T> {
  constructor(
    private readonly header: string,
    private readonly choices: Readonly<Record<string, T>>,
    private readonly defaultChoice: string,
  ) {}

  transform(value: HeaderValue): T {
    const key = value === undefined ? this.defaultChoice : value;
    if (typeof key !== 'string' || !Object.hasOwn(this.choices, key)) {
      throw new ValidationFailedError([
        { field: this.header, issue: `must be one of ${Object.keys(this.choices).join(', ')}` },
      ]);
    }
    return this.choices[key];
  }
}

const RequestHeader = createParamDecorator(
  (name: string, host: ExecutionContext): HeaderValue =>
    host.switchToHttp().getRequest<FastifyRequest>().headers[name],
);

/** A handler parameter read from a fixed-choice header: `@ChoiceHeader('X-Foo', { a: 1 }, 'a')`. */
export function ChoiceHeader<T>(
  header: string,
  choices: Readonly<Record<string, T>>,
  defaultChoice: string,
): ParameterDecorator {
  return RequestHeader(header.toLowerCase(), new HeaderChoicePipe(header, choices, defaultChoice));
}
