/** The OpenAPI document, built from the same route table the router uses. */
import * as z from "zod/mini";
import type { Route } from "./route.ts";

const errorSchema = {
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "unauthorized | forbidden | validation | not-found | conflict | refused" },
    message: { type: "string" },
    problems: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
  },
};

function jsonSchema(schema: z.ZodMiniType): unknown {
  try {
    const s = z.toJSONSchema(schema, { unrepresentable: "any" }) as Record<string, unknown>;
    delete s.$schema;
    return s;
  } catch {
    return { type: "object" };
  }
}

export function openApiDocument(routes: readonly Route[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = r.query ? Object.entries((jsonSchema(r.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, schema]) => ({ name, in: "query", required: false, schema })) : [];
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      security: [{ bearer: [] }],
      "x-roles": r.roles,
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(r.body) } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: { description: "OK", content: r.produces === "csv" ? { "text/csv": {} } : { "application/json": {} } },
        "400": { description: "Invalid input; the problems name the fields", content: { "application/json": { schema: errorSchema } } },
        "401": { description: "Missing or wrong token", content: { "application/json": { schema: errorSchema } } },
        "403": { description: "The token's role or committee may not do this", content: { "application/json": { schema: errorSchema } } },
        "404": { description: "Not found", content: { "application/json": { schema: errorSchema } } },
        "409": { description: "The matter's state does not allow it", content: { "application/json": { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "klyngeflow API", version: "1", description: "The rules of procedure of a political committee, automated. Times are Europe/Copenhagen; roles: secretariat, chair. Members act only through the tokens in their own emails." },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } }, schemas: { Error: errorSchema } },
    paths,
  };
}
