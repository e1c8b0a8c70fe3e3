package io.clickplane.eks.karpenter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The interruption queue's resource policy: EventBridge may send to it, and only for the rules
 * Karpenter's component creates ({@code aws:SourceArn}); messages only over TLS.
 */
final class KarpenterQueuePolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KarpenterQueuePolicy() {}

  static String document(String queueArn, List<String> ruleArns) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode statements = doc.putArray("Statement");
    ObjectNode send = statements.addObject();
    send.put("Sid", "EventBridgeRulesOfThisCluster");
    send.put("Effect", "Allow");
    send.putObject("Principal").put("Service", "events.amazonaws.com");
    send.put("Action", "sqs:SendMessage");
    send.put("Resource", queueArn);
    ArrayNode sources =
        send.putObject("Condition").putObject("ArnEquals").putArray("aws:SourceArn");
    ruleArns.forEach(sources::add);
    ObjectNode tls = statements.addObject();
    tls.put("Sid", "DenyPlainTransport");
    tls.put("Effect", "Deny");
    tls.put("Principal", "*");
    tls.put("Action", "sqs:*");
    tls.put("Resource", queueArn);
    tls.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the queue policy", e);
    }
  }
}
