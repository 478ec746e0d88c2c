/**
 * Package-cache data for Windows candidate machines (issue 5, reference/windows.md §1, §2).
 *
 * Versions of the manual's tools come from policies/levels.ts (TOOLS.reference); this file adds
 * only what the manual leaves open: the exact patch release of a database, the Windows Redis port,
 * the VC++ runtime MySQL needs, and the transitive wheel pins that keep Scrapy 2.5.0 working on
 * Python 3.7 (SCRAPY-PINS).
 *
 * SHA-256 policy: a hash is written here ONLY when it was read from a published source, named in
 * `hashSource`. Every other entry has `sha256: null` ("unverified"): scripts/fill-package-cache.mjs
 * downloads it, computes the hash and records it in the exported manifest
 * (`--record-unverified`), and the generated provisioning script refuses to install any file
 * whose manifest entry still has no hash.
 */
import { TOOLS } from "../levels";
import type { ToolIdT } from "../../src/levels/tool-ids";
import type { Level } from "../../src/model/sections/common";

export type PackageKind = "installer" | "archive" | "wheel";
/** When a package is needed beyond its level: always, only with local databases. */
export type PackageCondition = "always" | "local-databases";

export interface PackageSpec {
  id: string;
  /** File name inside the cache folder (wheels under wheelhouse/). */
  file: string;
  kind: PackageKind;
  version: string;
  /** The manual's tool this package provides, if any (its version must equal TOOLS.reference). */
  tool?: ToolIdT;
  levels: readonly Level[];
  condition: PackageCondition;
  /** Official download URL; null when no official source exists (the file is placed by hand). */
  url: string | null;
  sha256: string | null;
  /** Where the hash was published (required when sha256 is set). */
  hashSource?: string;
  note?: string;
}

function ref(id: ToolIdT): string {
  const t = TOOLS.find((x) => x.id === id);
  if (!t) throw new Error(`policies/levels.ts has no tool ${id}`);
  return t.reference;
}

const ALL: readonly Level[] = ["primary", "intermediate", "advanced"];
const UPPER: readonly Level[] = ["intermediate", "advanced"];
const PY37: readonly Level[] = ["primary", "intermediate"];

/** Exact patch releases behind the manual's "5.7" / "4.4" (newest of each series). */
export const MYSQL_PATCH = "5.7.44";
export const MONGODB_PATCH = "4.4.29";
/** REDIS-WINDOWS: Redis 6.2.5 has no Windows build; tporadowski's archived port is the last MSI. */
export const REDIS_WINDOWS_PORT = "5.0.14.1";

/**
 * PyPI's "conveyor" redirect (files.pythonhosted.org/packages/<python tag>/<first letter>/<project>/<file>)
 * resolves a wheel by name without the content-addressed path.
 */
function pypi(project: string, file: string, pyTag: string): string {
  return `https://files.pythonhosted.org/packages/${pyTag}/${project[0]}/${project}/${file}`;
}

function wheel(id: string, project: string, version: string, file: string, pyTag: string, levels: readonly Level[], extra: Partial<PackageSpec> = {}): PackageSpec {
  return { id, file: `wheelhouse/${file}`, kind: "wheel", version, levels, condition: "always", url: pypi(project, file, pyTag), sha256: null, ...extra };
}

const py = ref("python");
const chrome = ref("chrome");
const chromedriver = ref("chromedriver");
const pycharm = ref("pycharm");
const anaconda = ref("anaconda");

