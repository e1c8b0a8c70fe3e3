package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.testing.Fleets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pull-request} against a local stand-in for GitHub's REST API that checks the request as
 * GitHub's "create a pull request" endpoint defines it: {@code POST /repos/{owner}/{repo}/pulls},
 * headers {@code Accept: application/vnd.github+json}, {@code Authorization: Bearer <token>},
 * {@code X-GitHub-Api-Version: 2022-11-28}, a JSON body with {@code title}, {@code head}, {@code
 * base}, {@code body}; answers 201 with the pull request, or GitHub's error shapes otherwise.
 */
class PullRequestTest {
  private static final String TOKEN = "ghp_test_token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private HttpServer github;
  private final List<JsonNode> received = new ArrayList<>();

  @BeforeEach
  void startGitHub() throws IOException {
    github = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    github.createContext("/", this::handle);
    github.start();
  }

  @AfterEach
  void stopGitHub() {
    github.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String problem = null;
    var h = exchange.getRequestHeaders();
    if (!exchange.getRequestMethod().equals("POST")) {
      problem = "405:method " + exchange.getRequestMethod();
    } else if (!exchange.getRequestURI().getPath().equals("/repos/acme/flux/pulls")) {
      problem = "404:Not Found " + exchange.getRequestURI().getPath();
    } else if (!("Bearer " + TOKEN).equals(h.getFirst("Authorization"))) {
      problem = "401:Bad credentials";
    } else if (!"application/vnd.github+json".equals(h.getFirst("Accept"))) {
      problem = "415:Accept " + h.getFirst("Accept");
    } else if (!"2022-11-28".equals(h.getFirst("X-GitHub-Api-Version"))) {
      problem = "400:X-GitHub-Api-Version " + h.getFirst("X-GitHub-Api-Version");
    } else if (h.getFirst("Content-Type") == null
        || !h.getFirst("Content-Type").startsWith("application/json")) {
      problem = "415:Content-Type " + h.getFirst("Content-Type");
    }
    JsonNode body = null;
    if (problem == null) {
      body = JSON.readTree(exchange.getRequestBody());
      for (String field : List.of("title", "head", "base", "body")) {
        if (!body.path(field).isTextual() || body.path(field).asText().isEmpty()) {
          problem = "422:Validation Failed: " + field;
        }
      }
      if (problem == null && body.path("base").asText().equals("missing")) {
        problem = "422:Validation Failed: base invalid";
      }
    }
    byte[] answer;
    int status;
    if (problem == null) {
      received.add(body);
      status = 201;
      answer =
          ("{\"number\":7,\"html_url\":\"https://github.com/acme/flux/pull/7\",\"head\":{\"ref\":\""
                  + body.path("head").asText()
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8);
    } else {
      String[] p = problem.split(":", 2);
      status = Integer.parseInt(p[0]);
      answer =
          JSON.writeValueAsBytes(
              java.util.Map.of(
                  "message",
                  p[1],
                  "documentation_url",
                  "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"));
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  private URI api() {
    return URI.create("http://127.0.0.1:" + github.getAddress().getPort());
  }

  @Test
  void aChangeBranchOpensAPullRequestWithTheSummaryAsBody() throws Exception {
    PlatformSpec dev = Fleets.dev();
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      Publish.to(repo).rendered(dev, Fleets.tree(dev)).clock(PublishTest.CLOCK).call();
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      PublishResult result =
          Publish.to(repo)
              .rendered(changed, Fleets.tree(changed))
              .clock(PublishTest.CLOCK)
              .pullRequests(
                  GitHubPullRequests.forRemote(api(), "https://github.com/acme/flux.git", TOKEN))
              .call();
      assertThat(result.pullRequest()).contains("https://github.com/acme/flux/pull/7");
      assertThat(received).hasSize(1);
      JsonNode request = received.get(0);
      assertThat(request.path("head").asText())
          .isEqualTo(result.branch())
          .startsWith("clickplane/dev/");
      assertThat(request.path("base").asText()).isEqualTo("main");
      assertThat(request.path("title").asText())
          .isEqualTo("clickplane dev: 2 changed (acme/events, platform)");
      assertThat(request.path("body").asText())
          .isEqualTo(result.summary().body())
          .contains("acme/events: changed (1 modified)");
    }
  }

  @Test
  void gitHubsRefusalIsReportedWithItsMessage() {
    GitHubPullRequests client =
        GitHubPullRequests.forRemote(api(), "git@github.com:acme/flux.git", TOKEN);
    assertThatThrownBy(() -> client.open("clickplane/dev/abc", "missing", "t", "b"))
        .isInstanceOf(PublishException.class)
        .hasMessage(
            "GitHub refused the pull request clickplane/dev/abc → missing on acme/flux: HTTP 422 Validation Failed: base invalid");
    GitHubPullRequests wrongToken =
        GitHubPullRequests.forRemote(api(), "https://github.com/acme/flux", "nope");
    assertThatThrownBy(() -> wrongToken.open("h", "main", "t", "b"))
        .hasMessageContaining("HTTP 401 Bad credentials");
  }

  @Test
  void ownerAndRepositoryComeFromTheRemoteUrl() {
    assertThatThrownBy(() -> GitHubPullRequests.forRemote(api(), "/srv/git/flux.git", TOKEN))
        .hasMessageContaining("cannot tell the GitHub owner and repository from /srv/git/flux.git");
  }
}
