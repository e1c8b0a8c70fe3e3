package io.clickplane.stacks.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the data volumes' usage of the whole fleet from Prometheus with one instant query per
 * metric (never one per volume): kubelet's {@code kubelet_volume_stats_used_bytes} and {@code
 * kubelet_volume_stats_capacity_bytes}, by {@code namespace} and {@code persistentvolumeclaim},
 * restricted to the claims the Altinity operator creates for data disks ({@code data-<n>-chi-...}).
 *
 * <p>Used bytes are the highest over {@link #LOOK_BACK} (a volume that filled and was cleaned up
 * still counts); capacity is the latest value in the same window.
 */
public final class VolumeMetrics {
  /** How far back each query looks. */
  public static final Duration LOOK_BACK = Duration.ofHours(1);

  static final String SELECTOR = "{persistentvolumeclaim=~\"data-[0-9]+-chi-.+\"}";

  /** The PromQL of the used-bytes query. */
  public static final String USED_QUERY =
      "max by (namespace, persistentvolumeclaim) (max_over_time(kubelet_volume_stats_used_bytes"
          + SELECTOR
          + "[1h]))";

  /** The PromQL of the capacity query. */
  public static final String CAPACITY_QUERY =
      "max by (namespace, persistentvolumeclaim) (last_over_time("
          + "kubelet_volume_stats_capacity_bytes"
          + SELECTOR
          + "[1h]))";

  private static final JsonFactory JSON = new JsonFactory();

  private final URI base;
  private final HttpClient http;

  private VolumeMetrics(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  /** A client of the Prometheus server at {@code base} (e.g. {@code http://127.0.0.1:9090}). */
  public static VolumeMetrics at(URI base) {
    return new VolumeMetrics(
        base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  /**
   * Every data volume's usage at {@code at}: namespace + "/" + claim → usage.
   *
   * @throws IOException when Prometheus cannot be reached or answers with an error
   */
  public Map<String, VolumeUsage> read(Instant at) throws IOException {
    Map<String, Long> used = query(USED_QUERY, at);
    Map<String, Long> capacity = query(CAPACITY_QUERY, at);
    Map<String, VolumeUsage> out = new HashMap<>();
    for (Map.Entry<String, Long> e : used.entrySet()) {
      Long cap = capacity.get(e.getKey());
      if (cap == null) {
        continue;
      }
      int slash = e.getKey().indexOf('/');
      out.put(
          e.getKey(),
          new VolumeUsage(
              e.getKey().substring(0, slash), e.getKey().substring(slash + 1), e.getValue(), cap));
    }
    return out;
  }

  private Map<String, Long> query(String promql, Instant at) throws IOException {
    String form =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + at.getEpochSecond();
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/api/v1/query");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while querying Prometheus", e);
    } catch (IOException e) {
      throw new IOException("cannot reach Prometheus at " + base + ": " + describe(e), e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        String text = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
        throw new IOException(
            "Prometheus at " + base + " answered HTTP " + response.statusCode() + ": " + text);
      }
      return vector(body);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * The samples of an instant-vector answer, namespace/claim → value; streamed, so a fleet-wide
   * answer is never held as a tree.
   */
  static Map<String, Long> vector(InputStream body) throws IOException {
    Map<String, Long> out = new HashMap<>();
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "an object");
      String status = null;
      String error = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        p.nextToken();
        switch (field) {
          case "status" -> status = p.getText();
          case "error" -> error = p.getText();
          case "data" -> data(p, out);
          default -> p.skipChildren();
        }
      }
      if (!"success".equals(status)) {
        throw new IOException("Prometheus refused the query: " + error);
      }
    }
    return out;
  }

  private static void data(JsonParser p, Map<String, Long> out) throws IOException {
    expect(p.currentToken() == JsonToken.START_OBJECT, "data to be an object");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.getCurrentName();
      p.nextToken();
      if (field.equals("resultType")) {
        expect(p.getText().equals("vector"), "an instant vector (got " + p.getText() + ")");
      } else if (field.equals("result")) {
        expect(p.currentToken() == JsonToken.START_ARRAY, "result to be a list");
        while (p.nextToken() == JsonToken.START_OBJECT) {
          sample(p, out);
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private static void sample(JsonParser p, Map<String, Long> out) throws IOException {
    String namespace = null;
    String claim = null;
    String value = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.getCurrentName();
      p.nextToken();
      if (field.equals("metric")) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String label = p.getCurrentName();
          p.nextToken();
          if (label.equals("namespace")) {
            namespace = p.getText();
          } else if (label.equals("persistentvolumeclaim")) {
            claim = p.getText();
          }
        }
      } else if (field.equals("value")) {
        p.nextToken(); // timestamp
        p.nextToken();
        value = p.getText();
        p.nextToken(); // end of the pair
      } else {
        p.skipChildren();
      }
    }
    if (namespace != null && claim != null && value != null) {
      double v = Double.parseDouble(value);
      if (!Double.isNaN(v)) {
        out.put(namespace + "/" + claim, (long) v);
      }
    }
  }

  private static void expect(boolean ok, String what) throws IOException {
    if (!ok) {
      throw new IOException("unexpected answer from Prometheus: expected " + what);
    }
  }
}
