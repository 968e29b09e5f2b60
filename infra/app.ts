/** The CDK app: one stack per stage. `npm run synth` works offline with no AWS credentials. */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readStageSettings } from "./settings.ts";
import { KlyngeflowStack } from "./stack.ts";

export function buildApp(app = new App()): { app: App; stack: KlyngeflowStack } {
  const settings = readStageSettings((k) => app.node.tryGetContext(k));
  const stack = new KlyngeflowStack(app, `Klyngeflow-${settings.stage}`, { env: { region: settings.region }, settings });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1]?.endsWith("app.ts")) buildApp().app.synth();
