package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A generated stack of 1,000 services that uses every section and every kind of service key binds
 * to the same canonical spec and snapshot files as before: their digests are a golden file (the
 * texts themselves, about 2 MB, are not kept), so a change to the binder or the canonical writer
 * that moves a byte shows here.
 */
class GeneratedStackTest {
  static String stack() {
    StringBuilder out = new StringBuilder();
    out.append(
        """
        config:
          aws:region: eu-west-1
          clickplane:environment: gen
          clickplane:domain: ch.gen.example.com
          clickplane:network:
            availabilityZones: 3
          clickplane:eks:
            nodeGroups:
              - {name: g1, instanceType: m6i.4xlarge, min: 3, max: 1000}
              - {name: g2, instanceType: m6i.4xlarge, min: 3, max: 1000}
              - {name: g3, instanceType: m6i.4xlarge, min: 3, max: 1000}
          clickplane:monitoring:
            alertReceiver: {type: webhook, secretName: alerts}
          clickplane:billing:
            markupPercent: "12.5"
          clickplane:organisations:
        """);
    int n = 0;
    for (int o = 0; o < 10; o++) {
      out.append(String.format("    - name: org%02d%n      services:%n", o));
      for (int i = 0; i < 100; i++, n++) {
        String name = String.format("s%03d", i);
        int k = n % 50;
        String rest;
        if (k == 0) {
          rest =
              "mode: sharded, shards: 2, coordinator: keeper, resources: {cpu: '2', memory: 8Gi}";
        } else if (k == 1 || k == 2) {
          rest =
              "mode: replicated, version: '24.8', upgrade: {canary: '25.3'},"
                  + " access: {allowedCidrs: [203.0.113.0/24]}";
        } else if (k == 3) {
          rest =
              "mode: single, storage: {class: io2, size: 200Gi, iops: 8000}, databases: [a, b],"
                  + " backup: {schedule: '30 3 * * *', retention: 3}";
        } else if (k == 4 && i > 0) {
          rest =
              "mode: single, restoreFrom: {service: s000}, endpoint: {dedicatedLoadBalancer: true},"
                  + " deletionProtection: false";
        } else {
          rest = "mode: single, resources: {cpu: 500m, memory: 2Gi}, storage: {size: 20Gi}";
        }
        out.append("        - {name: ").append(name).append(", ").append(rest).append("}\n");
      }
    }
    return out.toString();
  }

  @Test
  void aThousandServicesBindToTheSameCanonicalSpecAsBefore() throws Exception {
    PlatformSpec spec = StackConfig.parse("gen.yaml", stack());
    assertThat(spec.organisations()).hasSize(10);
    assertThat(spec.organisations().stream().mapToInt(o -> o.services().size()).sum())
        .isEqualTo(1000);
    String canonical = CanonicalSpec.write(spec);
    assertThat(StackConfig.parseWithoutCapacity("canonical", canonical)).isEqualTo(spec);

    StringBuilder digests = new StringBuilder();
    digests.append(sha256(canonical)).append("  canonical spec\n");
    for (Map.Entry<String, String> file : SpecSnapshot.write(spec).entrySet()) {
      digests.append(sha256(file.getValue())).append("  ").append(file.getKey()).append('\n');
    }
    Golden.assertMatches("spec/generated-1000.sha256", digests.toString());
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
