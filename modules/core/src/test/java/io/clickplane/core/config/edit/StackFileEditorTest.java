package io.clickplane.core.config.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.UpgradeChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackFileEditorTest {
  private static final String COMMENTED =
      """
      # The test fleet. Comments, blank lines and quoting must survive an edit.
      config:
        aws:region: eu-west-1   # Ireland
        clickplane:environment: dev

        clickplane:organisations:
          # first customer
          - name: acme
            services:
              - name: events   # the big one
                mode: replicated
                version: "24.8"    # pinned line
                storage:
                  class: gp3
                  size: 500Gi      # grown 2026-11-02
                  iops: 6000
                # no upgrade yet
              - name: scratch
                mode: single
                version: '25.3'
                upgrade:
                  canary: "25.8"
                storage: {class: gp3, size: 50Gi}
          - name: globex   # second
            services:
              - name: clicks
                mode: single
                storage:
                  size: 1Ti
      """;

  private static StackFileEditor editor() throws StackEditException {
    return StackFileEditor.of("Pulumi.test.yaml", COMMENTED);
  }

  /** The lines that differ between {@code before} and {@code after}: a line diff (LCS). */
  private static List<String> changedLines(String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        i++;
        j++;
      } else if (j == b.size() || (i < a.size() && common[i + 1][j] >= common[i][j + 1])) {
        out.add("-" + a.get(i++));
      } else {
        out.add("+" + b.get(j++));
      }
    }
    return out;
  }

  @Test
  void replacesOneValueAndKeepsEverythingElseByteForByte() throws Exception {
    String after =
        editor().set(KeyPath.service("acme", "events").key("storage", "size"), "750Gi").apply();
    assertThat(changedLines(COMMENTED, after))
        .containsExactly(
            "-            size: 500Gi      # grown 2026-11-02",
            "+            size: 750Gi      # grown 2026-11-02");
    assertThat(after.length()).isEqualTo(COMMENTED.length());
  }

  @Test
  void keepsTheQuotingStyleAndQuotesWhatWouldReadAsANumber() throws Exception {
    String after =
        editor()
            .set(KeyPath.service("acme", "events").key("version"), "25.3")
            .set(KeyPath.service("acme", "scratch").key("version"), "25.8")
            .set(KeyPath.service("globex", "clicks").key("storage", "size"), "2Ti")
            .apply();
    assertThat(changedLines(COMMENTED, after))
        .containsExactly(
            "-          version: \"24.8\"    # pinned line",
            "+          version: \"25.3\"    # pinned line",
            "-          version: '25.3'",
            "+          version: '25.8'",
            "-            size: 1Ti",
            "+            size: 2Ti");
    assertThat(after).contains("      size: 2Ti\n");
  }

  @Test
  void addsAMissingKeyIndentedLikeItsSiblingsAndMergesNewParents() throws Exception {
    KeyPath events = KeyPath.service("acme", "events");
    String after =
        editor()
            .set(events.key("upgrade", "canary"), "25.3")
            .set(events.key("upgrade", "channel"), "fast")
            .apply();
    assertThat(changedLines(COMMENTED, after))
        .containsExactly(
            "+          upgrade:", "+            canary: \"25.3\"", "+            channel: fast");
    assertThat(after.indexOf("upgrade:\n            canary"))
        .isGreaterThan(after.indexOf("iops: 6000"))
        .isLessThan(after.indexOf("# no upgrade yet"));
  }

  @Test
  void removesAKeyAndItsParentWhenNothingElseIsLeft() throws Exception {
    String after =
        editor()
            .set(KeyPath.service("acme", "scratch").key("version"), "25.8")
            .remove(KeyPath.service("acme", "scratch").key("upgrade", "canary"))
            .apply();
    assertThat(changedLines(COMMENTED, after))
        .containsExactly(
            "-          version: '25.3'",
            "-          upgrade:",
            "-            canary: \"25.8\"",
            "+          version: '25.8'");
  }

  @Test
  void addsToAndRemovesFromAFlowMappingInPlace() throws Exception {
    KeyPath scratch = KeyPath.service("acme", "scratch");
    String added = editor().set(scratch.key("storage", "maxSize"), "1Ti").apply();
    assertThat(changedLines(COMMENTED, added))
        .containsExactly(
            "-          storage: {class: gp3, size: 50Gi}",
            "+          storage: {class: gp3, size: 50Gi, maxSize: 1Ti}");
    String removed =
        StackFileEditor.of("t.yaml", added)
            .remove(scratch.key("storage", "class"))
            .remove(scratch.key("storage", "maxSize"))
            .apply();
    assertThat(changedLines(COMMENTED, removed))
        .containsExactly(
            "-          storage: {class: gp3, size: 50Gi}", "+          storage: {size: 50Gi}");
  }

  @Test
  void anUnchangedValueChangesNoByte() throws Exception {
    assertThat(
            editor().set(KeyPath.service("acme", "events").key("storage", "size"), "500Gi").apply())
        .isEqualTo(COMMENTED);
  }

  @Test
  void theRealStackFilesStayValidAfterAnEdit(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path dev = Path.of("../../stacks/Pulumi.dev.yaml");
    String text = Files.readString(dev);
    String after =
        StackFileEditor.of(dev.toString(), text)
            .set(KeyPath.service("acme", "events").key("storage", "size"), "600Gi")
            .set(KeyPath.service("acme", "events").key("upgrade", "channel"), "fast")
            .apply();
    assertThat(changedLines(text, after))
        .containsExactly(
            "-            size: 500Gi",
            "+            size: 600Gi",
            "+          upgrade:",
            "+            channel: fast")
        .hasSize(4);
    var spec = StackConfig.parse("edited", after);
    var events = spec.organisations().get(0).service("events").orElseThrow();
    assertThat(events.storage().size()).isEqualTo("600Gi");
    assertThat(events.upgrade().channel()).isEqualTo(UpgradeChannel.FAST);
  }

  @Test
  void namesTheFileLineAndPathOfAnEditItCannotMake() throws Exception {
    assertThatThrownBy(
            () -> editor().set(KeyPath.service("acme", "nosuch").key("version"), "25.3").apply())
        .isInstanceOf(StackEditException.class)
        .hasMessage(
            "Pulumi.test.yaml:10: config.clickplane:organisations[acme].services[nosuch].version:"
                + " has no item named \"nosuch\"");
    assertThatThrownBy(
            () ->
                editor()
                    .set(KeyPath.service("acme", "scratch").key("storage", "size"), "60Gi")
                    .set(KeyPath.service("acme", "scratch").key("storage", "limits", "max"), "1Ti")
                    .apply())
        .isInstanceOf(StackEditException.class)
        .hasMessageContaining("Pulumi.test.yaml:23: ")
        .hasMessageContaining("flow style");
  }
}
