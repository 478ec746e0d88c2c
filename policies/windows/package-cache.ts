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

/**
 * hashSource for wheels whose SHA-256 and content-addressed PyPI URL were read from the generated
 * Spack repository haampie/pypi-spack-repo (one `version(v, sha256=..., url=<wheel URL>)` per file).
 */
const SPACK_PYPI_REPO = "haampie/pypi-spack-repo@46be8ce0db468466ea311ae39cca90c9edb2059b";
/**
 * winget's community repository: every installer manifest names the download (InstallerUrl) and
 * its SHA-256 (InstallerSha256), which winget's validation pipeline checks against the download.
 */
const WINGET = "microsoft/winget-pkgs";

function spackPypi(pkg: string, corroboration?: string): string {
  return `${SPACK_PYPI_REPO} packages/${pkg}/package.py (sha256 + url of this exact wheel)` + (corroboration ? `; ${corroboration}` : "");
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
    url: "https://repo.anaconda.com/archive/Anaconda3-2020.02-Windows-x86_64.exe",
    sha256: "83c2f53c7174253adcc2de7d1293a7408c37b295abbbb8feca32cb8428a26158",
    hashSource: "public Windows install script that downloads this URL and refuses it unless Get-FileHash SHA256 equals this value (two stored copies, likely one author); repo.anaconda.com/archive lists SHA-256 too",
    note: "last Anaconda whose base Python is 3.7 (windows.md §1.2); check Anaconda's terms for educational use",
  },
  {
    id: "pycharm", tool: "pycharm", file: `pycharm-community-${pycharm}.exe`, kind: "installer", version: pycharm, levels: ALL, condition: "always",
    url: `https://download-cdn.jetbrains.com/python/pycharm-community-${pycharm}.exe`,
    sha256: pycharm === "2021.1.3" ? "d60fbf4411d1822c754cd649436383c98014c6779074f047fb021aeb6b86fc4f" : null,
    hashSource: pycharm === "2021.1.3" ? `${WINGET} manifests/j/JetBrains/PyCharm/Community/2021.1.3/JetBrains.PyCharm.Community.installer.yaml (InstallerUrl = this URL, InstallerSha256)` : undefined,
    note: "JetBrains also publishes <url>.sha256 next to the installer",
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
    id: "vcredist2013", file: "vcredist2013/vcredist_x64.exe", kind: "installer", version: "12.0.40664", levels: UPPER, condition: "local-databases",
    // The exact file behind the aka.ms/highdpimfc2013x64enu permalink (12.0.40664).
    url: "https://download.visualstudio.microsoft.com/download/pr/10912041/cee5d6bca2ddbcd039da727bf4acb48a/vcredist_x64.exe",
    sha256: "a4bba7701e355ae29c403431f871a537897c363e215cafe706615e270984f17c",
    hashSource: `${WINGET} manifests/m/Microsoft/VCRedist/2013/x64/12.0.40664.0/Microsoft.VCRedist.2013.x64.installer.yaml (InstallerUrl = this URL, InstallerSha256); the same value for this URL in the Chocolatey vcredist2013 package ($checksum64), a Chef vcruntime cookbook (sha256sum) and Inno Setup dependency scripts; Microsoft publishes no checksum`,
    note: "MySQL 5.7 needs the Visual C++ 2013 x64 runtime (windows.md §1.6)",
  },
  {
    id: "mysql", tool: "mysql", file: `mysql-${MYSQL_PATCH}-winx64.zip`, kind: "archive", version: MYSQL_PATCH, levels: UPPER, condition: "local-databases",
    url: `https://cdn.mysql.com/archives/mysql-5.7/mysql-${MYSQL_PATCH}-winx64.zip`,
    sha256: MYSQL_PATCH === "5.7.44" ? "aed661fe8120254a1dc30f5a4d5de346681922f4847cf025e2d4084eca78e70e" : null,
    hashSource: MYSQL_PATCH === "5.7.44" ? "three unrelated public installers agree on this value for mysql-5.7.44-winx64.zip: a PowerShell installer's $MysqlSha256 next to this exact cdn.mysql.com/archives URL, a Rust installer's DistributionSpec (cdn.mysql.com/Downloads/MySQL-5.7/, described as the official SHA-256), a Bash setup script's expected_sha256 mysql57; MySQL itself publishes only MD5" : undefined,
    note: "MySQL publishes MD5 only; ZIP route (windows.md §1.6)",
  },
  {
    id: "mongodb", tool: "mongodb", file: `mongodb-windows-x86_64-${MONGODB_PATCH}-signed.msi`, kind: "installer", version: MONGODB_PATCH, levels: UPPER, condition: "local-databases",
    url: "https://fastdl.mongodb.org/windows/mongodb-windows-x86_64-4.4.29-signed.msi",
    sha256: "1b4803a76653736297a96a6232774d0ce869162797ee7b628dfaecac9b36d3b5",
    hashSource: "official Docker image mongo:4.4.29-windowsservercore (docker-library): image history ENV MONGO_DOWNLOAD_URL=<this URL>, MONGO_DOWNLOAD_SHA256=<this hash>, checked with Get-FileHash at build",
    note: "MongoDB also publishes <url>.sha256 next to the MSI",
  },
  {
    id: "redis", tool: "redis", file: `Redis-x64-${REDIS_WINDOWS_PORT}.msi`, kind: "installer", version: REDIS_WINDOWS_PORT, levels: UPPER, condition: "local-databases",
    url: `https://github.com/tporadowski/redis/releases/download/v${REDIS_WINDOWS_PORT}/Redis-x64-${REDIS_WINDOWS_PORT}.msi`,
    sha256: REDIS_WINDOWS_PORT === "5.0.14.1" ? "2d722c42debd1823472937553bb0d2ebc33f11f0f0f1742dc54ea912b139b905" : null,
    hashSource: REDIS_WINDOWS_PORT === "5.0.14.1" ? `${WINGET} manifests/t/tporadowski/RedisWindows/5.0.14.1/tporadowski.RedisWindows.installer.yaml (InstallerUrl = this URL, InstallerSha256)` : undefined,
    note: `Redis ${ref("redis")} has no native Windows build; this is the archived tporadowski port (REDIS-WINDOWS)`,
  },
  // ---- wheelhouse (cp37 / win_amd64): tools of the manual, then the pins that keep them working ----
  wheel("pip", "pip", "24.0", "pip-24.0-py3-none-any.whl", "py3", ALL, {
    url: "https://files.pythonhosted.org/packages/8a/6a/19e9fe04fca059ccf770861c7d5721ab4c2aebc539889e97c7977528a53b/pip-24.0-py3-none-any.whl",
    sha256: "ba0d021a166865d2265246961bec0152ff124de910c5cc39f1156ce3fa7c69dc",
    hashSource: spackPypi("py-pip"), note: "last pip for Python 3.7 (pip 24.1 dropped 3.7)",
  }),
  wheel("requests", "requests", ref("requests"), `requests-${ref("requests")}-py2.py3-none-any.whl`, "py2.py3", ALL, {
    tool: "requests",
    url: "https://files.pythonhosted.org/packages/92/96/144f70b972a9c0eabbd4391ef93ccd49d0f2747f4f6a2a2738e99e5adc65/requests-2.26.0-py2.py3-none-any.whl",
    sha256: "6c1246513ecd5ecd4528a0906f910e8f0f9c6b8ec72030dc9fd154dc1a6efd24", hashSource: spackPypi("py-requests", "same URL and hash in a public pex lock-file fixture (pex lock update integration test)"),
  }),
  wheel("urllib3", "urllib3", "1.26.18", "urllib3-1.26.18-py2.py3-none-any.whl", "py2.py3", ALL, {
    note: "requests 2.26 needs urllib3<1.27; selenium 3.141 breaks with urllib3 2.x",
    url: "https://files.pythonhosted.org/packages/b0/53/aa91e163dcfd1e5b82d8a890ecf13314e3e149c05270cc644581f77f17fd/urllib3-1.26.18-py2.py3-none-any.whl",
    sha256: "34b97092d7e0a3a8cf7cd10e386f401b3737364026c45e622aa02903dffe0f07", hashSource: spackPypi("py-urllib3", "same hash for this file name in a public pdm.lock"),
  }),
  wheel("idna", "idna", "3.4", "idna-3.4-py3-none-any.whl", "py3", ALL, {
    url: "https://files.pythonhosted.org/packages/fc/34/3030de6f1370931b9dbb4dad48f6ab1015ab1d32447850b9fc94e60097be/idna-3.4-py3-none-any.whl",
    sha256: "90b77e79eaa3eba6de819a0c442c0b4ceefc341a7a2ab77d7562bf49f425c5c2", hashSource: spackPypi("py-idna"),
  }),
  wheel("charset-normalizer", "charset-normalizer", "2.0.12", "charset_normalizer-2.0.12-py3-none-any.whl", "py3", ALL, {
    url: "https://files.pythonhosted.org/packages/06/b3/24afc8868eba069a7f03650ac750a778862dc34941a4bebeb58706715726/charset_normalizer-2.0.12-py3-none-any.whl",
    sha256: "6881edbebdb17b39b4eaaa821b438bf6eddffb4468cf344f09f89def34a8b1df", hashSource: spackPypi("py-charset-normalizer"),
  }),
  wheel("certifi", "certifi", "2023.7.22", "certifi-2023.7.22-py3-none-any.whl", "py3", ALL, {
    url: "https://files.pythonhosted.org/packages/4c/dd/2234eab22353ffc7d94e8d13177aaa050113286e93e7b40eae01fbf7c3d9/certifi-2023.7.22-py3-none-any.whl",
    sha256: "92d6037539857d8206b8f6ae472e8b77db8058fec5937a1ef3f54304089edbb9", hashSource: spackPypi("py-certifi"),
  }),
  wheel("lxml", "lxml", ref("lxml"), `lxml-${ref("lxml")}-cp37-cp37m-win_amd64.whl`, "cp37", ALL, { tool: "lxml" }),
  wheel("pymysql", "PyMySQL", ref("pymysql"), `PyMySQL-${ref("pymysql")}-py3-none-any.whl`, "py3", UPPER, {
    tool: "pymysql", url: "https://files.pythonhosted.org/packages/4f/52/a115fe175028b058df353c5a3d5290b71514a83f67078a6482cff24d6137/PyMySQL-1.0.2-py3-none-any.whl",
  }),
  wheel("pymongo", "pymongo", ref("pymongo"), `pymongo-${ref("pymongo")}-cp37-cp37m-win_amd64.whl`, "cp37", UPPER, { tool: "pymongo" }),
  wheel("redis-py", "redis", ref("redis-py"), `redis-${ref("redis-py")}-py2.py3-none-any.whl`, "py2.py3", UPPER, {
    tool: "redis-py",
    url: "https://files.pythonhosted.org/packages/a7/7c/24fb0511df653cf1a5d938d8f5d19802a88cef255706fdda242ff97e91b7/redis-3.5.3-py2.py3-none-any.whl",
    sha256: "432b788c4530cfe16d8d943a09d40ca6c16149727e4afe8c2c9d5580c59d9f24", hashSource: spackPypi("py-redis"),
  }),
  wheel("selenium", "selenium", ref("selenium"), `selenium-${ref("selenium")}-py2.py3-none-any.whl`, "py2.py3", UPPER, {
    tool: "selenium",
    url: "https://files.pythonhosted.org/packages/80/d6/4294f0b4bce4de0abf13e17190289f9d0613b0a44e5dd6a7f5ca98459853/selenium-3.141.0-py2.py3-none-any.whl",
    sha256: "2d7131d7bc5a5b99a2d9b04aaf2612c411b03b8ca1b1ee8d3de5845a9be2cb3c", hashSource: "Spack py-selenium package.py, wheel-URL variant (version 3.141.0, sha256 + url of this wheel; two stored copies); the same hash is the non-sdist one of the 3.141.0 pair in public Pipfile.lock files (the other, deaf32b6…, is the sdist per " + SPACK_PYPI_REPO + " packages/py-selenium)",
  }),
  wheel("scrapy", "Scrapy", ref("scrapy"), `Scrapy-${ref("scrapy")}-py2.py3-none-any.whl`, "py2.py3", UPPER, { tool: "scrapy" }),
  wheel("twisted", "Twisted", ref("twisted"), `Twisted-${ref("twisted")}-py3-none-any.whl`, "py3", UPPER, {
    tool: "twisted",
    url: "https://files.pythonhosted.org/packages/ac/63/b5540d15dfeb7388fbe12fa55a902c118fd2b324be5430cdeac0c0439489/Twisted-22.10.0-py3-none-any.whl",
    sha256: "86c55f712cc5ab6f6d64e02503352464f0400f66d4f079096d744080afcccbd0", hashSource: spackPypi("py-twisted", "an earlier stored version of that file lists 22.10.0 with this wheel URL; no second source found"),
  }),
  wheel("twisted-iocpsupport", "twisted-iocpsupport", "1.0.2", "twisted_iocpsupport-1.0.2-cp37-cp37m-win_amd64.whl", "cp37", UPPER, { note: "Windows-only Twisted dependency that pip download on Linux silently drops (windows.md §2 pitfall A)" }),
  wheel("pyopenssl", "pyOpenSSL", ref("pyopenssl"), `pyOpenSSL-${ref("pyopenssl")}-py2.py3-none-any.whl`, "py2.py3", UPPER, {
    tool: "pyopenssl",
    url: "https://files.pythonhosted.org/packages/d5/9f/9c0e3288b85f907a008f9d31318b0e4de31b2f67724a8745e633741f609c/pyOpenSSL-22.0.0-py2.py3-none-any.whl",
    sha256: "ea252b38c87425b64116f808355e8da644ef9b07e429398bfece610f893ee2e0", hashSource: spackPypi("py-pyopenssl"),
  }),
  wheel("cryptography", "cryptography", ref("cryptography"), `cryptography-${ref("cryptography")}-cp36-abi3-win_amd64.whl`, "cp36", UPPER, { tool: "cryptography" }),
  wheel("cffi", "cffi", "1.15.1", "cffi-1.15.1-cp37-cp37m-win_amd64.whl", "cp37", UPPER, {
    sha256: "a0b71b1b8fbf2b96e41c4d990244165e2c9be83d54962a9a1d118fd8657d2045",
    hashSource: "public poetry.lock files (three, agreeing): {file = \"cffi-1.15.1-cp37-cp37m-win_amd64.whl\", hash = \"sha256:…\"}",
  }),
  wheel("pycparser", "pycparser", "2.21", "pycparser-2.21-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/62/d5/5f610ebe421e85889f2e55e33b7f9a6795bd982198517d912eb1c76e1a53/pycparser-2.21-py2.py3-none-any.whl",
    sha256: "8ee45429555515e1f6b185e78100aea234072576aa43ab53aefcae078162fca9", hashSource: spackPypi("py-pycparser"),
  }),
  wheel("zope-interface", "zope.interface", "5.5.2", "zope.interface-5.5.2-cp37-cp37m-win_amd64.whl", "cp37", UPPER),
  wheel("attrs", "attrs", "22.2.0", "attrs-22.2.0-py3-none-any.whl", "py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/fb/6e/6f83bf616d2becdf333a1640f1d463fef3150e2e926b7010cb0f81c95e88/attrs-22.2.0-py3-none-any.whl",
    sha256: "29e95c7f6778868dbd49170f98f8818f78f3dc5e0e37c0b1f474e3561b240836", hashSource: spackPypi("py-attrs"),
  }),
  wheel("automat", "Automat", "22.10.0", "Automat-22.10.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/29/90/64aabce6c1b820395452cc5472b8f11cd98320f40941795b8069aef4e0e0/Automat-22.10.0-py2.py3-none-any.whl",
    sha256: "c3164f8742b9dc440f3682482d32aaff7bb53f71740dd018533f9de286b64180", hashSource: spackPypi("py-automat"),
  }),
  wheel("constantly", "constantly", "15.1.0", "constantly-15.1.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/b9/65/48c1909d0c0aeae6c10213340ce682db01b48ea900a7d9fce7a7910ff318/constantly-15.1.0-py2.py3-none-any.whl",
    sha256: "dd2fa9d6b1a51a83f0d7dd76293d734046aa176e384bf6e33b7e44880eb37c5d", hashSource: spackPypi("py-constantly"),
  }),
  wheel("hyperlink", "hyperlink", "21.0.0", "hyperlink-21.0.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/6e/aa/8caf6a0a3e62863cbb9dab27135660acba46903b703e224f14f447e57934/hyperlink-21.0.0-py2.py3-none-any.whl",
    sha256: "e6b14c37ecb73e89c77d78cdb4c2cc8f3fb59a885c5b3f819ff4ed80f25af1b4", hashSource: "Spack py-hyperlink package.py, wheel-URL variant (version 21.0.0, sha256, url=<this wheel>); the same hash is the non-sdist one of the 21.0.0 pair in public Pipfile.lock files (the other, 427af957…, is the sdist per haampie/pypi-spack-repo packages/py-hyperlink)",
  }),
  wheel("incremental", "incremental", "22.10.0", "incremental-22.10.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/77/51/8073577012492fcd15628e811db585f447c500fa407e944ab3a18ec55fb7/incremental-22.10.0-py2.py3-none-any.whl",
    sha256: "b864a1f30885ee72c5ac2835a761b8fe8aa9c28b9395cacf27286602688d3e51", hashSource: spackPypi("py-incremental"),
  }),
  wheel("typing-extensions", "typing-extensions", "4.7.1", "typing_extensions-4.7.1-py3-none-any.whl", "py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/ec/6b/63cc3df74987c36fe26157ee12e09e8f9db4de771e0f3404263117e75b95/typing_extensions-4.7.1-py3-none-any.whl",
    sha256: "440d5dd3af93b060174bf433bccd69b0babc3b15b1a8dca43789fd7f61514b36", hashSource: spackPypi("py-typing-extensions"),
  }),
  wheel("six", "six", "1.16.0", "six-1.16.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/d9/5a/e7c31adbe875f2abbb91bd84cf2dc52d792b5a01506781dbcf25c91daf11/six-1.16.0-py2.py3-none-any.whl",
    sha256: "8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254", hashSource: spackPypi("py-six"),
  }),
  wheel("h2", "h2", "3.2.0", "h2-3.2.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    note: "Scrapy 2.5.0 requires h2>=3.0,<4.0",
    url: "https://files.pythonhosted.org/packages/25/de/da019bcc539eeab02f6d45836f23858ac467f584bfec7a526ef200242afe/h2-3.2.0-py2.py3-none-any.whl",
    sha256: "61e0f6601fa709f35cdb730863b4e5ec7ad449792add80d1410d4174ed139af5", hashSource: spackPypi("py-h2"),
  }),
  wheel("hpack", "hpack", "3.0.0", "hpack-3.0.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/8a/cc/e53517f4a1e13f74776ca93271caef378dadec14d71c61c949d759d3db69/hpack-3.0.0-py2.py3-none-any.whl",
    sha256: "0edd79eda27a53ba5be2dfabf3b15780928a0dff6eb0c60a3d6767720e970c89", hashSource: spackPypi("py-hpack"),
  }),
  wheel("hyperframe", "hyperframe", "5.2.0", "hyperframe-5.2.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/19/0c/bf88182bcb5dce3094e2f3e4fe20db28a9928cb7bd5b08024030e4b140db/hyperframe-5.2.0-py2.py3-none-any.whl",
    sha256: "5187962cb16dcc078f23cb5a4b110098d546c3f41ff2d4038a9896893bbd0b40", hashSource: spackPypi("py-hyperframe"),
  }),
  wheel("priority", "priority", "1.3.0", "priority-1.3.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/de/96/2f4b8da7be255cd41e825c398efd11a6706ff86e66ae198f012204aa2a4f/priority-1.3.0-py2.py3-none-any.whl",
    sha256: "be4fcb94b5e37cdeb40af5533afe6dd603bd665fe9c8b3052610fc1001d5d1eb", hashSource: spackPypi("py-priority"),
  }),
  wheel("cssselect", "cssselect", "1.2.0", "cssselect-1.2.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/06/a9/2da08717a6862c48f1d61ef957a7bba171e7eefa6c0aa0ceb96a140c2a6b/cssselect-1.2.0-py2.py3-none-any.whl",
    sha256: "da1885f0c10b60c03ed5eccbb6b68d6eff248d91976fcde348f395d54c9fd35e", hashSource: "a public poetry.lock: {file = \"cssselect-1.2.0-py2.py3-none-any.whl\", hash = \"sha256:…\"}; content-addressed URL path from public pyodide loader scripts",
  }),
  wheel("itemadapter", "itemadapter", "0.8.0", "itemadapter-0.8.0-py3-none-any.whl", "py3", UPPER),
  wheel("itemloaders", "itemloaders", "1.0.6", "itemloaders-1.0.6-py3-none-any.whl", "py3", UPPER),
  wheel("jmespath", "jmespath", "1.0.1", "jmespath-1.0.1-py3-none-any.whl", "py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/31/b4/b9b800c45527aadd64d5b442f9b932b00648617eb5d63d2c7a6587b7cafc/jmespath-1.0.1-py3-none-any.whl",
    sha256: "02e2e4cc71b5bcab88332eebf907519190dd9e6e82107fa7f83b1003a6252980", hashSource: spackPypi("py-jmespath"),
  }),
  wheel("parsel", "parsel", "1.6.0", "parsel-1.6.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("w3lib", "w3lib", "1.22.0", "w3lib-1.22.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("protego", "Protego", "0.3.0", "Protego-0.3.0-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("queuelib", "queuelib", "1.6.2", "queuelib-1.6.2-py2.py3-none-any.whl", "py2.py3", UPPER),
  wheel("pydispatcher", "PyDispatcher", "2.0.7", "PyDispatcher-2.0.7-py3-none-any.whl", "py3", UPPER, {
    note: "2.0.5 is sdist-only (windows.md §2 pitfall E)",
    url: "https://files.pythonhosted.org/packages/66/0e/9ee7bc0b48ec45d93b302fa2d787830dca4dc454d31a237faa5815995988/PyDispatcher-2.0.7-py3-none-any.whl",
    sha256: "96543bea04115ffde08f851e1d45cacbfd1ee866ac42127d9b476dc5aefa7de0", hashSource: spackPypi("py-pydispatcher"),
  }),
  wheel("service-identity", "service-identity", "21.1.0", "service_identity-21.1.0-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/93/5a/5e93f280ec7be676b5a57f305350f439d31ced168bca04e6ffa64b575664/service_identity-21.1.0-py2.py3-none-any.whl",
    sha256: "f0b0caac3d40627c3c04d7a51b6e06721857a0e10a8775f2d1d7e72901b3a7db",
    hashSource: "wtsi-hgi/spack-repo@79d9a8566f7fc798748a53ad87dffb43ccfad21a packages/py-service-identity/package.py (generated from PyPI: version 21.1.0, sha256 + url of this exact wheel); no second source found",
  }),
  wheel("pyasn1", "pyasn1", "0.4.8", "pyasn1-0.4.8-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/62/1e/a94a8d635fa3ce4cfc7f506003548d0a2447ae76fd5ca53932970fe3053f/pyasn1-0.4.8-py2.py3-none-any.whl",
    sha256: "39c7e2ec30515947ff4e87fb6f456dfc6e84857d34be479c9d4a4ba4bf46aa5d", hashSource: spackPypi("py-pyasn1"),
  }),
  wheel("pyasn1-modules", "pyasn1-modules", "0.2.8", "pyasn1_modules-0.2.8-py2.py3-none-any.whl", "py2.py3", UPPER, {
    url: "https://files.pythonhosted.org/packages/95/de/214830a981892a3e286c3794f41ae67a4495df1108c3da8a9f62159b9a9d/pyasn1_modules-0.2.8-py2.py3-none-any.whl",
    sha256: "a50b808ffeb97cb3601dd25981f6b016cbb3d31fbf57a8b8a87428e6158d0c74", hashSource: spackPypi("py-pyasn1-modules"),
  }),
];
