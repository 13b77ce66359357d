import type { JsonSchema } from 'aws-cdk-lib/aws-apigateway';

/**
 * API Gateway's request-body validation, for the structural models lib/request-models.ts generates.
 * The stack registers each model as the `$default` model, so every body is validated whatever its
 * Content-Type (a body that is not JSON fails).
 */

/** The keywords the generated models use; any other one fails loudly rather than being ignored. */
const KNOWN_KEYWORDS = new Set(['schema', 'type', 'properties', 'required', 'additionalProperties', 'minLength', 'maxLength']);

/** `true` when API Gateway's validator would let `body` through to the Lambda. */
export function passesEdgeValidation(model: JsonSchema, body: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return false;
  }
  return satisfies(model, value);
}

/** Draft-4 semantics of the known keywords. */
export function satisfies(schema: JsonSchema, value: unknown): boolean {
  const unknown = Object.keys(schema).filter((keyword) => !KNOWN_KEYWORDS.has(keyword));
  if (unknown.length > 0) throw new Error(`The local request validator does not implement: ${unknown.join(', ')}`);
  if (typeof schema.additionalProperties === 'object') throw new Error('The local request validator does not implement schema-valued additionalProperties');

  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type);
  if (types.length > 0 && !types.some((type) => hasType(value, type))) return false;

  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return false;
    if (schema.maxLength !== undefined && length > schema.maxLength) return false;
  }

  if (isObject(value)) {
    const properties = schema.properties ?? {};
    if ((schema.required ?? []).some((name) => !(name in value))) return false;
    if (Object.entries(properties).some(([name, child]) => name in value && !satisfies(child, value[name]))) return false;
    if (schema.additionalProperties === false && Object.keys(value).some((name) => !(name in properties))) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      throw new Error(`Unknown JSON schema type ${type}`);
  }
}
