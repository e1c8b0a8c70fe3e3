package io.clickplane.eks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.NodeGroupSpec;
import org.junit.jupiter.api.Test;

class ClusterDocumentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void vpcCniConfigurationIsExact() {
    assertThat(AddonConfiguration.vpcCni())
        .isEqualTo(
            "{\"enableNetworkPolicy\":\"true\",\"env\":{\"ENABLE_PREFIX_DELEGATION\":\"true\",\"WARM_PREFIX_TARGET\":\"1\"}}");
  }

  @Test
  void kubeconfigAuthenticatesThroughTheAwsCliAndHoldsNoToken() throws Exception {
    JsonNode doc =
        JSON.readTree(
            Kubeconfig.render(
                "clickplane-dev", "https://x.eks.amazonaws.com", "Q0E=", "eu-west-1"));
    assertThat(doc.at("/clusters/0/cluster/server").asText())
        .isEqualTo("https://x.eks.amazonaws.com");
    assertThat(doc.at("/clusters/0/cluster/certificate-authority-data").asText()).isEqualTo("Q0E=");
    assertThat(doc.at("/current-context").asText()).isEqualTo("clickplane-dev");
    assertThat(doc.at("/users/0/user/exec/command").asText()).isEqualTo("aws");
    assertThat(doc.at("/users/0/user/exec/args").toString())
        .isEqualTo(
            "[\"--region\",\"eu-west-1\",\"eks\",\"get-token\",\"--cluster-name\",\"clickplane-dev\",\"--output\",\"json\"]");
    assertThat(doc.at("/users/0/user/token").isMissingNode()).isTrue();
  }

  @Test
  void dedicatedGroupIsLabelledAndTainted() {
    NodeGroupSpec dedicated = new NodeGroupSpec("clickhouse", "m6i.2xlarge", 3, 30, 3, 100, true);
    assertThat(NodePlacement.labels(dedicated))
        .containsEntry(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE)
        .containsEntry(NodePlacement.NODE_GROUP_LABEL, "clickhouse");
    assertThat(NodePlacement.taints(dedicated))
        .containsExactly(
            new NodePlacement.Taint(
                Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE, "NO_SCHEDULE"));
  }

  @Test
  void sharedGroupIsNeither() {
    NodeGroupSpec system = new NodeGroupSpec("system", "m6i.large", 2, 4, 2, 100, false);
    assertThat(NodePlacement.labels(system)).containsOnlyKeys(NodePlacement.NODE_GROUP_LABEL);
    assertThat(NodePlacement.taints(system)).isEmpty();
  }
}
