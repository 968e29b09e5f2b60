// The parts of the comparison's libraries that bench/replies.ts uses; neither ships types.
declare module "planer" {
  export function extractFrom(body: string, contentType: "text/plain" | "text/html", dom?: unknown): string;
  export function extractFromPlain(body: string): string;
  export function extractFromHtml(body: string, dom: unknown): string;
}
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string);
    window: { document: { body: { textContent: string | null }; implementation: unknown } };
  }
}
