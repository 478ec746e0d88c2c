import { createHash } from "node:crypto";
import JSZip from "jszip";

/**
 * The two hash schemes of Terraform's dependency lock file
 * (https://developer.hashicorp.com/terraform/language/files/dependency-lock#checksum-verification;
 * source: hashicorp/terraform internal/getproviders/hash.go PackageHashV1 and
 * PackageHashLegacyZipSHA, golang.org/x/mod/sumdb/dirhash Hash1/HashZip/HashDir):
 *   zh: = hex SHA-256 of the zip file itself ("legacy zip hash");
 *   h1: = base64 SHA-256 over the sorted lines "<hex sha256 of content>  <path>\n".
 * Terraform computes h1 two ways: for a packed zip (what `init` checks against the lock before
 * installing from a filesystem mirror) dirhash.HashZip over EVERY zip entry, directory entries
 * included (empty content); for an unpacked directory (what it records after installing)
 * dirhash.HashDir over regular files only. Release zips hold no directory entries, so both agree;
 * when they differ the lock file carries both.
 */
export function zipHash(zip: Uint8Array): string {
  return `zh:${createHash("sha256").update(zip).digest("hex")}`;
}

/** dirhash.Hash1 over `names` (sorted by bytes, as Go's sort.Strings). */
async function hash1(archive: JSZip, names: string[]): Promise<string> {
  for (const n of names) if (n.includes("\n")) throw new Error(`zip entry name contains a newline: ${JSON.stringify(n)}`);
  const sorted = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const summary = createHash("sha256");
  for (const name of sorted) {
    const entry = archive.files[name];
    const content = entry.dir ? new Uint8Array() : await entry.async("uint8array");
    summary.update(`${createHash("sha256").update(content).digest("hex")}  ${name}\n`);
  }
  return `h1:${summary.digest("base64")}`;
}

/** h1 of the packed zip (dirhash.HashZip: every entry). */
export async function h1Hash(zip: Uint8Array): Promise<string> {
  const archive = await JSZip.loadAsync(zip);
  return hash1(archive, Object.keys(archive.files));
}

/** The distinct h1 values Terraform may compute for this zip (packed, and unpacked). */
export async function h1Hashes(zip: Uint8Array): Promise<string[]> {
  const archive = await JSZip.loadAsync(zip);
  const packed = await hash1(archive, Object.keys(archive.files));
  const unpacked = await hash1(archive, Object.values(archive.files).filter((f) => !f.dir).map((f) => f.name));
  return [...new Set([packed, unpacked])];
}
