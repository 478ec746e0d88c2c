/** examlab's version, written into manifests (kept in step with package.json by a test). */
export const EXAMLAB_VERSION = "0.1.0";
