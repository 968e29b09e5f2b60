/**
 * One table of API routes drives three things: the hono router, the OpenAPI document, and the test that
 * every route refuses a missing or wrong token (401) and a wrong role (403). Bodies and queries are
 * validated with zod; errors come back as JSON naming the field.
 */
import type { Context } from "hono";
import * as z from "zod/mini";
import type { Deps } from "../deps.ts";
import type { Caller, Role } from "../committee/api-tokens.ts";

export interface RouteContext<B, Q> {
  deps: Deps;
  caller: Caller;
  params: Record<string, string>;
  body: B;
  query: Q;
  c: Context;
}

export interface Route<B = unknown, Q = unknown> {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI style: /api/committees/{committee}/meetings/{id} */
  path: string;
  summary: string;
  tag: string;
  roles: Role[];
  body?: z.ZodMiniType<B> | undefined;
  query?: z.ZodMiniType<Q> | undefined;
  /** How the success looks: JSON (default), CSV or raw bytes. */
  produces?: "json" | "csv" | "bytes";
  status?: 200 | 201 | 202;
  run(ctx: RouteContext<B, Q>): Promise<unknown>;
}

export function route<B = undefined, Q = undefined>(r: Route<B, Q>): Route<unknown, unknown> {
  return r as unknown as Route<unknown, unknown>;
}

/** The API error body: machine-readable code, an English message for logs and tools, and the fields. */
export interface ApiError {
  error: string;
  message: string;
  problems?: { field: string; message: string }[];
}

export const id = z.string().check(z.minLength(1), z.maxLength(120), z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected letters, digits, '.', '_' or '-'"));
