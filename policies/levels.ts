/**
 * Level profiles: the manual's §3.3 "开发工具和环境清单" (development tools and environment list)
 * as data. One entry per tool: reference version (稳定版本), the accepted range (a semver range;
 * "*" = 版本不限, any version that installs), the levels that need it and where it comes from.
 * Rules TOOL-<ID> and the provisioning scripts read this table; change versions here only.
 */
import type { Level } from "../src/model/sections/common";
import type { ToolIdT } from "../src/levels/tool-ids";

export interface ToolProfile {
  id: ToolIdT;
  name: string;
  zh: string;
  /** Reference version from the manual (or the pin that keeps the set working). */
  reference: string;
  /** Accepted versions as a semver range (versions are coerced: 75.0.3770.100 → 75.0.3770). */
  accepted: string;
  levels: readonly Level[];
  kind: "application" | "python-package" | "database" | "driver";
  /** Manual section or compatibility fact behind the entry. */
  source: string;
  note?: string;
}

const ALL: readonly Level[] = ["primary", "intermediate", "advanced"];
const UPPER: readonly Level[] = ["intermediate", "advanced"];

export const TOOLS: readonly ToolProfile[] = [
  { id: "chrome", name: "Google Chrome", zh: "谷歌浏览器", reference: "75.0.3770.100", accepted: ">=75", levels: ALL, kind: "application", source: "§3.3, PC-BROWSER" },
  { id: "python", name: "Python", zh: "Python 解释器", reference: "3.7.9", accepted: "3.7.x", levels: ALL, kind: "application", source: "§3.3", note: "advanced: the Python of Anaconda, which should be 3.7 for the pinned packages" },
  { id: "anaconda", name: "Anaconda (individual edition)", zh: "Anaconda 个人版", reference: "2020.02", accepted: "*", levels: ["advanced"], kind: "application", source: "§3.3" },
  { id: "pycharm", name: "PyCharm Community", zh: "PyCharm 社区版", reference: "2021.1.3", accepted: "*", levels: ALL, kind: "application", source: "§3.3" },
  { id: "requests", name: "requests", zh: "requests 库", reference: "2.26.0", accepted: "*", levels: ALL, kind: "python-package", source: "§3.3" },
  { id: "lxml", name: "lxml", zh: "lxml 库", reference: "4.6.3", accepted: "*", levels: ALL, kind: "python-package", source: "§3.3" },
  { id: "mysql", name: "MySQL", zh: "MySQL 数据库", reference: "5.7", accepted: ">=5.7", levels: UPPER, kind: "database", source: "§3.3" },
  { id: "mongodb", name: "MongoDB Community", zh: "MongoDB 数据库", reference: "4.4", accepted: "*", levels: UPPER, kind: "database", source: "§3.3, PYMONGO-SERVER", note: "pymongo 3.11 supports servers up to 4.4" },
  { id: "redis", name: "Redis", zh: "Redis 数据库", reference: "6.2.5", accepted: "*", levels: UPPER, kind: "database", source: "§3.3, REDIS-WINDOWS", note: "no native Windows build of 6.2.5: containers on a lab server or a Windows port" },
  { id: "pymysql", name: "PyMySQL", zh: "PyMySQL 库", reference: "1.0.2", accepted: "*", levels: UPPER, kind: "python-package", source: "§3.3" },
  { id: "pymongo", name: "pymongo", zh: "pymongo 库", reference: "3.11.4", accepted: "*", levels: UPPER, kind: "python-package", source: "§3.3" },
  { id: "redis-py", name: "redis (Python client)", zh: "redis 库", reference: "3.5.3", accepted: "*", levels: UPPER, kind: "python-package", source: "§3.3" },
  { id: "chromedriver", name: "ChromeDriver", zh: "ChromeDriver 驱动", reference: "75.0.3770.140", accepted: ">=75", levels: UPPER, kind: "driver", source: "§3.3, CHROMEDRIVER-MATCH", note: "major version must equal Chrome's" },
  { id: "selenium", name: "Selenium", zh: "Selenium 库", reference: "3.141.0", accepted: "*", levels: UPPER, kind: "python-package", source: "§3.3" },
  { id: "scrapy", name: "Scrapy", zh: "Scrapy 框架", reference: "2.5.0", accepted: "*", levels: UPPER, kind: "python-package", source: "§3.3, SCRAPY-PINS" },
  { id: "twisted", name: "Twisted", zh: "Twisted（Scrapy 依赖）", reference: "22.10.0", accepted: "<=22.10.0", levels: UPPER, kind: "python-package", source: "SCRAPY-PINS", note: "pin: newer Twisted breaks Scrapy 2.5.0" },
  { id: "pyopenssl", name: "pyOpenSSL", zh: "pyOpenSSL（Scrapy 依赖）", reference: "22.0.0", accepted: "22.0.0", levels: UPPER, kind: "python-package", source: "SCRAPY-PINS" },
  { id: "cryptography", name: "cryptography", zh: "cryptography（Scrapy 依赖）", reference: "36.0.2", accepted: "36.0.2", levels: UPPER, kind: "python-package", source: "SCRAPY-PINS" },
];

/** Compatibility facts (requirements digest §7): checked by the rules of the same ID. */
export const COMPATIBILITY = {
  /** CHROMEDRIVER-MATCH: ChromeDriver major == Chrome major. */
  chromedriverMatchesChromeMajor: true,
  /** PYMONGO-SERVER: highest MongoDB server major.minor each pymongo minor supports. */
  pymongoMaxServer: { "3.11": "4.4", "3.12": "5.0", "3.13": "6.0", "4.0": "5.0", "4.1": "5.0", "4.2": "6.0", "4.3": "6.0", "4.4": "7.0", "4.5": "7.0", "4.6": "7.0" } as Record<string, string>,
  /** PYMYSQL-AUTH: MySQL major from which caching_sha2_password is the default. */
  mysqlCachingSha2FromMajor: 8,
  /** SCRAPY-PINS: pins that keep Scrapy 2.5.0 working on Python 3.7. */
  scrapyPins: { scrapy: "2.5.0", twisted: "<=22.10.0", pyopenssl: "22.0.0", cryptography: "36.0.2" },
} as const;

export function toolsForLevel(level: Level): ToolProfile[] {
  return TOOLS.filter((t) => t.levels.includes(level));
}
