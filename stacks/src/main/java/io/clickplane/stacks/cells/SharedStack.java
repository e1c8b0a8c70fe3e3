package io.clickplane.stacks.cells;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.istio.aws.EndpointDns;
import io.clickplane.keycloak.aws.SharedDatabase;
import io.clickplane.keycloak.aws.SharedKeycloakDatabase;

/**
 * Stack {@code <env>} of an environment with cells: what every cell uses and no cell owns. The
 * endpoints' hosted zone (every cell's cert-manager and ExternalDNS write into it with roles of
 * their own), and Keycloak's database in a small network of its own, which the Keycloak cell peers
 * with. Its outputs ({@link SharedOutputs}) are what the cell stacks read through their stack
 * reference.
 */
public final class SharedStack {
  private SharedStack() {}

  /** Provisions the shared part of {@code spec} (the whole environment, every cell listed). */
  public static void run(Context ctx, PlatformSpec spec) {
    ComponentResourceOptions none = ComponentResourceOptions.Empty;
    EndpointDns dns = EndpointDns.shared(spec, none);
    SharedDatabase keycloak = new SharedKeycloakDatabase(spec, none).outputs();

    ctx.export(SharedOutputs.HOSTED_ZONE_ID, dns.zoneId());
    ctx.export(SharedOutputs.HOSTED_ZONE_NAME_SERVERS, dns.nameServers());
    ctx.export(
        SharedOutputs.KEYCLOAK_URL,
        Output.of("https://" + IdentityNames.keycloakHost(spec.domain())));
    ctx.export(SharedOutputs.KEYCLOAK_DATABASE_ADDRESS, keycloak.address());
    ctx.export(SharedOutputs.KEYCLOAK_DATABASE_SECRET_ARN, keycloak.secretArn());
    ctx.export(SharedOutputs.KEYCLOAK_NETWORK_VPC_ID, keycloak.vpcId());
    ctx.export(SharedOutputs.KEYCLOAK_NETWORK_ROUTE_TABLE_ID, keycloak.routeTableId());
    ctx.export(SharedOutputs.KEYCLOAK_DATABASE_SECURITY_GROUP_ID, keycloak.securityGroupId());
    ctx.export(SharedOutputs.KEYCLOAK_CELL, Output.of(SharedOutputs.keycloakCell(spec)));
    ctx.export(SharedOutputs.STACKS, Output.of(StackScope.stacks(spec)));
  }
}
