package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathFingerprintTest {
  @TempDir Path dir;

  private static void jar(Path jar, String entry, String content) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  @Test
  void followsTheClassPathOfTheCommandLinesJar() throws Exception {
    Path lib = dir.resolve("lib");
    Files.createDirectories(lib);
    jar(lib.resolve("clickplane-clickhouse-0.1.jar"), "io/clickplane/R.class", "a");
    jar(lib.resolve("dep-1.0.jar"), "d/D.class", "x");
    Path app = dir.resolve("clickplane.jar");
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(
            java.util.jar.Attributes.Name.CLASS_PATH,
            "lib/clickplane-clickhouse-0.1.jar lib/dep-1.0.jar");
    try (java.util.jar.JarOutputStream out =
        new java.util.jar.JarOutputStream(Files.newOutputStream(app), manifest)) {
      out.putNextEntry(new ZipEntry("io/clickplane/Main.class"));
      out.write(1);
      out.closeEntry();
    }
    byte[] base = ClasspathFingerprint.of(app.toString());
    assertThat(ClasspathFingerprint.of(app.toString())).isEqualTo(base);
    jar(lib.resolve("clickplane-clickhouse-0.1.jar"), "io/clickplane/R.class", "b");
    assertThat(ClasspathFingerprint.of(app.toString())).isNotEqualTo(base);
    jar(lib.resolve("clickplane-clickhouse-0.1.jar"), "io/clickplane/R.class", "a");
    assertThat(ClasspathFingerprint.of(app.toString())).isEqualTo(base);
    jar(lib.resolve("dep-1.0.jar"), "d/D.class", "xy"); // a dependency rebuilt with another size
    assertThat(ClasspathFingerprint.of(app.toString())).isNotEqualTo(base);
  }

  @Test
  void changesWithAnyOwnClassResourceOrDependency() throws Exception {
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes.resolve("io/clickplane"));
    Files.writeString(classes.resolve("io/clickplane/Renderer.class"), "v1");
    Path app = dir.resolve("clickplane.jar");
    jar(app, "io/clickplane/Other.class", "a");
    Path dep = dir.resolve("lib-1.0.jar");
    jar(dep, "lib/A.class", "x");
    String cp = String.join(File.pathSeparator, classes.toString(), app.toString(), dep.toString());
    byte[] base = ClasspathFingerprint.of(cp);
    assertThat(ClasspathFingerprint.of(cp)).isEqualTo(base);

    Files.writeString(classes.resolve("io/clickplane/Renderer.class"), "v2");
    byte[] changedClass = ClasspathFingerprint.of(cp);
    assertThat(changedClass).isNotEqualTo(base);
    Files.writeString(classes.resolve("io/clickplane/Renderer.class"), "v1");
    assertThat(ClasspathFingerprint.of(cp)).isEqualTo(base);

    Files.writeString(classes.resolve("io/clickplane/template.ftl"), "resource");
    assertThat(ClasspathFingerprint.of(cp)).isNotEqualTo(base);
    Files.delete(classes.resolve("io/clickplane/template.ftl"));

    jar(app, "io/clickplane/Other.class", "b"); // same size, other content
    assertThat(ClasspathFingerprint.of(cp)).isNotEqualTo(base);
    jar(app, "io/clickplane/Other.class", "a");
    assertThat(ClasspathFingerprint.of(cp)).isEqualTo(base);

    Path dep2 = dir.resolve("lib-1.1.jar");
    Files.copy(dep, dep2);
    String upgraded =
        String.join(File.pathSeparator, classes.toString(), app.toString(), dep2.toString());
    assertThat(ClasspathFingerprint.of(upgraded)).isNotEqualTo(base);
  }
}
