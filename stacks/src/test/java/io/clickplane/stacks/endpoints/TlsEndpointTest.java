package io.clickplane.stacks.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every service of the dev fleet, the names agree: what ExternalDNS publishes, what the Gateway
 * serves, what the VirtualService routes by SNI, and what the certificate (which ClickHouse
 * presents) is issued for. Then a real TLS handshake proves it: a server on 127.0.0.1 plays the
 * gateway plus ClickHouse (it picks the route by the client's SNI from the rendered VirtualServices
 * and presents the certificate of the routed service, issued for the rendered {@code dnsNames}); a
 * JDK client sends each published name as SNI and verifies the host name as {@code
 * clickhouse-client --secure} does.
 */
class TlsEndpointTest {
  private static final String PASSWORD = "test-only";
  private static DevFleet fleet;

  /** Per service ({@code org/service}): the names each object carries. */
  private static final Map<String, Set<String>> certificates = new TreeMap<>();

  private static final Map<String, Set<String>> gatewayHosts = new TreeMap<>();
  private static final Map<String, Set<String>> sniHosts = new TreeMap<>();
  private static final Map<String, Set<String>> published = new TreeMap<>();

  /** SNI name → routed service ({@code org/service}), from the VirtualServices. */
  private static final Map<String, String> routes = new TreeMap<>();

  @TempDir static Path dir;
  private static SSLServerSocket server;
  private static Thread acceptor;
  private static SSLContext client;

  @BeforeAll
  static void setUp() throws Exception {
    fleet = new DevFleet();
    readNames();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (Map.Entry<String, Set<String>> e : certificates.entrySet()) {
      String alias = e.getKey().replace('/', '.');
      Path store = issue(alias, e.getValue());
      KeyStore one = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        one.load(in, PASSWORD.toCharArray());
      }
      keys.setKeyEntry(
          alias,
          one.getKey(alias, PASSWORD.toCharArray()),
          PASSWORD.toCharArray(),
          one.getCertificateChain(alias));
      trust.setCertificateEntry(alias, one.getCertificate(alias));
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(keys, PASSWORD.toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(
        new javax.net.ssl.KeyManager[] {
          new RoutingKeyManager((X509KeyManager) kmf.getKeyManagers()[0])
        },
        null,
        null);
    server =
        (SSLServerSocket)
            serverContext
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(TlsEndpointTest::serve, "tls-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (server != null) {
      server.close();
      acceptor.join(5000);
    }
  }

  private static void readNames() {
    Map<String, String> certificateByDestination = new TreeMap<>();
    for (JsonNode doc : fleet.documents) {
      String kind = doc.path("kind").asText();
      String ns = doc.at("/metadata/namespace").asText();
      switch (kind) {
        case "Certificate" -> {
          String service = doc.at("/metadata/labels/clickplane.io~1service").asText();
          if (service.isEmpty()) {
            continue; // a platform endpoint (Keycloak), not a service's
          }
          Set<String> names = new TreeSet<>();
          doc.at("/spec/dnsNames").forEach(n -> names.add(n.asText()));
          certificates.put(ns + "/" + service, names);
          // The Secret the certificate is written to is the one the service's ClickHouse mounts.
          assertThat(doc.at("/spec/secretName").asText())
              .isEqualTo(Naming.certificateSecret(service));
          certificateByDestination.put(
              Naming.installationService(service) + "." + ns + ".svc.cluster.local",
              ns + "/" + service);
        }
        case "Gateway" -> {
          boolean externalDns =
              doc.at("/metadata/annotations/external-dns.alpha.kubernetes.io~1controller")
                  .asText("dns-controller")
                  .equals("dns-controller");
          for (JsonNode server : doc.at("/spec/servers")) {
            for (JsonNode host : server.path("hosts")) {
              if (host.asText().equals(IdentityNames.keycloakHost(fleet.spec.domain()))) {
                continue; // Keycloak's own route, terminated at the gateway
              }
              String service = serviceOf(host.asText());
              gatewayHosts.computeIfAbsent(service, k -> new TreeSet<>()).add(host.asText());
              if (externalDns) {
                published.computeIfAbsent(service, k -> new TreeSet<>()).add(host.asText());
              }
            }
          }
        }
        case "VirtualService" -> {
          for (JsonNode route : doc.at("/spec/tls")) {
            for (JsonNode sni : route.at("/match/0/sniHosts")) {
              String destination = route.at("/route/0/destination/host").asText();
              sniHosts
                  .computeIfAbsent(
                      ns + "/" + doc.at("/metadata/name").asText(), k -> new TreeSet<>())
                  .add(sni.asText());
              routes.put(sni.asText(), destination);
            }
          }
        }
        case "Service" -> {
          String host =
              doc.at("/metadata/annotations/external-dns.alpha.kubernetes.io~1hostname").asText();
          if (!host.isEmpty()) {
            published.computeIfAbsent(serviceOf(host), k -> new TreeSet<>()).add(host);
          }
        }
        default -> {}
      }
    }
    routes.replaceAll((sni, destination) -> certificateByDestination.get(destination));
  }

  /** {@code org/service} of a host name {@code <service>.<org>.<domain>}. */
  private static String serviceOf(String host) {
    String[] parts = host.split("\\.");
    return parts[1] + "/" + parts[0];
  }

  /** A self-signed certificate for {@code names}, as cert-manager would issue for the rendering. */
  private static Path issue(String alias, Set<String> names) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    List<String> san = names.stream().map(n -> "dns:" + n).toList();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + names.iterator().next(),
                "-ext",
                "SAN=" + String.join(",", san),
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return store;
  }

