/**
 * The HTTP API (API Gateway v2) as the template configures it, on a loopback port: its routes
 * (AWS::ApiGatewayV2::Route, most specific first, `{proxy+}` greedy), its Lambda authorizer (REQUEST,
 * payload format 2.0, simple responses, identity source, result cache TTL) and its Lambda proxy
 * integration (payload format 2.0). Requests become the events API Gateway sends — lower-case headers with
 * duplicates joined by commas, cookies in `cookies`, the body base64-encoded unless its content type is
 * text — and the function's answer becomes the HTTP response the way API Gateway reads a 2.0 response.
 * API Gateway's own refusals are answered as it answers them: 404 {"message":"Not Found"}, 401
 * {"message":"Unauthorized"} when the identity source is missing, 403 {"message":"Forbidden"} when the
 * authorizer says no, 500 {"message":"Internal Server Error"} when a function fails, 413 past 10 MB.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listen } from "./aws-json-server.ts";
import type { Json, Resolver } from "./template.ts";

const BODY_LIMIT = 10 * 1024 * 1024;
const TEXT_TYPES = [/^text\//, /^application\/(.+\+)?json/, /^application\/(.+\+)?xml/, /^application\/javascript/];

interface Route { key: string; method: string; path: string; authorizerId?: string; integrationId: string }

export interface ApiGatewayStandIn {
  url: string;
  /** Requests served, by route key and status (what the access log would show). */
  log: { routeKey: string; status: number; authorizer?: "cached" | "invoked" | "missing"; error?: string }[];
  stop(): Promise<void>;
}

export interface ApiGatewayDeps {
  resolver: Resolver;
  invoke(functionArn: string, event: Json): Promise<Json>;
  now(): Date;
  /** The custom domain the member links use (the stack's PUBLIC_URL), served here as well. */
  customDomain?: string;
}

function matches(route: Route, method: string, path: string): Record<string, string> | undefined {
  if (route.method !== "ANY" && route.method !== method) return undefined;
  const parts = route.path.split("/").filter(Boolean);
  const given = path.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const greedy = /^\{(\w+)\+\}$/.exec(part);
    if (greedy) {
      const rest = given.slice(i);
      if (!rest.length) return undefined;
      params[greedy[1] as string] = decodeURIComponent(rest.join("/"));
      return params;
    }
    const param = /^\{(\w+)\}$/.exec(part);
    if (i >= given.length) return undefined;
    if (param) params[param[1] as string] = decodeURIComponent(given[i] as string);
    else if (part !== given[i]) return undefined;
  }
  return parts.length === given.length ? params : undefined;
}

/** More specific first: fewer greedy segments, more literal segments, a method before ANY. */
const specificity = (r: Route) => [r.path.includes("+}") ? 0 : 1, r.path.split("/").filter((p) => p && !p.startsWith("{")).length, r.method === "ANY" ? 0 : 1];

const clf = (d: Date) => {
  const m = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${m}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};

