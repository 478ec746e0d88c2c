import { z } from "zod";

/**
 * manifest.json of an offline bundle: every file with its sha256, size and where it came from.
 * Written last (via .part + rename), so a bundle without one was never finished.
 */
export const BUNDLE_FORMAT = "examlab-bundle/1";
export const MANIFEST = "manifest.json";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lower-case hex SHA-256 (64 characters)");

/** published: from a public source named in hashSource; recorded: computed at first download (NOT verified at the source); generated: written by examlab; local: copied from this machine. */
export const HashStatus = z.enum(["published", "recorded", "generated", "local"]);

export const BundleFile = z.strictObject({
  path: z.string().min(1).refine((p) => !p.split("/").includes("..") && !p.startsWith("/") && !/^[A-Za-z]:/.test(p) && !p.includes("\\"), "expected a relative path with '/' separators inside the bundle"),
  sha256: Sha256,
  size: z.number().int().nonnegative(),
  kind: z.enum(["provider", "lock-file", "cli-config", "image-tar", "script", "windows-package", "package-manifest", "allowlist", "readme"]),
  /** Download URL, or the local file it was copied from, or "examlab" for generated files. */
  source: z.string(),
  hashStatus: HashStatus,
  hashSource: z.string().optional(),
});

export const BundleManifest = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  createdAt: z.string(),
  examlab: z.string(),
  /** Absolute folder the bundle is meant to live in on the lab server (terraformrc points there). */
  installPath: z.string(),
  sites: z.array(z.strictObject({ id: z.string(), file: z.string(), sha256: Sha256.nullable(), platforms: z.array(z.string()) })),
  providers: z.array(z.strictObject({ address: z.string(), version: z.string(), platforms: z.array(z.string()) })),
  images: z.array(z.strictObject({ ref: z.string(), tagRef: z.string(), id: z.string(), repoDigests: z.array(z.string()) })),
  allowlists: z.array(z.strictObject({ site: z.string(), path: z.string(), source: z.string(), sha256: Sha256, date: z.string(), example: z.boolean() })),
  files: z.array(BundleFile),
  /** Parts left out on purpose (--no-images, --no-windows): not "incomplete", but said by verify. */
  omitted: z.array(z.enum(["images", "windows"])),
  /** Parts that could not be put in the bundle, each with the reason: the bundle is incomplete. */
  missing: z.array(z.strictObject({ path: z.string(), kind: z.string(), source: z.string().nullable(), reason: z.string() })),
});

export type BundleFileT = z.infer<typeof BundleFile>;
export type BundleManifestT = z.infer<typeof BundleManifest>;
