/**
 * Bounds at the door, counted while the body streams in (chunked included): an API body must fit API
 * Gateway's event to Lambda (6 MB, the body base64-encoded in it), so 4 MB; larger files go to the blob
 * store directly by a signed upload. A member page's form is at most 60,000 characters of answer.
 */
export const MAX_API_BODY = 4 * 1024 * 1024;
export const MAX_FORM_BODY = 256 * 1024;
