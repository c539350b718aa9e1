// Validates rendered Kubernetes manifests against the Kubernetes OpenAPI schemas, offline.
//   node validate.mjs FILE.yaml...
// Each YAML document is checked with the model class of its apiVersion and kind from the npm package
// kubernetes-models (core and built-in groups), @kubernetes-models/prometheus-operator (ServiceMonitor,
// PrometheusRule) or @kubernetes-models/gateway-api (HTTPRoute). Unknown fields are caught by the strict read of
// io.glorot.deploy.StrictManifestReader in the build; this script adds the schemas' types and required fields.
// It catches wrong types and missing required fields; fields the schema does not know pass (a limit of the
// schemas, which do not forbid additional properties). A kind this script has no model for is an error, so
// nothing passes unchecked. Exits 1 if any document fails.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

const PACKAGES = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
};

function modulePath(apiVersion, kind) {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const pkg = PACKAGES[group] ?? 'kubernetes-models';
  return group === '' ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
}

async function validateDocument(file, index, doc) {
  const where = `${file} #${index}`;
  if (typeof doc !== 'object' || doc === null || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') {
    return [`${where}: not a Kubernetes object (apiVersion and kind must be strings)`];
  }
  const name = `${doc.kind} ${doc.metadata?.name ?? '(no name)'}`;
  let Model;
  try {
    Model = (await import(modulePath(doc.apiVersion, doc.kind)))[doc.kind];
  } catch (error) {
    return [`${where}: ${name}: no schema for ${doc.apiVersion} ${doc.kind} (${error.code ?? error.message})`];
  }
  try {
    new Model(doc).validate();
    console.log(`ok    ${where}: ${doc.apiVersion} ${name}`);
    return [];
  } catch (error) {
    const details = (error.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return [`${where}: ${doc.apiVersion} ${name}: ${details.length ? details.join('; ') : error.message}`];
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs FILE.yaml...');
  process.exit(2);
}
const failures = [];
let checked = 0;
for (const file of files) {
  const documents = parseAllDocuments(await readFile(file, 'utf8'));
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      failures.push(`${file} #${index}: YAML error: ${document.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const doc = document.toJS();
    if (doc === null || doc === undefined) {
      continue;
    }
    checked++;
    failures.push(...(await validateDocument(file, index, doc)));
  }
}
for (const failure of failures) {
  console.error(`FAIL  ${failure}`);
}
console.log(`${checked} documents checked, ${failures.length} failed`);
if (checked === 0 || failures.length > 0) {
  process.exit(1);
}
