import type { RenderInput, RenderedFile } from "../model";
import type { TargetEnforcement } from "../intent/types";

/** How scripts/apply-router.mjs handles a family: over SSH, or a printed checklist. */
export type ApplyMode = "ssh-linux" | "ssh-openwrt" | "checklist";

/** One generator target: one template under templates/, one renderer file, one row in index.ts. */
export interface Target {
  id: string;
  kind: "router" | "endpoint";
  title: string;
  /** The real validator the tests run on the output, or why there is none. */
  validator: string;
  apply: ApplyMode;
  render(input: RenderInput): RenderedFile[];
  /** What the files `render(input)` writes enforce (src/allowlist/intent TargetEnforcement); absent = not described yet. */
  enforces?(input: RenderInput): TargetEnforcement;
}
