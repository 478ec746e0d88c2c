import { z } from "zod";
import { WindowsSpec } from "../model/sections/windows";
import type { Site } from "../model/site";
import type { Level } from "../model/sections/common";

export type WindowsOptions = z.output<typeof WindowsSpec>;
export type DatabaseMode = "none" | "lab-server" | "local";

/** The site's windows section with every default filled in. */
export function windowsOptions(site: Site): WindowsOptions {
  return WindowsSpec.parse(site.spec.windows ?? {});
}

/** Levels without databases (primary) get none; otherwise the site's choice (§3.3, REDIS-WINDOWS). */
export function databaseMode(site: Site, level: Level): DatabaseMode {
  if (level === "primary") return "none";
  const choice = windowsOptions(site).databases;
  if (choice !== "auto") return choice;
  const enabled = site.spec.databases?.enabled ?? true;
  return enabled && site.spec.labServers.length > 0 ? "lab-server" : "local";
}

/** InputMethodTips of the three allowed input methods (windows.md §3.2; PC-IME). */
export const IME_TIPS = {
  en: "0409:00000409",
  pinyin: "0804:{81D4E9C9-1D3B-41BC-9E6C-4B40BF79E35E}{FA550B04-5AD7-411F-A5AC-CA038EC515D7}",
  wubi: "0804:{6A498709-E00B-4C45-A018-8F9E4081AE40}{82590C13-F4DD-44F4-BA1D-8667246FDF8E}",
} as const;

/** Ad-supported third-party IMEs (display names in Uninstall keys) that PC-IME forbids. */
export const AD_IME_PATTERN = "搜狗|Sogou|QQ拼音|QQPinyin|百度输入法|Baidu ?IME|2345|章鱼输入法|手心输入法";

/** intl.cpl Globalization Services XML: the three IMEs for the current, default and system accounts. */
export function imeGsXml(): string[] {
  return [
    '<gs:GlobalizationServices xmlns:gs="urn:longhornGlobalizationUnattend">',
    '  <gs:UserList>',
    '    <gs:User UserID="Current" CopySettingsToDefaultUserAcct="true" CopySettingsToSystemAcct="true"/>',
    "  </gs:UserList>",
    "  <gs:InputPreferences>",
    `    <gs:InputLanguageID Action="add" ID="${IME_TIPS.en}" Default="true"/>`,
    `    <gs:InputLanguageID Action="add" ID="${IME_TIPS.pinyin}"/>`,
    `    <gs:InputLanguageID Action="add" ID="${IME_TIPS.wubi}"/>`,
    "  </gs:InputPreferences>",
    "</gs:GlobalizationServices>",
  ];
}
