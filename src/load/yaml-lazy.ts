// Load stage: the yaml library, loaded when a YAML file is first parsed. A build whose catalogues,
// brand and deck manifests were all validated before (validation-cache.ts) parses none of them.
import { createRequire } from 'node:module';

let yamlModule: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}
