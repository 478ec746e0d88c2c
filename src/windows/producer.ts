import type { Artifact, ArtifactProducer } from "../export/artifacts";
import type { Site } from "../model/site";
import { seatEndpoints, type SeatEndpoint } from "../databases/port-map";
import { InputError } from "../model/errors";
import { toCsv } from "../util/csv";
import { toJson } from "../util/json";
import { databaseMode, windowsOptions } from "./config";
import { buildPackageManifest } from "./package-cache";
import { crlfBytes, UnsafeScriptValueError, windowsScriptBytes } from "./powershell";
import { renderAutounattend, renderCheckEnvironment, renderCloneUnattend, firstBootSegments, renderPacker, renderProvision, renderWinrmSetup } from "./render";
import { seatTable } from "./seat-table";

/** Every file under windows/ for a site (issue 5). `endpoints` defaults to the databases feature's seat map. */
export function windowsArtifacts(site: Site, endpoints?: readonly SeatEndpoint[]): Artifact[] {
  try {
    return build(site, () => endpoints ?? seatEndpoints(site));
  } catch (e) {
    if (e instanceof UnsafeScriptValueError) throw new InputError([{ file: site.file, path: "", message: e.message }]);
    throw e;
  }
}

function build(site: Site, endpoints: () => readonly SeatEndpoint[]): Artifact[] {
  const opts = windowsOptions(site);
  const needsLabServer = site.spec.levels.some((l) => databaseMode(site, l) === "lab-server");
  // Only lab-server mode needs (and may compute) the databases feature's seat map.
  const eps = needsLabServer ? endpoints() : [];
  const out: Artifact[] = [];
  const script = (path: string, text: string | readonly string[], description: string) => out.push({ path, kind: "windows-script", target: "windows", content: windowsScriptBytes(text), description });
  for (const level of site.spec.levels) {
    script(`windows/provision-${level}.ps1`, renderProvision(site, level), `Provisioning script for ${level} candidate machines (offline, idempotent)`);
    out.push({ path: `windows/packer/windows10-${level}.pkr.hcl`, kind: "packer-template", target: "packer", content: renderPacker(site, level), description: `Packer template baking the ${level} image` });
  }
  script("windows/first-boot-identity.ps1", firstBootSegments(site, eps), "First boot after cloning: host name, static IPv4, DNS and portproxy by MAC or typed seat");
  script("windows/check-environment.ps1", renderCheckEnvironment(site), "Pre-exam environment check; writes an inventory JSON for examlab check --inventory");
  out.push({ path: "windows/packer/autounattend.xml", kind: "packer-template", target: "packer", content: crlfBytes(renderAutounattend()), description: "Unattended Windows setup for the Packer build" });
  out.push({ path: "windows/packer/unattend-clone.xml", kind: "packer-template", target: "packer", content: crlfBytes(renderCloneUnattend()), description: "Unattend for clones after sysprep /generalize /oobe (specialize + oobeSystem)" });
  script("windows/packer/winrm-setup.ps1", renderWinrmSetup(), "First logon of the build VM: network profile Private, then WinRM for Packer");
  const manifest = buildPackageManifest(site.spec.id, opts.packageCache, site.spec.levels, (l) => databaseMode(site, l));
  out.push({ path: "windows/package-cache.json", kind: "package-manifest", target: "windows", content: toJson(manifest), description: "Package cache manifest: file, source URL, version, SHA-256" });
  const rows = seatTable(site, eps);
  out.push({
    path: "windows/seat-table.csv", kind: "seat-table", target: "people",
    content: toCsv(["room", "seat", "hostname", "mac", "ipv4", "prefix", "gateway", "dns", "portproxy"], rows.map((r) => [r.room, r.seat ?? "", r.hostname, r.mac ?? "", r.ipv4, r.prefixLength, r.gateway, r.dns.join(" "), r.portproxy.map((p) => `${p.listenPort}->${p.host}:${p.port}`).join(" ")])),
    description: "Seat table embedded in first-boot-identity.ps1 (for people)",
  });
  return out;
}

export const windowsProducer: ArtifactProducer = {
  name: "windows",
  produce({ site }) {
    return windowsArtifacts(site);
  },
};
