/** A JSON Schema as the OpenAPI document carries it (the subset zod's converter writes). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  $ref?: string;
}

export type ParamLocation = 'path' | 'query' | 'header';

export interface Param {
  in: ParamLocation;
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the document: what a client may send to it. */
export interface Operation {
  method: string;
  /** The templated path, `/api/v1/orders/{id}`. */
  path: string;
  params: Param[];
  /** The JSON body's schema, when the operation takes one. */
  body: JsonSchema | undefined;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, `$ref`s resolved, so a route added later is fuzzed without a test change. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const components = document.components?.schemas ?? {};
  const resolve = (schema: JsonSchema): JsonSchema => resolveRefs(schema, components, 0);
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        params: ((operation.parameters ?? []) as any[])
          .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
          .map((p) => ({ in: p.in, name: p.name, required: p.required === true, schema: resolve(p.schema ?? {}) })),
        body: operation.requestBody?.content?.['application/json']?.schema
          ? resolve(operation.requestBody.content['application/json'].schema)
          : undefined,
      })),
  );
}

function resolveRefs(schema: JsonSchema, components: Record<string, JsonSchema>, depth: number): JsonSchema {
  if (depth > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveRefs(components[name] ?? {}, components, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.items) out.items = resolveRefs(schema.items, components, depth + 1);
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, resolveRefs(value, components, depth + 1)]),
    );
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (schema[key]) out[key] = schema[key].map((s) => resolveRefs(s, components, depth + 1));
  }
  return out;
}

/** The schema a value must match, with `anyOf`/`oneOf` narrowed to their first non-null branch. */
export function mainBranch(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  return branches.find((b) => b.type !== 'null') ?? branches[0] ?? {};
}

export function typeOf(schema: JsonSchema): string | undefined {
  const s = mainBranch(schema);
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.enum || s.const !== undefined) return 'string';
  return undefined;
}
