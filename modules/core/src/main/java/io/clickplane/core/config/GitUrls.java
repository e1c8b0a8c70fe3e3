package io.clickplane.core.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides which part of a Git URL is a credential, and removes it from any text
 * before the text is printed, logged or written.
 *
 * <p>A credential is URL user information that carries a password ({@code user:secret@}), and any
 * user information of an HTTP(S) URL, where hosts take a token as the user name ({@code
 * https://TOKEN@github.com/...}). A bare user name over SSH ({@code ssh://git@host/...}, {@code
 * git@host:path}) addresses the server and is kept. So is a query parameter whose name says it
 * carries a secret ({@code ?private_token=...}, {@code &X-Amz-Signature=...}, {@code access_token},
 * {@code password}, {@code key}, ...): GitLab, Gitea and presigned URLs take tokens there.
 */
public final class GitUrls {
  /** What a removed credential is replaced with. */
  public static final String REDACTED = "***";

  /** {@code scheme://userinfo@} anywhere in a text; userinfo stops at '/', '@' or a blank. */
  private static final Pattern URL_USERINFO =
      Pattern.compile("(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<info>[^/?#@\\s]*)@");

  /** The scp-like form {@code user:password@host:path}, at the start of a word. */
  private static final Pattern SCP_PASSWORD =
      Pattern.compile("(?<![^\\s\"'(=])(?<info>[^\\s/@:\"']+:[^\\s/@\"']*)@(?=[^\\s/@:]+:)");

  /** A query parameter whose name says it holds a secret, and its value. */
  private static final Pattern QUERY_SECRET =
      Pattern.compile(
          "(?<name>[?&;][^=&#\\s\"']*(?:token|secret|password|passwd|pwd|key|sig|signature"
              + "|credential|auth|session)[^=&#\\s\"']*=)(?<value>[^&#\\s\"']+)",
          Pattern.CASE_INSENSITIVE);

  private GitUrls() {}

  /**
   * The credential held by {@code url} (its whole user information), or empty when it holds none.
   */
  public static Optional<String> credential(String url) {
    if (url == null) {
      return Optional.empty();
    }
    Matcher m = URL_USERINFO.matcher(url);
    if (m.lookingAt() && isCredential(m.group("scheme"), m.group("info"))) {
      return Optional.of(m.group("info"));
    }
    Matcher scp = SCP_PASSWORD.matcher(url);
    if (!url.contains("://") && scp.lookingAt()) {
      return Optional.of(scp.group("info"));
    }
    Matcher query = QUERY_SECRET.matcher(url);
    if (url.indexOf('?') >= 0 && query.find(url.indexOf('?'))) {
      return Optional.of(query.group("value"));
    }
    return Optional.empty();
  }

  /**
   * {@code text} with the user information of every URL in it that carries a credential replaced by
   * {@value #REDACTED}; null stays null.
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    if (text.indexOf('?') >= 0) {
      Matcher q = QUERY_SECRET.matcher(text);
      StringBuilder kept = new StringBuilder(text.length());
      while (q.find()) {
        q.appendReplacement(kept, Matcher.quoteReplacement(q.group("name") + REDACTED));
      }
      q.appendTail(kept);
      text = kept.toString();
    }
    if (text.indexOf('@') < 0) {
      return text;
    }
    Matcher m = URL_USERINFO.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String replacement =
          isCredential(m.group("scheme"), m.group("info"))
              ? m.group("scheme") + "://" + REDACTED + "@"
              : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    Matcher scp = SCP_PASSWORD.matcher(out);
    return scp.replaceAll(Matcher.quoteReplacement(REDACTED) + "@");
  }

  private static boolean isCredential(String scheme, String info) {
    String s = scheme.toLowerCase(Locale.ROOT);
    return info.contains(":")
        || s.equals("http")
        || s.equals("https")
        || s.equals("ftp")
        || s.equals("ftps");
  }
}
