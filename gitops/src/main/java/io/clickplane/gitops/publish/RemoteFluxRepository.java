package io.clickplane.gitops.publish;

import io.clickplane.core.config.GitUrls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * A repository behind a URL (git://, http(s)://, ssh://, file://). Objects are built in a local
 * bare cache repository; the branch tip is fetched before each attempt; pushes are never forced and
 * carry the expected old id, so a remote that moved refuses them.
 */
public final class RemoteFluxRepository implements FluxRepository {
  private static final String TRACKING = "refs/clickplane/remote/";

  private final URIish uri;
  private final LocalFluxRepository cache;
  private final CredentialsProvider credentials;

  private RemoteFluxRepository(
      URIish uri, LocalFluxRepository cache, CredentialsProvider credentials) {
    this.uri = uri;
    this.cache = cache;
    this.credentials = credentials;
  }

  /**
   * @param url the remote repository
   * @param cacheDir a local bare repository to build objects in (created if absent)
   * @param credentials for the remote, or null
   */
  public static RemoteFluxRepository open(
      String url, Path cacheDir, CredentialsProvider credentials) throws IOException {
    URIish uri;
    try {
      uri = new URIish(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a git URL: " + GitUrls.redact(url));
    }
    return new RemoteFluxRepository(
        uri, LocalFluxRepository.openOrCreateBare(cacheDir, "main"), credentials);
  }

  @Override
  public Repository objects() {
    return cache.objects();
  }

  @Override
  public Optional<ObjectId> tip(String branch) throws IOException {
    try (Transport transport = transport();
        FetchConnection connection = transport.openFetch()) {
      Ref ref = connection.getRef(Constants.R_HEADS + branch);
      if (ref == null || ref.getObjectId() == null) {
        return Optional.empty();
      }
      ObjectId id = ref.getObjectId();
      if (!objects().getObjectDatabase().has(id)) {
        connection.fetch(NullProgressMonitor.INSTANCE, List.of(ref), Set.of());
      }
      RefUpdate keep = objects().updateRef(TRACKING + branch);
      keep.setNewObjectId(id);
      keep.setForceUpdate(true); // the cache's own tracking ref, never the remote's branch
      keep.update();
      return Optional.of(id);
    } catch (TransportException e) {
      throw explain(e);
    }
  }

  @Override
  public RefMove update(String branch, ObjectId expected, ObjectId commit) throws IOException {
    String ref = Constants.R_HEADS + branch;
    RemoteRefUpdate update =
        new RemoteRefUpdate(
            objects(),
            commit.name(),
            commit,
            ref,
            false,
            null,
            expected == null ? ObjectId.zeroId() : expected);
    try (Transport transport = transport()) {
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate done = result.getRemoteUpdate(ref);
      RemoteRefUpdate.Status status = done.getStatus();
      if (status == RemoteRefUpdate.Status.OK) {
        return expected == null ? RefMove.CREATED : RefMove.FAST_FORWARDED;
      }
      if (status == RemoteRefUpdate.Status.UP_TO_DATE) {
        return RefMove.UNCHANGED;
      }
      if (status == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
          || status == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED) {
        return RefMove.STALE;
      }
      // A concurrent push can win the ref lock between advertisement and update ("failed to update
      // ref"): if the branch has moved from what we expected, that was a race, not a refusal.
      if (status == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
          && !java.util.Objects.equals(advertised(ref), expected)) {
        return RefMove.STALE;
      }
      throw new PublishException(
          "the git server refused to update "
              + branch
              + " at "
              + describe()
              + ": "
              + status
              + (done.getMessage() == null ? "" : " (" + done.getMessage() + ")"));
    } catch (TransportException e) {
      throw explain(e);
    }
  }

  /** The branch's id as the server advertises it now, or null. */
  private ObjectId advertised(String ref) throws IOException {
    try (Transport transport = transport();
        FetchConnection connection = transport.openFetch()) {
      Ref r = connection.getRef(ref);
      return r == null ? null : r.getObjectId();
    }
  }

  private Transport transport() throws IOException {
    Transport transport = Transport.open(objects(), uri);
    transport.setCredentialsProvider(credentials);
    transport.setTimeout(60);
    return transport;
  }

  private IOException explain(TransportException e) {
    String m = GitUrls.redact(String.valueOf(e.getMessage()));
    if (m.contains("not authorized")
        || m.contains("Authentication is required")
        || m.contains("401")) {
      return new PublishException(
          "the git server at "
              + describe()
              + " rejected the login"
              + (credentials == null ? " (no credentials were given; " : " (")
              + "set CLICKPLANE_GIT_USERNAME and CLICKPLANE_GIT_PASSWORD, or add the host to the git credentials file)",
          e);
    }
    if (e instanceof NoRemoteRepositoryException) {
      return new PublishException("no git repository at " + describe(), e);
    }
    return new PublishException("cannot reach the git server at " + describe() + ": " + m, e);
  }

  @Override
  public String describe() {
    return GitUrls.redact(uri.setUser(null).setPass(null).toString());
  }

  @Override
  public void close() {
    cache.close();
  }
}
