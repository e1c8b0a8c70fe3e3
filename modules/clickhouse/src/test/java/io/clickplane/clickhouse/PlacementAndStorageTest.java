package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.capacity.CapacityModel;
import io.clickplane.core.capacity.Overheads;
import io.clickplane.core.capacity.Workload;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.testing.CrdSchemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the rendered pods may run and what their volumes get: the placement and storage the
 * capacity model assumes (docs/capacity.md).
 */
class PlacementAndStorageTest {
  private static final String DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";

  private static List<JsonNode> documents(ManifestSet tree, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (String path : tree.paths()) {
      for (JsonNode doc : CrdSchemas.documents(tree.text(path))) {
        if (doc.path("kind").asText().equals(kind)) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  private static JsonNode named(List<JsonNode> docs, String namespace, String name) {
    return docs.stream()
        .filter(d -> d.path("metadata").path("namespace").asText().equals(namespace))
        .filter(d -> d.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(namespace + "/" + name + " not rendered"));
  }

  @Test
  void clickHousePodsAvoidEveryOtherClickHousePodInEveryNamespace() {
    List<JsonNode> installations =
        documents(ClickHouseRenderer.render(Stacks.load("dev")), InstallationResource.KIND);
    assertThat(installations).hasSize(4);
    CrdSchemas crds = CrdSchemas.shared();
    assertThat(installations).allSatisfy(chi -> assertThat(crds.problems(chi)).isEmpty());
    assertThat(installations)
        .allSatisfy(
            chi -> {
              JsonNode template = chi.at("/spec/templates/podTemplates/0");
              JsonNode term =
                  template.at(
                      "/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0");
              assertThat(term.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
              // an empty selector: every namespace, so two organisations never share a node
              assertThat(term.path("namespaceSelector").isObject()).isTrue();
              assertThat(term.path("namespaceSelector").size()).isZero();
              assertThat(term.at("/labelSelector/matchLabels").toString())
                  .isEqualTo("{\"clickhouse.altinity.com/app\":\"chop\"}");
              // no karpenter.sh/do-not-disrupt: it would keep Karpenter from replacing the node
              // even while the service's maintenance window is open
              assertThat(template.at("/metadata/annotations").path(DO_NOT_DISRUPT).isMissingNode())
                  .isTrue();
              assertThat(
                      template
                          .at("/metadata/annotations")
                          .has("cluster-autoscaler.kubernetes.io/safe-to-evict"))
                  .isFalse();
              assertThat(template.at("/spec/nodeSelector/clickplane.io~1node-role").asText())
                  .isEqualTo("clickhouse");
              // the pool of the service's window (the dev stack names none: the default)
              assertThat(template.at("/spec/nodeSelector/karpenter.sh~1nodepool").asText())
                  .isEqualTo("clickhouse-sun-0200-0600");
              JsonNode types =
                  template.at(
                      "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
                          + "/nodeSelectorTerms/0/matchExpressions/0");
              assertThat(types.path("key").asText()).isEqualTo("node.kubernetes.io/instance-type");
              assertThat(types.path("operator").asText()).isEqualTo("In");
            });
    JsonNode scratch =
        installations.stream()
            .filter(chi -> chi.at("/metadata/name").asText().equals(Naming.installation("scratch")))
            .findFirst()
            .orElseThrow();
    // acme/scratch names plan general-4: one m6i.xlarge (or m7i.xlarge) node
    assertThat(
            scratch
                .at(
                    "/spec/templates/podTemplates/0/spec/affinity/nodeAffinity"
                        + "/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0"
                        + "/matchExpressions/0/values")
                .toString())
        .isEqualTo("[\"m6i.xlarge\",\"m7i.xlarge\"]");
  }

  @Test
  void coordinatorsLiveOffTheClickHousePoolOnePerNodeAndAreNotDisrupted() {
    ManifestSet tree = ClickHouseRenderer.render(Stacks.load("dev"));
    JsonNode zookeeper = named(documents(tree, "StatefulSet"), "acme", Naming.zookeeper("events"));
    JsonNode keeper =
        named(documents(tree, KeeperInstallation.KIND), "initech", Naming.keeper("reports"));
    for (JsonNode template :
        List.of(zookeeper.at("/spec/template"), keeper.at("/spec/templates/podTemplates/0"))) {
      assertThat(template.at("/metadata/annotations").path(DO_NOT_DISRUPT).asText())
          .isEqualTo("true");
      JsonNode requirement =
          template.at(
              "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
                  + "/nodeSelectorTerms/0/matchExpressions/0");
      assertThat(requirement.path("key").asText()).isEqualTo("clickplane.io/node-role");
      assertThat(requirement.path("operator").asText()).isEqualTo("DoesNotExist");
      assertThat(template.at("/spec/tolerations").isMissingNode()).isTrue();
      assertThat(
              template
                  .at(
                      "/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0")
                  .has("namespaceSelector"))
          .isFalse();
    }
  }

  @Test
  void renderedRequestsAreWhatTheCapacityModelCounts() {
    PlatformSpec spec = Stacks.load("dev");
    ManifestSet tree = ClickHouseRenderer.render(spec);
    OrganisationSpec acme = spec.organisation("acme").orElseThrow();
    OrganisationSpec initech = spec.organisation("initech").orElseThrow();
    JsonNode zk =
        named(documents(tree, "StatefulSet"), "acme", Naming.zookeeper("events"))
            .at("/spec/template/spec/containers/0/resources/requests");
    JsonNode keeper =
        named(documents(tree, KeeperInstallation.KIND), "initech", Naming.keeper("reports"))
            .at("/spec/templates/podTemplates/0/spec/containers/0/resources/requests");
    JsonNode ch =
        named(documents(tree, InstallationResource.KIND), "acme", Naming.installation("events"))
            .at("/spec/templates/podTemplates/0/spec/containers/0/resources/requests");
    var events = acme.services().get(0);
    var reports = initech.services().get(0);
    assertThat(millis(zk) + overheadCpu(Workload.ZOOKEEPER))
        .isEqualTo(CapacityModel.coordinatorPod(acme, events, 0).cpuMillis());
    assertThat(mib(zk) + overheadMem(Workload.ZOOKEEPER))
        .isEqualTo(CapacityModel.coordinatorPod(acme, events, 0).memoryMib());
    assertThat(millis(keeper) + overheadCpu(Workload.KEEPER))
        .isEqualTo(CapacityModel.coordinatorPod(initech, reports, 0).cpuMillis());
    assertThat(mib(keeper) + overheadMem(Workload.KEEPER))
        .isEqualTo(CapacityModel.coordinatorPod(initech, reports, 0).memoryMib());
    assertThat(millis(ch) + overheadCpu(Workload.CLICKHOUSE))
        .isEqualTo(CapacityModel.clickhousePod(acme, events, 0, 0).cpuMillis())
        .isEqualTo(7380 + 10); // plan general-8's server and the log container; no mesh sidecar
    assertThat(mib(ch) + overheadMem(Workload.CLICKHOUSE))
        .isEqualTo(CapacityModel.clickhousePod(acme, events, 0, 0).memoryMib());
    // The overhead counted for the pod is the log container the template declares.
    JsonNode log =
        named(documents(tree, InstallationResource.KIND), "acme", Naming.installation("events"))
            .at("/spec/templates/podTemplates/0/spec/containers/1");
    assertThat(log.path("name").asText()).isEqualTo(InstallationResource.LOG_CONTAINER);
    assertThat(millis(log.path("resources").path("requests")))
        .isEqualTo(overheadCpu(Workload.CLICKHOUSE));
    assertThat(mib(log.path("resources").path("requests")))
        .isEqualTo(overheadMem(Workload.CLICKHOUSE));
  }

  @Test
  void anIopsChangeReachesTheVolumeSettingsAndIsNoGuardRefusal() {
    PlatformSpec published = Stacks.load("dev");
    String text = Stacks.text("dev");
    assertThat(text).contains("            iops: 6000\n            throughput: 250\n");
    PlatformSpec next =
        Stacks.parse(
            text.replace(
                "            iops: 6000\n            throughput: 250\n",
                "            iops: 9000\n            throughput: 500\n"));
    assertThat(new ClickHouseChangeGuards().check(published, next)).isEmpty();
    JsonNode before =
        named(
            documents(ClickHouseRenderer.render(published), InstallationResource.KIND),
            "acme",
            "events");
    JsonNode after =
        named(
            documents(ClickHouseRenderer.render(next), InstallationResource.KIND),
            "acme",
            "events");
    assertThat(annotations(before, 0).toString())
        .isEqualTo("{\"ebs.csi.aws.com/iops\":\"6000\",\"ebs.csi.aws.com/throughput\":\"250\"}");
    assertThat(annotations(after, 0).toString())
        .isEqualTo("{\"ebs.csi.aws.com/iops\":\"9000\",\"ebs.csi.aws.com/throughput\":\"500\"}");
  }

  @Test
  void logVolumesAreAlwaysGp3AtBaseline() {
    JsonNode clicks =
        named(
            documents(ClickHouseRenderer.render(Stacks.load("dev")), InstallationResource.KIND),
            "globex",
            Naming.installation("clicks"));
    JsonNode templates = clicks.at("/spec/templates/volumeClaimTemplates");
    assertThat(templates).hasSize(3);
    assertThat(templates.get(0).at("/spec/storageClassName").asText()).isEqualTo("io2");
    assertThat(annotations(clicks, 0).path("ebs.csi.aws.com/iops").asText()).isEqualTo("16000");
    JsonNode logs = templates.get(2);
    assertThat(logs.path("name").asText()).isEqualTo("logs");
    assertThat(logs.at("/spec/storageClassName").asText()).isEqualTo("gp3");
    assertThat(logs.has("metadata")).isFalse();
  }

  private static JsonNode annotations(JsonNode chi, int index) {
    return chi.at("/spec/templates/volumeClaimTemplates/" + index + "/metadata/annotations");
  }

  private static long millis(JsonNode requests) {
    return Quantities.millicores(requests.path("cpu").asText());
  }

  private static long mib(JsonNode requests) {
    return Quantities.mebibytesCeil(requests.path("memory").asText());
  }

  private static long overheadCpu(Workload w) {
    return Overheads.forWorkload(w).stream().mapToLong(Overheads.PodOverhead::cpuMillis).sum();
  }

  private static long overheadMem(Workload w) {
    return Overheads.forWorkload(w).stream().mapToLong(Overheads.PodOverhead::memoryMib).sum();
  }
}
