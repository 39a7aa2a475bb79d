// Mutation tests on the real dev plan: each change a careless edit of the program could make must be
// caught as a new mandatory violation of the expected rule, on the expected resource.
// The plan is POLICY_DEV_PLAN (the synth's build/synth/dev/plan.json in scripts/policy-test.sh) or,
// when unset, the committed copy in fixtures/dev-plan.json.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_DENY } from "./fixtures/cases.mjs";
import { checkPlan, clone, devPlanPath, loadPlan, mandatoryKeys, of, stackConfig, startPack } from "./helpers.mjs";
import { planResources } from "../check/plan.mjs";

const PLAN_PATH = devPlanPath();
const basePlan = loadPlan(PLAN_PATH);
const config = stackConfig("dev");

let session;
let baseline;
before(async () => {
    session = await startPack({ stack: basePlan.stack, project: basePlan.project });
    baseline = await checkPlan(session, basePlan, config);
});
after(async () => {
    await session?.close();
});

const urnOf = (plan, resource) => planResources(plan).find((r) => r.name === resource.name && r.type === resource.type).urn;
const byType = (plan, type) => plan.resources.filter((r) => r.type === type && r.inputs && Object.keys(r.inputs).length > 0);
const WORKLOADS = ["kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job"];
const podSpec = (r) => r.inputs.spec.template.spec;
const deploymentNamed = (plan, name) => byType(plan, "kubernetes:apps/v1:Deployment").find((d) => d.inputs.metadata?.name === name);
const isDefaultDeny = (r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy"
    && (r.inputs.metadata?.namespace ?? "default") === "dbos"
    && Object.keys(r.inputs.spec?.podSelector?.matchLabels ?? {}).length === 0
    && (r.inputs.spec?.podSelector?.matchExpressions ?? []).length === 0
    && (r.inputs.spec?.ingress ?? []).length === 0;

const checked = new WeakMap();
async function checkOnce(plan) {
    if (!checked.has(plan)) {
        checked.set(plan, await checkPlan(session, plan, config));
    }
    return checked.get(plan);
}

/** Check the mutated plan; the rule must report a mandatory violation the baseline does not have. */
async function assertCaught(plan, policy, resource) {
    const result = await checkOnce(plan);
    const fresh = result.mandatory.filter((v) => v.policy === policy && !mandatoryKeys(baseline).has(`${v.policy} ${v.urn}`));
    assert.ok(fresh.length > 0, `${policy} did not catch the mutation; mandatory: ${result.mandatory.map((v) => `${v.policy} ${v.resourceName}`).join(", ") || "none"}`);
    if (resource) {
        const urn = urnOf(plan, resource);
        assert.ok(fresh.some((v) => v.urn === urn), `${policy} reported ${fresh.map((v) => v.urn).join(", ")}, not ${urn}`);
    }
    for (const v of fresh) {
        assert.ok(v.remediation.length > 0);
    }
    return fresh;
}

describe(`mutations of the dev plan (${PLAN_PATH})`, () => {
    it("make RDS public", async () => {
        const plan = clone(basePlan);
        const dbs = byType(plan, "aws:rds/instance:Instance");
        assert.ok(dbs.length > 0, "the plan has no RDS instance");
        dbs[0].inputs.publiclyAccessible = true;
        await assertCaught(plan, "rds-not-publicly-accessible", dbs[0]);
    });

    it("add a latest tag", async () => {
        const plan = clone(basePlan);
        const d = byType(plan, "kubernetes:apps/v1:Deployment")[0];
        assert.ok(d, "the plan has no Deployment");
        const c = podSpec(d).containers[0];
        c.image = c.image.replace(/@sha256:[0-9a-f]+$/, "").replace(/:[^:/]+$/, "") + ":latest";
        const [v] = await assertCaught(plan, "k8s-image-pinned", d);
        assert.match(v.detail, /latest tag/);
    });

    it("drop the tag of a Job's image", async () => {
        const plan = clone(basePlan);
        const j = byType(plan, "kubernetes:batch/v1:Job")[0];
        assert.ok(j, "the plan has no Job");
        const c = podSpec(j).containers[0];
        c.image = c.image.replace(/@sha256:[0-9a-f]+$/, "").replace(/:[^:/]+$/, "");
        await assertCaught(plan, "k8s-image-pinned", j);
    });

    it("drop the default-deny NetworkPolicy", async () => {
        // With the default deny (added if this plan lacks it) the rule is satisfied; without it, it fires.
        const withDeny = clone(basePlan);
        if (!withDeny.resources.some(isDefaultDeny)) {
            withDeny.resources.push({ ...clone(DEFAULT_DENY), id: "dbos/default-deny", parent: basePlan.resources[0].name, dependsOn: [] });
        }
        const ok = await checkPlan(session, withDeny, config);
        assert.deepEqual(of(ok, "k8s-default-deny-network-policy"), []);
        const dropped = clone(withDeny);
        dropped.resources = dropped.resources.filter((r) => !isDefaultDeny(r));
        const result = await checkPlan(session, dropped, config);
        const found = of(result, "k8s-default-deny-network-policy");
        assert.equal(found.length, 1);
        assert.equal(found[0].enforcementLevel, "mandatory");
        assert.match(found[0].detail, /namespace dbos has no NetworkPolicy that denies all ingress and egress/);
    });

    it("inline a password in an env value", async () => {
        const plan = clone(basePlan);
        let target;
        for (const w of plan.resources.filter((r) => WORKLOADS.includes(r.type) && r.inputs?.spec)) {
            for (const c of podSpec(w).containers) {
                const e = (c.env ?? []).find((x) => x.valueFrom?.secretKeyRef && /PASSWORD/.test(x.name));
                if (e && !target) {
                    delete e.valueFrom;
                    e.value = "hunter2-inline";
                    target = { w, name: e.name };
                }
            }
        }
        assert.ok(target, "no env entry takes a password from a Secret");
        const fresh = await assertCaught(plan, "k8s-no-plaintext-credentials", target.w);
        assert.ok(fresh.some((v) => v.detail.includes(`${target.name} as a plain value`)));
    });

    it("inline a database URL with its password, under a harmless name", async () => {
        const plan = clone(basePlan);
        const d = deploymentNamed(plan, "conductor");
        podSpec(d).containers[0].env.push({ name: "EXTRA_SETTINGS", value: "postgresql://dbos_conductor_role:hunter2@db.internal:5432/dbos_conductor?sslmode=require" });
        await assertCaught(plan, "k8s-no-plaintext-credentials", d);
    });

    it("open a security group to the internet", async () => {
        const plan = clone(basePlan);
        const rule = byType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")[0];
        assert.ok(rule, "the plan has no security group ingress rule");
        delete rule.inputs.referencedSecurityGroupId;
        rule.inputs.cidrIpv4 = "0.0.0.0/0";
        await assertCaught(plan, "security-group-no-world-ingress", rule);
    });

    it("serve the Ingress without TLS", async () => {
        const plan = clone(basePlan);
        const ing = byType(plan, "kubernetes:networking.k8s.io/v1:Ingress")[0];
        delete ing.inputs.spec.tls;
        await assertCaught(plan, "k8s-ingress-tls", ing);
    });

    it("lower the Ingress WebSocket timeouts", async () => {
        const plan = clone(basePlan);
        const ing = byType(plan, "kubernetes:networking.k8s.io/v1:Ingress")[0];
        ing.inputs.metadata.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"] = "60";
        await assertCaught(plan, "k8s-ingress-websocket-timeouts", ing);
    });

    it("turn OAuth off on Conductor", async () => {
        const plan = clone(basePlan);
        const d = deploymentNamed(plan, "conductor");
        const e = podSpec(d).containers[0].env.find((x) => x.name === "DBOS_OAUTH_ENABLED");
        assert.ok(e, "conductor has no DBOS_OAUTH_ENABLED");
        e.value = "false";
        await assertCaught(plan, "conductor-oauth-enabled", d);
    });

    it("scale a Deployment to three replicas without a PodDisruptionBudget", async () => {
        const plan = clone(basePlan);
        const d = deploymentNamed(plan, "console");
        d.inputs.spec.replicas = 3;
        plan.resources = plan.resources.filter((r) => r.type !== "kubernetes:policy/v1:PodDisruptionBudget" || r.inputs.metadata?.name !== "console");
        await assertCaught(plan, "k8s-pdb-for-multi-replica", d);
    });

    it("drop a readiness probe, privilege settings and resource limits", async () => {
        const plan = clone(basePlan);
        const d = deploymentNamed(plan, "dex");
        const c = podSpec(d).containers[0];
        delete c.readinessProbe;
        delete c.securityContext.allowPrivilegeEscalation;
        delete c.resources.limits;
        await assertCaught(plan, "k8s-probes", d);
        await assertCaught(plan, "k8s-no-privilege-escalation", d);
        await assertCaught(plan, "k8s-resources-requests-limits", d);
    });

    it("drop a recommended label", async () => {
        const plan = clone(basePlan);
        const s = byType(plan, "kubernetes:core/v1:Secret")[0];
        delete s.inputs.metadata.labels["app.kubernetes.io/part-of"];
        await assertCaught(plan, "k8s-recommended-labels", s);
    });

    it("weaken the cluster: no secrets encryption, fewer logs, no key rotation", async () => {
        const plan = clone(basePlan);
        const eks = byType(plan, "aws:eks/cluster:Cluster")[0];
        delete eks.inputs.encryptionConfig;
        eks.inputs.enabledClusterLogTypes = ["api"];
        const key = byType(plan, "aws:kms/key:Key")[0];
        key.inputs.enableKeyRotation = false;
        await assertCaught(plan, "eks-secrets-encryption", eks);
        await assertCaught(plan, "eks-control-plane-logging", eks);
        await assertCaught(plan, "kms-key-rotation", key);
    });

    it("weaken the database: unencrypted, no backups", async () => {
        const plan = clone(basePlan);
        const db = byType(plan, "aws:rds/instance:Instance")[0];
        db.inputs.storageEncrypted = false;
        db.inputs.backupRetentionPeriod = 0;
        await assertCaught(plan, "rds-storage-encrypted", db);
        await assertCaught(plan, "rds-backup-retention", db);
    });

    it("make the app's ECR repository mutable and unscanned", async (t) => {
        const plan = clone(basePlan);
        const repo = byType(plan, "aws:ecr/repository:Repository")[0];
        if (!repo) {
            t.skip("this plan has no ECR repository");
            return;
        }
        repo.inputs.imageTagMutability = "MUTABLE";
        repo.inputs.imageScanningConfiguration = { scanOnPush: false };
        await assertCaught(plan, "ecr-immutable-tags", repo);
        await assertCaught(plan, "ecr-scan-on-push", repo);
    });

    it("on a first preview (the load balancer's hostname unknown) blocks nothing; what needs it is advisory", async (t) => {
        const elb = basePlan.exports?.elbHostname;
        if (typeof elb !== "string" || elb === "") {
            t.skip("this plan exports no elbHostname");
            return;
        }
        let replaced = 0;
        const unknownIfElb = (v) => {
            if (typeof v === "string") {
                return v.includes(elb) ? (replaced++, "[unknown]") : v;
            }
            if (Array.isArray(v)) {
                return v.map(unknownIfElb);
            }
            return v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknownIfElb(x)])) : v;
        };
        const plan = clone(basePlan);
        for (const r of plan.resources) {
            r.inputs = unknownIfElb(r.inputs ?? {});
        }
        assert.ok(replaced > 0);
        const result = await checkPlan(session, plan, config);
        assert.deepEqual(result.mandatory.map((v) => `${v.policy} ${v.resourceName}`), baseline.mandatory.map((v) => `${v.policy} ${v.resourceName}`));
        const blocked = result.advisory.filter((v) => /can't run policy .* during preview/.test(v.detail));
        assert.ok(blocked.some((v) => v.policy === "k8s-ingress-tls"), "the Ingress TLS hosts are unknown: the rule waits for the update");
    });

    it("in prod, the EKS endpoint open to the world is mandatory; in dev advisory", async () => {
        const plan = clone(basePlan);
        const eks = byType(plan, "aws:eks/cluster:Cluster")[0];
        eks.inputs.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"];
        const dev = await checkPlan(session, plan, config);
        assert.deepEqual(of(dev, "eks-endpoint-public-access-restricted").map((v) => v.enforcementLevel), ["advisory"]);
        const prod = await checkPlan(session, plan, stackConfig("prod"));
        assert.deepEqual(of(prod, "eks-endpoint-public-access-restricted").map((v) => v.enforcementLevel), ["mandatory"]);
    });
});
