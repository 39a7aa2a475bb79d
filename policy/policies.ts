// The pack's policies as data. Importing this module has no side effects (no PolicyPack is created,
// nothing is served): index.ts does that, and the offline checker and the tests read it freely.
import { PolicyPackArgs } from "@pulumi/policy";
import { awsPolicies } from "./rules/aws";
import { kubernetesPolicies } from "./rules/kubernetes";
import { stackPolicies } from "./rules/stack";

export const packName = "dbos-conductor";

export const packArgs: PolicyPackArgs = {
    description: "Guard rails of the dbos-conductor stacks: AWS (RDS, EKS, security groups, ECR, KMS), " +
        "Kubernetes workloads and Ingress, and stack-wide rules (default-deny network, PDBs, Conductor OAuth).",
    // Every rule is mandatory unless a stack's config (config.<stack>.json) says otherwise.
    enforcementLevel: "mandatory",
    policies: [...awsPolicies, ...kubernetesPolicies, ...stackPolicies],
};
