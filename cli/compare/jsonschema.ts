// A small JSON Schema (draft 2020-12) validator for the subset of keywords
// schemas/compare.schema.json uses, so that tests can check compare's
// --json output without a new dependency. A keyword outside the subset is
// an error, not silently ignored: a schema this validator accepts is
// checked in full.
//
// Supported: type (one name or a list; "integer" = a number with no
// fraction), enum, const, required, properties, additionalProperties
// (boolean or schema), items, $ref to "#/$defs/<name>" (or "#"), minimum,
// exclusiveMinimum, maximum, minLength, minItems; annotations ($schema,
// $id, title, description, $comment, $defs) are skipped.

export type Schema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$comment', '$defs']);
const KEYWORDS = new Set(['type', 'enum', 'const', 'required', 'properties', 'additionalProperties', 'items', '$ref', 'minimum', 'exclusiveMinimum', 'maximum', 'minLength', 'minItems']);

export class SchemaError extends Error {}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return typeOf(v) === 'object';
    default:
      return typeOf(v) === t;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Escape a property name for a JSON Pointer (RFC 6901). */
const ptr = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Validate `value` against `schema` (the root, for $ref resolution).
 * Returns the problems found, each as `<JSON pointer>: <message>`; empty
 * when valid. Throws SchemaError for a schema outside the subset.
 */
export function validate(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const root = schema;
  const resolve = (ref: string): Schema => {
    if (ref === '#') return root;
    const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const defs = typeof root === 'object' ? (root.$defs as Record<string, Schema> | undefined) : undefined;
    if (!m || !defs || !(m[1]! in defs)) throw new SchemaError(`unsupported or unknown $ref '${ref}'`);
    return defs[m[1]!]!;
  };
  const check = (s: Schema, v: unknown, at: string): void => {
    if (s === true) return;
    if (s === false) {
      errors.push(`${at || '/'}: no value is allowed here`);
      return;
    }
    for (const k of Object.keys(s)) if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new SchemaError(`unsupported keyword '${k}' at schema for ${at || '/'}`);
    const here = at || '/';
    if (s.$ref !== undefined) check(resolve(s.$ref as string), v, at);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => hasType(v, t))) {
        errors.push(`${here}: expected ${types.join(' or ')}, got ${typeOf(v)}`);
        return;
      }
    }
    if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => deepEqual(e, v))) errors.push(`${here}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (s.const !== undefined && !deepEqual(s.const, v)) errors.push(`${here}: expected ${JSON.stringify(s.const)}`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${here}: ${v} < minimum ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${here}: ${v} > maximum ${s.maximum}`);
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) errors.push(`${here}: ${v} <= exclusiveMinimum ${s.exclusiveMinimum}`);
    }
    if (typeof v === 'string' && typeof s.minLength === 'number' && [...v].length < s.minLength) errors.push(`${here}: shorter than ${s.minLength}`);
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) errors.push(`${here}: fewer than ${s.minItems} items`);
      if (s.items !== undefined) v.forEach((x, i) => check(s.items as Schema, x, `${at}/${i}`));
    }
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      for (const name of (s.required as string[] | undefined) ?? []) if (!(name in o)) errors.push(`${here}: missing required property '${name}'`);
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [name, x] of Object.entries(o)) {
        const p = `${at}/${ptr(name)}`;
        if (name in props) check(props[name]!, x, p);
        else if (s.additionalProperties !== undefined) {
          if (s.additionalProperties === false) errors.push(`${p}: property not allowed`);
          else check(s.additionalProperties as Schema, x, p);
        }
      }
    }
  };
  check(schema, value, '');
  return errors;
}
