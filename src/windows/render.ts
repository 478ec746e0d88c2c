import { TOOLS, toolsForLevel } from "../../policies/levels";
import { MONGODB_PATCH, MYSQL_PATCH, REDIS_WINDOWS_PORT } from "../../policies/windows/package-cache";
import type { Level } from "../model/sections/common";
import type { Site } from "../model/site";
import type { SeatEndpoint } from "../databases/port-map";
import { AD_IME_PATTERN, BUILD_ACCOUNT, databaseMode, EXAM_ACCOUNT, IME_TIPS, imeGsXml, WINDOWS_EDITION, windowsOptions } from "./config";
import { packagesForLevel, wheelProject } from "./package-cache";
import { oneLine, psValue, psValueSegments, type PsData } from "./powershell";
import { renderTemplate } from "./templates";
import { seatTable } from "./seat-table";
import { Databases } from "../model/sections/databases";
import { sqlString } from "../databases/escape";

/**
 * Local mode: the exam's published MySQL credentials (databases.credentials.mysql, default
 * root/123456). `--initialize-insecure` leaves root@localhost without a password, so the script
 * sets it (issue 11 item 3). The SQL is one line without double quotes: Windows PowerShell 5.1
 * passes it to mysql.exe as one argument unchanged (PowerShell/PowerShell#1995).
 */
export function localMysqlLogin(site: Site): { user: string; password: string; sql: string } {
  const { user, password } = Databases.parse(site.spec.databases ?? {}).credentials.mysql;
  const account = `${sqlString(user)}@'localhost'`;
  const sql =
    user === "root"
      ? `ALTER USER ${account} IDENTIFIED BY ${sqlString(password)};`
      : `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${sqlString(password)}; ALTER USER ${account} IDENTIFIED BY ${sqlString(password)}; GRANT ALL PRIVILEGES ON *.* TO ${account};`;
  return { user, password, sql };
}

function ref(id: string): string {
  return TOOLS.find((t) => t.id === id)!.reference;
}

const PYTHON_HOME = "C:\\Python37";
const ANACONDA_HOME = "C:\\ProgramData\\Anaconda3";
const TOOLS_DIR = "C:\\ExamTools";

/** Site data every script carries: identity and language. */
function siteData(site: Site): Record<string, PsData> {
  // The name is display text: one line. Everything else is validated by the schema and refused if unsafe.
  return { site: site.spec.id, siteName: oneLine(site.spec.name), language: site.spec.language };
}

/** provision-<level>.ps1: the image build for one exam level (issue 5 §1; manual §3.3). */
export function renderProvision(site: Site, level: Level): string {
  const opts = windowsOptions(site);
  const db = databaseMode(site, level);
  const tools = new Set(toolsForLevel(level).map((t) => t.id));
  const anaconda = tools.has("anaconda");
  const wheels = packagesForLevel(level, db)
    .filter((p) => p.kind === "wheel")
    .map((p) => ({ id: p.id, project: wheelProject(p), version: p.version }));
  const config: Record<string, PsData> = {
    ...siteData(site),
    level,
    packageCache: opts.packageCache,
    setupRoot: opts.setupRoot,
    toolsDir: TOOLS_DIR,
    databases: db,
    python: anaconda
      ? { kind: "anaconda", version: ref("anaconda"), series: "3.7", home: ANACONDA_HOME }
      : { kind: "python", version: ref("python"), series: ref("python").split(".").slice(0, 2).join("."), home: PYTHON_HOME },
    pycharm: { version: ref("pycharm"), home: `C:\\Program Files\\JetBrains\\PyCharm Community Edition ${ref("pycharm")}` },
    chrome: { version: ref("chrome"), major: ref("chrome").split(".")[0] },
    chromedriver: tools.has("chromedriver") ? { version: ref("chromedriver") } : null,
    mysql: { version: MYSQL_PATCH, home: `C:\\mysql-${MYSQL_PATCH}-winx64`, login: db === "local" ? localMysqlLogin(site) : null },
    mongodb: { version: MONGODB_PATCH },
    redis: { version: REDIS_WINDOWS_PORT, requested: ref("redis") },
    wheels,
    imeTips: [IME_TIPS.en, IME_TIPS.pinyin, IME_TIPS.wubi],
    imeXml: imeGsXml(),
    adImePattern: AD_IME_PATTERN,
    examClient: { name: opts.examClient.name, program: opts.examClient.program ?? null },
    examServers: site.spec.network.examServers.map((s) => ({ name: s.name, address: s.address, ports: s.ports })),
  };
  return renderTemplate("windows/provision.ps1.hbs", {
    title: `${site.spec.name} (${site.spec.id})`,
    level,
    config: psValue(config),
    python: { anaconda },
    chromedriver: tools.has("chromedriver"),
    labServerDatabases: db === "lab-server",
    localDatabases: db === "local",
  });
}

