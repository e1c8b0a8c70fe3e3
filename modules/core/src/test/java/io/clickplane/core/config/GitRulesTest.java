package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Flux repository URL and branch rules, the branch rules checked against the real git. */
class GitRulesTest {
  /** Names {@code git check-ref-format --branch} is asked about, both accepted and refused. */
  private static final List<String> CORPUS =
      List.of(
          "main",
          "master",
          "release/2026.1",
          "feature/x-y_z",
          "a/b/c",
          "v1.2.3",
          "é-branch",
          "x@y",
          "x{y}",
          "a.b",
          "a-",
          "under_score",
          "HEAD/x",
          "x/HEAD",
          "-x",
          "x-",
          "/x",
          "x/",
          "a//b",
          ".x",
          "a/.b",
          "a.",
          "a/b.",
          "a..b",
          "x.lock",
          "x.lock/y",
          "y/x.lock",
          "x.lockz",
          "a b",
          "a\tb",
          "a~b",
          "a^b",
          "a:b",
          "a?b",
          "a*b",
          "a[b",
          "a\\b",
          "a@{b",
          "@{-1}",
          "a\u007fb",
          "a\u0001b",
          "",
          "..",
          ".",
          "x/./y",
          "x/../y");

  @Test
  void branchRulesAgreeWithGitCheckRefFormat(@TempDir Path dir) throws Exception {
    List<String> disagreements = new ArrayList<>();
    for (String name : CORPUS) {
      boolean git = gitAccepts(dir, name);
      boolean ours = Rules.branch(name).isEmpty();
      if (git != ours) {
        disagreements.add("\"" + name + "\": git " + git + ", Rules.branch " + ours);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HEAD",
        "@",
        "refs/heads/main",
        "refs/x",
        "clickplane/dev/0123456789ab",
        "clickplane/x"
      })
  void branchesFluxDoesNotReadOrClickplaneOwnsAreRefused(String name) {
    assertThat(Rules.branch(name)).isPresent();
  }

  @Test
  void refusalsSayWhatToWriteInstead() {
    assertThat(Rules.branch("refs/heads/main")).get().asString().contains("main");
    assertThat(Rules.branch("clickplane/prod")).get().asString().contains("change branches");
    assertThat(Rules.branch("HEAD")).get().asString().contains("such as main");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:s3cr3t-T0KEN@git.example.com/org/fleet.git",
        "https://s3cr3t-T0KEN@github.com/org/fleet.git",
        "http://user:s3cr3t-T0KEN@git.example.com/fleet.git",
        "ssh://user:s3cr3t-T0KEN@git.example.com/fleet.git",
        "git+ssh://user:s3cr3t-T0KEN@git.example.com/fleet.git",
        "user:s3cr3t-T0KEN@git.example.com:org/fleet.git",
        "HTTPS://x-access-token:s3cr3t-T0KEN@github.com/org/fleet.git"
      })
  void aCredentialInTheRepositoryUrlIsRefusedWithoutRepeatingIt(String url) {
    assertThat(Rules.gitRepository(url))
        .get()
        .asString()
        .contains("clickplane:gitopsPassword")
        .contains("CLICKPLANE_GIT_TOKEN")
        .doesNotContain("s3cr3t-T0KEN");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "https://git.example.com/org/fleet.git",
        "ssh://git@git.example.com/org/fleet.git",
        "ssh://git@git.example.com:2222/org/fleet.git",
        "git@github.com:acme/fleet.git",
        "file:///srv/git/fleet.git",
        "../fleet.git"
      })
  void urlsWithoutACredentialPass(String url) {
    assertThat(Rules.gitRepository(url)).isEmpty();
  }

  @Test
  void redactionRemovesEveryCredentialFromFreeText() {
    assertThat(
            GitUrls.redact(
                "cannot reach https://bob:tok3n@h.example/x.git: refused; also ssh://u:p4ss@h:22/y"))
        .isEqualTo("cannot reach https://***@h.example/x.git: refused; also ssh://***@h:22/y");
    assertThat(GitUrls.redact("https://tok3n@github.com/o/r.git"))
        .isEqualTo("https://***@github.com/o/r.git");
    assertThat(GitUrls.redact("user:p4ss@host.example:o/r.git"))
        .isEqualTo("***@host.example:o/r.git");
    // A user name alone over SSH is how the server is addressed, not a secret.
    assertThat(GitUrls.redact("ssh://git@github.com/o/r.git"))
        .isEqualTo("ssh://git@github.com/o/r.git");
    assertThat(GitUrls.redact("git@github.com:o/r.git")).isEqualTo("git@github.com:o/r.git");
    assertThat(GitUrls.redact("mail me at a@b.example")).isEqualTo("mail me at a@b.example");
    assertThat(GitUrls.redact(null)).isNull();
  }

  @Test
  void theSpecSnapshotNeverHoldsACredentialEvenForASpecBuiltWithoutValidation() throws Exception {
    var dev = StackConfig.load(io.clickplane.core.testing.Repo.stackFile("dev"));
    var leaky =
        dev.withGitops(
            new io.clickplane.core.spec.GitopsSpec(
                "https://bot:s3cr3t-T0KEN@git.example.com/org/fleet.git", "main"));
    assertThat(CanonicalSpec.write(leaky))
        .contains("repository: https://***@git.example.com/org/fleet.git")
        .doesNotContain("s3cr3t-T0KEN")
        .doesNotContain("bot:");
  }

  @Test
  void aProblemNeverRepeatsACredential() {
    assertThat(
            new ConfigProblem(
                    "f.yaml",
                    3,
                    "clickplane:gitops",
                    "must be a map (got string \"https://u:pw@h/r\")")
                .toString())
        .isEqualTo("f.yaml:3: clickplane:gitops: must be a map (got string \"https://***@h/r\")");
  }

  private static boolean gitAccepts(Path dir, String name)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("git", "check-ref-format", "--branch", name)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0;
  }
}
