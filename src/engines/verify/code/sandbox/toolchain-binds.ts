import { readdirSync, readlinkSync, lstatSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { findExecutable } from "./find-executable.js";

let cached: string[] | undefined;

/**
 * Folders outside /usr that a toolchain under /usr needs, bound read-only into the sandbox: Debian's JDK
 * links its configuration (jvm.cfg, java.security) from /usr/lib/jvm/<jdk>/{lib,conf} to /etc/java-<n>-openjdk.
 * Nothing else of /etc is bound.
 */
export function toolchainBinds(): string[] {
  if (cached) return cached;
  const dirs = new Set<string>();
  const java = findExecutable("java", ["/usr/bin"]);
  if (java?.startsWith("/usr/")) {
    const home = dirname(dirname(java));
    for (const sub of ["lib", "conf", "conf/security", "conf/management", "lib/security"]) collectLinks(join(home, sub), dirs);
  }
  cached = [...dirs].sort();
  return cached;
}

function collectLinks(dir: string, dirs: Set<string>): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    try {
      if (!lstatSync(path).isSymbolicLink()) continue;
      const target = resolve(dir, readlinkSync(path));
      if (target.startsWith("/usr/")) continue;
      const top = target.split("/").slice(0, 3).join("/"); // /etc/java-17-openjdk
      // Only the JDK's own configuration: cacerts (/etc/ssl) is of no use without a network, and /etc/ssl holds keys.
      if (/^\/etc\/java-[\w.-]+$/.test(top) && realpathSync(top) === top) dirs.add(top);
    } catch {
      // a dangling link: nothing to bind
    }
  }
}
