import type { Command } from "commander";
import type { Lang } from "../../i18n/catalogue";
import * as validate from "./validate";
import * as exportCmd from "./export";
import * as plan from "./plan";
import * as check from "./check";
import * as report from "./report";
import * as allowlist from "./allowlist";
import * as synth from "./synth";
import * as bundle from "./bundle";

/** Every CLI command, one module each; `lang` is the language of its --help. */
export const COMMANDS: readonly { register(program: Command, lang?: Lang): void }[] = [validate, exportCmd, plan, check, report, allowlist, synth, bundle];
