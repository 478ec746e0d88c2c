import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands";
import { COMMAND_LOADERS, commandsFor } from "../../src/cli/commands/lazy";
import { ExamlabCommand } from "../../src/cli/program";

/**
 * The CLI loads command modules on demand (issue 14, start-up): the lazy list must be the same
 * commands in the same order as src/cli/commands/index.ts, each module registering the command
 * of its name, and a command line naming a command loads that one only.
 */
const names = (mods: readonly { register(p: ExamlabCommand, lang?: "zh" | "en"): void }[]) => {
  const program = new ExamlabCommand("examlab");
  for (const m of mods) m.register(program, "en");
  return program.commands.map((c) => c.name());
};

describe("lazy command loading", () => {
  it("lists the commands of index.ts, in order, each registering its own name", async () => {
    expect(COMMAND_LOADERS.map(([n]) => n)).toEqual(names(COMMANDS));
    for (const [name, load] of COMMAND_LOADERS) expect(names([await load()])).toEqual([name]);
  });

  it("loads the named command only, or every command", async () => {
    expect(names(await commandsFor(["allowlist", "--in", "x.txt"]))).toEqual(["allowlist"]);
    expect(names(await commandsFor(["check", "--help"]))).toEqual(["check"]);
    const all = names(COMMANDS);
    for (const argv of [[], ["--help"], ["help", "allowlist"], ["--lang", "en", "allowlist"], ["alowlist"], ["-V"]]) expect(names(await commandsFor(argv))).toEqual(all);
  });
});
