// Every rule, one passing and at least one violating fixture, through the running pack.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parsePolicyPackConfig } from "../check/engine.mjs";
import { cases } from "./fixtures/cases.mjs";
import { checkPlan, of, planOf, startPack } from "./helpers.mjs";

let session;
before(async () => {
    session = await startPack({ stack: "test", project: "dbos-conductor" });
});
after(async () => {
    await session?.close();
});

describe("the pack", () => {
    it("serves the policies of policies.ts under its name and package version", () => {
        assert.equal(session.info.name, "dbos-conductor");
        assert.equal(session.info.version, "1.0.0");
        assert.equal(session.info.policies.length, 22);
    });

    it("gives every rule a description, a severity, remediation text and a mandatory default", () => {
        for (const p of session.info.policies) {
            assert.ok(p.description.length > 20, `${p.name}: description`);
            assert.ok(["low", "medium", "high", "critical"].includes(p.severity), `${p.name}: severity ${p.severity}`);
            assert.ok(p.remediationSteps.length > 20, `${p.name}: remediation`);
            assert.equal(p.enforcementLevel, "mandatory", `${p.name}: default enforcement`);
        }
    });

    it("has a passing and a violating fixture for every rule", () => {
        for (const p of session.info.policies) {
            const mine = cases.filter((c) => c.policy === p.name);
            assert.ok(mine.some((c) => !c.violates), `${p.name} has no passing fixture`);
            assert.ok(mine.some((c) => c.violates), `${p.name} has no violating fixture`);
        }
        const names = new Set(session.info.policies.map((p) => p.name));
        for (const c of cases) {
            assert.ok(names.has(c.policy), `fixture names an unknown rule ${c.policy}`);
        }
    });
});

describe("rules", () => {
    for (const c of cases) {
        it(`${c.policy}: ${c.name} ${c.violates ? "is caught" : "passes"}`, async () => {
            const result = await checkPlan(session, planOf(c.resources), parsePolicyPackConfig(c.config ?? {}));
            const found = of(result, c.policy);
            if (!c.violates) {
                assert.deepEqual(found, [], `unexpected violation: ${JSON.stringify(found, null, 2)}`);
                return;
            }
            assert.ok(found.length > 0, `${c.policy} reported nothing`);
            for (const v of found) {
                assert.equal(v.enforcementLevel, c.level ?? "mandatory");
                assert.ok(v.remediation.length > 0, "violation without remediation");
                assert.ok(v.urn.startsWith("urn:pulumi:test::dbos-conductor::"), `violation not tied to a resource: ${v.urn}`);
            }
            if (c.match) {
                assert.ok(found.some((v) => c.match.test(v.detail)), `no violation matches ${c.match}: ${found.map((v) => v.detail).join(" | ")}`);
            }
        });
    }
});
