/**
 * The HTTP API: one Lambda (the same hono app as the local server) behind API Gateway. /api routes go
 * through a Lambda authorizer (bearer token → role and committee); the OpenAPI document, the member pages
 * (credential: the signed token in the path) and the console (session cookie) are checked by the app.
 *
 * Its URL is where every email's links point (PUBLIC_URL): the API's own execute-api URL, or a custom
 * domain mapped to it when the stage sets publicUrl and certificateArn. The API exists before the
 * functions (they need its URL); its routes are added once they exist.
 */
import { Duration } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { ApiMapping, CfnStage, DomainName, HttpApi, HttpMethod, HttpNoneAuthorizer } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface ApiProps {
  prefix: string;
  /** A custom domain for the API (validated stage settings). */
  customDomain?: { url: string; certificateArn: string } | undefined;
}

export class Api extends Construct {
  readonly api: HttpApi;
  /** Base URL of member pages, console and API: the custom domain's, or the API's own. */
  readonly publicUrl: string;
  /** Where the custom domain's DNS name must point (a CNAME), when there is one. */
  readonly dnsTarget: string | undefined;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, "Http", { apiName: `${props.prefix}-api`, description: "klyngeflow: API, member pages, console", createDefaultStage: true });
    const logs = new LogGroup(this, "AccessLogs", { retention: RetentionDays.SIX_MONTHS });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    // Access logs carry no bodies, tokens or paths with tokens (member links are logged by route only).
    stage.accessLogSettings = {
      destinationArn: logs.logGroupArn,
      format: JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", method: "$context.httpMethod", route: "$context.routeKey", status: "$context.status", latency: "$context.responseLatency" }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    if (props.customDomain) {
      const host = new URL(props.customDomain.url).host;
      const domain = new DomainName(this, "Domain", { domainName: host, certificate: Certificate.fromCertificateArn(this, "Certificate", props.customDomain.certificateArn) });
      new ApiMapping(this, "Mapping", { api: this.api, domainName: domain });
      this.publicUrl = props.customDomain.url;
      this.dnsTarget = domain.regionalDomainName;
    } else {
      this.publicUrl = this.api.apiEndpoint;
      this.dnsTarget = undefined;
    }
  }

  /** The routes, once the app and the authorizer exist. */
  route(props: { app: IFunction; authorizer: IFunction }): void {
    const integration = new HttpLambdaIntegration("App", props.app);
    const authorizer = new HttpLambdaAuthorizer("Token", props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ["$request.header.Authorization"],
      resultsCacheTtl: Duration.minutes(5),
    });
    this.api.addRoutes({ path: "/api/{proxy+}", methods: [HttpMethod.ANY], integration, authorizer });
    for (const path of ["/api/openapi.json", "/api/health", "/m/{proxy+}", "/console", "/console/{proxy+}", "/"]) {
      this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration, authorizer: new HttpNoneAuthorizer() });
    }
  }
}
