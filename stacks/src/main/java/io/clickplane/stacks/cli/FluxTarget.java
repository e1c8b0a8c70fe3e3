package io.clickplane.stacks.cli;

import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.FluxRepository;
import io.clickplane.gitops.publish.GitCredentials;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.gitops.publish.RemoteFluxRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import picocli.CommandLine.Option;

/**
 * The {@code --repo URL|PATH} option and how the Flux repository is chosen: {@code --repo}, else
 * {@code clickplane:gitops.repository} from the stack file, else the local default bare repository
 * {@code <project>/.clickplane/flux.git}, where {@code <project>} is the parent of the directory
 * holding the stack file (for {@code stacks/Pulumi.dev.yaml}: the checkout's root).
 */
public final class FluxTarget {
  private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@[^:/]+:.+");

  @Option(
      names = "--repo",
      paramLabel = "URL|PATH",
      description =
          "Flux repository: a git URL or a local path (default: clickplane:gitops.repository, "
              + "else <project>/.clickplane/flux.git)")
  String repo;

  /** The repository named by {@code --repo} or the stack file; empty for the local default. */
  public String named(PlatformSpec spec) {
    return repo != null ? repo : spec.gitops().repository();
  }

  /**
   * {@code <project>/.clickplane}: the parent of the stack file's directory, then {@code
   * .clickplane}.
   */
  public static Path stateDir(Path stackFile) {
    Path dir = stackFile.toAbsolutePath().normalize().getParent();
    Path project = dir.getParent() == null ? dir : dir.getParent();
    return project.resolve(".clickplane");
  }

  /** The local default bare repository for a stack file. */
  public static Path defaultRepository(Path stackFile) {
    return stateDir(stackFile).resolve("flux.git");
  }

  public static boolean isUrl(String target) {
    return target.contains("://") || SCP_LIKE.matcher(target).matches();
  }

  /**
   * Opens the repository to publish to; the local default is created on first use.
   *
   * @throws IllegalArgumentException when a named local path holds no repository (a user mistake)
   */
  public FluxRepository open(
      PlatformSpec spec, Path stackFile, Map<String, String> env, boolean create)
      throws IOException {
    String target = named(spec);
    if (target.isEmpty()) {
      Path path = defaultRepository(stackFile);
      if (!create && !Files.exists(path.resolve("HEAD"))) {
        return new Empty(path.toString());
      }
      return LocalFluxRepository.openOrCreateBare(path, spec.gitops().branch());
    }
    if (isUrl(target)) {
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      Optional<CredentialsProvider> credentials =
          GitCredentials.forUrl(target, env, home == null ? null : Path.of(home));
      Path cache = stateDir(stackFile).resolve("cache").resolve(hash(target) + ".git");
      return RemoteFluxRepository.open(target, cache, credentials.orElse(null));
    }
    Path path = Path.of(target);
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          "--repo "
              + target
              + ": no such directory (a git URL, or the path of an existing git repository)");
    }
    try {
      return LocalFluxRepository.open(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("--repo " + target + ": not a git repository", e);
    }
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The default repository before its first publish: no branches yet. */
  private static final class Empty implements FluxRepository {
    private final Repository memory = new InMemoryRepository(new DfsRepositoryDescription("empty"));
    private final String description;

    Empty(String description) {
      this.description = description;
    }

    @Override
    public Repository objects() {
      return memory;
    }

    @Override
    public Optional<ObjectId> tip(String branch) {
      return Optional.empty();
    }

    @Override
    public RefMove update(String branch, ObjectId expected, ObjectId commit) {
      throw new UnsupportedOperationException("read only");
    }

    @Override
    public String describe() {
      return description + " (not created yet)";
    }

    @Override
    public void close() {
      memory.close();
    }
  }
}
