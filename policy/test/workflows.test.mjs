// The pipeline: schema-valid workflows (action-validator), actions pinned, least privilege, OIDC,
// and the preview / deploy / image flows the project relies on.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import * as actionValidator from "@action-validator/core";
import YAML from "yaml";
import { PACK_DIR } from "../check/engine.mjs";

const ROOT = path.resolve(PACK_DIR, "..");
const DIR = path.join(ROOT, ".github", "workflows");
const FILES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (f) => fs.readFileSync(path.join(DIR, f), "utf8");
const load = (f) => YAML.parse(text(f));

function stepsOf(wf) {
    return Object.entries(wf.jobs).flatMap(([job, j]) => (j.steps ?? []).map((s) => ({ job, ...s })));
}
const usesOf = (wf, action) => stepsOf(wf).filter((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));

/** A full version tag (v1.2.3) or a commit SHA: never a branch or a moving major tag. */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/;

describe("workflows", () => {
    it("are the three the project needs", () => {
        assert.deepEqual(FILES, ["app-image.yml", "deploy.yml", "preview.yml"]);
    });

    for (const f of FILES) {
        describe(f, () => {
            const wf = load(f);

            it("is valid against the workflow schema (action-validator)", () => {
                const result = actionValidator.validateWorkflow(text(f));
                assert.deepEqual(result.errors, [], JSON.stringify(result.errors, null, 2));
            });

            it("pins every action to a full version tag or a commit SHA", () => {
                for (const s of stepsOf(wf).filter((x) => x.uses)) {
                    assert.match(s.uses, PINNED, `${s.job}: ${s.uses}`);
                }
            });

            it("grants nothing at the top and only what each job uses", () => {
                assert.deepEqual(wf.permissions, {}, "top-level permissions must be {}");
                for (const [name, job] of Object.entries(wf.jobs)) {
                    const p = job.permissions;
                    assert.ok(p && typeof p === "object", `${name} must declare its permissions`);
                    const usesAws = (job.steps ?? []).some((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));
                    const comments = (job.steps ?? []).some((s) => s.with?.["comment-on-pr"] === true);
                    const allowed = { contents: "read", ...(usesAws ? { "id-token": "write" } : {}), ...(comments ? { "pull-requests": "write" } : {}) };
                    assert.deepEqual(p, allowed, `${name}: permissions`);
                }
            });

            it("gets AWS credentials through OIDC only", () => {
                for (const s of usesOf(wf, "aws-actions/configure-aws-credentials")) {
                    assert.match(String(s.with?.["role-to-assume"]), /^\$\{\{ .*vars\.AWS_[A-Z_]*ROLE_ARN/, `${s.job}: role-to-assume`);
                    assert.equal(s.with?.["aws-access-key-id"], undefined);
                    assert.equal(s.with?.["aws-secret-access-key"], undefined);
                }
                assert.doesNotMatch(text(f), /AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
            });
        });
    }
});

describe("preview.yml", () => {
    const wf = load("preview.yml");

    it("runs on pull requests: build, unit tests, synth and the policy tests, then previews", () => {
        assert.ok(wf.on.pull_request);
        const test = wf.jobs.test.steps.map((s) => s.run ?? "").join("\n");
        assert.match(test, /mvn -B -ntp package/);
        assert.match(test, /synth --stack "\$stack"/);
        assert.match(test, /bash scripts\/policy-test\.sh/);
        assert.deepEqual(wf.jobs.preview.needs, "test");
    });

    it("previews every stack with the policy pack and that stack's config, and comments on the PR", () => {
        assert.deepEqual(wf.jobs.preview.strategy.matrix.stack, ["dev", "prod"]);
        const [step] = usesOf(wf, "pulumi/actions").filter((s) => s.with?.command === "preview");
        assert.equal(step.with["stack-name"], "${{ matrix.stack }}");
        assert.equal(step.with.policyPacks, "policy");
        assert.equal(step.with.policyPackConfigs, "policy/config.${{ matrix.stack }}.json");
        assert.equal(step.with["comment-on-pr"], true);
        for (const stack of wf.jobs.preview.strategy.matrix.stack) {
            assert.ok(fs.existsSync(path.join(PACK_DIR, `config.${stack}.json`)), `policy/config.${stack}.json`);
        }
    });
});

describe("deploy.yml", () => {
    const wf = load("deploy.yml");

    it("runs on main: tests, then up dev, then up prod behind the prod environment's approval", () => {
        assert.deepEqual(wf.on.push.branches, ["main"]);
        assert.equal(wf.jobs.dev.needs, "test");
        assert.equal(wf.jobs.prod.needs, "dev");
        assert.equal(wf.jobs.prod.environment, "prod");
        assert.equal(wf.concurrency["cancel-in-progress"], false);
        for (const stack of ["dev", "prod"]) {
            const up = wf.jobs[stack].steps.find((s) => String(s.uses).startsWith("pulumi/actions@") && s.with?.command === "up");
            assert.equal(up.with["stack-name"], stack);
            assert.equal(up.with.policyPacks, "policy");
            assert.equal(up.with.policyPackConfigs, `policy/config.${stack}.json`);
        }
    });
});

describe("app-image.yml", () => {
    const wf = load("app-image.yml");

    it("builds the app and migrate images into the stack's ECR repositories, tagged with the git SHA", () => {
        const images = wf.jobs.push.strategy.matrix.image;
        assert.deepEqual(images.map((i) => i.dockerfile), ["app/Dockerfile", "app/Dockerfile.migrate"]);
        for (const i of images) {
            assert.ok(fs.existsSync(path.join(ROOT, i.dockerfile)), i.dockerfile);
        }
        const ref = wf.jobs.push.steps.find((s) => s.id === "ref");
        assert.equal(ref.env.TAG, "${{ github.sha }}");
        assert.equal(ref.env.REPOSITORY, "dbos-conductor-${{ matrix.stack }}/${{ matrix.image.repository }}");
        const [build] = usesOf(wf, "docker/build-push-action");
        assert.equal(build.with.push, true);
        assert.equal(build.with.tags, "${{ steps.ref.outputs.image }}");
    });

    it("never tags latest", () => {
        assert.doesNotMatch(text("app-image.yml").replace(/^\s*#.*$/gm, ""), /latest/);
    });
});
