import { Command, Option, type Help } from "commander";
import { msg, translator, type Lang, type MessageKey, type Vars } from "../i18n/catalogue";
import { suggest } from "../model/hints";

/**
 * The `examlab` command line in the reader's language: help headings, option descriptions,
 * defaults and commander's usage errors come from the catalogue (section `cli`). The help
 * language is the `--lang` given on the command line, else Chinese; commands print their
 * results in `--lang`, else the site's language, else Chinese.
 */
export type CliText = (key: MessageKey<"cli">, vars?: Vars) => string;

/** `--lang X` / `--lang=X` anywhere on the command line, when X is zh or en. */
export function argvLang(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = a === "--lang" ? argv[i + 1] : a.startsWith("--lang=") ? a.slice(7) : undefined;
    if (v === "zh" || v === "en") return v;
  }
  return undefined;
}

const TITLES: Record<string, MessageKey<"cli">> = {
  "Usage:": "titleUsage",
  "Arguments:": "titleArguments",
  "Options:": "titleOptions",
  "Commands:": "titleCommands",
  "Global Options:": "titleGlobalOptions",
};

/** A commander Command whose usage errors and help speak `lang`; subcommands inherit it. */
export class ExamlabCommand extends Command {
  lang: Lang = "zh";

  override createCommand(name?: string): Command {
    const c = new ExamlabCommand(name);
    c.lang = this.lang;
    return c;
  }

  /** A required option, listed under its own heading in --help ("必填选项：" / "Required options:"). */
  required(flags: string, description: string): this {
    return this.addOption(new Option(flags, description).makeOptionMandatory().helpGroup(msg(this.lang, "cli", "titleRequired")));
  }

  /** Help text after the options: exit codes and an example. */
  helpFooter(exitCodes: MessageKey<"cli">, example: string): this {
    const t = translator(this.lang, "cli");
    return this.addHelpText("after", `\n${t("titleExitCodes")}\n${t(exitCodes)}\n\n${t("titleExample")}\n  ${example}\n`);
  }

  override error(message: string, options?: { code?: string; exitCode?: number }): never {
    return super.error(this.translateError(message, options?.code), options);
  }

  private translateError(message: string, code: string | undefined): string {
    const t = translator(this.lang, "cli");
    const name = this.parent ? `examlab ${this.name()}` : "examlab";
    const hint = t("seeHelp", { command: name });
    let m: RegExpExecArray | null;
    switch (code) {
      case "commander.missingArgument":
        if ((m = /argument '(.+)'/.exec(message))) return t("errMissingArgument", { name: m[1] }) + hint;
        break;
      case "commander.optionMissingArgument":
        if ((m = /option '(.+)' argument/.exec(message))) return t("errOptionArgument", { option: m[1] }) + hint;
        break;
      case "commander.missingMandatoryOptionValue":
        if ((m = /option '(.+)' not specified/.exec(message))) return t("errRequiredOption", { option: m[1] }) + hint;
        break;
      case "commander.unknownOption":
        if ((m = /unknown option '([^']+)'/.exec(message))) {
          const longs = this.options.map((o) => o.long).filter((l): l is string => !!l);
          const guess = m[1].startsWith("--") ? suggest(m[1].split("=")[0], [...longs, "--help"]) : undefined;
          return (guess ? t("errUnknownOptionSuggest", { option: m[1], suggestion: guess }) : t("errUnknownOption", { option: m[1] })) + hint;
        }
        break;
      case "commander.unknownCommand":
        if ((m = /unknown command '([^']+)'/.exec(message))) {
          const names = this.commands.map((c) => c.name());
          const guess = suggest(m[1], names);
          return (guess ? t("errUnknownCommandSuggest", { name: m[1], suggestion: guess }) : t("errUnknownCommand", { name: m[1], commands: names.join(", ") })) + hint;
        }
        break;
      case "commander.excessArguments":
        if ((m = /Expected (\d+) arguments? but got (\d+)/.exec(message))) return t("errExcessArguments", { expected: m[1], got: m[2] }) + hint;
        break;
    }
    return message;
  }
}

/** Help configuration in one language: translated headings and default values. */
export function helpConfiguration(lang: Lang): Partial<Help> {
  const t = translator(lang, "cli");
  return {
    styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]) : title),
    optionDescription: (option: Option) => {
      const shown = option.defaultValueDescription ?? (option.defaultValue !== undefined && !option.negate ? String(option.defaultValue) : undefined);
      return shown === undefined ? option.description : t("defaultValue", { description: option.description, value: shown });
    },
  };
}
