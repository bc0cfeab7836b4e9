/**
 * The admin UI validates with the same zod schemas the API applies (STYLE: request schemas are
 * reused for form validation). These helpers turn a schema into a react-admin form-level
 * `validate` function and tell an input whether its field is required.
 */
import type { z } from 'zod';

export type Path = (string | number)[];
type Tree = Record<string | number, unknown>;

/**
 * Cleared inputs hold null or '' (react-admin's empty values); the schemas expect a missing
 * value, so that `.default()` applies and an absent required field reads as absent.
 */
export function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (value !== null && typeof value === 'object') {
    const out: Tree = {};
    for (const [key, inner] of Object.entries(value)) {
      const cleaned = withoutBlanks(inner);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return out;
  }
  return value === null || value === '' ? undefined : value;
}

function getIn(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Tree)[key];
  }
  return node;
}

/** Writes `message` at `path`, creating arrays for numeric keys (react-hook-form's error shape). */
function setIn(root: Tree, path: Path, message: string): void {
  let node = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = message;
      return;
    }
    if (node[key] === undefined || typeof node[key] !== 'object') {
      node[key] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = node[key] as Tree;
  });
}

/** react-admin's resolver walks arrays with map(): holes would be skipped, so fill them. */
function fillHoles(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      if (node[i] === undefined) node[i] = {};
      fillHoles(node[i]);
    }
  } else if (node !== null && typeof node === 'object') {
    Object.values(node).forEach(fillHoles);
  }
}

export type FormValidator = (values: Record<string, unknown>) => Tree;

export type ValidatorOptions = {
  /** Turns the form's values into the schema's input (default: `withoutBlanks`). */
  prepare?: (values: Record<string, unknown>) => unknown;
  /** A message (or translation key) for a missing value at `path`, instead of the schema's. */
  missingMessage?: (path: Path) => string | undefined;
};

/**
 * A react-admin form `validate` from a zod schema: the schema's own (Chinese) message for each
 * field, at the field's path (`members.0.idNumber`), first issue per field.
 */
export function zodFormValidator(schema: z.ZodType, { prepare = withoutBlanks, missingMessage }: ValidatorOptions = {}): FormValidator {
  return (values) => {
    const input = prepare(values);
    const result = schema.safeParse(input);
    if (result.success) return {};
    const errors: Tree = {};
    for (const issue of result.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      if (path.length === 0 || getIn(errors, path) !== undefined) continue;
      const missing = getIn(input, path) === undefined ? missingMessage?.(path) : undefined;
      setIn(errors, path, missing ?? issue.message);
    }
    fillHoles(errors);
    return errors;
  };
}

/** A field is required when its schema refuses a missing value (no `.optional()` or `.default()`). */
export function isRequiredField(schema: z.ZodType | undefined): boolean {
  return schema !== undefined && !schema.safeParse(undefined).success;
}
