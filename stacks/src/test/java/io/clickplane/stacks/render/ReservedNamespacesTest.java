package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.ReservedNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reserved organisation names cover every namespace the platform renders outside tenants: an
 * organisation named like one would take it over (admin rights, deny-all policies, a second
 * Kustomization pruning it).
 */
class ReservedNamespacesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyPlatformNamespaceIsReserved(String stack) throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
    ManifestSet fleet = Fleet.render(spec);
    Set<String> tenants = new TreeSet<>();
    for (OrganisationSpec org : spec.organisations()) {
      tenants.add(Naming.namespace(org.name()));
    }
    Set<String> platform = new TreeSet<>();
    for (String path : fleet.paths()) {
      if (!path.endsWith(".yaml")) {
        continue;
      }
      try (MappingIterator<JsonNode> docs =
          YAML.readerFor(JsonNode.class).readValues(fleet.bytes(path))) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          collect(doc, platform);
          if ("Namespace".equals(doc.path("kind").asText())) {
            platform.add(doc.path("metadata").path("name").asText());
          }
        }
      }
    }
    platform.removeAll(tenants);
    platform.remove("");
    assertThat(platform).as("namespaces rendered outside tenants").isNotEmpty();
    assertThat(platform).allSatisfy(ns -> assertThat(ReservedNames.isReserved(ns)).as(ns).isTrue());
  }

  /** Every {@code namespace} and {@code targetNamespace} value anywhere in a document. */
  private static void collect(JsonNode node, Set<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if ((e.getKey().equals("namespace") || e.getKey().equals("targetNamespace"))
                    && e.getValue().isTextual()) {
                  out.add(e.getValue().asText());
                }
                collect(e.getValue(), out);
              });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }
}
