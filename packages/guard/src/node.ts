// Node-only entry of @palisade/guard (`@palisade/guard/node`): helpers that touch the file system.
// The main entry stays free of Node APIs so it runs in edge and browser runtimes.
export { loadPolicyFile } from './policy/load-policy-file.js';
