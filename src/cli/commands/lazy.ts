import type { Command } from "commander";
import type { Lang } from "../../i18n/catalogue";

/** A command module: registers one subcommand of the same name. */
export interface CommandModule {
  register(program: Command, lang?: Lang): void;
}

/**
 * The commands of ./index.ts (same names, same order: the order of the help), each module loaded
 * only when its command is needed. Start-up (issue 14): `examlab allowlist` no longer initialises
 * the site schemas, the archive and zip libraries and the rest of the other commands' modules
 * (the bundle initialises a dynamically imported module on first use).
 * tests/perf/lazy-commands.test.ts checks this list against ./index.ts.
 */
export const COMMAND_LOADERS: readonly (readonly [name: string, load: () => Promise<CommandModule>])[] = [
  ["validate", () => import("./validate.js")],
  ["export", () => import("./export.js")],
  ["plan", () => import("./plan.js")],
  ["check", () => import("./check.js")],
  ["report", () => import("./report.js")],
  ["allowlist", () => import("./allowlist.js")],
  ["synth", () => import("./synth.js")],
  ["bundle", () => import("./bundle.js")],
];

/**
 * The command modules a command line needs: only the named command's when the line starts with
 * a command name (its help, options and errors do not involve the others), else every command
 * (program help, `help <command>`, global options first, unknown commands and their suggestions).
 */
export async function commandsFor(argv: readonly string[]): Promise<CommandModule[]> {
  const named = COMMAND_LOADERS.find(([name]) => name === argv[0]);
  const out: CommandModule[] = [];
  for (const [, load] of named ? [named] : COMMAND_LOADERS) out.push(await load());
  return out;
}
