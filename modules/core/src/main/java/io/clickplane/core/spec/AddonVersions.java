package io.clickplane.core.spec;

import java.util.Objects;

/** Pinned versions of the EKS add-ons. */
public record AddonVersions(String vpcCni, String ebsCsiDriver, String coreDns, String kubeProxy) {
  public AddonVersions {
    Objects.requireNonNull(vpcCni, "vpcCni");
    Objects.requireNonNull(ebsCsiDriver, "ebsCsiDriver");
    Objects.requireNonNull(coreDns, "coreDns");
    Objects.requireNonNull(kubeProxy, "kubeProxy");
  }
}
