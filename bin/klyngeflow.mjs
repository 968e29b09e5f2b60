#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx klyngeflow` needs no build step.
import { register } from "tsx/esm/api";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
await import("../cli/main.ts");
