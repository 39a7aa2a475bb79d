package org.dbosconductor.addons;

import com.pulumi.core.Output;

import java.util.List;

/**
 * An IAM role for an add-on's Kubernetes service account (IRSA): the managed policies it gets, the
 * cluster's OIDC provider that vouches for the service account, and the chart value path under which
 * the role ARN is annotated on the service account.
 *
 * @param valuesPath dotted path into the chart values, e.g. {@code serviceAccount.annotations}
 */
public record ServiceAccountRole(String serviceAccount, List<String> policyArns, String valuesPath,
                                 Output<String> oidcProviderArn, Output<String> oidcIssuerUrl) {
    public static final String ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

    public ServiceAccountRole {
        policyArns = List.copyOf(policyArns);
    }
}