/**
 * first-boot-identity.ps1: host name, static IPv4 and per-seat portproxy after cloning (issue 5
 * §2). Its text as segments (the producer encodes them one by one: issue 14, the seat table is a
 * ~110,000-character string otherwise). The template is rendered around a marker that stands for
 * the table; a NUL never reaches a comment (psComment) nor a string (psString refuses it), but if
 * the marker were ever found other than once, the table is rendered in place.
 */
export function firstBootSegments(site: Site, endpoints: readonly SeatEndpoint[]): string[] {
  const opts = windowsOptions(site);
  const rows = seatTable(site, endpoints);
  const config: Record<string, PsData> = {
    ...siteData(site),
    setupRoot: opts.setupRoot,
    seats: rows.map((r) => ({ ...r, portproxy: r.portproxy.map((p) => ({ ...p })) })),
  };
  const title = `${site.spec.name} (${site.spec.id})`;
  const text = renderTemplate("windows/first-boot-identity.ps1.hbs", { title, config: CONFIG_MARK });
  const at = text.indexOf(CONFIG_MARK);
  if (at < 0 || text.indexOf(CONFIG_MARK, at + 1) >= 0) return [renderTemplate("windows/first-boot-identity.ps1.hbs", { title, config: psValue(config) })];
  return [text.slice(0, at), ...psValueSegments(config), text.slice(at + CONFIG_MARK.length)];
}
const CONFIG_MARK = "\u0000examlab:config\u0000";

/** check-environment.ps1: measures the machine and writes an inventory JSON (issue 5 §3). */
export function renderCheckEnvironment(site: Site): string {
  const opts = windowsOptions(site);
  const levels: Record<string, PsData> = {};
  for (const level of site.spec.levels) {
    levels[level] = {
      databases: databaseMode(site, level),
      tools: toolsForLevel(level).map((t) => ({ id: t.id, kind: t.kind, reference: t.reference, accepted: t.accepted })),
    };
  }
  const allowed = site.spec.network.examServers.flatMap((s) => s.ports.map((port) => ({ host: s.address, port })));
  const config: Record<string, PsData> = {
    ...siteData(site),
    setupRoot: opts.setupRoot,
    levels,
    rooms: site.rooms.map((r) => ({ id: r.spec.id, levels: [...r.spec.levels] })),
    allowedProbes: allowed,
    blockedProbes: opts.blockedProbes,
    examClientRule: opts.examClient.name,
    imeTips: { [IME_TIPS.en]: "en", [IME_TIPS.pinyin]: "pinyin", [IME_TIPS.wubi]: "wubi" },
    adImePattern: AD_IME_PATTERN,
    pythonHomes: [PYTHON_HOME, ANACONDA_HOME],
    // local mode: check-environment logs in with the published credentials (issue 11 item 3)
    mysqlLogin: site.spec.levels.some((l) => databaseMode(site, l) === "local") ? { user: localMysqlLogin(site).user, password: localMysqlLogin(site).password } : null,
    toolsDir: TOOLS_DIR,
  };
  return renderTemplate("windows/check-environment.ps1.hbs", { title: `${site.spec.name} (${site.spec.id})`, config: psValue(config) });
}

/** Packer HCL for one level (issue 5 §4): qemu ISO builder, autounattend, WinRM, provisioning, restart, sysprep. */
export function renderPacker(site: Site, level: Level): string {
  const iso = windowsOptions(site).iso;
  return renderTemplate("packer/windows10.pkr.hcl.hbs", {
    title: `${site.spec.name} (${site.spec.id})`,
    level,
    // Validated by WindowsSpec.iso (no quotes, '$' or '{'), so a JSON string is a plain HCL string.
    isoUrl: JSON.stringify(iso?.url ?? "windows10.iso"),
    isoChecksum: JSON.stringify(iso?.checksum ?? "none"),
  });
}

/** autounattend.xml for the Packer build: zh-CN, the three IMEs (InputLocale), edition, WinRM for the build. */
export function renderAutounattend(): string {
  return renderTemplate("packer/autounattend.xml.hbs", { inputLocale: [IME_TIPS.en, IME_TIPS.pinyin, IME_TIPS.wubi].join(";"), edition: WINDOWS_EDITION, build: BUILD_ACCOUNT });
}

/** unattend for clones: sysprep /generalize /oobe /unattend:… runs its specialize and oobeSystem passes. */
export function renderCloneUnattend(): string {
  return renderTemplate("packer/unattend-clone.xml.hbs", { inputLocale: [IME_TIPS.en, IME_TIPS.pinyin, IME_TIPS.wubi].join(";"), exam: EXAM_ACCOUNT });
}

/** A:\winrm-setup.ps1 (first logon of the build VM): WinRM once the network profile exists. */
export function renderWinrmSetup(): string {
  return renderTemplate("packer/winrm-setup.ps1.hbs", {});
}
