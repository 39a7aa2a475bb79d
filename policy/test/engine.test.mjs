// The offline engine: plan to URNs, config handling as the CLI does it, and preview semantics
// (unknown values, secrets) as @pulumi/policy applies them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConfigError, parsePolicyPackConfig, reconcileConfig, SECRET_SIG, SIG_KEY, toEngineValue, UNKNOWN } from "../check/engine.mjs";
import { formatReport, planResources } from "../check/plan.mjs";
import { container, DEFAULT_DENY, deployment, networkPolicy } from "./fixtures/cases.mjs";
import { checkPlan, of, planOf, stackConfig, startPack } from "./helpers.mjs";

describe("plan to engine resources", () => {
    const plan = {
        project: "dbos-conductor",
        stack: "dev",
        resources: [
            { type: "pulumi:pulumi:Stack", name: "dbos-conductor-dev", parent: null, inputs: {}, dependsOn: [] },
            { type: "dbos-conductor:database:Database", name: "database", parent: "dbos-conductor-dev", inputs: {}, dependsOn: [] },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "database-sg", parent: "database", inputs: { vpcId: "v" }, dependsOn: [] },
            { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "database-from-nodes", parent: "database-sg", inputs: { ipProtocol: "tcp" }, dependsOn: ["database-sg"] },
            { type: "kubernetes:core/v1:Service", name: "looked-up", parent: "database", inputs: {}, dependsOn: [] },
        ],
    };
    const rs = planResources(plan);

    it("builds URNs with the parent type chain, the root stack excluded", () => {
        assert.equal(rs[0].urn, "urn:pulumi:dev::dbos-conductor::pulumi:pulumi:Stack::dbos-conductor-dev");
        assert.equal(rs[1].urn, "urn:pulumi:dev::dbos-conductor::dbos-conductor:database:Database::database");
        assert.equal(rs[3].urn, "urn:pulumi:dev::dbos-conductor::dbos-conductor:database:Database$aws:ec2/securityGroup:SecurityGroup$" +
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::database-from-nodes");
        assert.equal(rs[3].parentUrn, rs[2].urn);
        assert.deepEqual(rs[3].dependencies, [rs[2].urn]);
    });

    it("analyzes registered resources only: not components' empty bags nor looked-up objects", () => {
        assert.deepEqual(rs.map((r) => r.analyze), [false, false, true, true, false]);
    });

    it("marshals secrets and unknowns as the engine does", () => {
        assert.deepEqual(toEngineValue({ a: "[secret]", b: ["[unknown]", 1], c: { d: null } }),
            { a: { [SIG_KEY]: SECRET_SIG, value: "[secret]" }, b: [UNKNOWN, 1], c: { d: null } });
    });
});

describe("policy pack config, as --policy-pack-config reads it", () => {
    const policies = [
        { name: "a", enforcementLevel: "mandatory" },
        { name: "b", enforcementLevel: "mandatory", configSchema: { properties: { minimumDays: { type: "integer", minimum: 1, default: 7 } } } },
    ];

    it("applies schema defaults, then all, then each policy", () => {
        const c = reconcileConfig(policies, {}, parsePolicyPackConfig({ all: "advisory", b: { enforcementLevel: "mandatory", minimumDays: 3 } }));
        assert.deepEqual(c.a, { enforcementLevel: "advisory", properties: undefined });
        assert.deepEqual(c.b, { enforcementLevel: "mandatory", properties: { minimumDays: 3 } });
        assert.deepEqual(reconcileConfig(policies, {}, {}).b.properties, { minimumDays: 7 });
    });

    it("rejects an unknown enforcement level, a value of the wrong type, and a policy the pack lacks", () => {
        assert.throws(() => parsePolicyPackConfig({ a: "strict" }), ConfigError);
        assert.throws(() => parsePolicyPackConfig({ a: 3 }), ConfigError);
        assert.throws(() => reconcileConfig(policies, {}, parsePolicyPackConfig({ b: { minimumDays: "7" } })), /expected integer/);
        assert.throws(() => reconcileConfig(policies, {}, parsePolicyPackConfig({ b: { minimumDays: 0 } })), /greater than or equal to 1/);
        assert.throws(() => reconcileConfig(policies, {}, parsePolicyPackConfig({ c: "advisory" })), /names no policy/);
    });
});