export async function startApiGateway(deps: ApiGatewayDeps): Promise<ApiGatewayStandIn> {
  const { resolver } = deps;
  const apis = resolver.ofType("AWS::ApiGatewayV2::Api");
  if (apis.length !== 1) throw new Error(`the rehearsal serves one HTTP API, the template has ${apis.length}`);
  const api = apis[0] as (typeof apis)[number];
  const integrations = new Map(resolver.ofType("AWS::ApiGatewayV2::Integration").map((i) => [i.name, i.properties]));
  const authorizers = new Map(resolver.ofType("AWS::ApiGatewayV2::Authorizer").map((a) => [a.name, a.properties]));
  const routes: Route[] = resolver.ofType("AWS::ApiGatewayV2::Route").map((r) => {
    const key = String(r.properties.RouteKey);
    const [method = "", path = ""] = key.split(" ");
    return {
      key, method, path,
      ...(r.properties.AuthorizationType === "CUSTOM" ? { authorizerId: String(r.properties.AuthorizerId) } : {}),
      integrationId: String(r.properties.Target).replace(/^integrations\//, ""),
    };
  }).sort((a, b) => {
    const [x, y] = [specificity(a), specificity(b)];
    return (y[0] ?? 0) - (x[0] ?? 0) || (y[1] ?? 0) - (x[1] ?? 0) || (y[2] ?? 0) - (x[2] ?? 0);
  });
  const cache = new Map<string, { until: number; result: { isAuthorized: boolean; context?: Record<string, Json> } }>();
  const log: ApiGatewayStandIn["log"] = [];

  const functionArnOf = (uri: string) => /(arn:aws:lambda:[^/]+?:function:[^/:]+)/.exec(uri)?.[1] ?? uri;

  const handle = async (req: IncomingMessage, raw: Buffer, res: ServerResponse) => {
    const send = (status: number, headers: Record<string, string | string[]>, body: Buffer | string) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    const gatewayError = (status: number, message: string, routeKey = "-", cause?: unknown) => {
      log.push({ routeKey, status, ...(cause ? { error: String((cause as Error).message ?? cause) } : {}) });
      send(status, { "content-type": "application/json", "apigw-requestid": randomUUID() }, JSON.stringify({ message }));
    };
    const url = new URL(req.url ?? "/", "http://gateway");
    const method = req.method ?? "GET";
    if (raw.length > BODY_LIMIT) return gatewayError(413, "Request Entity Too Large");
    let route: Route | undefined;
    let pathParameters: Record<string, string> | undefined;
    for (const r of routes) {
      pathParameters = matches(r, method, url.pathname);
      if (pathParameters) { route = r; break; }
    }
    if (!route || !pathParameters) return gatewayError(404, "Not Found");
    const now = deps.now();
    const headers: Record<string, string> = {};
    let cookies: string[] | undefined;
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = String(req.rawHeaders[i]).toLowerCase();
      const value = String(req.rawHeaders[i + 1]);
      if (name === "cookie") { cookies = [...(cookies ?? []), ...value.split(/;\s*/).filter(Boolean)]; continue; }
      headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    }
    if (deps.customDomain) headers.host = deps.customDomain;
    headers["x-forwarded-for"] = req.socket.remoteAddress ?? "127.0.0.1";
    headers["x-forwarded-proto"] = "https";
    headers["x-forwarded-port"] = "443";
    headers["x-amzn-trace-id"] = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomUUID().replace(/-/g, "").slice(0, 24)}`;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const domainName = headers.host ?? `${api.name}.execute-api.${resolver.region}.amazonaws.com`;
    const requestContext: Record<string, Json> = {
      accountId: "123456789012", apiId: api.name, domainName, domainPrefix: domainName.split(".")[0] ?? "",
      http: { method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: headers["x-forwarded-for"] ?? "", userAgent: headers["user-agent"] ?? "" },
      requestId: randomUUID(), routeKey: route.key, stage: "$default", time: clf(now), timeEpoch: now.getTime(),
    };
    const common = {
      version: "2.0", routeKey: route.key, rawPath: url.pathname, rawQueryString: url.search.replace(/^\?/, ""),
      ...(cookies ? { cookies } : {}), headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    };
    let authorizerEntry: ApiGatewayStandIn["log"][number]["authorizer"];
    if (route.authorizerId) {
      const a = authorizers.get(route.authorizerId);
      if (!a) return gatewayError(500, "Internal Server Error", route.key);
      // Identity sources ($request.header.X): all must be present, or API Gateway answers 401 itself.
      const sources = ((a.IdentitySource as string[] | null) ?? []).map((s) => {
        const header = /^\$request\.header\.(.+)$/.exec(s)?.[1];
        return header ? headers[header.toLowerCase()] : undefined;
      });
      if (sources.some((s) => !s)) {
        log.push({ routeKey: route.key, status: 401, authorizer: "missing" });
        return send(401, { "content-type": "application/json" }, JSON.stringify({ message: "Unauthorized" }));
      }
      const ttl = Number(a.AuthorizerResultTtlInSeconds ?? 0) * 1000;
      const cacheKey = `${route.authorizerId}|${sources.join("|")}`;
      let result = ttl > 0 ? cache.get(cacheKey) : undefined;
      authorizerEntry = "cached";
      if (!result || result.until <= now.getTime()) {
        authorizerEntry = "invoked";
        const event = {
          ...common, type: "REQUEST",
          routeArn: resolver.arn("execute-api", `${api.name}/$default/${method}${url.pathname}`),
          identitySource: sources as string[],
          requestContext,
        };
        let answer: Json;
        try {
          answer = await deps.invoke(functionArnOf(String(a.AuthorizerUri)), event as unknown as Json);
        } catch (e) {
          return gatewayError(500, "Internal Server Error", route.key, e);
        }
        const simple = answer as { isAuthorized?: unknown; context?: Record<string, Json> } | null;
        if (a.EnableSimpleResponses !== true || typeof simple?.isAuthorized !== "boolean") return gatewayError(500, "Internal Server Error", route.key);
        result = { until: now.getTime() + ttl, result: { isAuthorized: simple.isAuthorized, ...(simple.context ? { context: simple.context } : {}) } };
        if (ttl > 0) cache.set(cacheKey, result);
      }
      if (!result.result.isAuthorized) {
        log.push({ routeKey: route.key, status: 403, authorizer: authorizerEntry });
        return send(403, { "content-type": "application/json" }, JSON.stringify({ message: "Forbidden" }));
      }
      requestContext.authorizer = { lambda: result.result.context ?? {} };
    }
    const integration = integrations.get(route.integrationId);
    if (!integration || integration.PayloadFormatVersion !== "2.0") return gatewayError(500, "Internal Server Error", route.key);
    const contentType = headers["content-type"] ?? "";
    const text = TEXT_TYPES.some((t) => t.test(contentType));
    const event = {
      ...common, requestContext,
      ...(raw.length ? { body: text ? raw.toString("utf8") : raw.toString("base64") } : {}),
      isBase64Encoded: raw.length > 0 && !text,
    };
    let answer: Json;
    try {
      answer = await deps.invoke(functionArnOf(String(integration.IntegrationUri)), event as unknown as Json);
    } catch (e) {
      return gatewayError(500, "Internal Server Error", route.key, e);
    }
    const out = answer as { statusCode?: number; headers?: Record<string, string>; cookies?: string[]; body?: string; isBase64Encoded?: boolean } | null;
    log.push({ routeKey: route.key, status: out?.statusCode ?? 200, ...(authorizerEntry ? { authorizer: authorizerEntry } : {}) });
    if (!out || typeof out.statusCode !== "number") {
      // A 2.0 response without statusCode: API Gateway takes the returned JSON as the body of a 200.
      return send(200, { "content-type": "application/json" }, JSON.stringify(answer));
    }
    const responseHeaders: Record<string, string | string[]> = { ...(out.headers ?? {}) };
    if (out.cookies?.length) responseHeaders["set-cookie"] = out.cookies;
    send(out.statusCode, responseHeaders, out.body === undefined ? "" : out.isBase64Encoded ? Buffer.from(out.body, "base64") : out.body);
  };

  const server = await listen(handle);
  return { url: server.endpoint, log, stop: server.stop };
}
