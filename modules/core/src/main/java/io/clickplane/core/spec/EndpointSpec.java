package io.clickplane.core.spec;

/**
 * How a service's endpoint {@code <service>.<org>.<domain>} is exposed.
 *
 * @param dedicatedLoadBalancer true to front this service with its own network load balancer (same
 *     gateway pods, this service's host only) instead of the environment's shared one
 */
public record EndpointSpec(boolean dedicatedLoadBalancer) {
  /** The shared load balancer: the default. */
  public static final EndpointSpec SHARED = new EndpointSpec(false);
}
