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
      name: "http-not-into-adapters",
      comment: "The HTTP layer parses, calls a module's use case or query and renders: it never reaches the store, mailer or blobs itself. Only the adapters' error classes (what a 409 maps from) may be named.",
      severity: "error",
      from: { path: "^functions/http/" },
      to: { path: "^functions/adapters/", pathNot: "^functions/adapters/errors\\.ts$" },
    },
    {
      name: "modules-not-into-http",
      comment: "Use cases know nothing of HTTP: the edges call the modules, never the other way.",
      severity: "error",
      from: { path: "^functions/(?!http/)[^/]+/" },
      to: { path: "^functions/http/" },
    },
    {
      name: "repository-owned-by-its-module",
      comment: "A module's repository is the only code that knows its records' keys; another module asks the owning module's commands and queries (DESIGN.md example 12).",
      severity: "error",
      from: { path: "^functions/([^/]+)/" },
      to: { path: "^functions/[^/]+/repository\\.ts$", pathNot: "^functions/$1/repository\\.ts$" },
    },
    {
      name: "keys-only-in-repositories",
      comment: "Outside the adapters, only a repository uses records.ts's key builders and index lookups; the rest may name record types.",
      severity: "error",
      from: { path: "^functions/", pathNot: ["^functions/adapters/", "/repository\\.ts$"] },
      to: { path: "^functions/adapters/records\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "templates-are-plain",
      comment: "Templates turn plain data into Danish: they import other templates and the pure domain (dates, the calendar's names), never functions or adapters.",
      severity: "error",
      from: { path: "^templates/" },
      to: { pathNot: ["^templates/", "^domain/", "^node_modules/"], dependencyTypesNot: ["core"] },
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
