/**
 * The running build's version (package.json, defined by the build; a dev run from sources says so). Its own module
 * so a CLI command can name it without importing the node and everything it wires (issue 15).
 */
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
