/**
 * Text that people read: titles, names, subjects, remarks. Invisible controls in them can reorder what a
 * reader sees (a right-to-left override turns "fdp.exe" around) or hide characters between letters, so
 * they are removed from everything that reaches a mail, a page or a record.
 */

/**
 * Bidi embeddings and overrides (U+202A–U+202E), bidi isolates (U+2066–U+2069), zero-width spaces, joiners
 * and marks (U+200B–U+200F), the word joiner and invisible operators (U+2060–U+2064) and the byte-order mark
 * (U+FEFF).
 */
const INVISIBLE_CONTROLS = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** the text without bidi overrides, isolates and zero-width controls. */
export function stripInvisibleControls(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, "");
}
