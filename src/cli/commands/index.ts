import type { Command } from "commander";
import * as validate from "./validate";
import * as exportCmd from "./export";
import * as plan from "./plan";
import * as check from "./check";
import * as report from "./report";
import * as allowlist from "./allowlist";
import * as synth from "./synth";

/** Every CLI command, one module each. */
export const COMMANDS: readonly { register(program: Command): void }[] = [validate, exportCmd, plan, check, report, allowlist, synth];
