package io.clickplane.core.config;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration grammar of the consumers of a Prometheus duration: the Prometheus operator's {@code
 * Duration} type (prometheus-operator/prometheus-operator, pkg/apis/monitoring/v1/types.go, tag
 * v0.93.0: units in the order y, w, d, h, m, s, ms, each at most once, or {@code 0}) and
 * Prometheus's {@code model.ParseDuration} (prometheus/common, model/time.go), which refuses a
 * value whose milliseconds overflow a signed 64-bit integer.
 */
public final class PrometheusDuration {
  private static final Pattern GRAMMAR =
      Pattern.compile(
          "^(?:0|(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?"
              + "(?:([0-9]+)s)?(?:([0-9]+)ms)?)$");
  private static final long[] MILLIS = {
    365L * 24 * 3600 * 1000,
    7L * 24 * 3600 * 1000,
    24L * 3600 * 1000,
    3600L * 1000,
    60L * 1000,
    1000L,
    1L
  };
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private PrometheusDuration() {}

  /** Empty when Prometheus and its operator accept {@code value}, else what is allowed. */
  public static Optional<String> check(String value) {
    Optional<Long> millis = millis(value);
    if (millis.isPresent() && millis.get() > 0) {
      return Optional.empty();
    }
    String why =
        millis.isPresent()
            ? "must be longer than 0"
            : "must be a Prometheus duration: a number and a unit, units from largest to smallest"
                + " and each at most once (y, w, d, h, m, s, ms), such as 15d or 1w2d";
    return Optional.of(why + " (got \"" + value + "\")");
  }

  /** The duration in milliseconds, or empty when it is not one Prometheus would accept. */
  public static Optional<Long> millis(String value) {
    if (value.isEmpty() || value.length() > 64) {
      return Optional.empty();
    }
    Matcher m = GRAMMAR.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigInteger total = BigInteger.ZERO;
    for (int i = 0; i < MILLIS.length; i++) {
      String n = m.group(i + 1);
      if (n != null) {
        total = total.add(new BigInteger(n).multiply(BigInteger.valueOf(MILLIS[i])));
      }
    }
    return total.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(total.longValueExact());
  }
}
