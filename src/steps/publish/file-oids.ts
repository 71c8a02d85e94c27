import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

/** The two ids the Hub lists for a file: its git blob oid (regular files) and its sha256 (LFS files). */
export interface FileOids {
  gitOid: string;
  sha256: string;
  size: number;
}

/** Hashes a file once, streaming, for both ids. */
export async function fileOids(path: string): Promise<FileOids> {
  const { size } = await stat(path);
  const git = createHash("sha1").update(`blob ${size}\0`);
  const sha = createHash("sha256");
  for await (const chunk of createReadStream(path)) {
    git.update(chunk as Buffer);
    sha.update(chunk as Buffer);
  }
  return { gitOid: git.digest("hex"), sha256: sha.digest("hex"), size };
}

/** A remote entry as `listFiles` gives it. */
export interface RemoteFile {
  path: string;
  oid?: string;
  size: number;
  lfs?: { oid: string; size: number };
}

/** True when the remote file already holds exactly these bytes. */
export function sameContent(local: FileOids, remote: RemoteFile): boolean {
  if (remote.lfs) return remote.lfs.oid === local.sha256 && remote.lfs.size === local.size;
  return remote.oid === local.gitOid;
}
