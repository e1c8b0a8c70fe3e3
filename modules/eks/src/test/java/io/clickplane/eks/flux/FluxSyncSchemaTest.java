package io.clickplane.eks.flux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.clickplane.core.spec.GitopsSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap GitRepository and Kustomization against Flux's own CRD schemas (shared/crds/flux),
 * strictly: a field the schema does not declare fails.
 */
class FluxSyncSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void gitRepositoryWithCredentialsMatchesTheCrd() throws Exception {
    var spec =
        FluxSync.gitRepositorySpec(
            new GitopsSpec("https://git.example.com/fleet.git", "main"), true);
    assertThat(
            validate(
                "source.toolkit.fluxcd.io_gitrepositories.yaml",
                "v1",
                "GitRepository",
                FluxSync.SOURCE_API,
                spec))
        .isEmpty();
  }

  @Test
  void kustomizationMatchesTheCrd() throws Exception {
    assertThat(
            validate(
                "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
                "v1",
                "Kustomization",
                FluxSync.KUSTOMIZE_API,
                FluxSync.kustomizationSpec("prod")))
        .isEmpty();
  }

  @Test
  void theStrictCheckCatchesAnUnknownField() throws Exception {
    assertThat(
            validate(
                "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
                "v1",
                "Kustomization",
                FluxSync.KUSTOMIZE_API,
                Map.of(
                    "interval",
                    "10m",
                    "prune",
                    true,
                    "sourceRef",
                    Map.of("kind", "GitRepository", "name", "x"),
                    "pathh",
                    "./a")))
        .anySatisfy(m -> assertThat(m).contains("pathh"));
  }

  private static Set<String> validate(
      String crdFile, String version, String kind, String apiVersion, Map<String, Object> spec)
      throws Exception {
    JsonNode crd = YAML.readTree(Repo.shared().resolve(Path.of("crds", "flux", crdFile)).toFile());
    JsonNode schema = null;
    for (JsonNode v : crd.at("/spec/versions")) {
      if (v.path("name").asText().equals(version)) {
        schema = v.at("/schema/openAPIV3Schema").deepCopy();
      }
    }
    assertThat(schema).as(version + " in " + crdFile).isNotNull();
    strict(schema);
    ObjectNode object = JSON.createObjectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.set(
        "metadata",
        JSON.valueToTree(FluxSync.metadata(Map.of("app.kubernetes.io/managed-by", "clickplane"))));
    object.set("spec", JSON.valueToTree(spec));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
        .getSchema(schema)
        .validate(object)
        .stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toSet());
  }

  /** Closes every object schema that declares properties, as the API server's pruning would. */
  private static void strict(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties")
          && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.put("additionalProperties", false);
      }
      object.forEach(FluxSyncSchemaTest::strict);
    } else if (node != null && node.isArray()) {
      node.forEach(FluxSyncSchemaTest::strict);
    }
  }
}
