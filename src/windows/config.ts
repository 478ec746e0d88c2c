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

/**
 * The Windows 10 edition the image installs from a multi-edition ISO (issue 11 item 4): Setup
 * stops at the edition picker unless the answer file names one. Chosen by image name
 * (Microsoft-Windows-Setup ImageInstall/OSImage/InstallFrom/MetaData /IMAGE/NAME) plus the
 * edition's public KMS client setup key (Microsoft "KMS client activation and product keys"),
 * which also selects the edition and activates against the school's KMS host.
 */
export const WINDOWS_EDITION = { imageName: "Windows 10 Pro", kmsClientKey: "W269N-WFGWX-YVC9B-4J6C9-T83GX" } as const;

/**
 * Password of the temporary build account `packer` (deleted by SetupComplete.cmd after the clone's
 * OOBE). It lives in autounattend.xml; the Packer template reads it from there, so WinRM always
 * logs in with what Windows Setup created.
 */
export const BUILD_ACCOUNT = { user: "packer", password: "packer-build-only" } as const;

/** The candidates' local account on clones: a standard user (no admin rights), no password. */
export const EXAM_ACCOUNT = { user: "exam", displayName: "考生 Candidate" } as const;
