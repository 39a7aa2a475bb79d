package org.dbosconductor.cluster;

import org.dbosconductor.support.Canonical;

import java.util.List;
import java.util.Map;

/** IAM policy documents and the AWS managed policies the cluster and its nodes need, and no more. */
public final class IamPolicies {
    private static final String MANAGED = "arn:aws:iam::aws:policy/";

    /** The control plane needs only this; VPC resource controller rights are for security groups per pod, unused. */
    public static final List<String> CLUSTER_POLICIES = List.of(MANAGED + "AmazonEKSClusterPolicy");

    /**
     * Nodes join the cluster and pull images. The CNI policy is not here: the vpc-cni add-on gets it
     * through its own service-account role, so pods on the node cannot use it.
     */
    public static final List<String> NODE_POLICIES = List.of(
            MANAGED + "AmazonEKSWorkerNodePolicy",
            MANAGED + "AmazonEC2ContainerRegistryReadOnly");

    public static final String CNI_POLICY = MANAGED + "AmazonEKS_CNI_Policy";

    public static final String CLUSTER_ADMIN_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

    private IamPolicies() {
    }

    /** A trust policy letting an AWS service (e.g. {@code eks.amazonaws.com}) assume the role. */
    public static String assumableByService(String service) {
        return Canonical.json(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow",
                "Principal", Map.of("Service", service),
                "Action", "sts:AssumeRole"))));
    }

    /**
     * A trust policy letting exactly one Kubernetes service account assume the role through the
     * cluster's OIDC provider (IAM roles for service accounts).
     *
     * @param oidcIssuerUrl the cluster's issuer, e.g. {@code https://oidc.eks.us-west-2.amazonaws.com/id/ABC}
     */
    public static String assumableByServiceAccount(String oidcProviderArn, String oidcIssuerUrl, String namespace, String serviceAccount) {
        String issuer = oidcIssuerUrl.replaceFirst("^https://", "");
        return Canonical.json(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow",
                "Principal", Map.of("Federated", oidcProviderArn),
                "Action", "sts:AssumeRoleWithWebIdentity",
                "Condition", Map.of("StringEquals", Map.of(
                        issuer + ":sub", "system:serviceaccount:" + namespace + ":" + serviceAccount,
                        issuer + ":aud", "sts.amazonaws.com"))))));
    }
}
