package io.clickplane.backup.aws;

import static io.clickplane.backup.aws.testing.PolicyEvaluator.Decision.ALLOW;
import static io.clickplane.backup.aws.testing.PolicyEvaluator.Decision.EXPLICIT_DENY;
import static io.clickplane.backup.aws.testing.PolicyEvaluator.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.aws.testing.PolicyEvaluator;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupPoliciesTest {
  private static final String ACME_BUCKET = "arn:aws:s3:::cp-dev-acme-backup";
  private static final String GLOBEX_BUCKET = "arn:aws:s3:::cp-dev-globex-backup";
  private static final String ACME_ROLE = "arn:aws:iam::123456789012:role/cp-dev-acme-backup";
  private static final String GLOBEX_ROLE = "arn:aws:iam::123456789012:role/cp-dev-globex-backup";
  private static final String ADMIN = "arn:aws:iam::123456789012:role/platform-admin";

  @Test
  void bucketPolicyIsExactDocument() {
    assertThat(BackupPolicies.bucketPolicy(ACME_BUCKET, ACME_ROLE))
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":[\"arn:aws:s3:::cp-dev-acme-backup\",\"arn:aws:s3:::cp-dev-acme-backup/*\"],"
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}},"
                + "{\"Sid\":\"DenyDataAccessToOtherPrincipals\",\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:GetObject*\",\"s3:PutObject*\",\"s3:DeleteObject*\",\"s3:ListBucket*\","
                + "\"s3:AbortMultipartUpload\",\"s3:ListMultipartUploadParts\",\"s3:RestoreObject\",\"s3:ReplicateObject\"],"
                + "\"Resource\":[\"arn:aws:s3:::cp-dev-acme-backup\",\"arn:aws:s3:::cp-dev-acme-backup/*\"],"
                + "\"Condition\":{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/cp-dev-acme-backup\"}}}]}");
  }

  @Test
  void rolePolicyNamesOnlyItsOwnBucket() {
    var doc = PolicyEvaluator.parse(BackupPolicies.rolePolicy(ACME_BUCKET));
    List<String> resources =
        PolicyEvaluator.statements(doc).stream()
            .flatMap(s -> PolicyEvaluator.values(s.get("Resource")).stream())
            .toList();
    assertThat(resources).containsExactly(ACME_BUCKET, ACME_BUCKET + "/*");
    assertThat(PolicyEvaluator.statements(doc))
        .allSatisfy(s -> assertThat(s.get("Effect").asText()).isEqualTo("Allow"));
  }

  @Test
  void ownRoleReadsAndWritesOverTls() {
    for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
      assertThat(
              decide(
                  ACME_ROLE,
                  action,
                  ACME_BUCKET + "/services/events/x",
                  true,
                  ACME_BUCKET,
                  ACME_ROLE))
          .isEqualTo(ALLOW);
    }
    assertThat(decide(ACME_ROLE, "s3:ListBucket", ACME_BUCKET, true, ACME_BUCKET, ACME_ROLE))
        .isEqualTo(ALLOW);
  }

  @Test
  void roleGetsExactlyWhatBackupRestoreAndTheCatalogueUse() {
    // Every call ClickHouse's BACKUP/RESTORE, the manifests and the catalogue make, on the
    // resource it makes it on.
    String object = ACME_BUCKET + "/events/20261130T020000Z/data/shop/orders/all_1_1_0/data.bin";
    for (String action :
        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload")) {
      assertThat(decide(ACME_ROLE, action, object, true, ACME_BUCKET, ACME_ROLE))
          .as(action)
          .isEqualTo(ALLOW);
    }
    assertThat(decide(ACME_ROLE, "s3:ListBucket", ACME_BUCKET, true, ACME_BUCKET, ACME_ROLE))
        .isEqualTo(ALLOW);
    // Nothing else: no object versions (history stays out of reach), no bucket management, no
    // listing of uploads or parts, and object actions never on the bucket ARN itself.
    for (String action :
        List.of(
            "s3:GetObjectVersion",
            "s3:DeleteObjectVersion",
            "s3:PutObjectAcl",
            "s3:PutObjectTagging",
            "s3:RestoreObject",
            "s3:ListMultipartUploadParts")) {
      assertThat(decide(ACME_ROLE, action, object, true, ACME_BUCKET, ACME_ROLE))
          .as(action)
          .isEqualTo(IMPLICIT_DENY);
    }
    for (String action :
        List.of(
            "s3:PutBucketPolicy",
            "s3:DeleteBucket",
            "s3:PutLifecycleConfiguration",
            "s3:PutBucketVersioning",
            "s3:ListBucketVersions",
            "s3:ListBucketMultipartUploads",
            "s3:GetBucketLocation",
            "s3:GetObject")) {
      assertThat(decide(ACME_ROLE, action, ACME_BUCKET, true, ACME_BUCKET, ACME_ROLE))
          .as(action)
          .isEqualTo(IMPLICIT_DENY);
    }
    assertThat(BackupPolicies.ROLE_BUCKET_ACTIONS).containsExactly("s3:ListBucket");
    assertThat(BackupPolicies.ROLE_OBJECT_ACTIONS)
        .containsExactly(
            "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");
  }

  @Test
  void everyRequestWithoutTlsIsRefusedEvenForTheOwnRole() {
    for (String action :
        List.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketPolicy")) {
      assertThat(decide(ACME_ROLE, action, ACME_BUCKET + "/k", false, ACME_BUCKET, ACME_ROLE))
          .isEqualTo(EXPLICIT_DENY);
      assertThat(decide(ADMIN, action, ACME_BUCKET, false, ACME_BUCKET, ACME_ROLE))
          .isEqualTo(EXPLICIT_DENY);
    }
  }

  @Test
  void anotherOrganisationsRoleIsRefusedByBothPolicies() {
    for (String action :
        List.of(
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:ListBucket",
            "s3:GetObjectVersion")) {
      // globex's own policy grants nothing on acme's bucket ...
      assertThat(
              PolicyEvaluator.evaluate(
                  new Request(GLOBEX_ROLE, action, ACME_BUCKET + "/k", true),
                  List.of(BackupPolicies.rolePolicy(GLOBEX_BUCKET)),
                  List.of()))
          .isEqualTo(IMPLICIT_DENY);
      // ... and acme's bucket refuses globex's role even if some other policy granted it.
      assertThat(
              PolicyEvaluator.evaluate(
                  new Request(GLOBEX_ROLE, action, ACME_BUCKET + "/k", true),
                  List.of(
                      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"),
                  List.of(BackupPolicies.bucketPolicy(ACME_BUCKET, ACME_ROLE))))
          .isEqualTo(EXPLICIT_DENY);
    }
  }

  @Test
  void administratorsKeepBucketManagementButNotData() {
    String admin =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
    String policy = BackupPolicies.bucketPolicy(ACME_BUCKET, ACME_ROLE);
    assertThat(
            PolicyEvaluator.evaluate(
                new Request(ADMIN, "s3:PutBucketPolicy", ACME_BUCKET, true),
                List.of(admin),
                List.of(policy)))
        .isEqualTo(ALLOW);
    assertThat(
            PolicyEvaluator.evaluate(
                new Request(ADMIN, "s3:GetObject", ACME_BUCKET + "/k", true),
                List.of(admin),
                List.of(policy)))
        .isEqualTo(EXPLICIT_DENY);
  }

  private static PolicyEvaluator.Decision decide(
      String principal,
      String action,
      String resource,
      boolean tls,
      String bucketArn,
      String ownerRole) {
    return PolicyEvaluator.evaluate(
        new Request(principal, action, resource, tls),
        List.of(BackupPolicies.rolePolicy(bucketArn)),
        List.of(BackupPolicies.bucketPolicy(bucketArn, ownerRole)));
  }
}
