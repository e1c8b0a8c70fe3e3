package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./clickplane} launcher rebuilds the jar when a POM, source or resource it is built
 * from is newer than the jar, and only then. Runs the real script in a copy of the project layout
 * where {@code mvnw} and {@code java} are stand-ins that record their calls.
 */
class LauncherTest {
  @TempDir Path project;

  private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

  private void layout() throws Exception {
    Files.copy(
        Repo.root().resolve("clickplane"),
        project.resolve("clickplane"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    executable(
        project.resolve("mvnw"),
        "#!/bin/sh\necho mvnw \"$@\" >> \"$LOG\"\ntouch stacks/target/clickplane.jar\n");
    Path bin = Files.createDirectories(project.resolve("bin"));
    executable(bin.resolve("java"), "#!/bin/sh\necho java \"$@\" >> \"$LOG\"\n");
    for (String f :
        List.of(
            "pom.xml",
            "modules/core/pom.xml",
            "modules/core/src/main/java/A.java",
            "modules/core/src/main/resources/r.txt",
            "modules/core/src/test/java/ATest.java",
            "modules/core/target/classes/A.class",
            "gitops/src/main/java/G.java",
            "stacks/src/main/java/S.java",
            "stacks/target/clickplane.jar")) {
      Path p = project.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
      Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(60)));
    }
    Files.setLastModifiedTime(
        project.resolve("stacks/target/clickplane.jar"), FileTime.from(BUILT));
  }

  private static void executable(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs {@code ./clickplane --version}; returns the calls the stand-ins saw. */
  private List<String> run() throws Exception {
    Path log = project.resolve("calls.log");
    Files.deleteIfExists(log);
    ProcessBuilder pb =
        new ProcessBuilder("bash", project.resolve("clickplane").toString(), "--version")
            .directory(project.toFile())
            .redirectErrorStream(true);
    pb.environment().put("PATH", project.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("LOG", log.toString());
    pb.environment().put("CLICKPLANE_NO_CDS", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private void touch(String file) throws Exception {
    Files.setLastModifiedTime(project.resolve(file), FileTime.from(BUILT.plusSeconds(60)));
  }

  @Test
  void anUpToDateJarRunsWithoutABuild() throws Exception {
    layout();
    // newer files that do not go into the jar: tests and build output
    touch("modules/core/src/test/java/ATest.java");
    touch("modules/core/target/classes/A.class");
    assertThat(run())
        .singleElement()
        .asString()
        .startsWith(
            "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "
                + project.resolve("stacks/target"))
        .endsWith("clickplane.jar --version");
  }

  @Test
  void aNewerSourceResourceOrPomRebuildsFirst() throws Exception {
    for (String changed :
        List.of(
            "modules/core/src/main/java/A.java",
            "modules/core/src/main/resources/r.txt",
            "gitops/src/main/java/G.java",
            "stacks/src/main/java/S.java",
            "modules/core/pom.xml",
            "pom.xml")) {
      layout();
      touch(changed);
      List<String> calls = run();
      assertThat(calls).as(changed).hasSize(2);
      assertThat(calls.get(0))
          .as(changed)
          .startsWith("mvnw -q -B -DskipTests -pl stacks -am package");
      assertThat(calls.get(1)).as(changed).endsWith("clickplane.jar --version");
      // the build marked the jar: the next run does not build again
      assertThat(run()).as(changed).singleElement().asString().startsWith("java ");
    }
  }

  @Test
  void aMissingJarIsBuilt() throws Exception {
    layout();
    Files.delete(project.resolve("stacks/target/clickplane.jar"));
    assertThat(run()).first().asString().startsWith("mvnw ");
  }
}
