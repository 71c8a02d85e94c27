export interface PublishSpec {
  /** Target dataset repo, "owner/name". */
  repo: string;
  private?: boolean;
  /** Branch to commit to. @default "main" */
  revision?: string;
  license?: string;
}
