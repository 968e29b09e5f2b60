/** Layer rules (DESIGN.md example 3), checked by test/unit/architecture.test.ts. */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "domain/ holds rules as pure functions: it imports only itself, zod and luxon — no I/O, no AWS, no adapters.",
      severity: "error",
      from: { path: "^domain/" },
      to: { pathNot: ["^domain/", "^node_modules/(zod|luxon)/"] },
    },
    {
      name: "domain-no-node-builtins",
      comment: "Node built-ins mean I/O (fs, net, crypto's randomness, process): not in the domain.",
      severity: "error",
      from: { path: "^domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "functions-not-into-local",
      comment: "Lambda code must not depend on the local runtime; the local runtime wraps the Lambdas, not the other way.",
      severity: "error",
      from: { path: "^(functions|templates)/" },
      to: { path: "^(local|test|bench|cli|infra)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".json"] },
  },
};
