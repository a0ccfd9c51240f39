import type { ApiHeaderOptions } from '@nestjs/swagger';
import { ValidationFailedError } from '@app/errors';

/** What a device's display header chose: the header value (or default) and its image factor. */
export interface DisplayChoice {
  readonly choice: string;
  readonly factor: number;
}

/**
 * A platform's display header (`X-Display-Scale` on iOS, `X-Display-Density` on Android): which
 * values it takes, the image size factor each stands for, and the default when it is absent.
 * Anything else, a repeated header included, is a 400, never a silent default.
 */
export class DisplayHeader {
  /** Lower-case, as Node presents request headers. */
  readonly key: string;

  constructor(
    readonly name: string,
    private readonly factors: Readonly<Record<string, number>>,
    private readonly defaultChoice: string,
  ) {
    this.key = name.toLowerCase();
  }

  choose(value: string | string[] | undefined): DisplayChoice {
    const choice = value ?? this.defaultChoice;
    if (typeof choice !== 'string' || !Object.hasOwn(this.factors, choice)) {
      throw new ValidationFailedError([
        { field: this.name, issue: `must be one of ${Object.keys(this.factors).join(', ')}` },
      ]);
    }
    return { choice, factor: this.factors[choice] };
  }

  /** How the OpenAPI document describes the header. */
  apiHeader(purpose: string): ApiHeaderOptions {
    return {
      name: this.name,
      required: false,
      enum: Object.keys(this.factors),
      description: `${purpose} (default ${this.defaultChoice})`,
    };
  }
}
