/** Bumped whenever a verdict could change for the same program and tests (harness, checkers, layouts). */
export const CODE_GRADER_VERSION = "1.1.0";
