package io.clickplane.billing;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;

/** Small stack files for hand-computed cases, in us-east-1 (whose prices are verified). */
final class Fixtures {
  private Fixtures() {}

  static final String HEAD =
      String.join(
          "\n",
          "config:",
          "  aws:region: us-east-1",
          "  clickplane:environment: test",
          "  clickplane:domain: ch.example.com",
          "  clickplane:eks:",
          "    nodeGroups:",
          "      - {name: system, instanceType: m6i.xlarge, min: 3, max: 6}",
          "      - {name: clickhouse, instanceType: m6i.2xlarge, min: 1, max: 12, dedicated: true}",
          "");

  static PlatformSpec spec(String billing, String services) throws Exception {
    return StackConfig.parse(
        "fixture.yaml",
        HEAD
            + billing
            + "  clickplane:organisations:\n"
            + "    - name: acme\n"
            + "      services:\n"
            + services);
  }

  static final String SINGLE_GP3 =
      String.join(
          "\n",
          "        - name: events",
          "          mode: single",
          "          resources: {cpu: \"4\", memory: 16Gi}",
          "          storage: {class: gp3, size: 100Gi, iops: 6000, throughput: 250}",
          "");

  static final String SHARDED_IO2 =
      String.join(
          "\n",
          "        - name: clicks",
          "          mode: sharded",
          "          shards: 2",
          "          resources: {cpu: \"4\", memory: 16Gi}",
          "          storage: {class: io2, size: 1Ti, iops: 36000}",
          "");
}
