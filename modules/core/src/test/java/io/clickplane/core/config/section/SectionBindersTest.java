package io.clickplane.core.config.section;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.ConfigDocument;
import io.clickplane.core.config.ConfigProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The section table: keys listed from the binders, and the "ok" flag that gates binding. */
class SectionBindersTest {
  private static Binding binding(String yaml) {
    return new Binding(ConfigDocument.parseYaml("s.yaml", "config:\n" + yaml));
  }

  @Test
  void theTopLevelKeysAreTheSectionsInTableOrder() {
    assertThat(Sections.clickplaneKeys())
        .containsExactly(
            "environment",
            "domain",
            "bucketPrefix",
            "network",
            "eks",
            "plans",
            "cells",
            "gitops",
            "maintenance",
            "organisations",
            "dns",
            "monitoring",
            "keycloak",
            "billing",
            "gitopsPassword");
    assertThat(Sections.secretKeys()).containsExactly("gitopsPassword");
  }

  @Test
  void eachMapAllowsExactlyTheKeysItsBinderDeclares() {
    for (SectionBinder<?> section : Sections.ORDER) {
      for (Key<?> key : section.keys()) {
        if (key.table() == null || key.name().equals(OrganisationsBinder.ORGANISATIONS.name())) {
          continue;
        }
        Binding b = binding("  " + key.name() + ": {zzz: 1}\n");
        b.section().map(key);
        assertThat(b.problems())
            .extracting(ConfigProblem::toString)
            .containsExactly(
                "s.yaml:2: "
                    + key.name()
                    + ".zzz: unknown key; allowed: "
                    + String.join(", ", key.table().names()));
      }
    }
  }

  @Test
  void everyKeyButASecretIsWrittenToTheCanonicalSpec() {
    List<String> unwritten = new java.util.ArrayList<>();
    collectUnwritten(Sections.topLevel(), "", unwritten);
    assertThat(unwritten).containsExactly("clickplane:gitopsPassword");
  }

  private static void collectUnwritten(KeyTable table, String prefix, List<String> out) {
    for (Key<?> key : table.keys()) {
      if (!key.written()) {
        out.add(prefix + key.name());
      }
      if (key.table() != null) {
        collectUnwritten(key.table(), prefix + key.name() + ".", out);
      }
    }
  }

  @Test
  void aFailedReadClearsTheSectionsFlag() {
    Binding good = binding("  clickplane:network: {cidr: 10.1.0.0/16}\n");
    Section ok = good.section();
    assertThat(NetworkBinder.BINDER.bind(ok, new Bound())).isNotNull();
    assertThat(ok.ok()).isTrue();

    Binding bad = binding("  clickplane:network: {cidr: 10.1.0.0/8, availabilityZones: 3}\n");
    Section failed = bad.section();
    assertThat(NetworkBinder.BINDER.bind(failed, new Bound())).isNull();
    assertThat(failed.ok()).isFalse();
    assertThat(bad.problems()).hasSize(1);
  }

  @Test
  void aFailedReadInANestedMapClearsItsSection() {
    Binding b = binding("  clickplane:monitoring: {alertReceiver: {type: webhook}}\n");
    Section s = b.section();
    assertThat(MonitoringBinder.BINDER.bind(s, new Bound())).isNull();
    assertThat(s.ok()).isFalse();
    assertThat(b.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("clickplane:monitoring.alertReceiver.secretName");
  }

  @Test
  void aNodeGroupThatFailsIsLeftOutWithoutClearingTheSection() {
    Binding b =
        binding(
            "  clickplane:eks:\n"
                + "    nodeGroups:\n"
                + "      - {name: system, instanceType: m6i.large}\n"
                + "      - {name: Bad_Name, instanceType: m6i.large}\n");
    Section s = b.section();
    var eks = EksBinder.BINDER.bind(s, new Bound());
    assertThat(s.ok()).isTrue();
    assertThat(eks.nodeGroups()).extracting("name").containsExactly("system");
    assertThat(b.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("clickplane:eks.nodeGroups[1].name");
  }

  @Test
  void aLaterSectionSeesWhatAnEarlierOneBound() {
    Binding b =
        binding(
            "  aws:region: eu-west-1\n"
                + "  clickplane:environment: averyveryverylongenvironmentname\n"
                + "  clickplane:domain: example.com\n"
                + "  clickplane:organisations: [{name: anorganisationnamethatislong}]\n");
    Bound bound = new Bound();
    bound.bind(TopLevelBinder.BINDER, b);
    bound.bind(OrganisationsBinder.BINDER, b);
    assertThat(b.problems())
        .extracting(ConfigProblem::path)
        .contains("clickplane:organisations[0].name");
    assertThat(bound.get(OrganisationsBinder.BINDER))
        .as("a name over budget is reported, the organisation still binds")
        .hasSize(1);
    assertThat(List.of(bound.ok())).containsExactly(true);
  }
}
