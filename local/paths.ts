import { fileURLToPath } from "node:url";

/** The repository root, for reading workflow definitions and rulebooks. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));
