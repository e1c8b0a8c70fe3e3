package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.StorageClassName;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment's StorageClasses, one per EBS volume type a service may use, named like the type:
 * EBS CSI, encrypted, expandable, bound where the pod lands, volumes kept when their claim goes.
 * Baseline IOPS/throughput are set here; a service's own figures are applied per volume through the
 * EBS CSI {@code ebs.csi.aws.com/iops} and {@code /throughput} claim annotations.
 */
final class StorageClasses {
  static final String PROVISIONER = "ebs.csi.aws.com";

  private StorageClasses() {}

  static StorageClass of(PlatformSpec spec, StorageClassName type) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("type", type.configName());
    parameters.put("encrypted", "true");
    parameters.put("csi.storage.k8s.io/fstype", "ext4");
    if (type == StorageClassName.GP3) {
      parameters.put("iops", "3000");
      parameters.put("throughput", "125");
    } else {
      parameters.put("iops", "3000");
    }
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(type.configName())
        .withLabels(
            Map.of(
                Naming.LABEL_MANAGED_BY,
                Naming.MANAGED_BY,
                Naming.LABEL_ENVIRONMENT,
                spec.environment()))
        .endMetadata()
        .withProvisioner(PROVISIONER)
        .withParameters(parameters)
        .withAllowVolumeExpansion(true)
        .withVolumeBindingMode("WaitForFirstConsumer")
        .withReclaimPolicy("Retain")
        .build();
  }
}
