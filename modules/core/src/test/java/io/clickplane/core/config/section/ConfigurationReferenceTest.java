package io.clickplane.core.config.section;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The key tables of docs/configuration.md are the sections' keys: regenerate them with {@code
 * ./mvnw -pl modules/core test -Dtest=ConfigurationReferenceTest -Dclickplane.updateGolden=true}.
 */
class ConfigurationReferenceTest {
  private static final Path DOC = Repo.root().resolve("docs/configuration.md");

  @Test
  void theReferenceTablesAreTheKeys() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String generated = Reference.regenerate(doc);
    if (Boolean.getBoolean(Golden.UPDATE)) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
      return;
    }
    assertThat(doc)
        .as(
            "docs/configuration.md differs from the keys; run the core tests with -D%s=true and"
                + " review the diff",
            Golden.UPDATE)
        .isEqualTo(generated);
  }

  @Test
  void aTableReadsAsTheKeysDeclareIt() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    assertThat(doc)
        .contains(
            "<!-- keys: clickplane:network -->\n"
                + "| key | type | default | meaning |\n"
                + "| --- | --- | --- | --- |\n"
                + "| `cidr` | IPv4 CIDR, /16 to /20, host bits zero | `10.40.0.0/16` | VPC address"
                + " range. |\n")
        .contains("| `addons.kubeProxy` | `vX.Y.Z-eksbuild.N`, of the cluster's minor version |")
        .contains("| `storage.iops` | integer | `3000` |")
        .contains("| `backup.schedule` | cron, 5 fields (or `@daily`, …), UTC | `\"0 2 * * *\"` |")
        .contains("| `serverFeePerHour` | decimal 0..1000 (quote it: `\"0.05\"`) | `\"0.05\"` |")
        .contains("| `clickplane:gitopsPassword` | Pulumi secret | none |");
  }

  @Test
  void everyKeyHasATypeADefaultAndAMeaning() {
    for (KeyTable table : Sections.documented()) {
      for (Key<?> key : table.keys()) {
        if (key.table() != null && key.inline()) {
          continue;
        }
        Key.Row row = key.row();
        assertThat(row.type()).as("type of %s in %s", key.name(), table.id()).isNotBlank();
        assertThat(row.defaultText())
            .as("default of %s in %s", key.name(), table.id())
            .isNotBlank();
        assertThat(row.meaning()).as("meaning of %s in %s", key.name(), table.id()).isNotBlank();
      }
    }
  }

  @Test
  void aTableWithoutAPlaceInTheDocumentIsNamed() {
    assertThatThrownBy(() -> Reference.regenerate("# nothing here\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clickplane:network")
        .hasMessageContaining("clickplane:organisations[].services[].allow");
    String doc =
        "<!-- keys: clickplane:nosuch -->\n<!-- end keys -->\n"
            + Sections.documented().stream()
                .map(t -> "<!-- keys: " + t.id() + " -->\n<!-- end keys -->\n")
                .reduce("", String::concat);
    assertThatThrownBy(() -> Reference.regenerate(doc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(no such table) clickplane:nosuch");
  }
}
