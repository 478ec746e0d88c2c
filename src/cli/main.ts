import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands";
import { CliExit, EXIT } from "./io";
import { InputError, formatProblem } from "../model/errors";
import { EXAMLAB_VERSION } from "../version";

/** Entry point of the `examlab` command. Returns the exit code; never prints a stack trace for user errors. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command("examlab")
    .description("examlab: exam-site infrastructure as code for the 1+X Python Programming certificate (考点基础设施即代码)")
    .version(EXAMLAB_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  for (const c of COMMANDS) c.register(program);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (e) {
    if (e instanceof CliExit) {
      if (e.message) process.stderr.write(e.message.endsWith("\n") ? e.message : e.message + "\n");
      return e.code;
    }
    if (e instanceof InputError) {
      process.stderr.write(e.problems.map((p) => formatProblem(p)).join("\n") + "\n");
      return EXIT.invalid;
    }
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      return EXIT.invalid;
    }
    process.stderr.write(`examlab: internal error: ${(e as Error).message}\n(please report this with the command you ran)\n`);
    return 70;
  }
}
