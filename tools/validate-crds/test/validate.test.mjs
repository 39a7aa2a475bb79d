// Proves the validator bites: the valid fixtures pass, each invalid fixture fails alone with the message
// its first line (`# expect: ...`) names, and the command's output and exit code follow suit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { CRD_KINDS, modelFor, validateDirs, validateObject } from "../validate.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, "..", "validate.mjs");
const VALID = path.join(HERE, "fixtures", "valid");
const INVALID = path.join(HERE, "fixtures", "invalid");
const quiet = () => {};

test("every kind in crd-kinds.json loads a kubernetes-models class with validate()", async () => {
  for (const [apiVersion, { kinds }] of Object.entries(CRD_KINDS)) {
    for (const kind of kinds) {
      const Model = await modelFor(apiVersion, kind);
      assert.equal(Model?.kind, kind, `${apiVersion} ${kind}`);
      assert.equal(Model.apiVersion, apiVersion, `${apiVersion} ${kind}`);
    }
  }
});

test("the valid fixtures pass: ScaledObject, ClusterIssuer, SealedSecret (masked map too); built-ins are counted", async () => {
  const lines = [];
  const counts = await validateDirs([VALID], (line) => lines.push(line));
  assert.deepEqual(counts, { passed: 4, failed: 0, builtin: 1 }, lines.join("\n"));
  for (const kind of ["ScaledObject", "ClusterIssuer", "SealedSecret"]) {
    assert.ok(lines.some((l) => l.startsWith("ok ") && l.includes(` ${kind} `)), `${kind} in\n${lines.join("\n")}`);
  }
});

const invalid = readdirSync(INVALID).filter((f) => f.endsWith(".yaml")).sort();

test("there are invalid fixtures for every kind of defect", () => {
  const expects = invalid.map((f) => readFileSync(path.join(INVALID, f), "utf8").split("\n")[0]);
  for (const defect of ["unknown field", "required property", "must be integer", "must be string", "unknown custom kind"]) {
    assert.ok(expects.some((e) => e.includes(defect)), defect);
  }
  for (const kind of ["ScaledObject", "ClusterIssuer"]) {
    assert.ok(invalid.some((f) => f.startsWith(kind.toLowerCase())), kind);
  }
});

for (const file of invalid) {
  test(`invalid fixture ${file} is rejected with the expected message`, async () => {
    const text = readFileSync(path.join(INVALID, file), "utf8");
    const expected = /^# expect: (.+)$/m.exec(text)?.[1];
    assert.ok(expected, `${file} must start with '# expect: <message fragment>'`);
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    assert.equal(docs.length, 1, `${file} must hold exactly one object`);
    const result = await validateObject(docs[0]);
    assert.equal(result.status, "failed", `${file} passed: ${result.message}`);
    assert.ok(result.message.includes(expected), `expected "${expected}" in: ${result.message}`);
  });
}

test("the command exits 0 with 'crd: N passed, 0 failed' on the valid fixtures", () => {
  const out = execFileSync(process.execPath, [CLI, VALID], { encoding: "utf8" });
  assert.match(out, /\ncrd: 4 passed, 0 failed\n$/);
});

test("the command exits non-zero and counts each failure on an invalid object", () => {
  for (const file of ["scaledobject-unknown-field.yaml", "clusterissuer-unknown-field.yaml", "unknown-custom-kind.yaml"]) {
    const dir = mkdtempSync(path.join(tmpdir(), "validate-crds-"));
    copyFileSync(path.join(INVALID, file), path.join(dir, file));
    const run = spawnSync(process.execPath, [CLI, VALID, dir], { encoding: "utf8" });
    assert.equal(run.status, 1, `${file}: ${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /^FAIL /m);
    assert.match(run.stdout, /\ncrd: 4 passed, 1 failed\n$/);
  }
});

test("an empty manifests directory (no custom resource) passes with 'crd: 0 passed, 0 failed'", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "validate-crds-"));
  const out = execFileSync(process.execPath, [CLI, dir], { encoding: "utf8" });
  assert.match(out, /\ncrd: 0 passed, 0 failed\n$/);
});

test("a missing directory is an error, not an empty pass", () => {
  const run = spawnSync(process.execPath, [CLI, path.join(tmpdir(), "no-such-manifests-dir")], { encoding: "utf8" });
  assert.equal(run.status, 2);
});

test("unknownFields: the key check is what catches a typo the model's validate() accepts", async () => {
  const Model = await modelFor("keda.sh/v1alpha1", "ScaledObject");
  const typo = new Model({
    metadata: { name: "x" },
    spec: { scaleTargetRef: { name: "d" }, minReplicaCont: 1, triggers: [{ type: "cpu", metadata: { value: "70" } }] },
  });
  assert.doesNotThrow(() => typo.validate(), "if this throws, the package became strict: the key check is then a second guard");
  const result = await validateObject(JSON.parse(JSON.stringify(typo)));
  assert.equal(result.status, "failed");
  assert.match(result.message, /spec\.minReplicaCont: unknown field/);
});
