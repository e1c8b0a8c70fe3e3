package io.clickplane.eks.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.aws.secretsmanager.SecretsmanagerFunctions;
import com.pulumi.aws.secretsmanager.inputs.GetRandomPasswordArgs;
import com.pulumi.aws.secretsmanager.inputs.GetSecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Credentials nobody types: for each named secret, a Secrets Manager secret whose JSON value (one
 * random string per key) is generated on the first {@code pulumi up} and never changed by a later
 * one ({@code ignoreChanges} on the value: no rotation on reconcile; a rebuilt cluster reads the
 * same values back); optionally an IAM role, assumable through the given trust policy, that may
 * read only the secrets under one prefix.
 *
 * <p>The values are Pulumi secrets (encrypted in the state, never exported). Rotation is an
 * explicit action: {@code pulumi up --replace <the secret version's URN>} (docs/clickhouse.md).
 */
public final class GeneratedCredentials extends ComponentResource {
  public static final String TYPE = "clickplane:secrets:GeneratedCredentials";

  /** Length of every generated value; letters and digits only (safe in XML, URLs and shells). */
  public static final int LENGTH = 40;

  /** Days a deleted secret can still be restored. */
  public static final int RECOVERY_DAYS = 30;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Output<String>> arns = new LinkedHashMap<>();
  private final Map<String, SecretVersion> versions = new LinkedHashMap<>();
  private final Output<String> roleArn;

  /**
   * @param name the component's name
   * @param secrets Secrets Manager name → keys of its JSON value
   * @param readerRole name of the reading role, or null for none
   * @param readablePrefix the prefix (ending with '/') the role may read
   * @param trustPolicy who may assume the role (IRSA), ignored without a role
   */
  public GeneratedCredentials(
      String name,
      Map<String, List<String>> secrets,
      String readerRole,
      String readablePrefix,
      Output<String> trustPolicy,
      Map<String, String> tags,
      ComponentResourceOptions options) {
    super(TYPE, name, options);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
    for (Map.Entry<String, List<String>> entry : secrets.entrySet()) {
      String secretName = entry.getKey();
      String resourceName = secretName.replace('/', '-');
      Secret secret =
          new Secret(
              resourceName,
              SecretArgs.builder()
                  .name(secretName)
                  .recoveryWindowInDays(RECOVERY_DAYS)
                  .tags(tags)
                  .build(),
              child);
      List<Output<String>> values = new ArrayList<>();
      for (int i = 0; i < entry.getValue().size(); i++) {
        values.add(
            SecretsmanagerFunctions.getRandomPassword(
                    GetRandomPasswordArgs.builder()
                        .passwordLength(LENGTH)
                        .excludePunctuation(true)
                        .requireEachIncludedType(true)
                        .build())
                .applyValue(r -> r.randomPassword()));
      }
      List<String> keys = List.copyOf(entry.getValue());
      Output<String> value =
          Output.all(values)
              .applyValue(
                  generated -> {
                    ObjectNode doc = JSON.createObjectNode();
                    for (int i = 0; i < keys.size(); i++) {
                      doc.put(keys.get(i), generated.get(i));
                    }
                    return doc.toString();
                  });
      SecretVersion version =
          new SecretVersion(
              resourceName,
              SecretVersionArgs.builder()
                  .secretId(secret.id())
                  .secretString(value.asSecret())
                  .build(),
              CustomResourceOptions.builder()
                  .parent(this)
                  // Generated once: a later pulumi up draws new random values but keeps the stored
                  // ones. Rotation replaces this resource explicitly.
                  .ignoreChanges(List.of("secretString"))
                  .additionalSecretOutputs(List.of("secretString"))
                  .build());
      versions.put(secretName, version);
      arns.put(secretName, secret.arn());
    }
    if (readerRole != null) {
      Role role =
          new Role(
              readerRole,
              RoleArgs.builder().name(readerRole).assumeRolePolicy(trustPolicy).tags(tags).build(),
              child);
      new RolePolicy(
          readerRole + "-read",
          RolePolicyArgs.builder().role(role.id()).policy(readPolicy(readablePrefix)).build(),
          child);
      roleArn = role.arn();
    } else {
      roleArn = Output.of("");
    }
    registerOutputs(Map.of("roleArn", roleArn));
  }

  /**
   * Read access to the secrets whose name starts with {@code prefix} (Secrets Manager appends a
   * 6-character suffix to each secret's ARN: hence the wildcard after the name).
   */
  public static String readPolicy(String prefix) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode statements = doc.putArray("Statement");
    ObjectNode read = statements.addObject();
    read.put("Sid", "ReadOwnSecrets");
    read.put("Effect", "Allow");
    ArrayNode actions = read.putArray("Action");
    actions.add("secretsmanager:GetSecretValue");
    actions.add("secretsmanager:DescribeSecret");
    read.put("Resource", "arn:aws:secretsmanager:*:*:secret:" + prefix + "*");
    return doc.toString();
  }

  /**
   * The stored value of one key of a generated secret, read back from Secrets Manager (the value
   * generated by the first {@code pulumi up}, not this run's draw); a Pulumi secret.
   */
  public Output<String> stored(String secretName, String key) {
    SecretVersion version = versions.get(secretName);
    Output<String> json =
        SecretsmanagerFunctions.getSecretVersion(
                GetSecretVersionArgs.builder().secretId(version.secretId()).build())
            .applyValue(r -> r.secretString());
    return json.applyValue(
            text -> {
              try {
                return JSON.readTree(text).path(key).asText();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .asSecret();
  }

  /** ARN of each generated secret, by Secrets Manager name. */
  public Map<String, Output<String>> secretArns() {
    return arns;
  }

  public Output<String> roleArn() {
    return roleArn;
  }
}
