package io.clickplane.gitops.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.flux.FluxRelease;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.FluxCrdBundle;
import io.clickplane.core.testing.Repo;
import io.clickplane.gitops.testing.Fleets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Flux object of the layout validates strictly (unknown fields fail) against {@code
 * ../shared/crds/flux}.
 */
class FluxSchemaTest {
  private static final CrdSchemas FLUX = CrdSchemas.load(Repo.shared().resolve("crds/flux"));

  @Test
  void everyFluxObjectValidates() {
    ManifestSet tree =
        Fleets.tree(Fleets.synthetic(2, 2).withOrganisations(Fleets.dev().organisations()));
    List<String> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String path : tree.paths()) {
      for (JsonNode doc : CrdSchemas.documents(tree.text(path))) {
        String apiVersion = doc.path("apiVersion").asText();
        if (apiVersion.contains(".toolkit.fluxcd.io/")) {
          checked.add(doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText());
          assertThat(FLUX.knows(apiVersion, doc.path("kind").asText()))
              .as(path + ": " + apiVersion)
              .isTrue();
          problems.addAll(FLUX.problems(doc).stream().map(p -> path + ": " + p).toList());
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked)
        .contains(
            "Kustomization/infrastructure-controllers",
            "Kustomization/tenants",
            "HelmRepository/altinity",
            "HelmRelease/clickhouse-operator",
            "Kustomization/services");
  }

  /**
   * The CRDs the objects are validated against are the API the installed controllers serve: the
   * Flux line {@code pulumi up} installs ({@link FluxRelease}) is the line of the bundle.
   */
  @Test
  void theCrdsAreThoseOfTheInstalledFluxLine() {
    assertThat(FluxRelease.line(FluxCrdBundle.fluxVersion())).isEqualTo(FluxRelease.line());
  }

  @Test
  void theValidatorRejectsAnUnknownField() throws Exception {
    JsonNode bad =
        CrdSchemas.documents(
                """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: x, namespace: flux-system}
        spec: {interval: 10m, prune: true, sourceRef: {kind: GitRepository, name: flux-system}, pruneAll: true}
        """)
            .get(0);
    assertThat(FLUX.problems(bad)).isNotEmpty();
  }
}
