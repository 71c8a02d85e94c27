/** Both sandbox modes: every sandboxed suite runs against a fresh sandbox per program and against the warm pool. */
export const SANDBOX_MODES = ["warm", "fresh"] as const;
