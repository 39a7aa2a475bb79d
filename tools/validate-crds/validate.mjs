#!/usr/bin/env node
// Validates the custom resources of synthesized manifests against the kubernetes-models CRD models.
//
//   node validate.mjs build/synth/dev/manifests [more manifests dirs...]
//
// Every *.yaml / *.yml file of each directory is loaded (multi-document files too). Each object is:
//   - a built-in Kubernetes kind (core "v1" or a built-in API group): skipped and counted, because
//     src/test/java/org/dbosconductor/KubernetesModelsTest.java validates those against the official
//     client-java-api models;
//   - a custom resource listed in crd-kinds.json: validated with the kubernetes-models class of its kind
//     (`new Kind(obj).validate()`, the package's JSON schema compiled with ajv), plus the strictness check
//     below, because those schemas do NOT reject unknown fields;
//   - anything else (a custom kind with no model): a failure, so a new kind cannot slip through unchecked.
// One line per custom resource, then `crd: N passed, M failed`; the exit code is non-zero on any failure.
//
// Runs on Node 20 (plain ESM, no build step). The pinned kubernetes-models packages declare
// engines.node >=22, so `npm ci` warns EBADENGINE on Node 20; every path of theirs this validator uses
// runs on Node 20, as `npm test` shows on each run. Their Node-14 line models KEDA 2.10 CRDs, far
// behind the KEDA 2.18 this program installs (the current line models KEDA 2.19), so the current
// line is the one to check against.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** apiVersion -> { package, kinds }: the custom resource kinds this validator knows (shared with the Java test). */
export const CRD_KINDS = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(path.join(HERE, "crd-kinds.json"), "utf8"))).filter(([k]) => !k.startsWith("_")),
);

/**
 * API groups served by Kubernetes itself (no CRD). Their objects are the Java test's job. Listed
 * explicitly instead of "ends with .k8s.io", since some CRD groups do too (gateway.networking.k8s.io).
 */
const BUILT_IN_GROUPS = new Set([
  "", "apps", "batch", "policy", "autoscaling",
  "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
  "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "admissionregistration.k8s.io",
  "apiextensions.k8s.io", "apiregistration.k8s.io", "certificates.k8s.io", "events.k8s.io",
  "flowcontrol.apiserver.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "resource.k8s.io",
  "storagemigration.k8s.io", "internal.apiserver.k8s.io",
]);

/**
 * The synth masks a secret value as the string "[secret]". Where the schema expects a string that is
 * valid as it is. The only places where a whole map may be masked are listed here, and only there is
 * the mask replaced by an empty map (the keys are not known offline). A mask anywhere else stays and
 * fails if the schema wants something other than a string there.
 */
const MASK = "[secret]";
const MASKABLE_MAPS = {
  "bitnami.com/v1alpha1/SealedSecret": [["spec", "encryptedData"]],
};

const groupOf = (apiVersion) => (String(apiVersion).includes("/") ? String(apiVersion).split("/")[0] : "");

export function isBuiltIn(apiVersion) {
  return BUILT_IN_GROUPS.has(groupOf(apiVersion));
}

const modelCache = new Map();

/** The kubernetes-models class for a custom kind, or undefined when crd-kinds.json does not list it. */
export async function modelFor(apiVersion, kind) {
  const entry = CRD_KINDS[apiVersion];
  if (!entry || !entry.kinds.includes(kind)) {
    return undefined;
  }
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    const mod = await import(`${entry.package}/${apiVersion}/${kind}`);
    if (typeof mod[kind] !== "function" || typeof mod[kind].prototype.validate !== "function") {
      throw new Error(`${entry.package}/${apiVersion}/${kind} exports no model class ${kind}`);
    }
    modelCache.set(key, mod[kind]);
  }
  return modelCache.get(key);
}

function unmask(obj) {
  for (const p of MASKABLE_MAPS[`${obj.apiVersion}/${obj.kind}`] ?? []) {
    let parent = obj;
    for (const key of p.slice(0, -1)) {
      parent = parent?.[key];
    }
    const last = p[p.length - 1];
    if (parent && typeof parent === "object" && parent[last] === MASK) {
      parent[last] = {};
    }
  }
  return obj;
}

/**
 * The kubernetes-models schemas leave `additionalProperties` open, so `validate()` accepts any unknown
 * field (a typo such as `spec.minReplicaCont` passes). The schema is shipped only as ajv-compiled code,
 * so this check learns the schema's keys from the compiled validator itself: it runs the model's own
 * validate function on a Proxy of the object and records, per object node, which property names the
 * validator looked up. Compiled `properties` code looks up every property the schema defines, so a
 * field present in the data but never looked up is not in the schema. A node the validator enumerated
 * (for-in/Object.keys: maps such as labels, annotations, trigger metadata, encryptedData, or an
 * `additionalProperties: false` schema that ajv checks itself) accepts its keys; a node the validator
 * never looked into is a free-form object (x-kubernetes-preserve-unknown-fields) and is not checked.
 * @returns {string[]} one message per unknown field
 */
