import { z } from "zod";

/** A Windows path: drive path (C:\...) or UNC share (\\server\share\...); no characters Windows forbids. */
export const WindowsPath = z
  .string()
  .max(200)
  .regex(/^([A-Za-z]:\\|\\\\[^\\/:*?"<>|\u0000-\u001f]+\\)[^/:*?"<>|\u0000-\u001f]*$/, "expected a Windows path such as C:\\ExamCache or \\\\server\\share\\cache");

/**
 * Windows candidate-machine provisioning (issue 5; manual §3.2 (3), §3.3). Owned by src/windows.
 * Every field has a default, so a site may leave the section out.
 */
export const WindowsSpec = z.strictObject({
  /** Package cache (installers + wheelhouse) as a local folder or a share; filled by scripts/fill-package-cache.mjs. */
  packageCache: WindowsPath.default("C:\\ExamCache"),
  /** Where scripts keep logs, state and the environment-check results on each machine. */
  setupRoot: WindowsPath.default("C:\\ExamSetup"),
  /** The exam client the firewall must allow (PC-MALWARE-FREE); without a program, outbound to the exam servers' ports is allowed. */
  examClient: z
    .strictObject({
      name: z.string().regex(/^[A-Za-z0-9 ._-]{1,48}$/, "expected a rule name of letters, digits, space, '.', '_' or '-'").default("ExamClient"),
      program: WindowsPath.optional(),
    })
    .default({ name: "ExamClient" }),
  /**
   * Databases for intermediate/advanced: "lab-server" = portproxy from localhost to the seat's
   * containers; "local" = MySQL 5.7 ZIP, MongoDB 4.4 MSI, a Windows Redis port on every machine;
   * "auto" = lab-server when the site has lab servers and databases enabled, else local.
   */
  databases: z.enum(["auto", "lab-server", "local"]).default("auto"),
  /** Sites a candidate must NOT reach (short video, shopping, web mail: ROUTER-APP-RECOGNITION samples). */
  blockedProbes: z
    .array(z.string().regex(/^[a-z0-9.-]{1,253}$/, "expected a host name such as www.douyin.com"))
    .default(["www.douyin.com", "www.taobao.com", "mail.qq.com"]),
  /** Windows ISO for the Packer template (URL or path) and its checksum ("sha256:..." or "file:..."). */
  iso: z
    .strictObject({
      url: z.string().regex(/^[A-Za-z0-9:/._~%+-]{1,300}$/, "expected an ISO URL or path without spaces or quotes"),
      checksum: z.string().regex(/^(none|sha256:[0-9a-fA-F]{64}|file:[A-Za-z0-9:/._~%+-]{1,300})$/, "expected sha256:<64 hex>, file:<url> or none"),
    })
    .optional(),
});
