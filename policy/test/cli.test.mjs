// `npm run check -- <plan.json>`: what it prints and how it exits.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { DEFAULT_DENY, deployment } from "./fixtures/cases.mjs";
import { clone, loadPlan, PACK_DIR, planOf } from "./helpers.mjs";

const CLI = path.join(PACK_DIR, "check", "cli.mjs");
let dir;

function check(...args) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, INIT_CWD: dir } });
    return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(name, value) {
    fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
    return name;
}

before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));
});
after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

describe("the offline check", () => {
    it("exits 0 and says so when nothing mandatory is violated", () => {
        const plan = write("clean.json", planOf([DEFAULT_DENY, deployment()], "prod"));
        const r = check(plan);
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(r.out, /stack prod, config \S*config\.prod\.json\)/);
        assert.match(r.out, /^0 mandatory, 0 advisory violation\(s\): the plan passes$/m);
    });

    it("exits 1 on a mandatory violation, naming the resource, the rule and the remediation", () => {
        const plan = planOf([DEFAULT_DENY, deployment()], "prod");
        plan.resources.push({ type: "aws:rds/instance:Instance", name: "database-instance", id: "db", parent: "dbos-conductor-prod", dependsOn: [],
            inputs: { publiclyAccessible: true, storageEncrypted: true, backupRetentionPeriod: 14, deletionProtection: true } });
        const r = check(write("public-db.json", plan), "--config", path.join(PACK_DIR, "config.prod.json"));
        assert.equal(r.code, 1, r.out + r.err);
        assert.match(r.out, /^MANDATORY rds-not-publicly-accessible \[critical\]$/m);
        assert.match(r.out, /resource: +aws:rds\/instance:Instance database-instance +urn:pulumi:prod::dbos-conductor::aws:rds\/instance:Instance::database-instance/);
        assert.match(r.out, /violation: +publiclyAccessible is true/);
        assert.match(r.out, /remediation: Set publiclyAccessible: false/);
        assert.match(r.out, /^1 mandatory, 0 advisory violation\(s\): the plan may not be applied$/m);
    });

    it("exits 0 on advisory violations only (dev's open EKS endpoint) and lists what dev disables", () => {
        const dev = clone(loadPlan(path.join(PACK_DIR, "test", "fixtures", "dev-plan.json")));
        const r = check(write("dev.json", dev), "--json");
        assert.equal(r.code, 0, r.out + r.err);
        const result = JSON.parse(r.out);
        assert.deepEqual(result.mandatory, []);
        assert.deepEqual(result.advisory.map((v) => v.policy), ["eks-endpoint-public-access-restricted"]);
        assert.equal(result.config["rds-deletion-protection"].enforcementLevel, "disabled");
    });

    it("exits 2 on a config the engine would refuse, and leaves no pack running", () => {
        const plan = write("p.json", planOf([DEFAULT_DENY], "prod"));
        const bad = check(plan, "--config", write("bad-level.json", { all: "strict" }));
        assert.equal(bad.code, 2);
        assert.match(bad.err, /"strict" is not a valid enforcement level/);
        const typo = check(plan, "--config", write("typo.json", { "rds-not-public": "advisory" }));
        assert.equal(typo.code, 2);
        assert.match(typo.err, /names no policy of this pack: rds-not-public/);
        const usage = check();
        assert.equal(usage.code, 2);
        assert.match(usage.err, /usage: npm --prefix policy run check -- <plan.json>/);
    });
});