export function unknownFields(Model, model) {
  const looked = new WeakMap();
  const enumerated = new WeakSet();
  const proxies = new WeakMap();
  const note = (target, key) => {
    if (typeof key !== "string") return;
    if (!looked.has(target)) looked.set(target, new Set());
    looked.get(target).add(key);
  };
  const wrap = (value) => {
    if (value === null || typeof value !== "object") return value;
    if (!proxies.has(value)) {
      proxies.set(value, new Proxy(value, {
        get(target, key, receiver) {
          note(target, key);
          return wrap(Reflect.get(target, key, receiver));
        },
        has(target, key) {
          note(target, key);
          return Reflect.has(target, key);
        },
        getOwnPropertyDescriptor(target, key) {
          note(target, key);
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
        ownKeys(target) {
          enumerated.add(target);
          return Reflect.ownKeys(target);
        },
      }));
    }
    return proxies.get(value);
  };
  // Same function as model.validate(); it already passed, so any throw here is a real error too.
  Model.prototype.validate.call(wrap(model));

  const problems = [];
  const walk = (node, where) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${where}[${i}]`));
      return;
    }
    const keys = looked.get(node);
    const checked = !enumerated.has(node) && keys !== undefined;
    for (const key of Object.keys(node)) {
      if (checked && !keys.has(key)) {
        problems.push(`${where ? where + "." : ""}${key}: unknown field (not in the ${Model.kind} schema)`);
      } else {
        walk(node[key], where ? `${where}.${key}` : key);
      }
    }
  };
  walk(model, "");
  return problems;
}

function describe(obj) {
  const meta = obj && typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {};
  return `${obj?.apiVersion} ${obj?.kind} ${meta.namespace ? meta.namespace + "/" : ""}${meta.name ?? "(no name)"}`;
}

/**
 * Validates one parsed object.
 * @returns {Promise<{status: "builtin"|"passed"|"failed", message: string}>}
 */
export async function validateObject(input) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { status: "failed", message: "not a Kubernetes object (expected a mapping)" };
  }
  if (typeof input.apiVersion !== "string" || typeof input.kind !== "string") {
    return { status: "failed", message: `${describe(input)}: apiVersion and kind must be strings` };
  }
  if (isBuiltIn(input.apiVersion)) {
    return { status: "builtin", message: describe(input) };
  }
  const Model = await modelFor(input.apiVersion, input.kind);
  if (!Model) {
    return {
      status: "failed",
      message: `${describe(input)}: unknown custom kind: add "${input.kind}" under "${input.apiVersion}" in `
        + "tools/validate-crds/crd-kinds.json with the kubernetes-models package that models it, and a fixture in "
        + "tools/validate-crds/test/fixtures/ (or, if it is a built-in kind, its group to BUILT_IN_GROUPS in validate.mjs)",
    };
  }
  const obj = unmask(structuredClone(input));
  try {
    const model = new Model(obj);
    model.validate();
    const unknown = unknownFields(Model, model);
    if (unknown.length > 0) {
      return { status: "failed", message: `${describe(input)}: ${unknown.join("; ")}` };
    }
  } catch (e) {
    return { status: "failed", message: `${describe(input)}: ${e.message ?? e}` };
  }
  return { status: "passed", message: describe(input) };
}

function manifestFiles(dir) {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${dir} is not a directory`);
  }
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

/** Validates every object of every manifest file of the directories, printing one line per custom resource. */
export async function validateDirs(dirs, log = console.log) {
  const counts = { passed: 0, failed: 0, builtin: 0 };
  for (const dir of dirs) {
    for (const file of manifestFiles(dir)) {
      const docs = parseAllDocuments(readFileSync(file, "utf8"));
      for (const doc of docs) {
        let result;
        if (doc.errors.length > 0) {
          result = { status: "failed", message: `YAML error: ${doc.errors[0].message}` };
        } else {
          const obj = doc.toJS();
          if (obj === null || obj === undefined) continue; // empty document
          result = await validateObject(obj);
        }
        counts[result.status]++;
        if (result.status === "passed") log(`ok   ${result.message} (${file})`);
        if (result.status === "failed") log(`FAIL ${result.message} (${file})`);
      }
    }
  }
  return counts;
}

async function main(argv) {
  if (argv.length === 0) {
    console.error("usage: node validate.mjs MANIFESTS_DIR [MANIFESTS_DIR...]");
    return 2;
  }
  let counts;
  try {
    counts = await validateDirs(argv);
  } catch (e) {
    console.error(`validate-crds: ${e.message ?? e}`);
    return 2;
  }
  console.log(`built-in: ${counts.builtin} objects left to KubernetesModelsTest (client-java-api models)`);
  console.log(`crd: ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