  private static void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(5000);
        ((SSLSocket) s).startHandshake();
        OutputStream out = s.getOutputStream();
        out.write(1);
        out.flush();
      } catch (IOException e) {
        // a refused handshake or the server closing
      }
    }
  }

  /** Presents the certificate of the service the client's SNI routes to; none if no route. */
  private static final class RoutingKeyManager extends X509ExtendedKeyManager {
    private final X509KeyManager keys;

    RoutingKeyManager(X509KeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      if (!(((SSLSocket) socket).getHandshakeSession() instanceof ExtendedSSLSession session)) {
        return null;
      }
      for (SNIServerName name : session.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          String service = routes.get(host.getAsciiName());
          return service == null ? null : service.replace('/', '.');
        }
      }
      return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }

  /** Connects as a client resolving {@code host} would, with SNI and host name verification. */
  private static X509Certificate connect(String host) throws IOException {
    Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    try (SSLSocket tls =
        (SSLSocket)
            client.getSocketFactory().createSocket(plain, host, server.getLocalPort(), true)) {
      tls.setSoTimeout(5000);
      SSLParameters params = tls.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName(host)));
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      assertThat(tls.getInputStream().read()).isEqualTo(1);
      return (X509Certificate) tls.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void everyServiceCarriesOneNameEverywhere() {
    Set<String> services = new TreeSet<>();
    for (OrganisationSpec org : fleet.spec.organisations()) {
      for (ServiceSpec s : org.services()) {
        services.add(org.name() + "/" + s.name());
      }
    }
    assertThat(certificates.keySet()).isEqualTo(services);
    assertThat(gatewayHosts.keySet()).isEqualTo(services);
    assertThat(sniHosts.keySet()).isEqualTo(services);
    assertThat(published.keySet()).isEqualTo(services);
    for (String service : services) {
      String[] p = service.split("/");
      Set<String> expected = Set.of(Naming.host(p[1], p[0], fleet.spec.domain()));
      assertThat(certificates.get(service)).as(service + " certificate").isEqualTo(expected);
      assertThat(gatewayHosts.get(service)).as(service + " gateway").isEqualTo(expected);
      assertThat(sniHosts.get(service)).as(service + " sniHosts").isEqualTo(expected);
      assertThat(published.get(service)).as(service + " ExternalDNS").isEqualTo(expected);
      assertThat(routes.get(expected.iterator().next())).as(service + " route").isEqualTo(service);
    }
  }

  @Test
  void eachPublishedNameCompletesATlsHandshakeWithItsServicesCertificate() throws Exception {
    int handshakes = 0;
    for (Map.Entry<String, Set<String>> e : published.entrySet()) {
      for (String host : e.getValue()) {
        X509Certificate presented = connect(host);
        List<String> san = new ArrayList<>();
        presented.getSubjectAlternativeNames().forEach(n -> san.add(n.get(1).toString()));
        assertThat(san).as(host).containsExactlyElementsOf(certificates.get(e.getKey()));
        handshakes++;
      }
    }
    assertThat(handshakes).isEqualTo(fleet.spec.serviceCount());
  }

  @Test
  void aNameNoGatewayServesGetsNoHandshake() {
    assertThatThrownBy(() -> connect("unknown.acme." + fleet.spec.domain()))
        .isInstanceOf(SSLException.class);
  }
}
