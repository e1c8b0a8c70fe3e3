package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.CanonicalSpec;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.UnknownFields;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file rendered for the dev and prod stacks: custom resources validate strictly against the
 * upstream CRDs, core objects parse back through fabric8 into their model classes and re-serialise
 * to the same bytes, files sit only where this module may write, and rendering is deterministic.
 */
class RenderedManifestsTest {
  private static final Map<String, Class<?>> CORE_KINDS =
      Map.of(
          "ConfigMap", ConfigMap.class,
          "Service", Service.class,
          "StatefulSet", StatefulSet.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "StorageClass", StorageClass.class,
          "Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class);
  private static final Set<String> CUSTOM_KINDS =
      Set.of(InstallationResource.KIND, KeeperInstallation.KIND);

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void customResourcesValidateStrictlyAgainstTheCrds(String stack) {
    ManifestSet tree = ClickHouseRenderer.render(Stacks.load(stack));
    CrdSchemas crds = CrdSchemas.shared();
    List<String> problems = new ArrayList<>();
    int customResources = 0;
    for (String path : tree.paths()) {
      for (JsonNode doc : CrdSchemas.documents(tree.text(path))) {
        if (CUSTOM_KINDS.contains(doc.path("kind").asText())) {
          customResources++;
          crds.problems(doc).forEach(p -> problems.add(path + ": " + p));
        }
      }
    }
    assertThat(problems).isEmpty();
    int services = Stacks.load(stack).serviceCount();
    int keeperServices =
        (int)
            Stacks.load(stack).organisations().stream()
                .flatMap(o -> o.services().stream())
                .filter(s -> s.coordinator() == io.clickplane.core.spec.Coordinator.KEEPER)
                .count();
    assertThat(customResources).isEqualTo(services + keeperServices);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void coreObjectsParseBackThroughFabric8(String stack) throws Exception {
    ManifestSet tree = ClickHouseRenderer.render(Stacks.load(stack));
    int coreObjects = 0;
    for (String path : tree.paths()) {
      String text = tree.text(path);
      String kind = CrdSchemas.documents(text).get(0).path("kind").asText();
      if (CUSTOM_KINDS.contains(kind)) {
        continue;
      }
      assertThat(CORE_KINDS).as(path).containsKey(kind);
      KubernetesResource parsed = Yaml.mapper().readValue(text, KubernetesResource.class);
      assertThat(parsed).as(path).isInstanceOf(CORE_KINDS.get(kind));
      assertThat(UnknownFields.of(parsed, "$"))
          .as(path + ": fields fabric8's model does not know")
          .isEmpty();
      assertThat(Yaml.write(parsed)).as(path + " round trip").isEqualTo(text);
      coreObjects++;
    }
    assertThat(coreObjects).isGreaterThan(2);
  }

  @org.junit.jupiter.api.Test
  void theUnknownFieldCheckCatchesAMisspelledField() throws Exception {
    String text =
        ClickHouseRenderer.render(Stacks.load("dev"))
            .text("tenants/dev/acme/events/zookeeper-statefulset.yaml")
            .replace("  serviceName: ", "  servicename: ");
    KubernetesResource parsed = Yaml.mapper().readValue(text, KubernetesResource.class);
    assertThat(UnknownFields.of(parsed, "$")).containsExactly("$.Spec: [servicename]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void derivedNamesStayWithinTheirLimits(String stack) {
    PlatformSpec spec = Stacks.load(stack);
    spec.organisations()
        .forEach(
            org ->
                org.services()
                    .forEach(
                        s ->
                            assertThat(
                                    io.clickplane.core.naming.NameBudgets.service(
                                        org.name(),
                                        s.name(),
                                        s.shards(),
                                        s.replicas(),
                                        s.storage().disks(),
                                        spec.domain()))
                                .as(org.name() + "/" + s.name())
                                .isEmpty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void writesOnlyServiceDirectoriesAndStorageClasses(String stack) {
    PlatformSpec spec = Stacks.load(stack);
    ManifestSet tree = ClickHouseRenderer.render(spec);
    String env = spec.environment();
    assertThat(tree.paths())
        .allSatisfy(
            path -> {
              assertThat(path).endsWith(".yaml").doesNotEndWith("kustomization.yaml");
              assertThat(
                      path.startsWith("infrastructure/" + env + "/configs/storageclasses/")
                          || path.matches(
                              "tenants/" + env + "/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+\\.yaml"))
                  .as(path)
                  .isTrue();
            });
    assertThat(tree.under("infrastructure/" + env + "/configs/storageclasses").paths())
        .containsExactly(
            "infrastructure/" + env + "/configs/storageclasses/gp3.yaml",
            "infrastructure/" + env + "/configs/storageclasses/io2.yaml");
    spec.organisations()
        .forEach(
            org ->
                org.services()
                    .forEach(
                        s ->
                            assertThat(
                                    tree.under("tenants/" + env + "/" + org.name() + "/" + s.name())
                                        .paths())
                                .contains(
                                    "tenants/"
                                        + env
                                        + "/"
                                        + org.name()
                                        + "/"
                                        + s.name()
                                        + "/clickhouseinstallation.yaml")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void renderingIsDeterministic(String stack) throws Exception {
    PlatformSpec spec = Stacks.load(stack);
    ManifestSet first = ClickHouseRenderer.render(spec);
    ManifestSet second = ClickHouseRenderer.render(Stacks.load(stack));
    // The published snapshot reads back to a spec that renders the same bytes.
    ManifestSet fromSnapshot =
        ClickHouseRenderer.render(
            io.clickplane.core.config.StackConfig.parse("spec.yaml", CanonicalSpec.write(spec)));
    assertThat(second).isEqualTo(first);
    assertThat(fromSnapshot).isEqualTo(first);
    assertThat(first.files().values())
        .allSatisfy(
            bytes ->
                assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain("\r")
                    .endsWith("\n"));
  }
}
