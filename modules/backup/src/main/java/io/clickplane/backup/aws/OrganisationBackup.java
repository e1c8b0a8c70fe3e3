package io.clickplane.backup.aws;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * One organisation's backup storage: a private, versioned, encrypted S3 bucket that only the
 * organisation's IAM role can read or write, and that role, assumable only through the trust policy
 * the caller gives (IRSA for the organisation's backup ServiceAccount).
 */
public final class OrganisationBackup extends ComponentResource {
  /** Pulumi type token of this component. */
  public static final String TYPE = "clickplane:backup:OrganisationBackup";

  /**
   * Days a replaced or deleted object version is kept before it expires: a backup that {@code
   * backups prune} deleted can be recovered for this long.
   */
  public static final int NONCURRENT_VERSION_DAYS = 30;

  /** Days after which an unfinished multipart upload is aborted. */
  public static final int INCOMPLETE_UPLOAD_DAYS = 7;

  private final Output<String> bucketName;

  private final Output<String> bucketArn;

  private final Output<String> roleArn;

  /**
   * @param spec the platform (names and tags derive from it)
   * @param organisation the organisation's name
   * @param assumeRolePolicy trust policy of the role: who may assume it
   */
  public OrganisationBackup(
      PlatformSpec spec,
      String organisation,
      Output<String> assumeRolePolicy,
      ComponentResourceOptions options) {
    super(TYPE, organisation, options);
    Map<String, String> tags = tags(spec, organisation);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
    String bucketNameValue = Naming.backupBucket(spec, organisation);

    // With cells an organisation's resources move between cell stacks (pulumi state move, see
    // docs/pulumi.md); should a cell stack run before the move, the bucket leaves its state and
    // stays in S3 with every backup, instead of being deleted. Without cells the bucket's options
    // are what they always were (forceDestroy off: S3 refuses to delete a bucket holding objects).
    CustomResourceOptions bucketOptions =
        spec.hasCells()
            ? CustomResourceOptions.builder().parent(this).retainOnDelete(true).build()
            : child;
    BucketV2 bucket =
        new BucketV2(
            organisation + "-backup",
            BucketV2Args.builder().bucket(bucketNameValue).forceDestroy(false).tags(tags).build(),
            bucketOptions);
    var ownership =
        new BucketOwnershipControls(
            organisation + "-backup-ownership",
            BucketOwnershipControlsArgs.builder()
                .bucket(bucket.id())
                .rule(
                    BucketOwnershipControlsRuleArgs.builder()
                        .objectOwnership("BucketOwnerEnforced")
                        .build())
                .build(),
            child);
    var publicAccess =
        new BucketPublicAccessBlock(
            organisation + "-backup-public-access",
            BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build(),
            child);
    new BucketVersioningV2(
        organisation + "-backup-versioning",
        BucketVersioningV2Args.builder()
            .bucket(bucket.id())
            .versioningConfiguration(
                BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
            .build(),
        child);
    new BucketServerSideEncryptionConfigurationV2(
        organisation + "-backup-encryption",
        BucketServerSideEncryptionConfigurationV2Args.builder()
            .bucket(bucket.id())
            .rules(
                BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                    .applyServerSideEncryptionByDefault(
                        BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs
                            .builder()
                            .sseAlgorithm("aws:kms")
                            .build())
                    .bucketKeyEnabled(true)
                    .build())
            .build(),
        child);
    new BucketLifecycleConfigurationV2(
        organisation + "-backup-lifecycle",
        BucketLifecycleConfigurationV2Args.builder()
            .bucket(bucket.id())
            .rules(
                BucketLifecycleConfigurationV2RuleArgs.builder()
                    .id("expire-noncurrent-versions")
                    .status("Enabled")
                    .filter(
                        BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                    .noncurrentVersionExpiration(
                        BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                            .noncurrentDays(NONCURRENT_VERSION_DAYS)
                            .build())
                    .build(),
                BucketLifecycleConfigurationV2RuleArgs.builder()
                    .id("abort-incomplete-uploads")
                    .status("Enabled")
                    .filter(
                        BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                    .abortIncompleteMultipartUpload(
                        BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs
                            .builder()
                            .daysAfterInitiation(INCOMPLETE_UPLOAD_DAYS)
                            .build())
                    .build(),
                // Once its noncurrent versions have expired, a pruned object's delete marker is
                // removed too. No rule ever expires a current version: which backups may go is
                // decided by retention over whole chains (clickplane backups prune), not by age.
                BucketLifecycleConfigurationV2RuleArgs.builder()
                    .id("remove-expired-delete-markers")
                    .status("Enabled")
                    .filter(
                        BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                    .expiration(
                        BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                            .expiredObjectDeleteMarker(true)
                            .build())
                    .build())
            .build(),
        child);

    Role role =
        new Role(
            organisation + "-backup",
            RoleArgs.builder()
                .name(Naming.backupRole(spec, organisation))
                .description(
                    "Backups of organisation " + organisation + " in " + spec.environment())
                .assumeRolePolicy(assumeRolePolicy)
                .tags(tags)
                .build(),
            child);
    new RolePolicy(
        organisation + "-backup-bucket-access",
        RolePolicyArgs.builder()
            .name("bucket-access")
            .role(role.name())
            .policy(bucket.arn().applyValue(BackupPolicies::rolePolicy))
            .build(),
        child);
    new BucketPolicy(
        organisation + "-backup-policy",
        BucketPolicyArgs.builder()
            .bucket(bucket.id())
            .policy(
                Output.tuple(bucket.arn(), role.arn())
                    .applyValue(t -> BackupPolicies.bucketPolicy(t.t1, t.t2)))
            .build(),
        CustomResourceOptions.builder().parent(this).dependsOn(publicAccess, ownership).build());

    this.bucketName = bucket.bucket();
    this.bucketArn = bucket.arn();
    this.roleArn = role.arn();
    registerOutputs(Map.of("bucketName", bucketName, "bucketArn", bucketArn, "roleArn", roleArn));
  }

  /** Tags of every resource of an organisation's backup storage. */
  public static Map<String, String> tags(PlatformSpec spec, String organisation) {
    Map<String, String> tags = new TreeMap<>();
    tags.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    tags.put(Naming.LABEL_ORGANISATION, organisation);
    tags.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    return tags;
  }

  public Output<String> bucketName() {
    return bucketName;
  }

  public Output<String> bucketArn() {
    return bucketArn;
  }

  public Output<String> roleArn() {
    return roleArn;
  }
}
