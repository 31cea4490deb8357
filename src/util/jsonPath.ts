/** A name that reads as itself in a path; any other (empty, spaces, dots, control characters) is quoted. */
const PLAIN_NAME = /^[A-Za-z_$][\w$-]*$/;

/**
 * A JSON pointer (as ajv reports where a problem is: `/locks/0/name`) as a path a person reads:
 * `locks[0].name`, under `root` when one is given (`result[0].id`). A name that is not plain is quoted as JSON
 * (`mqtt[" "]`, `["a.b"]`), so that an empty or odd key still names one field and cannot forge a line.
 */
export function readablePath(pointer: string, child?: string, root = ''): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce(
    (path, part) =>
      /^\d+$/.test(part)
        ? `${path}[${part}]`
        : !PLAIN_NAME.test(part)
          ? `${path}[${JSON.stringify(part)}]`
          : path
            ? `${path}.${part}`
            : part,
    root,
  );
}

/** What a JSON value is, in words for an error message: "a string", "an object", "a list", "null", "missing". */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
