export { prettyLine } from './pretty.js';
