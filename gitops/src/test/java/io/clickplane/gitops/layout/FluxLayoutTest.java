package io.clickplane.gitops.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.testing.Fleets;
import io.clickplane.gitops.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Flux layout of the dev stack. Golden tree: {@code src/test/resources/golden/flux-dev};
 * regenerate with {@code ./mvnw -q -B -o -pl gitops -am test -Dtest=FluxLayoutTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dclickplane.updateGolden=true}.
 */
class FluxLayoutTest {
  private final PlatformSpec dev = Fleets.dev();
  private final ManifestSet tree = Fleets.tree(dev);

  @Test
  void devTreeMatchesGolden() throws Exception {
    Golden.assertMatches("flux-dev", tree.filter(p -> !p.startsWith(".clickplane/")));
  }

  @Test
  void renderingIsDeterministic() {
    assertThat(Fleets.tree(Fleets.dev())).isEqualTo(tree);
  }

  @Test
  void clusterKustomizationsRunControllersThenConfigsThenTenants() throws Exception {
    JsonNode controllers = read("clusters/dev/infrastructure-controllers.yaml");
    JsonNode configs = read("clusters/dev/infrastructure-configs.yaml");
    JsonNode tenants = read("clusters/dev/tenants.yaml");
    assertThat(controllers.at("/spec/dependsOn").isMissingNode()).isTrue();
    assertThat(configs.at("/spec/dependsOn/0/name").asText())
        .isEqualTo("infrastructure-controllers");
    assertThat(tenants.at("/spec/dependsOn/0/name").asText()).isEqualTo("infrastructure-configs");
    for (JsonNode k : List.of(controllers, configs, tenants)) {
      assertThat(k.at("/apiVersion").asText()).isEqualTo("kustomize.toolkit.fluxcd.io/v1");
      assertThat(k.at("/spec/prune").asBoolean()).isTrue();
      assertThat(k.at("/spec/timeout").asText()).isNotEmpty();
    }
    assertThat(tenants.at("/spec/path").asText()).isEqualTo("./tenants/dev");
    assertThat(tree.text("clusters/dev/kustomization.yaml"))
        .isEqualTo(
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - infrastructure-configs.yaml
              - infrastructure-controllers.yaml
              - tenants.yaml
            """);
  }

  @Test
  void operatorReleaseLeavesCrdsToHelmWithTheHookOff() throws Exception {
    JsonNode release = read("infrastructure/dev/controllers/altinity-operator/helmrelease.yaml");
    assertThat(release.at("/apiVersion").asText()).isEqualTo("helm.toolkit.fluxcd.io/v2");
    assertThat(release.at("/spec/values/crdHook/enabled").asBoolean(true)).isFalse();
    assertThat(release.at("/spec/install/crds").asText()).isEqualTo("CreateReplace");
    assertThat(release.at("/spec/upgrade/crds").asText()).isEqualTo("CreateReplace");
    assertThat(tree.paths()).noneMatch(p -> p.contains("/istio"));
  }

  @Test
  void theOperatorIsInTheAmbientMeshAndControllersGetPulumisValues() throws Exception {
    assertThat(
            read("infrastructure/dev/controllers/altinity-operator/namespace.yaml")
                .at("/metadata/labels/istio.io~1dataplane-mode")
                .asText())
        .isEqualTo("ambient");
    JsonNode controllers = read("clusters/dev/infrastructure-controllers.yaml");
    assertThat(controllers.at("/spec/postBuild/substituteFrom/0/kind").asText())
        .isEqualTo("ConfigMap");
    assertThat(controllers.at("/spec/postBuild/substituteFrom/0/name").asText())
        .isEqualTo("clickplane-cluster-values");
    // The tenants level substitutes the account id into the organisations' backup role ARNs.
    assertThat(
            read("clusters/dev/tenants.yaml").at("/spec/postBuild/substituteFrom/0/name").asText())
        .isEqualTo("clickplane-cluster-values");
  }

  @Test
  void organisationKustomizationImpersonatesItsAccountAndChecksItsInstallations() throws Exception {
    JsonNode k = read("tenants/dev/acme/flux-kustomization.yaml");
    assertThat(k.at("/metadata/namespace").asText()).isEqualTo("acme");
    assertThat(k.at("/spec/serviceAccountName").asText()).isEqualTo("flux-reconciler");
    assertThat(k.at("/spec/path").asText()).isEqualTo("./tenants/dev/acme");
    List<String> checked = new ArrayList<>();
    k.at("/spec/healthChecks")
        .forEach(h -> checked.add(h.at("/kind").asText() + "/" + h.at("/name").asText()));
    assertThat(checked)
        .containsExactly("ClickHouseInstallation/events", "ClickHouseInstallation/scratch");
    assertThat(k.at("/spec/healthCheckExprs/0/current").asText())
        .isEqualTo("status.status == 'Completed'");
    JsonNode labels = read("tenants/dev/acme/namespace.yaml").at("/metadata/labels");
    assertThat(labels.path("istio.io/dataplane-mode").asText()).isEqualTo("ambient");
    assertThat(labels.path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");
    assertThat(labels.has("istio-injection")).isFalse();
    assertThat(read("tenants/dev/acme/rolebinding.yaml").at("/subjects/0/name").asText())
        .isEqualTo("flux-reconciler");
  }

  @Test
  void organisationFilesAreAppliedByTheTenantsRootAndServicesByTheOrganisation() {
    assertThat(tree.text("tenants/dev/kustomization.yaml"))
        .contains(
            "  - acme/flux-kustomization.yaml\n",
            "  - acme/namespace.yaml\n",
            "  - globex/rolebinding.yaml\n")
        .doesNotContain("  - acme\n");
    assertThat(tree.text("tenants/dev/acme/kustomization.yaml"))
        .isEqualTo(
            """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - events
          - scratch
        """);
    assertThat(tree.text("tenants/dev/acme/events/kustomization.yaml"))
        .contains("  - clickhouseinstallation.yaml\n", "  - configmap.yaml\n");
  }

  @Test
  void filesOtherModulesAddArePickedUpWithoutEdits() {
    PlatformSpec spec = Fleets.dev();
    ManifestSet.Builder rendered = ManifestSet.builder().addAll(FluxLayout.render(spec));
    rendered.add("infrastructure/dev/configs/storageclasses/gp3.yaml", "kind: StorageClass\n");
    rendered.add("tenants/dev/acme/events/backup/cronjob.yaml", "kind: CronJob\n");
    ManifestSet done = FluxLayout.complete(spec, rendered.build());
    assertThat(done.text("infrastructure/dev/configs/kustomization.yaml"))
        .contains("  - rbac\n", "  - storageclasses\n");
    assertThat(done.text("infrastructure/dev/configs/storageclasses/kustomization.yaml"))
        .contains("  - gp3.yaml\n");
    assertThat(done.text("tenants/dev/acme/events/kustomization.yaml")).contains("  - backup\n");
    assertThat(done.text("tenants/dev/acme/events/backup/kustomization.yaml"))
        .contains("  - cronjob.yaml\n");
  }

  @Test
  void renderedKustomizationFilesAreRefused() {
    ManifestSet bad =
        ManifestSet.builder().add("tenants/dev/acme/kustomization.yaml", "x: 1\n").build();
    assertThatThrownBy(() -> FluxLayout.complete(Fleets.dev(), bad))
        .hasMessageContaining("are generated");
  }

  private JsonNode read(String path) throws Exception {
    return Yaml.mapper().readTree(tree.text(path));
  }
}
