package io.clickplane.core.config;

import io.clickplane.core.spec.ClickHouseReleases;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Syntax rules of the values a stack file holds. Each check returns empty when the value is fine,
 * or the sentence that says what is allowed.
 */
public final class Rules {
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern REGION =
      Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$");
  private static final Pattern CH_VERSION =
      Pattern.compile("^([0-9]{2})\\.([0-9]{1,2})(\\.[0-9]{1,3}\\.[0-9]{1,5})?$");
  private static final Pattern EKS_VERSION = Pattern.compile("^1\\.([0-9]{2})$");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("^[a-z][a-z0-9-]*\\.[a-z0-9]+$");
  private static final Pattern ADDON_VERSION =
      Pattern.compile("^v[0-9]+\\.[0-9]+\\.[0-9]+-eksbuild\\.[0-9]+$");
  private static final Pattern GIT_URL =
      Pattern.compile("^(https?|ssh|git|file)://[^\\s]+$|^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+$");

  /** Supported EKS minor versions (1.x). */
  public static final int MIN_EKS_MINOR = 29;

  public static final int MAX_EKS_MINOR = 33;

  private static final Pattern HOSTED_ZONE_ID = Pattern.compile("^Z[A-Z0-9]{1,31}$");
  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
  private static final Pattern KEYCLOAK_VERSION =
      Pattern.compile("^(2[6-9]|[3-9][0-9])\\.[0-9]+\\.[0-9]+$");
  private static final Pattern RDS_CLASS = Pattern.compile("^db\\.[a-z0-9]+\\.[a-z0-9]+$");
  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
  private static final Pattern DATABASE = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");
  private static final Pattern BACKUP_ID = Pattern.compile("^[0-9]{8}T[0-9]{6}Z(-[a-z0-9]+)?$");

  /** System databases no stack file may declare. */
  public static final List<String> SYSTEM_DATABASES =
      List.of(
          "default",
          "system",
          "information_schema",
          "INFORMATION_SCHEMA",
          // ClickHouse's database of temporary and external tables (DatabaseCatalog).
          "_temporary_and_external_tables");

