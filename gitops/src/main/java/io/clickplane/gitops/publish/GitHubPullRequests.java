package io.clickplane.gitops.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.config.GitUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API: {@code POST /repos/{owner}/{repo}/pulls} with a JSON body {@code title, head,
 * base, body}, a bearer token, {@code Accept: application/vnd.github+json} and the API version
 * header.
 */
public final class GitHubPullRequests implements PullRequests {
  /** The API version this client is written against. */
  public static final String API_VERSION = "2022-11-28";

  /** Public GitHub's API. */
  public static final URI DEFAULT_API = URI.create("https://api.github.com");

  private static final Pattern GITHUB_REPO =
      Pattern.compile(
          "^(?:https?://[^/]+/|git@[^:]+:|ssh://git@[^/]+/)([^/]+)/([^/]+?)(?:\\.git)?/?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI api;
  private final String owner;
  private final String repository;
  private final String token;
  private final HttpClient http;

  public GitHubPullRequests(URI api, String owner, String repository, String token) {
    this.api = Objects.requireNonNull(api, "api");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.token = Objects.requireNonNull(token, "token");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * For the repository at {@code remoteUrl} ({@code https://github.com/OWNER/REPO.git} or {@code
   * git@github.com:OWNER/REPO.git}).
   */
  public static GitHubPullRequests forRemote(URI api, String remoteUrl, String token) {
    Matcher m = GITHUB_REPO.matcher(remoteUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "cannot tell the GitHub owner and repository from "
              + GitUrls.redact(remoteUrl)
              + " (expected https://HOST/OWNER/REPO.git or git@HOST:OWNER/REPO.git)");
    }
    return new GitHubPullRequests(api, m.group(1), m.group(2), token);
  }

  @Override
  public String open(String head, String base, String title, String body) throws IOException {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("title", title);
    request.put("head", head);
    request.put("base", base);
    request.put("body", body);
    String path = "/repos/" + owner + "/" + repository + "/pulls";
    HttpRequest post =
        HttpRequest.newBuilder(api.resolve(stripSlash(api.getPath()) + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/vnd.github+json")
            .header("Authorization", "Bearer " + token)
            .header("X-GitHub-Api-Version", API_VERSION)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening the pull request", e);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new PublishException(
          "no answer from GitHub's API at "
              + GitUrls.redact(api.toString())
              + ": "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new PublishException(
          "cannot reach GitHub's API at " + GitUrls.redact(api.toString()) + ": " + e, e);
    }
    if (response.statusCode() != 201) {
      throw new PublishException(
          "GitHub refused the pull request "
              + head
              + " → "
              + base
              + " on "
              + owner
              + "/"
              + repository
              + ": HTTP "
              + response.statusCode()
              + " "
              + message(response.body()));
    }
    JsonNode created = JSON.readTree(response.body());
    return created.path("html_url").asText("#" + created.path("number").asText());
  }

  private static String stripSlash(String path) {
    return path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String message(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      StringBuilder out = new StringBuilder(error.path("message").asText(""));
      for (JsonNode e : error.path("errors")) {
        out.append("; ").append(e.path("message").asText(e.toString()));
      }
      return out.toString();
    } catch (IOException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }
}
