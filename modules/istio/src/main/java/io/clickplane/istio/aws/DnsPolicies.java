package io.clickplane.istio.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The IAM permissions of the two controllers that write the endpoints' DNS zone, as pure functions
 * of the zone's id. Each may change records of that zone only; the read-only look-ups Route 53 has
 * no resource scope for ({@code ListHostedZones*}, {@code GetChange}) are granted on {@code *}.
 *
 * <p>Sources: cert-manager's Route 53 DNS-01 guide (GetChange, ChangeResourceRecordSets,
 * ListResourceRecordSets on the zone, ListHostedZonesByName); ExternalDNS's AWS tutorial
 * (ChangeResourceRecordSets on the zone; ListHostedZones, ListResourceRecordSets,
 * ListTagsForResource).
 */
public final class DnsPolicies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DnsPolicies() {}

  /** ARN of a hosted zone. */
  public static String zoneArn(String zoneId) {
    return "arn:aws:route53:::hostedzone/" + zoneId;
  }

  /** cert-manager: TXT records for DNS-01 challenges in the zone. */
  public static String certManager(String zoneId) {
    ObjectNode doc = document();
    ArrayNode st = doc.putArray("Statement");
    statement(
        st,
        "ChangeRecordsInTheZone",
        List.of("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"),
        zoneArn(zoneId));
    statement(st, "FollowChanges", List.of("route53:GetChange"), "arn:aws:route53:::change/*");
    statement(st, "FindTheZone", List.of("route53:ListHostedZonesByName"), "*");
    return write(doc);
  }

  /** ExternalDNS: the endpoints' records in the zone. */
  public static String externalDns(String zoneId) {
    ObjectNode doc = document();
    ArrayNode st = doc.putArray("Statement");
    statement(
        st,
        "ChangeRecordsInTheZone",
        List.of(
            "route53:ChangeResourceRecordSets",
            "route53:ListResourceRecordSets",
            "route53:ListTagsForResource"),
        zoneArn(zoneId));
    statement(
        st,
        "FindTheZone",
        List.of("route53:ListHostedZones", "route53:ListHostedZonesByName"),
        "*");
    return write(doc);
  }

  private static ObjectNode document() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("Version", "2012-10-17");
    return doc;
  }

  private static void statement(ArrayNode st, String sid, List<String> actions, String resource) {
    ObjectNode s = st.addObject();
    s.put("Sid", sid);
    s.put("Effect", "Allow");
    ArrayNode a = s.putArray("Action");
    actions.forEach(a::add);
    s.put("Resource", resource);
  }

  private static String write(ObjectNode doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
