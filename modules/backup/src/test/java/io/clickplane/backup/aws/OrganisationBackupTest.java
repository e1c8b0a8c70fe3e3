package io.clickplane.backup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.backup.aws.testing.PolicyEvaluator;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One organisation's backup storage under Pulumi mocks. */
class OrganisationBackupTest {
  private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
  private static PlatformSpec spec;
  private static MockedStack stack;

  @BeforeAll
  static void run() throws Exception {
    spec = StackConfig.load(Repo.stackFile("dev"));
    stack =
        MockedStack.run(
            ctx -> {
              var backup =
                  new OrganisationBackup(
                      spec, "acme", Output.of(TRUST), ComponentResourceOptions.Empty);
              ctx.export("bucket", backup.bucketName());
              ctx.export("role", backup.roleArn());
            });
  }

  @Test
  void createsOneOfEachPieceParentedToTheComponent() {
    String component = stack.named(OrganisationBackup.TYPE, "acme").urn();
    assertThat(stack.all().stream().filter(r -> r.type().startsWith("aws:")))
        .hasSize(9)
        .allSatisfy(r -> assertThat(r.parentUrn()).as(r.name()).isEqualTo(component));
    assertThat(stack.countByType())
        .containsEntry("aws:s3/bucketV2:BucketV2", 1L)
        .containsEntry("aws:s3/bucketPolicy:BucketPolicy", 1L)
        .containsEntry("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", 1L)
        .containsEntry("aws:s3/bucketOwnershipControls:BucketOwnershipControls", 1L)
        .containsEntry("aws:s3/bucketVersioningV2:BucketVersioningV2", 1L)
        .containsEntry(
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            1L)
        .containsEntry("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", 1L)
        .containsEntry("aws:iam/role:Role", 1L)
        .containsEntry("aws:iam/rolePolicy:RolePolicy", 1L);
  }

  @Test
  void bucketAndRoleNamesComeFromNaming() {
    assertThat(stack.named("aws:s3/bucketV2:BucketV2", "acme-backup").string("bucket"))
        .isEqualTo(Naming.backupBucket(spec, "acme"))
        .isEqualTo("clickplane-example--dev--acme--backup");
    assertThat(stack.named("aws:iam/role:Role", "acme-backup").string("name"))
        .isEqualTo(Naming.backupRole(spec, "acme"));
    assertThat(stack.output("bucket")).isEqualTo(Naming.backupBucket(spec, "acme"));
    assertThat(stack.output("role"))
        .isEqualTo("arn:aws:iam::123456789012:role/" + Naming.backupRole(spec, "acme"));
    assertThat(stack.named("aws:iam/role:Role", "acme-backup").string("assumeRolePolicy"))
        .isEqualTo(TRUST);
  }

  @Test
  void bucketIsPrivateVersionedEncryptedAndOwnerEnforced() {
    Registration block =
        stack.named(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "acme-backup-public-access");
    for (String k :
        List.of(
            "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
      assertThat(block.inputs().get(k)).as(k).isEqualTo(true);
    }
    assertThat(
            stack
                .named(
                    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                    "acme-backup-ownership")
                .path("rule", "objectOwnership"))
        .isEqualTo("BucketOwnerEnforced");
    assertThat(
            stack
                .named("aws:s3/bucketVersioningV2:BucketVersioningV2", "acme-backup-versioning")
                .path("versioningConfiguration", "status"))
        .isEqualTo("Enabled");
    @SuppressWarnings("unchecked")
    var rules =
        (List<Map<String, Object>>)
            stack
                .named(
                    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                    "acme-backup-encryption")
                .inputs()
                .get("rules");
    assertThat(rules)
        .singleElement()
        .satisfies(
            r ->
                assertThat(
                        ((Map<?, ?>) r.get("applyServerSideEncryptionByDefault"))
                            .get("sseAlgorithm"))
                    .isEqualTo("aws:kms"));
  }

  @Test
  void lifecycleExpiresNoncurrentVersionsAndAbortsUploads() {
    @SuppressWarnings("unchecked")
    var rules =
        (List<Map<String, Object>>)
            stack
                .named(
                    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
                    "acme-backup-lifecycle")
                .inputs()
                .get("rules");
    assertThat(rules)
        .extracting(r -> r.get("id"))
        .containsExactly(
            "expire-noncurrent-versions",
            "abort-incomplete-uploads",
            "remove-expired-delete-markers");
    // Retention decides over whole backup chains; no rule may expire a current object by age.
    assertThat(rules)
        .allSatisfy(
            r -> {
              Object expiration = r.get("expiration");
              if (expiration != null) {
                assertThat(((Map<?, ?>) expiration).keySet().stream().map(String::valueOf).toList())
                    .containsOnly("expiredObjectDeleteMarker");
              }
            });
    assertThat(((Map<?, ?>) rules.get(2).get("expiration")).get("expiredObjectDeleteMarker"))
        .isEqualTo(true);
    assertThat(((Map<?, ?>) rules.get(0).get("noncurrentVersionExpiration")).get("noncurrentDays"))
        .isEqualTo(30.0);
    assertThat(
            ((Map<?, ?>) rules.get(1).get("abortIncompleteMultipartUpload"))
                .get("daysAfterInitiation"))
        .isEqualTo(7.0);
  }

  @Test
  void policiesAreTheDocumentsOfBackupPolicies() {
    String bucketArn = "arn:aws:s3:::" + Naming.backupBucket(spec, "acme");
    String roleArn = "arn:aws:iam::123456789012:role/" + Naming.backupRole(spec, "acme");
    assertThat(
            stack.named("aws:s3/bucketPolicy:BucketPolicy", "acme-backup-policy").string("policy"))
        .isEqualTo(BackupPolicies.bucketPolicy(bucketArn, roleArn));
    assertThat(
            stack
                .named("aws:iam/rolePolicy:RolePolicy", "acme-backup-bucket-access")
                .string("policy"))
        .isEqualTo(BackupPolicies.rolePolicy(bucketArn));
    PolicyEvaluator.parse(
        stack.named("aws:s3/bucketPolicy:BucketPolicy", "acme-backup-policy").string("policy"));
  }

  @Test
  void bucketPolicyWaitsForThePublicAccessBlock() {
    Registration policy = stack.named("aws:s3/bucketPolicy:BucketPolicy", "acme-backup-policy");
    assertThat(policy.dependencies())
        .contains(
            stack
                .named(
                    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                    "acme-backup-public-access")
                .urn());
  }

  @Test
  void everyResourceCarriesEnvironmentOrganisationAndManagedByTags() {
    for (String type : List.of("aws:s3/bucketV2:BucketV2", "aws:iam/role:Role")) {
      assertThat(stack.ofType(type))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.tags())
                      .containsExactlyInAnyOrderEntriesOf(
                          Map.of(
                              Naming.LABEL_ENVIRONMENT,
                              "dev",
                              Naming.LABEL_ORGANISATION,
                              "acme",
                              Naming.LABEL_MANAGED_BY,
                              Naming.MANAGED_BY)));
    }
  }
}
