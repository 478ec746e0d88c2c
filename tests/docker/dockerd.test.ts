import { describe, expect, it } from "vitest";
import { buildLocalImage, startDockerd } from "../helpers/dockerd";

// The private-daemon helper itself: two daemons side by side, an image built from Debian packages
// without any pull, containers without network.
describe("private dockerd helper", () => {
  it("runs two daemons at once and builds an image from Debian packages without pulling", async () => {
    const [a, b] = await Promise.all([startDockerd("i11a"), startDockerd("i11b")]);
    try {
      expect(a.host).not.toBe(b.host);
      const img = await buildLocalImage(a, "examlab-test/hello", ["netbase"], ['CMD ["cat", "/etc/services"]']);
      const out = await a.docker(["run", "--rm", "--network", "none", img]);
      expect(out).toMatch(/^http\s+80\/tcp/m);
      // the other daemon has its own image store: the image is not there
      expect((await b.dockerResult(["image", "inspect", img])).code).not.toBe(0);
      expect(await b.docker(["info", "--format", "{{.Images}}"])).toBe("0\n");
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 900_000);
});
