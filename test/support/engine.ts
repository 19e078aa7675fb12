// What only tests add to the engine: throwaway stacks' passphrase. Where the engine is and the
// environment it runs in belong to tools/engine/engine-env.ts (scripts use them too).

/** Passphrase of throwaway test stacks (their state lives in a temp dir the test owns). */
export const TEST_STACK_PASSPHRASE = "kube-fabric-test-stack";
