package io.clickplane.core.spec;

import java.util.Locale;

/** The EBS volume types a service's data may live on; each is a StorageClass of the same name. */
public enum StorageClassName {
  GP3,
  IO2;

  /** The name used in stack files and as the Kubernetes StorageClass name. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
