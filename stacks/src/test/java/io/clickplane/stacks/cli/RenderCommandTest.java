package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clickplane render}: the tree it writes, byte-identical runs, stale files, refused changes.
 */
class RenderCommandTest {
  @TempDir Path work;

  private record Run(int exitCode, String out, String err) {}

  private static Run render(Path config, Path out) {
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code =
        Clickplane.run(
            new String[] {"render", "--config", config.toString(), "--out", out.toString()},
            new PrintWriter(stdout, true),
            new PrintWriter(stderr, true));
    return new Run(code, stdout.toString(), stderr.toString());
  }

  /** Every file under {@code dir} with its bytes as text, by relative path. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    return files;
  }

  private Path stackVariant(String name, String text) throws IOException {
    Path file = work.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aRenderedEnvironmentWithoutItsSnapshotIsRefusedNotRenderedOver() throws IOException {
    Path out = work.resolve("fleet");
    assertThat(render(Repo.stackFile("dev"), out).exitCode()).isEqualTo(Clickplane.OK);
    try (Stream<Path> walk = Files.walk(out.resolve(".clickplane/dev"))) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Map<String, String> before = snapshot(out);
    // a shrink the guards would refuse: without the snapshot it must not pass silently
    Path shrunk =
        stackVariant(
            "Pulumi.dev.yaml",
            Files.readString(Repo.stackFile("dev")).replace("size: 500Gi", "size: 100Gi"));
    Run run = render(shrunk, out);
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err())
        .contains(
            out.resolve("tenants/dev") + "/ holds a rendered environment but its spec snapshot")
        .contains("nothing was written")
        .doesNotContain("\tat ");
    assertThat(snapshot(out)).isEqualTo(before);
  }

  @Test
  void writesTheEnvironmentsTreeByteIdenticallyAcrossRuns() throws IOException {
    Path out = work.resolve("fleet");
    Run first = render(Repo.stackFile("dev"), out);
    assertThat(first.exitCode()).as(first.err()).isEqualTo(Clickplane.OK);
    assertThat(first.out()).contains("environment dev rendered into").contains("0 removed");
    Map<String, String> tree = snapshot(out);
    assertThat(tree)
        .containsKeys(
            ".clickplane/dev/spec.yaml",
            ".clickplane/dev/organisations.yaml",
            ".clickplane/dev/organisations/acme.yaml",
            "infrastructure/dev/configs/storageclasses/gp3.yaml",
            "infrastructure/dev/configs/storageclasses/io2.yaml",
            "tenants/dev/acme/events/clickhouseinstallation.yaml",
            "tenants/dev/acme/events/zookeeper-statefulset.yaml",
            "tenants/dev/acme/scratch/clickhouseinstallation.yaml",
            "tenants/dev/globex/clicks/poddisruptionbudget-shard-1.yaml",
            "tenants/dev/initech/reports/clickhousekeeperinstallation.yaml");

    Run second = render(Repo.stackFile("dev"), out);
    assertThat(second.exitCode()).isEqualTo(Clickplane.OK);
    assertThat(second.out()).contains("(0 written, " + tree.size() + " unchanged), 0 removed");
    assertThat(snapshot(out)).isEqualTo(tree);

    Path elsewhere = work.resolve("elsewhere");
    assertThat(render(Repo.stackFile("dev"), elsewhere).exitCode()).isEqualTo(Clickplane.OK);
    assertThat(snapshot(elsewhere)).isEqualTo(tree);
  }

  @Test
  void removesTheEnvironmentsStaleFilesOnly() throws IOException {
    Path out = work.resolve("fleet");
    // rendered before (with its snapshot), then a retired service's file left behind
    assertThat(render(Repo.stackFile("dev"), out).exitCode()).isEqualTo(Clickplane.OK);
    Files.createDirectories(out.resolve("tenants/dev/acme/retired"));
    Files.writeString(
        out.resolve("tenants/dev/acme/retired/clickhouseinstallation.yaml"), "stale\n");
    Files.createDirectories(out.resolve("tenants/prod/acme/events"));
    Files.writeString(
        out.resolve("tenants/prod/acme/events/clickhouseinstallation.yaml"), "other env\n");
    Files.writeString(out.resolve("README.md"), "not ours\n");

    Run run = render(Repo.stackFile("dev"), out);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.OK);
    assertThat(run.out()).contains("1 removed");
    assertThat(out.resolve("tenants/dev/acme/retired")).doesNotExist();
    assertThat(out.resolve("tenants/prod/acme/events/clickhouseinstallation.yaml"))
        .hasContent("other env");
    assertThat(out.resolve("README.md")).hasContent("not ours");
  }

  @Test
  void aRefusedChangeIsReportedAndNothingIsWritten() throws IOException {
    Path out = work.resolve("fleet");
    String dev = Files.readString(Repo.stackFile("dev"));
    assertThat(render(Repo.stackFile("dev"), out).exitCode()).isEqualTo(Clickplane.OK);
    Map<String, String> published = snapshot(out);

    String shrunk =
        dev.replace("size: 500Gi", "size: 100Gi")
            .replace(
                "replicas: 3\n          version: \"26.3\"\n          resources:\n            cpu: \"4\"",
                "replicas: 2\n          version: \"26.3\"\n          resources:\n            cpu: \"4\"");
    assertThat(shrunk).isNotEqualTo(dev);
    Path config = stackVariant("Pulumi.dev.yaml", shrunk);
    Run refused = render(config, out);
    assertThat(refused.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(refused.err())
        .contains("organisation acme, service events: data disk shrinks from 500Gi to 100Gi")
        .contains("set allow.diskShrink: true on the service")
        .contains("organisation acme, service events: replicas per shard go down from 3 to 2")
        .contains("2 changes refused; nothing was written.")
        .doesNotContain("Exception");
    assertThat(snapshot(out)).isEqualTo(published);

    String allowed =
        shrunk.replace(
            "          deletionProtection: true\n",
            "          deletionProtection: true\n          allow:\n            diskShrink: true\n            replicaReduction: true\n");
    Run accepted = render(stackVariant("Pulumi.dev.yaml", allowed), out);
    assertThat(accepted.exitCode()).as(accepted.err()).isEqualTo(Clickplane.OK);
    assertThat(Files.readString(out.resolve("tenants/dev/acme/events/clickhouseinstallation.yaml")))
        .contains("storage: 100Gi")
        .contains("replicasCount: 2");
    assertThat(Files.readString(out.resolve(".clickplane/dev/organisations/acme.yaml")))
        .contains("diskShrink: true");
  }

  @Test
  void aStorageClassChangeIsRefusedUntilAllowed() throws IOException {
    Path out = work.resolve("fleet");
    String dev = Files.readString(Repo.stackFile("dev"));
    assertThat(render(Repo.stackFile("dev"), out).exitCode()).isEqualTo(Clickplane.OK);
    Map<String, String> published = snapshot(out);

    String io2 =
        dev.replaceFirst(
            "class: gp3\n            size: 500Gi\n            iops: 6000\n            throughput: 250",
            "class: io2\n            size: 500Gi\n            iops: 6000");
    assertThat(io2).isNotEqualTo(dev);
    Run refused = render(stackVariant("Pulumi.dev.yaml", io2), out);
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(Clickplane.INVALID);
    assertThat(refused.err())
        .contains("organisation acme, service events: storage class changes from gp3 to io2")
        .contains("set allow.storageClassChange: true on the service")
        .doesNotContain("Exception");
    assertThat(snapshot(out)).isEqualTo(published);

    String allowed =
        io2.replace(
            "          deletionProtection: true\n",
            "          deletionProtection: true\n          allow:\n            storageClassChange: true\n");
    Run accepted = render(stackVariant("Pulumi.dev.yaml", allowed), out);
    assertThat(accepted.exitCode()).as(accepted.err()).isEqualTo(Clickplane.OK);
    assertThat(Files.readString(out.resolve(".clickplane/dev/organisations/acme.yaml")))
        .contains("storageClassChange: true");
  }

  @Test
  void aProtectedServiceCannotBeRemovedUntilUnprotected() throws IOException {
    Path out = work.resolve("fleet");
    String dev = Files.readString(Repo.stackFile("dev"));
    assertThat(render(Repo.stackFile("dev"), out).exitCode()).isEqualTo(Clickplane.OK);
    int start = dev.indexOf("        - name: events");
    int end = dev.indexOf("        - name: scratch");
    String withoutEvents = dev.substring(0, start) + dev.substring(end);
    Run refused = render(stackVariant("Pulumi.dev.yaml", withoutEvents), out);
    assertThat(refused.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(refused.err())
        .contains(
            "organisation acme, service events: the service would be removed while deletionProtection is true");
    assertThat(out.resolve("tenants/dev/acme/events/clickhouseinstallation.yaml")).exists();

    String unprotected =
        dev.replace(
            "size: 500Gi\n            iops: 6000\n            throughput: 250\n          backup:\n            schedule: \"0 2 * * *\"\n            retention: 14\n          deletionProtection: true",
            "size: 500Gi\n            iops: 6000\n            throughput: 250\n          backup:\n            schedule: \"0 2 * * *\"\n            retention: 14\n          deletionProtection: false");
    assertThat(unprotected).isNotEqualTo(dev);
    assertThat(render(stackVariant("Pulumi.dev.yaml", unprotected), out).exitCode())
        .isEqualTo(Clickplane.OK);
    Run removed = render(stackVariant("Pulumi.dev.yaml", withoutEvents), out);
    assertThat(removed.exitCode()).as(removed.err()).isEqualTo(Clickplane.OK);
    assertThat(out.resolve("tenants/dev/acme/events")).doesNotExist();
    assertThat(out.resolve("tenants/dev/acme/scratch/clickhouseinstallation.yaml")).exists();
  }

  @Test
  void anInvalidStackFileWritesNothing() throws IOException {
    Path out = work.resolve("fleet");
    String broken =
        Files.readString(Repo.stackFile("dev")).replace("mode: sharded", "mode: shardd");
    Run run = render(stackVariant("Pulumi.dev.yaml", broken), out);
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("nothing was changed").doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }
}
