/** A path in the app: starts with one slash (not `//host`, not `/\host`), no spaces or backslashes. */
export function isLocalPath(link: string): boolean {
  return /^\/(?![/\\])/.test(link) && !/[\s\\]/.test(link);
}
