package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Limits the API server and its controllers put on what we write, and on what the operator writes
 * from it:
 *
 * <ul>
 *   <li>names: a DNS-1123 label (63 characters) for Namespaces and Services (kubernetes/kubernetes
 *       pkg/apis/core/validation ValidateNamespaceName, ValidateServiceName), a DNS-1123 subdomain
 *       (253) for the rest; a CronJob at most 52 (pkg/apis/batch/validation: its Jobs append 11
 *       characters); a Job at most 63 (its name is the pods' {@code job-name} label value); a
 *       StatefulSet at most 52 (its pods' {@code controller-revision-hash} label is the name plus
 *       an 11-character hash, at most 63) — the operator's StatefulSets {@code
 *       chi-<chi>-<cluster>-<shard>-<replica>} included; label values at most 63;
 *   <li>object size: at most 1.5 MiB (etcd's default {@code --max-request-bytes}, 1.5 MiB;
 *       kubernetes.io/docs "Considerations for large clusters" / etcd-io/etcd embed/config.go
 *       DefaultMaxRequestBytes);
 *   <li>fields that cannot change: a Job's {@code spec.template} (pkg/apis/batch/validation
 *       ValidateJobSpecUpdate), a StatefulSet's {@code selector}, {@code serviceName} and {@code
 *       volumeClaimTemplates} (pkg/apis/apps/validation ValidateStatefulSetUpdate): a change needs
 *       a new name, or Flux's {@code kustomize.toolkit.fluxcd.io/force: enabled} to recreate it.
 * </ul>
 */
final class KubernetesLimits {
  static final int MAX_OBJECT_BYTES = 1536 * 1024;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final String FORCE = "kustomize.toolkit.fluxcd.io/force";

  private KubernetesLimits() {}

  static List<String> violations(ClusterModel model) {
    List<String> out = new ArrayList<>();
    for (JsonNode doc : model.documents) {
      String kind = doc.path("kind").asText();
      String name = doc.at("/metadata/name").asText();
      String id = kind + " " + doc.at("/metadata/namespace").asText("") + "/" + name;
      int max =
          switch (kind) {
            case "Namespace", "Service", "Job" -> 63;
            case "CronJob", "StatefulSet" -> 52;
            default -> 253;
          };
      if (name.length() > max) {
        out.add(id + ": name has " + name.length() + " characters, at most " + max);
      }
      if ((kind.equals("Namespace") || kind.equals("Service")) && !LABEL.matcher(name).matches()) {
        out.add(id + ": name is not a DNS-1123 label");
      }
      doc.at("/metadata/labels")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().asText().length() > 63) {
                  out.add(id + ": label " + e.getKey() + " value over 63 characters");
                }
              });
      try {
        int bytes =
            OperatorModel.json().writeValueAsString(doc).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_OBJECT_BYTES) {
          out.add(id + ": " + bytes + " bytes, at most " + MAX_OBJECT_BYTES);
        }
      } catch (JsonProcessingException e) {
        throw new AssertionError(e);
      }
    }
    // The operator's StatefulSets: the pod name without its "-0".
    for (ModelPod pod : model.pods) {
      if (pod.owner().startsWith("ClickHouse")) {
        String statefulSet = pod.name().substring(0, pod.name().length() - 2);
        if (statefulSet.length() > 52) {
          out.add(
              pod.origin()
                  + ": StatefulSet "
                  + statefulSet
                  + " has "
                  + statefulSet.length()
                  + " characters, at most 52");
        }
      }
    }
    return out;
  }

  /**
   * Objects of {@code after} whose immutable fields differ from {@code before}'s under the same
   * name, without Flux's force annotation.
   */
  static List<String> immutableChanges(List<JsonNode> before, List<JsonNode> after) {
    Map<String, JsonNode> old = new HashMap<>();
    for (JsonNode doc : before) {
      old.put(key(doc), doc);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode doc : after) {
      JsonNode previous = old.get(key(doc));
      if (previous == null
          || "enabled".equals(doc.at("/metadata/annotations").path(FORCE).asText())) {
        continue;
      }
      List<String> fields =
          switch (doc.path("kind").asText()) {
            case "Job" -> List.of("/spec/template");
            case "StatefulSet" ->
                List.of("/spec/selector", "/spec/serviceName", "/spec/volumeClaimTemplates");
            default -> List.of();
          };
      for (String field : fields) {
        if (!previous.at(field).equals(doc.at(field))) {
          out.add(key(doc) + ": " + field + " changed under the same name (immutable)");
        }
      }
    }
    return out;
  }

  private static String key(JsonNode doc) {
    return doc.path("kind").asText()
        + " "
        + doc.at("/metadata/namespace").asText("")
        + "/"
        + doc.at("/metadata/name").asText();
  }
}
