package io.clickplane.core.config;

/**
 * A key written with no value ({@code key: ~}, {@code key: null} or {@code key:}), as a template
 * whose variable was not set leaves it. It is refused rather than read as "absent": for some keys
 * the default is the permissive one ({@code access.allowedCidrs} absent leaves an endpoint open to
 * every address, {@code eks.publicAccessCidrs} absent opens the cluster's API to the internet), so
 * an empty value must never silently become that default.
 */
public final class ExplicitNull {
  public static final String MESSAGE =
      "has no value (null, as an unset template variable leaves it); give a value, or remove the"
          + " key to get its default";

  private ExplicitNull() {}
}
