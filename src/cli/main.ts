import { CommanderError } from "commander";
import { commandsFor } from "./commands/lazy";
import { CliExit, EXIT } from "./exit";
import { argvLang, ExamlabCommand, helpConfiguration } from "./program";
import { InputError, formatProblem } from "../model/errors";
import { msg } from "../i18n/catalogue";
import { EXAMLAB_VERSION } from "../version";

/** Entry point of the `examlab` command. Returns the exit code; never prints a stack trace for user errors. */
export async function runCli(argv: readonly string[]): Promise<number> {
  // Help and usage errors speak the --lang given on the command line, else Chinese.
  const lang = argvLang(argv) ?? "zh";
  const t = (k: Parameters<typeof msg<"cli">>[2], vars?: Record<string, string>) => msg(lang, "cli", k, vars);
  const program = new ExamlabCommand("examlab");
  program.lang = lang;
  program
    .description(t("programDescription"))
    .version(EXAMLAB_VERSION, "-V, --version", t("optVersion"))
    .helpOption("-h, --help", t("optHelp"))
    .helpCommand("help [command]", t("cmdHelp"))
    .option("--lang <lang>", t("optLang"))
    .configureHelp(helpConfiguration(lang))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false)
    .showSuggestionAfterError(false)
    .addHelpText("after", `\n${t("titleExitCodes")}\n${t("exitProgram")}\n\n${t("programAfter")}\n\n${t("titleExample")}\n  examlab validate sites/my-school.yaml\n  examlab check sites/*.yaml --inventory results/*.json\n  examlab export sites/my-school.yaml --out out/\n`);
  for (const c of await commandsFor(argv)) c.register(program, lang);
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
      process.stderr.write(e.problems.map((p) => formatProblem(p, lang)).join("\n") + "\n");
      return EXIT.invalid;
    }
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      return EXIT.invalid;
    }
    process.stderr.write(t("internalError", { message: (e as Error).message }) + "\n");
    return 70;
  }
}
