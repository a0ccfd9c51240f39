import { createHash } from 'node:crypto';
import type { Type } from '@nestjs/common';

/** Metadata keys under which @nestjs/swagger's @ApiProperty records a DTO's fields. */
const PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';
const PROPERTIES = 'swagger/apiModelProperties';

type Shape = Record<string, unknown>;

/**
 * A short hash of a response's shape: every documented field of the DTO, its type, nullability
 * and nested DTOs, plus the mapper's source. Changing the projection changes the version, so a
 * cached body of the old shape is never served and nobody has to remember to bump anything.
 */
export function schemaVersion(
  dto: Type,
  ...mappers: ReadonlyArray<(...args: never[]) => unknown>
): string {
  const hash = createHash('sha256').update(JSON.stringify(shapeOf(dto, new Set())));
  for (const mapper of mappers) hash.update(mapper.toString());
  return hash.digest('hex').slice(0, 12);
}

/** The same for a projection function alone (what is kept from a downstream payload). */
export function projectionVersion(
  ...projections: ReadonlyArray<(...args: never[]) => unknown>
): string {
  const hash = createHash('sha256');
  for (const projection of projections) hash.update(projection.toString());
  return hash.digest('hex').slice(0, 12);
}

function shapeOf(dto: Type, seen: Set<Type>): Shape | string {
  if (seen.has(dto)) return dto.name;
  seen.add(dto);
  const prototype = dto.prototype as object;
  const names = (Reflect.getMetadata(PROPERTIES_ARRAY, prototype) as string[] | undefined) ?? [];
  const shape: Shape = { $name: dto.name };
  for (const name of names.map((entry) => entry.replace(/^:/, ''))) {
    const options = (Reflect.getMetadata(PROPERTIES, prototype, name) ?? {}) as Shape;
    shape[name] = Object.fromEntries(
      Object.entries(options)
        .filter(([key]) => key !== 'example' && key !== 'description')
        .map(([key, value]) => [key, describe(value, seen)]),
    );
  }
  return shape;
}

function describe(value: unknown, seen: Set<Type>): unknown {
  if (Array.isArray(value)) return value.map((item) => describe(item, seen));
  if (typeof value === 'function') {
    const isDto = Reflect.hasMetadata(PROPERTIES_ARRAY, (value as Type).prototype as object);
    return isDto ? shapeOf(value as Type, seen) : (value as Type).name;
  }
  return value;
}
