package io.clickplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.stacks.storage.VolumeUsage;
import java.io.IOException;
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
 * The baseline the storage benchmark names, the approach issue #20 rules out: one instant query per
 * data volume, each asking for that claim's used bytes (highest of the hour) and capacity (latest
 * of the hour) at once, sent one after another over one HTTP client as a loop over the fleet's
 * volumes would. It answers what {@code VolumeMetrics.read} answers (the benchmark checks that).
 */
final class PerVolumeQueries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private int queries;

  PerVolumeQueries(URI base) {
    this.endpoint = URI.create(base.toString().replaceAll("/+$", "") + "/api/v1/query");
  }

  /** Queries sent so far. */
  int queries() {
    return queries;
  }

  /** The PromQL for one claim: both figures, told apart by a {@code figure} label. */
  static String promql(String namespace, String claim) {
    String selector =
        "{namespace=\"" + namespace + "\",persistentvolumeclaim=\"" + claim + "\"}[1h]";
    return "label_replace(max_over_time(kubelet_volume_stats_used_bytes"
        + selector
        + "), \"figure\", \"used\", \"\", \"\") or label_replace(last_over_time("
        + "kubelet_volume_stats_capacity_bytes"
        + selector
        + "), \"figure\", \"capacity\", \"\", \"\")";
  }

  /** Every declared data volume of {@code spec} that reports both figures at {@code at}. */
  Map<String, VolumeUsage> read(PlatformSpec spec, Instant at) throws IOException {
    Map<String, VolumeUsage> out = new HashMap<>();
    for (OrganisationSpec org : spec.organisations()) {
      String namespace = Naming.namespace(org.name());
      for (ServiceSpec s : org.services()) {
        for (int shard = 0; shard < s.shards(); shard++) {
          for (int replica = 0; replica < s.replicas(); replica++) {
            for (int disk = 0; disk < s.storage().disks(); disk++) {
              String claim =
                  Naming.persistentVolumeClaim(Naming.dataVolume(disk), s.name(), shard, replica);
              Long used = null;
              Long capacity = null;
              for (JsonNode sample : query(promql(namespace, claim), at)) {
                long value = (long) Double.parseDouble(sample.get("value").get(1).asText());
                switch (sample.get("metric").path("figure").asText()) {
                  case "used" -> used = value;
                  case "capacity" -> capacity = value;
                  default -> throw new IOException("unexpected sample " + sample);
                }
              }
              if (used != null && capacity != null) {
                out.put(namespace + "/" + claim, new VolumeUsage(namespace, claim, used, capacity));
              }
            }
          }
        }
      }
    }
    return out;
  }

  private JsonNode query(String promql, Instant at) throws IOException {
    String form =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + at.getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    queries++;
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IOException("Prometheus answered " + response.statusCode() + ": " + body);
    }
    return body.path("data").path("result");
  }
}
