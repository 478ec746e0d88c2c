import { describe, expect, it } from "vitest";
import { produceArtifacts } from "../../src/export/run";
import { parseDataFile } from "../../src/model/load";
import { siteFromObject, type Site } from "../../src/model/site";
import demoPrimary from "../../sites/demo-primary";
import { formatFindings, lintPs51 } from "./ps51-lint";
import { parsePs, scriptText } from "./ps-parser";
import { advancedSite } from "./sites";

/**
 * Every generated .ps1 (provision-<level>, check-environment, first-boot-identity,
 * endpoint/firewall-allowlist.ps1, …) of every level and database mode, in both languages, must
 * parse and pass the Windows PowerShell 5.1 class lint (issue 11 items 1–2; rules and sources in
 * ps51-lint.ts).
 */
function intermediate(patch: (d: any) => void = () => {}): Site {
  const d = structuredClone(parseDataFile("sites/demo-intermediate.yaml").data) as any;
  patch(d);
  return siteFromObject(d, "sites/demo-intermediate.yaml");
}

const variants: Record<string, Site> = {
  "primary (no databases)": siteFromObject(demoPrimary, "sites/demo-primary.ts"),
  "primary en": siteFromObject({ ...structuredClone(demoPrimary), language: "en" } as any, "sites/demo-primary.ts"),
  "intermediate lab-server": intermediate(),
  "intermediate local": intermediate((d) => (d.windows = { ...(d.windows ?? {}), databases: "local" })),
  "intermediate en": intermediate((d) => (d.language = "en")),
  "advanced local": advancedSite(),
  "advanced local en, no exam-client program": advancedSite((d) => {
    d.language = "en";
    d.windows = { databases: "local", examClient: { name: "ExamClient" } };
  }),
};

const scripts = Object.entries(variants).flatMap(([variant, site]) =>
  produceArtifacts(site)
    .filter((a) => a.path.endsWith(".ps1"))
    .map((a) => ({ name: `${variant}: ${a.path}`, path: a.path, text: scriptText(a.content) })),
);

describe("every generated .ps1 of every level and mode", () => {
  it("covers provision for all three levels, check-environment, first-boot and the endpoint firewall", () => {
    const paths = new Set(scripts.map((s) => s.path));
    for (const p of ["windows/provision-primary.ps1", "windows/provision-intermediate.ps1", "windows/provision-advanced.ps1", "windows/check-environment.ps1", "windows/first-boot-identity.ps1", "endpoint/firewall-allowlist.ps1"])
      expect(paths, p).toContain(p);
  });

  it.each(scripts.map((s) => [s.name, s] as const))("%s parses and passes the PowerShell 5.1 lint", async (_n, s) => {
    expect((await parsePs(s.text)).errors).toEqual([]);
    expect(formatFindings(s.path, await lintPs51(s.text))).toEqual([]);
  });
});

describe("the lint catches each class it claims to", () => {
  const rules = async (src: string) => (await lintPs51(src)).map((f) => f.rule);
  const wrap = (body: string) => `function Invoke-Step {\n    param([string]$Name, [scriptblock]$Test)\n    & $Test\n}\n${body}\n`;

  it.each([
    // the shipped defect: PowerShell 5.1 strips the quotes and Python sees print(%d.%d.%d % ...)
    [`$v = (& $exe -c 'import sys;print("%d.%d.%d" % sys.version_info[:3])' 2>$null | Out-String)`, "NATIVE-QUOTE"],
    [`& python.exe -c "print(\`"x\`")"`, "NATIVE-QUOTE"],
    [`& (Get-PythonExe) -m pip install ('TargetDir="' + $dir + '"')`, "NATIVE-QUOTE"],
    [`msiexec.exe /i $f ADDLOCAL="ServerService,Client"`, "NATIVE-BAREWORD-QUOTE"],
    [`& $mysql -u root -p '' -e 'select 1'`, "NATIVE-EMPTY"],
    [`& reg.exe import 'C:\\a b\\'`, "NATIVE-BACKSLASH"],
    [`& cmd.exe /c 'echo a & echo b'`, "CMD-QUOTE"],
    [`& $exe { Get-Date }`, "NATIVE-SCRIPTBLOCK"],
    [`Start-Process -FilePath x.exe -ArgumentList @('/S', '') -Wait`, "START-EMPTY"],
    [`Start-Process x.exe '/D=C:\\Program Files\\x' -Wait`, "START-SPLIT"],
    [`Get-Item a && Get-Item b`, "PS7-SYNTAX"],
    [`Get-Item a || Get-Item b`, "PS7-SYNTAX"],
    [`$x = $a ? 1 : 2`, "PS-PARSE"],
    [`$x = $a ?? 1`, "PS-PARSE"],
    [`$x = $a?.b`, "PS-PARSE"],
    [`1..3 | ForEach-Object -Parallel { $_ }`, "PS7-PARAMETER"],
    [`$h = Get-Content x.json -Raw | ConvertFrom-Json -AsHashtable`, "PS7-PARAMETER"],
    [`Set-Content -Path x -Value 1 -Encoding utf8NoBOM`, "PS7-PARAMETER"],
    [`Invoke-WebRequest https://x -SkipCertificateCheck`, "PS7-PARAMETER"],
    [`'a','b' | Join-String -Separator ','`, "PS7-COMMAND"],
    [`if ($IsWindows) { 1 }`, "PS7-VARIABLE"],
    [`function F {\n    process { 1 }\n    clean { 2 }\n}`, "PS-PARSE"],
  ])("%s → %s", async (src, rule) => {
    expect(await rules(wrap(src))).toContain(rule);
  });

  it("follows a wrapper that forwards its parameter to Start-Process or to a native call", async () => {
    const viaStart = `function Invoke-Installer {\n    param([string]$FilePath, [string[]]$Arguments)\n    $p = Start-Process -FilePath $FilePath -ArgumentList $Arguments -Wait -PassThru\n}\nInvoke-Installer -FilePath 'x.exe' -Arguments @('/quiet', '')\n`;
    expect(await rules(viaStart)).toEqual(["START-EMPTY"]);
    const viaSplat = `function Get-FirstLine {\n    param([string]$Exe, [string[]]$Arguments)\n    return (& $Exe @Arguments 2>&1 | Out-String)\n}\n$v = Get-FirstLine $py @('-c', 'print("x")')\n`;
    expect(await rules(viaSplat)).toEqual(["NATIVE-QUOTE"]);
  });

  it("accepts what 5.1 passes as meant", async () => {
    const ok = wrap(
      [
        `$v = (& $exe -c 'import sys;print(sys.version.split()[0])' 2>$null | Out-String)`,
        `& $Test`,
        `& netsh.exe interface portproxy add v4tov4 listenaddress=127.0.0.1 ('listenport=' + $p)`,
        `$p = Start-Process -FilePath 'msiexec.exe' -ArgumentList @('/i', ('"' + $file + '"'), '/qn', 'ADDLOCAL="ServerService,Client"') -Wait -PassThru`,
        `Set-NetFirewallProfile -Profile Any -Enabled True`,
        `Get-Content x -Raw | ConvertFrom-Json`,
      ].join("\n"),
    );
    expect(await lintPs51(ok)).toEqual([]);
  });
});
