// Mocha's globals as @web/test-runner provides them to the *.test.ts files (@types/mocha is not installed).
interface MochaContext {
  timeout(ms: number): void;
}
type MochaDone = (error?: unknown) => void;
type MochaTest = (this: MochaContext, done: MochaDone) => void | Promise<unknown>;
declare function describe(title: string, suite: (this: MochaContext) => void): void;
declare function it(title: string, test: MochaTest): void;
declare function before(hook: MochaTest): void;
declare function after(hook: MochaTest): void;
declare function beforeEach(hook: MochaTest): void;
declare function afterEach(hook: MochaTest): void;
