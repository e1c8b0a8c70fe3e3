package io.clickplane.istio;

/** Helm charts this module installs, pinned. */
public final class Versions {
  private Versions() {}

  public static final String ISTIO_REPOSITORY =
      "https://istio-release.storage.googleapis.com/charts";

  /** Istio: base, istiod, cni, ztunnel and gateway charts share the version. */
  public static final String ISTIO = "1.27.3";

  public static final String CERT_MANAGER_REPOSITORY = "https://charts.jetstack.io";
  public static final String CERT_MANAGER = "v1.18.2";

  public static final String EXTERNAL_DNS_REPOSITORY =
      "https://kubernetes-sigs.github.io/external-dns/";
  public static final String EXTERNAL_DNS = "1.18.0";
}
