/** The reward service: rungs' verifiers as a trainer's reward, over HTTP. */
export { parseRewardRequest, RewardInputError, MAX_BATCH, type RewardItem, type RewardResult } from "./reward-request.js";
export { createRewardService, VERIFIER_VERSIONS, type RewardService, type RewardServiceOptions } from "./reward-service.js";
export { startRewardServer, type RewardServer, type RewardServerOptions } from "./reward-server.js";
export { loadProblemIndex, type ProblemIndex, type GroundTruth } from "./problem-index.js";