export const PACKAGES: readonly PackageSpec[] = [
  {
    id: "python", tool: "python", file: `python-${py}-amd64.exe`, kind: "installer", version: py, levels: PY37, condition: "always",
    url: `https://www.python.org/ftp/python/${py}/python-${py}-amd64.exe`,
    sha256: "e69ed52afb5a722e5c56f6c21d594e85c17cb29f12f18bb69751cf1714e0f987",
    hashSource: "Mercurial contrib/install-windows-dependencies.ps1 ($PYTHON37_x64_SHA256); python.org publishes only MD5 for 3.7.9",
  },
  {
    id: "anaconda", tool: "anaconda", file: `Anaconda3-${anaconda}-Windows-x86_64.exe`, kind: "installer", version: anaconda, levels: ["advanced"], condition: "always",
    url: `https://repo.anaconda.com/archive/Anaconda3-${anaconda}-Windows-x86_64.exe`, sha256: null,
    note: "last Anaconda whose base Python is 3.7 (windows.md §1.2); check Anaconda's terms for educational use",
  },
  {
    id: "pycharm", tool: "pycharm", file: `pycharm-community-${pycharm}.exe`, kind: "installer", version: pycharm, levels: ALL, condition: "always",
    url: `https://download.jetbrains.com/python/pycharm-community-${pycharm}.exe`, sha256: null,
    note: "JetBrains publishes <url>.sha256 next to the installer",
  },
  {
    id: "chrome", tool: "chrome", file: `GoogleChromeStandaloneEnterprise64-${chrome}.msi`, kind: "installer", version: chrome, levels: ALL, condition: "always",
    url: null, sha256: null,
    note: "Google offers no official download of old Chrome builds (windows.md §1.4): put the site's own copy of the offline installer in the cache; fill-package-cache --record-unverified records its hash",
  },
  {
    id: "chromedriver", tool: "chromedriver", file: `chromedriver_win32-${chromedriver}.zip`, kind: "archive", version: chromedriver, levels: UPPER, condition: "always",
    url: `https://chromedriver.storage.googleapis.com/${chromedriver}/chromedriver_win32.zip`, sha256: null,
    note: "old index (Chrome <= 114): chromedriver.exe at the zip root; major must equal Chrome's (CHROMEDRIVER-MATCH)",
  },
  {
    id: "vcredist2013", file: "vcredist_x64-2013.exe", kind: "installer", version: "12.0.40664", levels: UPPER, condition: "local-databases",
    url: "https://aka.ms/highdpimfc2013x64enu", sha256: null, note: "MySQL 5.7 needs the Visual C++ 2013 x64 runtime (windows.md §1.6)",
  },
  {
    id: "mysql", tool: "mysql", file: `mysql-${MYSQL_PATCH}-winx64.zip`, kind: "archive", version: MYSQL_PATCH, levels: UPPER, condition: "local-databases",
    url: `https://cdn.mysql.com/archives/mysql-5.7/mysql-${MYSQL_PATCH}-winx64.zip`, sha256: null, note: "MySQL publishes MD5 only; ZIP route (windows.md §1.6)",
  },
  {
    id: "mongodb", tool: "mongodb", file: `mongodb-windows-x86_64-${MONGODB_PATCH}-signed.msi`, kind: "installer", version: MONGODB_PATCH, levels: UPPER, condition: "local-databases",
    url: `https://fastdl.mongodb.org/windows/mongodb-windows-x86_64-${MONGODB_PATCH}-signed.msi`, sha256: null, note: "MongoDB publishes <url>.sha256 next to the MSI",
  },
  {
    id: "redis", tool: "redis", file: `Redis-x64-${REDIS_WINDOWS_PORT}.msi`, kind: "installer", version: REDIS_WINDOWS_PORT, levels: UPPER, condition: "local-databases",
    url: `https://github.com/tporadowski/redis/releases/download/v${REDIS_WINDOWS_PORT}/Redis-x64-${REDIS_WINDOWS_PORT}.msi`, sha256: null,
    note: `Redis ${ref("redis")} has no native Windows build; this is the archived tporadowski port (REDIS-WINDOWS)`,
  },
  // ---- wheelhouse (cp37 / win_amd64): tools of the manual, then the pins that keep them working ----
  wheel("pip", "pip", "24.0", "pip-24.0-py3-none-any.whl", "py3", ALL, {
    url: "https://files.pythonhosted.org/packages/8a/6a/19e9fe04fca059ccf770861c7d5721ab4c2aebc539889e97c7977528a53b/pip-24.0-py3-none-any.whl",
    sha256: "ba0d021a166865d2265246961bec0152ff124de910c5cc39f1156ce3fa7c69dc",
    hashSource: "PyPI file URL fragment #sha256= quoted in pip hash-mismatch logs and pip-tools lock files", note: "last pip for Python 3.7 (pip 24.1 dropped 3.7)",
  }),
  wheel("requests", "requests", ref("requests"), `requests-${ref("requests")}-py2.py3-none-any.whl`, "py2.py3", ALL, { tool: "requests" }),
  wheel("urllib3", "urllib3", "1.26.18", "urllib3-1.26.18-py2.py3-none-any.whl", "py2.py3", ALL, { note: "requests 2.26 needs urllib3<1.27; selenium 3.141 breaks with urllib3 2.x" }),
  wheel("idna", "idna", "3.4", "idna-3.4-py3-none-any.whl", "py3", ALL),
  wheel("charset-normalizer", "charset-normalizer", "2.0.12", "charset_normalizer-2.0.12-py3-none-any.whl", "py3", ALL),
  wheel("certifi", "certifi", "2023.7.22", "certifi-2023.7.22-py3-none-any.whl", "py3", ALL),
  wheel("lxml", "lxml", ref("lxml"), `lxml-${ref("lxml")}-cp37-cp37m-win_amd64.whl`, "cp37", ALL, { tool: "lxml" }),
  wheel("pymysql", "PyMySQL", ref("pymysql"), `PyMySQL-${ref("pymysql")}-py3-none-any.whl`, "py3", UPPER, { tool: "pymysql" }),
  wheel("pymongo", "pymongo", ref("pymongo"), `pymongo-${ref("pymongo")}-cp37-cp37m-win_amd64.whl`, "cp37", UPPER, { tool: "pymongo" }),
  wheel("redis-py", "redis", ref("redis-py"), `redis-${ref("redis-py")}-py2.py3-none-any.whl`, "py2.py3", UPPER, { tool: "redis-py" }),
  wheel("selenium", "selenium", ref("selenium"), `selenium-${ref("selenium")}-py2.py3-none-any.whl`, "py2.py3", UPPER, {
    tool: "selenium",
    url: "https://files.pythonhosted.org/packages/80/d6/4294f0b4bce4de0abf13e17190289f9d0613b0a44e5dd6a7f5ca98459853/selenium-3.141.0-py2.py3-none-any.whl",
    sha256: "2d7131d7bc5a5b99a2d9b04aaf2612c411b03b8ca1b1ee8d3de5845a9be2cb3c", hashSource: "Spack package py-selenium (PyPI wheel URL and sha256)",
  }),
  wheel("scrapy", "Scrapy", ref("scrapy"), `Scrapy-${ref("scrapy")}-py2.py3-none-any.whl`, "py2.py3", UPPER, { tool: "scrapy" }),
  wheel("twisted", "Twisted", ref("twisted"), `Twisted-${ref("twisted")}-py3-none-any.whl`, "py3", UPPER, {
    tool: "twisted",
    url: "https://files.pythonhosted.org/packages/ac/63/b5540d15dfeb7388fbe12fa55a902c118fd2b324be5430cdeac0c0439489/Twisted-22.10.0-py3-none-any.whl",
    sha256: "86c55f712cc5ab6f6d64e02503352464f0400f66d4f079096d744080afcccbd0", hashSource: "Spack package py-twisted (PyPI wheel URL and sha256)",
  }),
  wheel("twisted-iocpsupport", "twisted-iocpsupport", "1.0.2", "twisted_iocpsupport-1.0.2-cp37-cp37m-win_amd64.whl", "cp37", UPPER, { note: "Windows-only Twisted dependency that pip download on Linux silently drops (windows.md §2 pitfall A)" }),
  wheel("pyopenssl", "pyOpenSSL", ref("pyopenssl"), `pyOpenSSL-${ref("pyopenssl")}-py2.py3-none-any.whl`, "py2.py3", UPPER, { tool: "pyopenssl" }),
  wheel("cryptography", "cryptography", ref("cryptography"), `cryptography-${ref("cryptography")}-cp36-abi3-win_amd64.whl`, "cp36", UPPER, { tool: "cryptography" }),
  wheel("cffi", "cffi", "1.15.1", "cffi-1.15.1-cp37-cp37m-win_amd64.whl", "cp37", UPPER),
  wheel("pycparser", "pycparser", "2.21", "pycparser-2.21-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("zope-interface", "zope.interface", "5.5.2", "zope.interface-5.5.2-cp37-cp37m-win_amd64.whl", "cp37", UPPER),
  wheel("attrs", "attrs", "22.2.0", "attrs-22.2.0-py3-none-any.whl", "py3", UPPER),
  wheel("automat", "Automat", "22.10.0", "Automat-22.10.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("constantly", "constantly", "15.1.0", "constantly-15.1.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("hyperlink", "hyperlink", "21.0.0", "hyperlink-21.0.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("incremental", "incremental", "22.10.0", "incremental-22.10.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("typing-extensions", "typing-extensions", "4.7.1", "typing_extensions-4.7.1-py3-none-any.whl", "py3", UPPER),
  wheel("six", "six", "1.16.0", "six-1.16.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("h2", "h2", "3.2.0", "h2-3.2.0-py2.py3-none-any.whl", "py2.py3", UPPER, { note: "Scrapy 2.5.0 requires h2>=3.0,<4.0" }),
  wheel("hpack", "hpack", "3.0.0", "hpack-3.0.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("hyperframe", "hyperframe", "5.2.0", "hyperframe-5.2.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("priority", "priority", "1.3.0", "priority-1.3.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("cssselect", "cssselect", "1.2.0", "cssselect-1.2.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("itemadapter", "itemadapter", "0.8.0", "itemadapter-0.8.0-py3-none-any.whl", "py3", UPPER),
  wheel("itemloaders", "itemloaders", "1.0.6", "itemloaders-1.0.6-py3-none-any.whl", "py3", UPPER),
  wheel("jmespath", "jmespath", "1.0.1", "jmespath-1.0.1-py3-none-any.whl", "py3", UPPER),
  wheel("parsel", "parsel", "1.6.0", "parsel-1.6.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("w3lib", "w3lib", "1.22.0", "w3lib-1.22.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("protego", "Protego", "0.3.0", "Protego-0.3.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("queuelib", "queuelib", "1.6.2", "queuelib-1.6.2-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("pydispatcher", "PyDispatcher", "2.0.7", "PyDispatcher-2.0.7-py3-none-any.whl", "py3", UPPER, { note: "2.0.5 is sdist-only (windows.md §2 pitfall E)" }),
  wheel("service-identity", "service-identity", "21.1.0", "service_identity-21.1.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("pyasn1", "pyasn1", "0.4.8", "pyasn1-0.4.8-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("pyasn1-modules", "pyasn1-modules", "0.2.8", "pyasn1_modules-0.2.8-py2.py3-none-any.whl", "py2.py3", UPPER),
];
