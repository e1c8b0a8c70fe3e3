package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCredentialsTest {
  @TempDir Path home;

  private static String login(CredentialsProvider provider) throws Exception {
    CredentialItem.Username user = new CredentialItem.Username();
    CredentialItem.Password password = new CredentialItem.Password();
    provider.get(new URIish("https://example.com/x.git"), user, password);
    return user.getValue() + ":" + new String(password.getValue());
  }

  @Test
  void environmentComesFirst() throws Exception {
    Files.writeString(home.resolve(".git-credentials"), "https://file:pw@git.example.com\n");
    Map<String, String> env =
        Map.of("CLICKPLANE_GIT_USERNAME", "env", "CLICKPLANE_GIT_PASSWORD", "pw2");
    assertThat(
            login(
                GitCredentials.forUrl("https://git.example.com/flux.git", env, home).orElseThrow()))
        .isEqualTo("env:pw2");
    assertThat(
            login(
                GitCredentials.forUrl(
                        "https://git.example.com/flux.git",
                        Map.of("CLICKPLANE_GIT_TOKEN", "t0k"),
                        home)
                    .orElseThrow()))
        .isEqualTo("x-access-token:t0k");
  }

  @Test
  void theCredentialsFileMatchesSchemeHostPortAndPath() throws Exception {
    Files.writeString(
        home.resolve(".git-credentials"),
        String.join(
            "\n",
            "https://other:x@other.example.com",
            "http://wrongscheme:x@git.example.com",
            "https://team%40corp:p%3Ass@git.example.com/fleet",
            ""));
    assertThat(
            login(
                GitCredentials.forUrl("https://git.example.com/fleet/flux.git", Map.of(), home)
                    .orElseThrow()))
        .isEqualTo("team@corp:p:ss");
    assertThat(GitCredentials.forUrl("https://git.example.com/elsewhere/flux.git", Map.of(), home))
        .isEmpty();
    assertThat(GitCredentials.forUrl("https://git.example.com:8443/fleet/flux.git", Map.of(), home))
        .isEmpty();
    Path file = home.resolve("creds");
    Files.writeString(file, "https://ci:tok@git.example.com\n");
    assertThat(
            login(
                GitCredentials.forUrl(
                        "https://git.example.com/a.git",
                        Map.of("CLICKPLANE_GIT_CREDENTIALS", file.toString()),
                        home)
                    .orElseThrow()))
        .isEqualTo("ci:tok");
  }
}
