// Types for cdktf's jest matchers registered on vitest's expect (tests/helpers/setup.ts, reference/cdktf.md §5).
import "vitest";

interface DatabasesCdktfMatchers<R = unknown> {
  toHaveResource(r: { tfResourceType: string }): R;
  toHaveResourceWithProperties(r: { tfResourceType: string }, props: Record<string, any>): R;
  toHaveProviderWithProperties(r: { tfResourceType: string }, props: Record<string, any>): R;
}

declare module "vitest" {
  interface Assertion<T = any> extends DatabasesCdktfMatchers<T> {}
}
