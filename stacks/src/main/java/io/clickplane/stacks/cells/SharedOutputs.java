package io.clickplane.stacks.cells;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.keycloak.aws.SharedDatabase;

/**
 * The shared stack's outputs, and how a cell stack reads them: through a {@code StackReference} to
 * {@code <organization>/<project>/<env>}, the running stack's own organisation and project (on a
 * self-managed backend Pulumi's organisation is {@code organization}), so a cell finds the shared
 * stack of its environment on any backend without configuration.
 */
public final class SharedOutputs {
  public static final String HOSTED_ZONE_ID = "hostedZoneId";
  public static final String HOSTED_ZONE_NAME_SERVERS = "hostedZoneNameServers";
  public static final String KEYCLOAK_URL = "keycloakUrl";
  public static final String KEYCLOAK_DATABASE_ADDRESS = "keycloakDatabaseAddress";
  public static final String KEYCLOAK_DATABASE_SECRET_ARN = "keycloakDatabaseSecretArn";
  public static final String KEYCLOAK_NETWORK_VPC_ID = "keycloakNetworkVpcId";
  public static final String KEYCLOAK_NETWORK_ROUTE_TABLE_ID = "keycloakNetworkRouteTableId";
  public static final String KEYCLOAK_DATABASE_SECURITY_GROUP_ID =
      "keycloakDatabaseSecurityGroupId";
  public static final String KEYCLOAK_CELL = "keycloakCell";
  public static final String STACKS = "stacks";

  private final StackReference reference;

  private SharedOutputs(StackReference reference) {
    this.reference = reference;
  }

  /**
   * The fully qualified name of the shared stack of environment {@code sharedStack}, in the running
   * stack's organisation and project.
   */
  public static String referenceName(Context ctx, String sharedStack) {
    return ctx.organizationName() + "/" + ctx.projectName() + "/" + sharedStack;
  }

  /** A reference to the shared stack, registered in the running (cell) stack. */
  public static SharedOutputs reference(Context ctx, String sharedStack) {
    String name = referenceName(ctx, sharedStack);
    return new SharedOutputs(new StackReference(name));
  }

  /**
   * The cell Keycloak runs in: the first listed (its "home cell"). Only that cell peers with the
   * database's network.
   */
  public static String keycloakCell(PlatformSpec environment) {
    return environment.cellNames().get(0);
  }

  /** An output of the shared stack as text; fails the cell's run when the shared stack lacks it. */
  public Output<String> string(String name) {
    return reference.requireOutput(name).applyValue(v -> (String) v);
  }

  /** Keycloak's database as the shared stack exports it. */
  public SharedDatabase keycloakDatabase() {
    return new SharedDatabase(
        string(KEYCLOAK_NETWORK_VPC_ID),
        string(KEYCLOAK_NETWORK_ROUTE_TABLE_ID),
        string(KEYCLOAK_DATABASE_SECURITY_GROUP_ID),
        string(KEYCLOAK_DATABASE_ADDRESS),
        string(KEYCLOAK_DATABASE_SECRET_ARN));
  }
}