describe("with the running pack", () => {
    let session;
    before(async () => {
        session = await startPack({ stack: "test", project: "dbos-conductor" });
    });
    after(async () => {
        await session?.close();
    });

    it("accepts config.prod.json: every rule mandatory", async () => {
        const c = await session.configure(stackConfig("prod"));
        for (const p of session.info.policies) {
            assert.equal(c[p.name].enforcementLevel, "mandatory", p.name);
        }
        assert.equal(c["rds-backup-retention"].properties.minimumDays, 7);
    });

    it("accepts config.dev.json: EKS public endpoint advisory, deletion protection off, the rest mandatory", async () => {
        const c = await session.configure(stackConfig("dev"));
        const relaxed = { "eks-endpoint-public-access-restricted": "advisory", "rds-deletion-protection": "disabled" };
        for (const p of session.info.policies) {
            assert.equal(c[p.name].enforcementLevel, relaxed[p.name] ?? "mandatory", p.name);
        }
        assert.equal(c["rds-backup-retention"].properties.minimumDays, 1);
    });

    it("refuses config that breaks a rule's schema", async () => {
        await assert.rejects(session.configure(parsePolicyPackConfig({ "k8s-ingress-websocket-timeouts": { minimumSeconds: -1 } })), ConfigError);
    });

    it("reports an unknown value a rule needs as advisory, as in a preview", async () => {
        const r = await checkPlan(session, planOf([DEFAULT_DENY, deployment({ containers: [container({ image: "[unknown]" })] })]), {});
        const found = of(r, "k8s-image-pinned");
        assert.equal(found.length, 1);
        assert.equal(found[0].enforcementLevel, "advisory");
        assert.match(found[0].detail, /can't run policy 'k8s-image-pinned'.*during preview.*spec\.template\.spec\.containers\.0\.image/);
        assert.equal(r.mandatory.length, 0);
    });

    it("still judges the rest of an env when one harmless value is unknown", async () => {
        const env = [{ name: "DBOS_OAUTH_ISSUER", value: "[unknown]" }, { name: "PGPASSWORD", value: "hunter2" }];
        const r = await checkPlan(session, planOf([deployment({ containers: [container({ env })] })]), {});
        const found = of(r, "k8s-no-plaintext-credentials");
        assert.deepEqual(found.map((v) => v.enforcementLevel), ["mandatory"]);
        assert.match(found[0].detail, /PGPASSWORD as a plain value/);
    });

    it("reports a stack rule blocked by an unknown as advisory", async () => {
        const unknownNs = networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, "[unknown]");
        const r = await checkPlan(session, planOf([unknownNs]), {});
        const found = of(r, "k8s-default-deny-network-policy");
        assert.deepEqual(found.map((v) => v.enforcementLevel), ["advisory"]);
        assert.match(found[0].detail, /during preview/);
    });

    it("names a waiver and the rules a stack disables in every report", async () => {
        const off = deployment({ name: "conductor", containers: [container({ name: "conductor", env: [{ name: "DBOS_OAUTH_ENABLED", value: "false" }] })] });
        const config = parsePolicyPackConfig({ "rds-deletion-protection": "disabled", "conductor-oauth-enabled": { waiver: "private evaluation, ops" } });
        const r = await checkPlan(session, planOf([DEFAULT_DENY, off]), config);
        assert.deepEqual(r.violations, []);
        const text = formatReport(r, { planPath: "p.json", configPath: "c.json" });
        assert.match(text, /^disabled for this stack: rds-deletion-protection$/m);
        assert.match(text, /^waived for this stack: conductor-oauth-enabled \(private evaluation, ops\)$/m);
    });

    it("unwraps secret-marked values before the rules see them", async () => {
        const r = await checkPlan(session, planOf([DEFAULT_DENY, { type: "aws:rds/instance:Instance", name: "db", inputs: {
            publiclyAccessible: "[secret]", storageEncrypted: true, backupRetentionPeriod: 7, deletionProtection: true, password: "[secret]",
        } }]), {});
        // "[secret]" is not true: the instance is not public, and the password raises nothing.
        assert.deepEqual(r.mandatory, []);
    });
});
