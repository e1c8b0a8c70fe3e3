package io.clickplane.core.manifest;

/**
 * The fast YAML path's one signal that a document holds something it does not restate byte for byte
 * (a root scalar, a key that is not simple, a scalar {@link YamlScalars} does not restate, binary
 * or raw values, type or object ids). {@link FastYaml#write} hands exactly these documents to the
 * reference writer and counts them ({@link FastYaml#fallbacks()}); any other exception of the fast
 * path is a defect and surfaces.
 */
public final class CannotRestateException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  CannotRestateException(String what, Throwable signal) {
    super("not restated by the fast YAML path: " + what, signal);
  }
}
