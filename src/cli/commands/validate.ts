import type { Command } from "commander";
import { checkAllowlistInputs, loadSites, parseLangOption } from "../io";
import { translator, type Lang } from "../../i18n/catalogue";
import { subcommand } from "../program";

export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  subcommand(program, "validate", lang)
    .description(t("validateDescription"))
    .argument("<site-files...>", t("argSiteFiles"))
    .option("--lang <lang>", t("optLang"))
    .helpFooter("exitOkInvalid", "examlab validate sites/my-school.yaml")
    .action((files: string[], _opts: unknown, cmd: Command) => {
      const chosen = parseLangOption(cmd.optsWithGlobals<{ lang?: string }>().lang);
      const sites = loadSites(files, chosen);
      checkAllowlistInputs(sites, chosen);
      for (const s of sites) process.stdout.write(translator(chosen ?? s.spec.language, "cli")("validateOk", { file: s.file, id: s.spec.id, rooms: s.rooms.length }) + "\n");
    });
}
