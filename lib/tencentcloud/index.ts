// Tencent Cloud, a room per service: CAM at the ground (identity, qcs names, policy documents), then COS and CLS
// (access logging and its delivery role), SCF (cron, limits, execution roles), CDN (the log backup) and, on top,
// the read-only policy `verify` needs. Each room's
// index lists its public names; modules also hold internal helpers (validators, patterns), which stay out of the API.
export * from "./cam";
export * from "./cos";
export * from "./cls";
export * from "./scf";
export * from "./cdn";
export * from "./verify";
