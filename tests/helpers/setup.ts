// cdktf's matchers (toHaveResourceWithProperties, ...) on vitest's global expect (reference/cdktf.md §5).
import { Testing } from "cdktf";
Testing.setupJest();
