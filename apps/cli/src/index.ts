export { prettyLine } from './pretty.js';
export { NODE_FLAGS } from './node-flags.js';
