package io.clickplane.keycloak.aws;

import com.pulumi.core.Output;

/**
 * Keycloak's database as the shared stack exports it to the cells (through a stack reference).
 *
 * @param vpcId the shared network's VPC, which the Keycloak cell peers with
 * @param routeTableId the route table of the database's subnets (the cell adds its return route)
 * @param securityGroupId the database's security group (the cell adds its ingress rule)
 * @param address the database's host name
 * @param secretArn the Secrets Manager secret of its master user
 */
public record SharedDatabase(
    Output<String> vpcId,
    Output<String> routeTableId,
    Output<String> securityGroupId,
    Output<String> address,
    Output<String> secretArn) {}
