export { createNode, APP_VERSION, type SwitchboardNode } from './node';
export { nodeConfigSchema, DEFAULT_HOST, DEFAULT_PORT, type NodeConfig, type NodeConfigInput } from './config';
export { defaultDataDir, ensureDataDir } from './data-dir/data-dir';
export { DataDirLockedError } from './data-dir/data-dir-lock';
export { DatabaseTooNewError } from './store/database';
export { PortInUseError } from './server/public-server';
export { readControlFile, type ControlFile } from './control/control-file';
export { createLogger, silentLogger, type Logger } from './logger';
