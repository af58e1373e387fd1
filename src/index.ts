/**
 * @module
 * The package's main entry (the module `inres` itself): the embedding API and the parts an
 * embedder composes with. Runtime entrypoints are subpaths: `inres/node`, `inres/workers`,
 * `inres/bun`, `inres/deno`.
 */
export {
  adapterPeer,
  createInres,
  embeddedSettings,
  InvalidSettings,
  type InresOptions,
  type InresSettings,
  type SettingValue,
} from './embed.ts';
export { createGateway, type Deps, type Gateway } from './app.ts';
export { defaultSettings, loadSettings, settingNames, type Settings, type SettingsResult } from './settings.ts';
export { createSandbox, sandboxUrl, triggers as sandboxTriggers, type Sandbox } from './sandbox/transport.ts';
export { fetchTransport } from './upstream/fetch-transport.ts';
export type { Transport, TransportRequest, TransportResponse } from './upstream/transport.ts';
export { createLogger, type Logger } from './ops/log.ts';
