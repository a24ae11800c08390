/** Raised when a stored value no longer matches its schema: named, never silently dropped. */
export class StoredRecordError extends Error {
  override name = 'StoredRecordError';
  constructor(
    /** `<namespace>:<key>`: what is logged; never the content. */
    readonly key: string,
    reason: string,
  ) {
    super(`${key} does not match its schema: ${reason}`);
  }
}
