/** The CDK app: one stack per stage. `npm run synth` works offline with no AWS credentials. */
import { App } from "aws-cdk-lib";
import { KlyngeflowStack } from "./stack.ts";

const app = new App();
new KlyngeflowStack(app, "Klyngeflow", { env: { region: app.node.tryGetContext("region") ?? "eu-north-1" } });
app.synth();
