// Public API: the cache-key functions, the invalidation channel name, and keysToInvalidate.
export * from './keys.ts';
export { keysToInvalidate } from './keys-to-invalidate.ts';
