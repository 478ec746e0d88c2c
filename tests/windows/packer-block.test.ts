import { describe, expect, it } from "vitest";
import { windowsArtifacts } from "../../src/windows/producer";
import { packerBlockOf, packerBlockProblems, parseConstraint, satisfies } from "./packer-block";
import { sampleSites } from "./sites";

/**
 * Issue 11 item 4: Debian's Packer (1.6.6) predates `required_plugins`, and no newer Packer can be
 * installed here (Debian bookworm ships 1.6.6; HashiCorp's releases are not reachable; the npm
 * registry has no Packer binary). `packer validate` therefore runs on the template without the
 * marked block (cache-and-image.test.ts), and this file validates that block itself against
 * Packer's documented schema (sources in packer-block.ts).
 */
const sites = sampleSites();
const templates = Object.values(sites).flatMap((site) =>
  windowsArtifacts(site)
    .filter((a) => a.path.endsWith(".pkr.hcl"))
    .map((a) => ({ name: `${site.spec.id}/${a.path}`, text: String(a.content) })),
);

describe("the packer {} block packer 1.6.6 cannot validate", () => {
  it("every generated template's block matches the documented schema", async () => {
    expect(templates.length).toBeGreaterThan(1);
    for (const t of templates) expect(await packerBlockProblems(packerBlockOf(t.text)), t.name).toEqual([]);
  });

  it("every builder the template uses comes from a declared plugin; provisioners are Packer built-ins", () => {
    for (const t of templates) {
      const declared = Object.keys((/required_plugins \{([\s\S]*?)\n  \}/.exec(t.text)![1].match(/^\s+([a-z0-9-]+) = \{/gm) ?? []).reduce((o, l) => ({ ...o, [l.trim().split(" ")[0]]: 1 }), {}));
      const builders = [...t.text.matchAll(/^source "([a-z0-9-]+)"/gm)].map((m) => m[1]);
      expect(builders.length, t.name).toBeGreaterThan(0);
      for (const b of builders) expect(declared, t.name).toContain(b);
      // powershell, windows-restart and file ship inside Packer (docs: provisioners/*, "built-in")
      for (const m of t.text.matchAll(/^\s+provisioner "([a-z0-9-]+)"/gm)) expect(["powershell", "windows-restart", "file"]).toContain(m[1]);
    }
  });

  it("the checker refuses each kind of broken block (so the passing result means something)", async () => {
    const good = packerBlockOf(templates[0].text);
    const mutants: [string, string, RegExp][] = [
      ["source without host", good.replace('"github.com/hashicorp/qemu"', '"hashicorp/qemu"'), /not github\.com/],
      ["source with the packer-plugin- prefix", good.replace('"github.com/hashicorp/qemu"', '"github.com/hashicorp/packer-plugin-qemu"'), /packer-plugin-/],
      ["local name not the builder type", good.replace(/qemu = \{/, "kvm = {"), /local name differs/],
      ["unknown attribute", good.replace(/(source\s+= "[^"]+")/, '$1\n      checksum = "x"'), /unknown attribute checksum/],
      ["missing source", good.replace(/\n\s+source\s+= "[^"]+"/, ""), /source is required/],
      ["bad version constraint", good.replace(/version = ">= [\d.]+"/, 'version = "1.0.9 or newer"'), /not a version constraint/],
      ["required_version allowing 1.6", good.replace(/required_version = "[^"]+"/, 'required_version = ">= 1.6.0"'), /must exclude Packer < 1\.7\.0/],
      ["required_version missing", good.replace(/\n\s+required_version = "[^"]+"/, ""), /required_version is missing/],
      ["unknown argument in packer {}", good.replace("packer {", "packer {\n  min_version = \"1.7.0\""), /unknown argument in packer \{\}: min_version/],
      ["not HCL", good.replace("}", ""), /does not parse/],
      ["a variable in the block", good.replace(/version = ">= [\d.]+"/, 'version = "${var.v}"'), /constant/],
    ];
    for (const [what, hcl, err] of mutants) {
      expect(hcl, what).not.toBe(good);
      expect((await packerBlockProblems(hcl)).join("\n"), what).toMatch(err);
    }
  });

  it("version constraints follow go-version (including ~>)", () => {
    const c = (s: string) => parseConstraint(s) as Exclude<ReturnType<typeof parseConstraint>, string>;
    expect(satisfies("1.7.0", c(">= 1.7.0"))).toBe(true);
    expect(satisfies("1.6.6", c(">= 1.7.0"))).toBe(false);
    expect(satisfies("1.0.12", c("~> 1.0.9"))).toBe(true);
    expect(satisfies("1.1.0", c("~> 1.0.9"))).toBe(false);
    expect(satisfies("1.9.0", c("~> 1.2"))).toBe(true);
    expect(satisfies("2.0.0", c("~> 1.2"))).toBe(false);
    expect(satisfies("1.8.0", c(">= 1.7.0, < 2.0.0, != 1.8.0"))).toBe(false);
    for (const bad of ["", ">>= 1", "1.0.9 or newer", "latest"]) expect(typeof parseConstraint(bad)).toBe("string");
  });
});