  /** A Route 53 hosted zone id such as {@code Z0123456789ABCDEFGHIJ}; empty means none. */
  public static Optional<String> hostedZoneId(String value) {
    return value.isEmpty() || HOSTED_ZONE_ID.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ, or empty to have"
                + " pulumi up create the zone (got \""
                + value
                + "\")");
  }

  /** An e-mail address; empty is allowed. */
  public static Optional<String> email(String value) {
    return value.isEmpty() || EMAIL.matcher(value).matches()
        ? Optional.empty()
        : Optional.of("must be an e-mail address such as ops@example.com (got \"" + value + "\")");
  }

  /** An https URL without credentials. */
  public static Optional<String> httpsUrl(String value) {
    try {
      java.net.URI uri = new java.net.URI(value);
      if ("https".equals(uri.getScheme())
          && uri.getHost() != null
          && uri.getUserInfo() == null
          && GitUrls.credential(value).isEmpty()) {
        return Optional.empty();
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    return Optional.of(
        "must be an https URL without credentials, e.g. "
            + "https://acme-v02.api.letsencrypt.org/directory (got \""
            + GitUrls.redact(value)
            + "\")");
  }

  /**
   * A Prometheus duration such as {@code 15d} or {@code 12h}, as the Prometheus operator's CRDs and
   * Prometheus itself accept it: see {@link PrometheusDuration}.
   */
  public static Optional<String> prometheusDuration(String value) {
    return PrometheusDuration.check(value);
  }

  /** A Kubernetes object name (DNS-1123 subdomain); empty is allowed. */
  public static Optional<String> dnsSubdomain(String value) {
    return value.isEmpty() || (value.length() <= 253 && DNS_SUBDOMAIN.matcher(value).matches())
        ? Optional.empty()
        : Optional.of(
            "must be a Kubernetes object name: lowercase letters, digits, '-' and '.' (got \""
                + value
                + "\")");
  }

  /**
   * A key inside a Kubernetes Secret, as the API server's {@code IsConfigMapKey} accepts it
   * (kubernetes/kubernetes, staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go): at
   * most 253 of letters, digits, '-', '_' and '.', and not {@code .}, {@code ..} or starting with
   * {@code ..} (the kubelet's projection uses {@code ..data} and friends; a key named so would make
   * a mounted file path point at a directory).
   */
  public static Optional<String> secretKey(String value) {
    if (value.equals(".") || value.equals("..") || value.startsWith("..")) {
      return Optional.of(
          "must be a Secret key other than '.', '..' or one starting with '..' (the kubelet uses"
              + " those names in a mounted Secret) (got \""
              + value
              + "\")");
    }
    return value.length() <= 253 && SECRET_KEY.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "must be a Secret key: at most 253 letters, digits, '-', '_' and '.' (got \""
                + value
                + "\")");
  }

  /** A Keycloak release, {@code major.minor.patch}, 25 or newer. */
  public static Optional<String> keycloakVersion(String value) {
    return KEYCLOAK_VERSION.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "must be a Keycloak release such as \"26.4.5\" (major 26 or newer: the realm uses Organizations) (got \""
                + value
                + "\")");
  }

  /** An RDS instance class such as {@code db.t4g.medium}. */
  public static Optional<String> rdsInstanceClass(String value) {
    return RDS_CLASS.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "must be an RDS instance class such as db.t4g.medium (got \"" + value + "\")");
  }

  /**
   * A currency the platform can invoice in: an ISO 4217 code that the price books use (every cloud
   * figure must be in the same currency as the platform's own terms).
   */
  public static Optional<String> currency(String value) {
    if (!CURRENCY.matcher(value).matches()) {
      return Optional.of("must be an ISO 4217 currency code such as USD (got \"" + value + "\")");
    }
    return value.equals("USD")
        ? Optional.empty()
        : Optional.of(
            "must be USD, the currency of the price book (got \""
                + value
                + "\"); see docs/billing.md");
  }

  /** A database a service declares: a plain ClickHouse identifier that is not a system database. */
  public static Optional<String> databaseName(String value) {
    if (SYSTEM_DATABASES.contains(value)) {
      return Optional.of(
          "\"" + value + "\" is a system database; declare only databases of your own");
    }
    return DATABASE.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "must be a database name of lowercase letters, digits and '_', starting with a letter"
                + " or '_', at most 63 characters (got \""
                + value
                + "\")");
  }

  /** A backup id as the platform writes them ({@code 20261130T020000Z}), or {@code latest}. */
  public static Optional<String> backupId(String value) {
    if (BACKUP_ID.matcher(value).matches()) {
      try {
        java.time.LocalDateTime.parse(
            value.substring(0, 15),
            java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")
                .withResolverStyle(java.time.format.ResolverStyle.STRICT));
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.of(
            "is no date and time: a backup id is the UTC time the backup started,"
                + " yyyyMMdd'T'HHmmss'Z' such as 20261130T020000Z (got \""
                + value
                + "\")");
      }
    }
    return value.equals("latest") || BACKUP_ID.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "must be latest or a backup id such as 20261130T020000Z (got \"" + value + "\")");
  }

  private Rules() {}

  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric, ≤ 63.
   */
  public static Optional<String> dnsLabel(String value) {
    if (value.isEmpty()) {
      return Optional.of("must not be empty; a DNS-1123 label (lowercase letters, digits, '-')");
    }
    if (value.length() > 63) {
      return Optional.of("must be at most 63 characters (got " + value.length() + ")");
    }
    if (!DNS_LABEL.matcher(value).matches()) {
      return Optional.of(
          "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \""
              + value
              + "\")");
    }
    return Optional.empty();
  }

  /**
   * A part of the global names derived for an organisation (the bucket prefix, the environment, the
   * organisation's name): no "--", which separates such parts (see {@code
   * Naming.organisationGlobalName}).
   */
  public static Optional<String> namePart(String value) {
    return value.contains("--")
        ? Optional.of(
            "must not contain \"--\": it separates the parts of bucket and IAM role names (got \""
                + value
                + "\")")
        : Optional.empty();
  }

  /** A DNS domain: two or more DNS-1123 labels separated by dots, ≤ 253 characters. */
  public static Optional<String> domain(String value) {
    if (value.length() > 253) {
      return Optional.of("must be at most 253 characters (got " + value.length() + ")");
    }
    String[] labels = value.split("\\.", -1);
    if (labels.length < 2) {
      return Optional.of(
          "must be a DNS domain with at least two labels, e.g. ch.example.com (got \""
              + value
              + "\")");
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || !DNS_LABEL.matcher(label).matches()) {
        return Optional.of(
            "must be a DNS domain of lowercase DNS-1123 labels separated by dots, e.g. ch.example.com (got \""
                + value
                + "\")");
      }
    }
    return Optional.empty();
  }

  public static Optional<String> region(String value) {
    return REGION.matcher(value).matches()
        ? Optional.empty()
        : Optional.of("must be an AWS region such as eu-west-1 (got \"" + value + "\")");
  }

  /**
   * A ClickHouse release line of {@link ClickHouseReleases#LINES}, written exactly as there ({@code
   * "24.8"}; not {@code "24.08"}, not a patch version: the platform pins the patch).
   */
  public static Optional<String> clickhouseVersion(String value) {
    if (ClickHouseReleases.line(value).isPresent()) {
      return Optional.empty();
    }
    var m = CH_VERSION.matcher(value);
    String hint = "";
    if (m.matches()) {
      String line = Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2));
      if (ClickHouseReleases.line(line).isPresent()) {
        hint = "; write \"" + line + "\" (the platform pins its patch release)";
      }
    }
    return Optional.of(
        "must be a ClickHouse release line the platform offers: "
            + ClickHouseReleases.accepted()
            + " (got \""
            + value
            + "\")"
            + hint);
  }

  public static Optional<String> eksVersion(String value) {
    var m = EKS_VERSION.matcher(value);
    if (!m.matches()) {
      return Optional.of(
          "must be a Kubernetes version \"1.N\", e.g. \"1.31\" (got \"" + value + "\")");
    }
    int minor = Integer.parseInt(m.group(1));
    if (minor < MIN_EKS_MINOR || minor > MAX_EKS_MINOR) {
      return Optional.of(
          "must be an EKS version from 1."
              + MIN_EKS_MINOR
              + " to 1."
              + MAX_EKS_MINOR
              + " (got \""
              + value
              + "\")");
    }
    return Optional.empty();
  }

  public static Optional<String> instanceType(String value) {
    return INSTANCE_TYPE.matcher(value).matches()
        ? Optional.empty()
        : Optional.of("must be an EC2 instance type such as m6i.2xlarge (got \"" + value + "\")");
  }

  public static Optional<String> addonVersion(String value) {
    return ADDON_VERSION.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "must be an EKS add-on version such as v1.19.5-eksbuild.1 (got \"" + value + "\")");
  }

  /**
   * A Git repository URL ({@code https://}, {@code ssh://}, {@code git@host:path}, {@code file://})
   * or a local path, without a credential in it: the URL is committed to the Flux repository in the
   * spec snapshot, so a token there would be published (see {@link GitUrls}).
   */
  public static Optional<String> gitRepository(String value) {
    if (GitUrls.credential(value).isPresent()) {
      return Optional.of(
          "must not hold a credential (the URL is committed to the Flux repository; got \""
              + GitUrls.redact(value)
              + "\"): remove the user information and put the token in the Pulumi secret "
              + "clickplane:gitopsPassword ('pulumi config set --secret clickplane:gitopsPassword TOKEN', "
              + "for Flux) and in CLICKPLANE_GIT_TOKEN, or CLICKPLANE_GIT_USERNAME and "
              + "CLICKPLANE_GIT_PASSWORD, or ~/.git-credentials (for clickplane publish) instead");
    }
    if (value.contains("://") && (value.indexOf('?') >= 0 || value.indexOf('#') >= 0)) {
      return Optional.of(
          "must be a Git URL without a query or fragment (Git does not use them, and the URL is"
              + " committed to the Flux repository; got \""
              + GitUrls.redact(value)
              + "\")");
    }
    if (value.isEmpty() || GIT_URL.matcher(value).matches()) {
      return Optional.empty();
    }
    if (value.contains("://") || value.contains(" ") || value.contains("\t")) {
      return Optional.of(
          "must be a Git URL (https://, ssh://, git://, file://, user@host:path) or a local path (got \""
              + value
              + "\")");
    }
    return Optional.empty();
  }

  /** Prefix of the change branches a publish pushes ({@code clickplane/<env>/<tree id>}). */
  public static final String CHANGE_BRANCH_PREFIX = "clickplane/";

  /**
   * The branch Flux reads: a name {@code git check-ref-format --branch} accepts (the rules of
   * {@code git help check-ref-format}), written without {@code refs/heads/}, not {@code HEAD} or
   * {@code @}, and not under {@value #CHANGE_BRANCH_PREFIX}, where publishes push their change
   * branches.
   */
  public static Optional<String> branch(String value) {
    if (value.equals("HEAD") || value.equals("@")) {
      return Optional.of(
          "must name a branch, such as main; \""
              + value
              + "\" is whatever is checked out, not a branch Flux can follow");
    }
    if (value.startsWith("refs/")) {
      String shortName =
          value.startsWith("refs/heads/") ? value.substring("refs/heads/".length()) : "main";
      return Optional.of(
          "must be a branch name without refs/, e.g. \""
              + shortName
              + "\" (got \""
              + value
              + "\"); Flux reads refs/heads/<branch>");
    }
    if (value.startsWith(CHANGE_BRANCH_PREFIX)) {
      return Optional.of(
          "must not be under "
              + CHANGE_BRANCH_PREFIX
              + ": clickplane pushes its change branches there ("
              + CHANGE_BRANCH_PREFIX
              + "<environment>/<id>); choose the branch Flux reads, e.g. main (got \""
              + value
              + "\")");
    }
    return gitRefFormat(value)
        .map(
            why ->
                "must be a valid Git branch name such as main: "
                    + why
                    + " (got \""
                    + printable(value)
                    + "\")");
  }

  /** Why {@code git check-ref-format --branch} refuses {@code name}, or empty. */
  private static Optional<String> gitRefFormat(String name) {
    if (name.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (name.startsWith("-")) {
      return Optional.of("it must not start with '-'");
    }
    if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
      return Optional.of("'/' separates non-empty parts");
    }
    if (name.endsWith(".")) {
      return Optional.of("it must not end with '.'");
    }
    if (name.contains("..")) {
      return Optional.of("it must not contain '..'");
    }
    if (name.contains("@{")) {
      return Optional.of("it must not contain '@{'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Optional.of("it must not contain control characters");
      }
      if (" ~^:?*[\\".indexOf(c) >= 0) {
        return Optional.of("it must not contain spaces or any of ~ ^ : ? * [ \\");
      }
    }
    for (String part : name.split("/", -1)) {
      if (part.startsWith(".")) {
        return Optional.of("no part may start with '.'");
      }
      if (part.endsWith(".lock")) {
        return Optional.of("no part may end with '.lock'");
      }
    }
    return Optional.empty();
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** An IPv4 CIDR whose host bits are zero, with a prefix in {@code [minPrefix, maxPrefix]}. */
  public static Optional<String> cidr(String value, int minPrefix, int maxPrefix) {
    String[] parts = value.split("/", -1);
    long address = parts.length == 2 ? ipv4(parts[0]) : -1;
    int prefix = -1;
    // Go's netip.ParsePrefix (which Istio uses for ipBlocks) refuses a prefix length with a
    // leading zero ("10.0.0.0/08"); so does this, so what is written is what Istio reads.
    if (parts.length == 2 && parts[1].matches("0|[1-9][0-9]?")) {
      prefix = Integer.parseInt(parts[1]);
    }
    if (address < 0 || prefix < 0 || prefix > 32) {
      return Optional.of("must be an IPv4 CIDR such as 10.40.0.0/16 (got \"" + value + "\")");
    }
    if (prefix < minPrefix || prefix > maxPrefix) {
      return Optional.of(
          "prefix must be from /" + minPrefix + " to /" + maxPrefix + " (got /" + prefix + ")");
    }
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    if ((address & mask) != address) {
      return Optional.of(
          "has host bits set; the network address is "
              + formatIpv4(address & mask)
              + "/"
              + prefix
              + " (got \""
              + value
              + "\")");
    }
    return Optional.empty();
  }

  /** The address of a dotted-quad IPv4 text, or -1. */
  public static long ipv4(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      return -1;
    }
    long value = 0;
    for (String o : octets) {
      if (!o.matches("[0-9]{1,3}") || (o.length() > 1 && o.startsWith("0"))) {
        return -1;
      }
      int n = Integer.parseInt(o);
      if (n > 255) {
        return -1;
      }
      value = (value << 8) | n;
    }
    return value;
  }

  public static String formatIpv4(long address) {
    return ((address >> 24) & 255)
        + "."
        + ((address >> 16) & 255)
        + "."
        + ((address >> 8) & 255)
        + "."
        + (address & 255);
  }

  private static final List<String> CRON_MACROS =
      List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final int[][] CRON_RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
  private static final String[] CRON_FIELDS = {
    "minute", "hour", "day of month", "month", "day of week"
  };

  /**
   * A five-field cron expression as Kubernetes CronJobs accept it (numbers, *, ranges, steps,
   * lists, macros).
   */
  public static Optional<String> cron(String value) {
    if (CRON_MACROS.contains(value)) {
      return Optional.empty();
    }
    String[] fields = value.trim().split("\\s+");
    if (fields.length != 5) {
      return Optional.of(
          "must be a cron expression with five fields (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\" (got \""
              + value
              + "\")");
    }
    for (int i = 0; i < 5; i++) {
      Optional<String> bad = cronField(fields[i], CRON_RANGES[i][0], CRON_RANGES[i][1]);
      if (bad.isPresent()) {
        return Optional.of(
            "cron "
                + CRON_FIELDS[i]
                + " field \""
                + fields[i]
                + "\" "
                + bad.get()
                + " (got \""
                + value
                + "\")");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> cronField(String field, int min, int max) {
    for (String item : field.split(",", -1)) {
      String range = item;
      String step = null;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = item.substring(slash + 1);
        if (!step.matches("[0-9]{1,2}") || Integer.parseInt(step) == 0) {
          return Optional.of("has an invalid step");
        }
      }
      if (range.equals("*")) {
        continue;
      }
      String[] ends = range.split("-", -1);
      if (ends.length > 2) {
        return Optional.of("is not a number, range or list");
      }
      int lo = -1;
      for (String end : ends) {
        if (!end.matches("[0-9]{1,2}")) {
          return Optional.of("is not a number, range or list");
        }
        int n = Integer.parseInt(end);
        if (n < min || n > max) {
          return Optional.of("must stay within " + min + "-" + max);
        }
        if (n < lo) {
          return Optional.of("has a range that runs backwards");
        }
        lo = n;
      }
    }
    return Optional.empty();
  }

  /**
   * S3 bucket naming rules for general purpose buckets: 3-63 characters of lowercase letters,
   * digits, '-' and '.', starting and ending alphanumeric, no IP form, no reserved prefixes and
   * suffixes.
   */
  public static Optional<String> s3Bucket(String name) {
    if (name.length() < 3 || name.length() > 63) {
      return Optional.of(
          "S3 bucket name \""
              + name
              + "\" must be 3 to 63 characters (it has "
              + name.length()
              + ")");
    }
    if (!name.matches("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")) {
      return Optional.of(
          "S3 bucket name \""
              + name
              + "\" may hold only lowercase letters, digits, '.' and '-', starting and ending with a letter or digit");
    }
    if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
      return Optional.of(
          "S3 bucket name \""
              + name
              + "\" must not have adjacent periods or a period next to a hyphen");
    }
    if (ipv4(name) >= 0) {
      return Optional.of("S3 bucket name \"" + name + "\" must not look like an IP address");
    }
    for (String prefix : List.of("xn--", "sthree-", "amzn-s3-demo-")) {
      if (name.startsWith(prefix)) {
        return Optional.of(
            "S3 bucket name \"" + name + "\" must not start with \"" + prefix + "\"");
      }
    }
    for (String suffix : List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")) {
      if (name.endsWith(suffix)) {
        return Optional.of("S3 bucket name \"" + name + "\" must not end with \"" + suffix + "\"");
      }
    }
    return Optional.empty();
  }

  /** IAM role names: 1-64 characters of letters, digits and {@code +=,.@_-}. */
  public static Optional<String> iamRole(String name) {
    if (name.isEmpty() || name.length() > 64 || !name.matches("^[A-Za-z0-9+=,.@_-]+$")) {
      return Optional.of(
          "IAM role name \""
              + name
              + "\" must be 1 to 64 characters of letters, digits and +=,.@_- (it has "
              + name.length()
              + ")");
    }
    return Optional.empty();
  }
}
