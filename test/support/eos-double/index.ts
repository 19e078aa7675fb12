// EOS test double: an ssh2 server that behaves like the Arista EOS CLI for the commands the
// switch provider sends. See README.md for what it models and what it cannot prove.

export { startEosDouble, defaultStartConfig } from './server';
export type { EosDoubleHandle, EosDoubleOptions, EosUser, DoubleStats } from './server';
export type { InjectedFailure, SessionInfo, SessionState } from './device';
export { CLI_MESSAGES } from './cli';
export { MESSAGES as CONFIG_MESSAGES } from './config-commands';
export { POLICY_MESSAGES } from './policy-commands';
export { SESSION_MESSAGES } from './device';
export { parseRunningConfig, renderConfigBody } from './config-tree';
export type { ConfigNode } from './config-tree';
export { unifiedDiff } from './unified-diff';
