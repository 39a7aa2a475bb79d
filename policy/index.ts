// Entry point run by the Pulumi CLI (`pulumi preview --policy-pack policy`): it only creates the pack.
import { PolicyPack } from "@pulumi/policy";
import { packArgs, packName } from "./policies";

new PolicyPack(packName, packArgs);
