import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';

/** JSON Schema keywords API Gateway's validator may check from our valibot schemas. */
interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  additionalProperties?: boolean;
  minLength?: number;
  maxLength?: number;
}

const TYPES: Record<string, apigateway.JsonSchemaType> = {
  object: apigateway.JsonSchemaType.OBJECT,
  string: apigateway.JsonSchemaType.STRING,
  number: apigateway.JsonSchemaType.NUMBER,
  integer: apigateway.JsonSchemaType.INTEGER,
  boolean: apigateway.JsonSchemaType.BOOLEAN,
  array: apigateway.JsonSchemaType.ARRAY,
};

/**
 * The API Gateway model of a route body, generated from the handler's own valibot schema, so the
 * edge rejects structurally wrong bodies (wrong types, missing or unknown fields, over-long
 * strings) before a Lambda runs. Only structure is kept: `pattern` and `format` are dropped
 * because the handlers normalize (trim, upper-case) before checking them, so the raw input
 * may legitimately differ; the handler remains the full validator.
 */
export function apiGatewayModelSchema(body: v.GenericSchema): apigateway.JsonSchema {
  // The input's shape: transformations (trim, normalize) have no JSON Schema and are skipped.
  const generated = toJsonSchema(body, { typeMode: 'input', errorMode: 'ignore' }) as StructuralSchema;
  return { schema: apigateway.JsonSchemaVersion.DRAFT4, ...structural(generated) };
}

function structural(node: StructuralSchema): apigateway.JsonSchema {
  const type = node.type === undefined ? undefined : TYPES[node.type];
  if (node.type !== undefined && type === undefined) throw new Error(`unsupported JSON schema type ${node.type}`);
  return {
    ...(type && { type }),
    ...(node.properties && {
      properties: Object.fromEntries(Object.entries(node.properties).map(([name, child]) => [name, structural(child)])),
    }),
    ...(node.required && { required: node.required }),
    ...(node.additionalProperties !== undefined && { additionalProperties: node.additionalProperties }),
    ...(node.minLength !== undefined && { minLength: node.minLength }),
    ...(node.maxLength !== undefined && { maxLength: node.maxLength }),
  };
}
