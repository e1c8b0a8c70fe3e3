package io.clickplane.eks.iam;

import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.AwsTags;
import io.clickplane.eks.cluster.EksCluster;

/**
 * The IAM role one controller's ServiceAccount assumes through IRSA, with its own managed policy
 * attached. Policy, role and attachment are all named {@code <prefix>-<name>}, where {@code name}
 * is both the ServiceAccount's name and the controller's.
 *
 * @param role the role, trusted only by {@code <namespace>/<name>}
 * @param attachment the policy's attachment: depend on it before anything uses the role
 */
public record ServiceAccountRole(Role role, RolePolicyAttachment attachment) {

  /** Creates the policy, the role and the attachment as children given by {@code options}. */
  public static ServiceAccountRole create(
      PlatformSpec spec,
      EksCluster cluster,
      String namespace,
      String name,
      String description,
      String policyDocument,
      CustomResourceOptions options) {
    String resource = Naming.clusterPrefix(spec) + "-" + name;
    Policy policy =
        new Policy(
            resource,
            PolicyArgs.builder()
                .name(resource)
                .description(description)
                .policy(policyDocument)
                .tags(AwsTags.of(spec))
                .build(),
            options);
    Role role =
        new Role(
            resource,
            RoleArgs.builder()
                .name(resource)
                .assumeRolePolicy(cluster.irsaTrust(namespace, name))
                .tags(AwsTags.of(spec))
                .build(),
            options);
    RolePolicyAttachment attachment =
        new RolePolicyAttachment(
            resource,
            RolePolicyAttachmentArgs.builder().role(role.name()).policyArn(policy.arn()).build(),
            options);
    return new ServiceAccountRole(role, attachment);
  }
}
