/**
 * CapSolver's npm client (`capsolver-npm`, src/Solver.ts) publishes its TypeScript source only
 * (its package.json names a dist/ it does not ship). vitest compiles that source; tsc is kept
 * off it (it is written for another compiler setup) by importing it through a runtime name,
 * typed here by the part the tests call.
 */
type Params = Record<string, unknown>;

export interface CapSolverClient {
  recaptchav2proxyless(params: Params): Promise<unknown>;
  turnstileproxyless(params: Params): Promise<unknown>;
  image2text(params: Params): Promise<unknown>;
  task(options: { task: Params & { type: string }; mustPoll?: boolean }): Promise<unknown>;
  balance(): Promise<number>;
}

const source = 'capsolver-npm/src/index.ts';
const sdk = (await import(/* @vite-ignore */ source)) as {
  Solver: new (options: { apiKey: string; pollDelay?: number }) => CapSolverClient;
};

export const CapSolver = sdk.Solver;
