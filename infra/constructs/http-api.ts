/**
 * The HTTP API: one Lambda (the same hono app as the local server) behind API Gateway. /api routes go
 * through a Lambda authorizer (bearer token → role and committee); the OpenAPI document, the member pages
 * (credential: the signed token in the path) and the console (session cookie) are checked by the app.
 */
import { Duration } from "aws-cdk-lib";
import { CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export class Api extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: { app: IFunction; authorizer: IFunction; prefix: string }) {
    super(scope, id);
    const integration = new HttpLambdaIntegration("App", props.app);
    const authorizer = new HttpLambdaAuthorizer("Token", props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ["$request.header.Authorization"],
      resultsCacheTtl: Duration.minutes(5),
    });
    this.api = new HttpApi(this, "Http", { apiName: `${props.prefix}-api`, description: "klyngeflow: API, member pages, console" });
    this.api.addRoutes({ path: "/api/{proxy+}", methods: [HttpMethod.ANY], integration, authorizer });
    for (const path of ["/api/openapi.json", "/api/health", "/m/{proxy+}", "/console", "/console/{proxy+}", "/"]) {
      this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration, authorizer: new HttpNoneAuthorizer() });
    }
    const logs = new LogGroup(this, "AccessLogs", { retention: RetentionDays.SIX_MONTHS });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    // Access logs carry no bodies, tokens or paths with tokens (member links are logged by route only).
    stage.accessLogSettings = {
      destinationArn: logs.logGroupArn,
      format: JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", method: "$context.httpMethod", route: "$context.routeKey", status: "$context.status", latency: "$context.responseLatency" }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
  }
}
