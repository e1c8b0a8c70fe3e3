package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh publish of the dev stack holds no password, token or key: every file of every commit on
 * every ref, and every commit message, is searched.
 */
class PublishedSecretsTest {
  /** What a credential in a published file would look like. */
  private static final List<Pattern> CREDENTIALS =
      List.of(
          // a Kubernetes Secret carries values; the platform never renders one
          Pattern.compile("(?m)^kind: Secret$"),
          // a literal password in a ClickHouse XML file or a users section
          Pattern.compile("<password>[^<]+</password>"),
          Pattern.compile("(?m)/password(_sha256_hex|_double_sha1_hex)?: *[^\\s{]"),
          Pattern.compile(
              "(?im)^\\s*(password|token|secret|apiKey|accessKey|secretAccessKey|aws_secret_access_key|clientSecret)\\s*:\\s*['\"]?[A-Za-z0-9+/=_-]{12,}['\"]?\\s*$"),
          // the operator chart's well-known default
          Pattern.compile("clickhouse_operator_password"),
          // AWS access keys and private keys
          Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}"),
          Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
          // userinfo in a URL
          Pattern.compile("[a-z]+://[^/\\s:@]+:[^/\\s@]+@"));

  @TempDir Path project;

  @Test
  void aFreshDevPublishHoldsNoPasswordTokenOrKey() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    Path stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.copy(Repo.stackFile("dev"), stack);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Clickplane.run(
            new String[] {"publish", "--config", stack.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();

    List<String> findings = new ArrayList<>();
    int files = 0;
    try (Repository repo =
            new FileRepositoryBuilder()
                .setGitDir(project.resolve(".clickplane/flux.git").toFile())
                .build();
        RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
        walk.markStart(walk.parseCommit(ref.getObjectId()));
      }
      for (RevCommit commit : walk) {
        scan("commit " + commit.name(), commit.getFullMessage(), findings);
        try (TreeWalk tree = new TreeWalk(repo)) {
          tree.addTree(commit.getTree());
          tree.setRecursive(true);
          while (tree.next()) {
            ObjectId blob = tree.getObjectId(0);
            String text = new String(repo.open(blob).getBytes(), StandardCharsets.UTF_8);
            scan(commit.name() + ":" + tree.getPathString(), text, findings);
            files++;
          }
        }
      }
    }
    assertThat(files).as("files searched").isGreaterThan(100);
    assertThat(findings).isEmpty();
    // The scan finds what it looks for.
    List<String> planted = new ArrayList<>();
    scan("planted", "users:\n  admin/password: hunter2hunter2\n", planted);
    scan("planted", "<password>x</password>", planted);
    scan("planted", "apiVersion: v1\nkind: Secret\n", planted);
    assertThat(planted).hasSize(3);
  }

  private static void scan(String where, String text, List<String> findings) {
    for (Pattern pattern : CREDENTIALS) {
      var m = pattern.matcher(text);
      if (m.find()) {
        findings.add(where + ": " + m.group());
      }
    }
  }
}
