import type { Command } from "commander";
import { loadSites } from "../io";

export function register(program: Command): void {
  program
    .command("validate")
    .description("validate site files against the schema (校验考点描述文件)")
    .argument("<site-files...>", "site files (YAML, JSON or TypeScript)")
    .action((files: string[]) => {
      const sites = loadSites(files);
      for (const s of sites) process.stdout.write(`ok ${s.file}: site ${s.spec.id}, ${s.rooms.length} room(s)\n`);
    });
}
