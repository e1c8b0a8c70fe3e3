package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether Karpenter can launch a node for every pod that selects a NodePool: the pool exists in the
 * tree, the pod tolerates the pool's taints, every node-selector label is one the pool's nodes
 * carry, and a required instance-type affinity shares a type with the pool's requirement.
 *
 * <p>Upstream, kubernetes-sigs/karpenter v1.14.1: a NodePool's nodes carry its template's labels
 * plus {@code karpenter.sh/nodepool: <name>} ({@code
 * pkg/controllers/provisioning/scheduling/nodeclaimtemplate.go}, {@code NewNodeClaimTemplate}); a
 * pending pod is placed on a pool only if it tolerates the pool's taints and its node selector and
 * required node affinity are compatible with the pool's labels and requirements ({@code
 * pkg/controllers/provisioning/scheduling/nodeclaim.go}, {@code CanAdd}). A pod that matches no
 * pool stays Pending.
 */
final class NodePoolSelection {
  static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
  static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";

  private NodePoolSelection() {}

  /** One line per pod that no NodePool of the tree can take. */
  static List<String> problems(ClusterModel model) {
    Map<String, JsonNode> pools = new HashMap<>();
    for (JsonNode pool : model.documents("NodePool")) {
      pools.put(pool.at("/metadata/name").asText(), pool);
    }
    List<String> out = new ArrayList<>();
    for (ModelPod pod : model.pods) {
      String name = pod.spec().at("/nodeSelector").path(NODEPOOL_LABEL).asText();
      if (name.isEmpty()) {
        continue;
      }
      JsonNode pool = pools.get(name);
      if (pool == null) {
        out.add(pod.origin() + ": selects NodePool " + name + ", which the tree does not hold");
        continue;
      }
      JsonNode template = pool.at("/spec/template");
      pod.spec()
          .path("nodeSelector")
          .fields()
          .forEachRemaining(
              e -> {
                String value =
                    e.getKey().equals(NODEPOOL_LABEL)
                        ? name
                        : template.at("/metadata/labels").path(e.getKey()).asText(null);
                if (!e.getValue().asText().equals(value)) {
                  out.add(
                      pod.origin()
                          + ": node selector "
                          + e.getKey()
                          + "="
                          + e.getValue().asText()
                          + " is not a label of NodePool "
                          + name
                          + "'s nodes");
                }
              });
      for (JsonNode taint : template.at("/spec/taints")) {
        if (!tolerates(pod.spec().path("tolerations"), taint)) {
          out.add(pod.origin() + ": does not tolerate NodePool " + name + "'s taint " + taint);
        }
      }
      Set<String> poolTypes = values(template.at("/spec/requirements"), INSTANCE_TYPE);
      JsonNode terms =
          pod.spec()
              .at(
                  "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
                      + "/nodeSelectorTerms/0/matchExpressions");
      Set<String> podTypes = values(terms, INSTANCE_TYPE);
      if (!podTypes.isEmpty() && !poolTypes.isEmpty()) {
        podTypes.retainAll(poolTypes);
        if (podTypes.isEmpty()) {
          out.add(pod.origin() + ": no instance type it requires is one NodePool " + name + " has");
        }
      }
    }
    return out;
  }

  private static boolean tolerates(JsonNode tolerations, JsonNode taint) {
    for (JsonNode t : tolerations) {
      boolean key = t.path("key").asText().equals(taint.path("key").asText());
      boolean value =
          t.path("operator").asText("Equal").equals("Exists")
              || t.path("value").asText().equals(taint.path("value").asText());
      boolean effect =
          t.path("effect").asText().isEmpty()
              || t.path("effect").asText().equals(taint.path("effect").asText());
      if (key && value && effect) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> values(JsonNode requirements, String key) {
    Set<String> out = new HashSet<>();
    for (JsonNode r : requirements) {
      if (r.path("key").asText().equals(key) && r.path("operator").asText().equals("In")) {
        r.path("values").forEach(v -> out.add(v.asText()));
      }
    }
    return out;
  }
}
