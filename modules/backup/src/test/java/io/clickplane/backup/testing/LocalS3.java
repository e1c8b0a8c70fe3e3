package io.clickplane.backup.testing;

import io.clickplane.backup.plan.S3Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API on 127.0.0.1 for tests: s3proxy over jclouds' in-memory ({@code transient}) blob
 * store, with AWS signature checking on a fixed test key. Start once per test class; {@link
 * #client()} is an AWS SDK v2 client on it (path-style), closed with the server.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "local-identity";
  public static final String SECRET_KEY = "local-credential";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final List<S3Client> clients = new ArrayList<>();

  private LocalS3(S3Proxy proxy, BlobStoreContext context) {
    this.proxy = proxy;
    this.context = context;
  }

  /** Starts s3proxy on a free port of 127.0.0.1 with the given buckets. */
  public static LocalS3 start(String... buckets) throws Exception {
    Properties properties = new Properties();
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .overrides(properties)
            .build(BlobStoreContext.class);
    BlobStore store = context.getBlobStore();
    for (String bucket : buckets) {
      store.createContainerInLocation(null, bucket);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            // The SDK names its checksum algorithm in a header s3proxy does not know on
            // DeleteObjects; real S3 accepts it.
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!"STARTED".equals(proxy.getState())) {
      if (Instant.now().isAfter(deadline)) {
        proxy.stop();
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(20);
    }
    return new LocalS3(proxy, context);
  }

  /** The endpoint, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Path-style URL of a bucket, ending in {@code /}. */
  public String bucketUrl(String bucket) {
    return endpoint() + "/" + bucket + "/";
  }

  /** How ClickHouse reaches {@code bucket} here: its URL and the test key. */
  public S3Target target(String bucket) {
    return S3Target.withKey(bucketUrl(bucket), ACCESS_KEY, SECRET_KEY);
  }

  /** An SDK client on this server, closed with it (closing it earlier does no harm). */
  public synchronized S3Client client() {
    S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint())
            .forcePathStyle(true)
            // s3proxy answers 501 to the SDK's default flexible checksums; DeleteObjects gets
            // Content-MD5.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .addPlugin(LegacyMd5Plugin.create())
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
    clients.add(client);
    return client;
  }

  @Override
  public void close() throws Exception {
    synchronized (this) {
      clients.forEach(S3Client::close);
    }
    proxy.stop();
    context.close();
  }
}
