package io.clickplane.backup.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small, strict reading of IAM policy evaluation for the documents this platform emits: explicit
 * deny wins, otherwise an allow in an identity or resource policy grants. Condition operators it
 * does not know make it fail rather than guess, so a test built on it cannot pass by accident.
 */
public final class PolicyEvaluator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A request: who, what, on which ARN (carrying which tags), over TLS or not, and the other
   * condition keys the request carries (e.g. {@code aws:RequestTag/...}, {@code aws:TagKeys},
   * {@code ec2:CreateAction}, {@code iam:PassedToService}, {@code aws:RequestedRegion}), each with
   * its values.
   */
  public record Request(
      String principalArn,
      String action,
      String resourceArn,
      boolean secureTransport,
      Map<String, String> resourceTags,
      Map<String, List<String>> context) {
    public Request {
      resourceTags = Map.copyOf(resourceTags);
      context = Map.copyOf(context);
    }

    public Request(
        String principalArn,
        String action,
        String resourceArn,
        boolean secureTransport,
        Map<String, String> resourceTags) {
      this(principalArn, action, resourceArn, secureTransport, resourceTags, Map.of());
    }

    public Request(
        String principalArn, String action, String resourceArn, boolean secureTransport) {
      this(principalArn, action, resourceArn, secureTransport, Map.of());
    }
  }

  /** Outcome of evaluating a request. */
  public enum Decision {
    ALLOW,
    IMPLICIT_DENY,
    EXPLICIT_DENY
  }

  /** Condition keys a request may carry or not (absent: no value), besides request tags. */
  private static final java.util.Set<String> REQUEST_KEYS =
      java.util.Set.of(
          "aws:TagKeys", "ec2:CreateAction", "iam:PassedToService", "aws:RequestedRegion");

  private PolicyEvaluator() {}

  public static JsonNode parse(String document) {
    try {
      JsonNode node = JSON.readTree(document);
      if (!node.path("Version").asText().equals("2012-10-17") || !node.has("Statement")) {
        throw new AssertionError(
            "not an IAM policy document (Version 2012-10-17 with Statement): " + document);
      }
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("policy is not JSON: " + document, e);
    }
  }

  /**
   * Evaluates a request against the identity policies of the caller and the resource policy of the
   * target (either may be empty).
   */
  public static Decision evaluate(
      Request request, List<String> identityPolicies, List<String> resourcePolicies) {
    boolean allowed = false;
    List<JsonNode> identity = identityPolicies.stream().map(PolicyEvaluator::parse).toList();
    List<JsonNode> resource = resourcePolicies.stream().map(PolicyEvaluator::parse).toList();
    for (JsonNode doc : identity) {
      for (JsonNode st : statements(doc)) {
        if (applies(st, request, false)) {
          if (st.path("Effect").asText().equals("Deny")) {
            return Decision.EXPLICIT_DENY;
          }
          allowed = true;
        }
      }
    }
    for (JsonNode doc : resource) {
      for (JsonNode st : statements(doc)) {
        if (applies(st, request, true)) {
          if (st.path("Effect").asText().equals("Deny")) {
            return Decision.EXPLICIT_DENY;
          }
          allowed = true;
        }
      }
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }

  public static List<JsonNode> statements(JsonNode doc) {
    JsonNode st = doc.get("Statement");
    List<JsonNode> out = new ArrayList<>();
    if (st.isArray()) {
      st.forEach(out::add);
    } else {
      out.add(st);
    }
    return out;
  }

  /** The values of a string-or-list field. */
  public static List<String> values(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  private static boolean applies(JsonNode st, Request request, boolean resourcePolicy) {
    if (resourcePolicy && !principalMatches(st.get("Principal"), request.principalArn())) {
      return false;
    }
    boolean action =
        st.has("NotAction")
            ? values(st.get("NotAction")).stream()
                .noneMatch(p -> wildcard(p, request.action(), true))
            : values(st.get("Action")).stream().anyMatch(p -> wildcard(p, request.action(), true));
    boolean resource =
        st.has("NotResource")
            ? values(st.get("NotResource")).stream()
                .noneMatch(p -> wildcard(p, request.resourceArn(), false))
            : values(st.get("Resource")).stream()
                .anyMatch(p -> wildcard(p, request.resourceArn(), false));
    return action && resource && conditions(st.get("Condition"), request);
  }

  private static boolean principalMatches(JsonNode principal, String arn) {
    if (principal == null) {
      throw new AssertionError("resource policy statement without Principal");
    }
    if (principal.isTextual()) {
      return principal.asText().equals("*");
    }
    return values(principal.get("AWS")).stream().anyMatch(p -> p.equals("*") || p.equals(arn));
  }

  private static boolean conditions(JsonNode condition, Request request) {
    if (condition == null) {
      return true;
    }
    var operators = condition.fields();
    while (operators.hasNext()) {
      var op = operators.next();
      var keys = op.getValue().fields();
      while (keys.hasNext()) {
        var entry = keys.next();
        List<String> actuals =
            switch (entry.getKey()) {
              case "aws:SecureTransport" -> List.of(Boolean.toString(request.secureTransport()));
              case "aws:PrincipalArn" -> List.of(request.principalArn());
              default -> {
                if (request.context().containsKey(entry.getKey())) {
                  yield request.context().get(entry.getKey());
                }
                if (entry.getKey().startsWith("aws:RequestTag/")
                    || REQUEST_KEYS.contains(entry.getKey())) {
                  yield List.of(); // a key the request does not carry matches no value
                }
                if (!entry.getKey().startsWith("aws:ResourceTag/")) {
                  throw new AssertionError(
                      "the evaluator does not know condition key "
                          + entry.getKey()
                          + " (give it in the request's context)");
                }
                // an absent tag matches no value
                String tag =
                    request
                        .resourceTags()
                        .get(entry.getKey().substring("aws:ResourceTag/".length()));
                yield tag == null ? List.of() : List.of(tag);
              }
            };
        String operator = op.getKey();
        boolean forAll = operator.startsWith("ForAllValues:");
        if (forAll) {
          operator = operator.substring("ForAllValues:".length());
        }
        if (actuals.isEmpty() && !forAll) {
          if (operator.startsWith("StringNot") || operator.startsWith("ArnNot")) {
            continue;
          }
          return false;
        }
        List<String> expected = values(entry.getValue());
        String op2 = operator;
        java.util.function.Predicate<String> matches =
            actual ->
                switch (op2) {
                  case "Bool", "StringEquals", "ArnEquals" ->
                      expected.stream().anyMatch(actual::equals);
                  case "StringNotEquals", "ArnNotEquals" ->
                      expected.stream().noneMatch(actual::equals);
                  case "StringLike", "ArnLike" ->
                      expected.stream().anyMatch(p -> wildcard(p, actual, false));
                  case "StringNotLike", "ArnNotLike" ->
                      expected.stream().noneMatch(p -> wildcard(p, actual, false));
                  default ->
                      throw new AssertionError(
                          "the evaluator does not know condition operator " + op.getKey());
                };
        boolean ok =
            forAll ? actuals.stream().allMatch(matches) : actuals.stream().anyMatch(matches);
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean wildcard(String pattern, String value, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(
          switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(String.valueOf(c));
          });
    }
    Pattern p =
        ignoreCase
            ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE)
            : Pattern.compile(regex.toString());
    return p.matcher(ignoreCase ? value.toLowerCase(Locale.ROOT) : value).matches();
  }
}
