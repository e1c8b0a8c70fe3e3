package io.clickplane.gitops.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/** Git object ids computed with the JDK's SHA-1 (hardware-accelerated where the CPU offers it). */
final class GitObjects {
  private final MessageDigest sha1;

  GitObjects() {
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The id git gives an object of {@code type} ({@link Constants#OBJ_BLOB}, ...) with this content.
   */
  ObjectId id(int type, byte[] content) {
    sha1.reset();
    sha1.update(Constants.encodedTypeString(type));
    sha1.update((byte) ' ');
    sha1.update(Integer.toString(content.length).getBytes(StandardCharsets.US_ASCII));
    sha1.update((byte) 0);
    sha1.update(content);
    return ObjectId.fromRaw(sha1.digest());
  }
}
