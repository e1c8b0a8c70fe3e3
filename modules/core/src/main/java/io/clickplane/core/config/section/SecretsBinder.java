package io.clickplane.core.config.section;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Keys whose value must be a Pulumi secret ({@code secure:}); they are checked, never part of the
 * spec.
 */
public final class SecretsBinder implements SectionBinder<Void> {
  public static final SecretsBinder BINDER = new SecretsBinder();

  static final Key<Void> GITOPS_PASSWORD =
      Key.<Void>bound(Sections.NS + "gitopsPassword")
          .defaultDoc("none")
          .doc(
              "Pulumi secret",
              "Password or token Flux uses to read the Flux repository. Must be set with `pulumi"
                  + " config set --secret clickplane:gitopsPassword …`; a plaintext value is"
                  + " refused.");

  private SecretsBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(GITOPS_PASSWORD);
  }

  @Override
  public Void bind(Section section, Bound earlier) {
    for (Key<?> key : keys()) {
      check(section, key.name());
    }
    return null;
  }

  private static void check(Section section, String key) {
    JsonNode node = section.value(key);
    if (node == null) {
      return;
    }
    boolean secure =
        node.isObject() && node.size() == 1 && node.has("secure") && node.get("secure").isTextual();
    // Pulumi hands a running program the decrypted value as plain text.
    boolean decrypted = !section.hasLine(key) && node.isTextual();
    if (!secure && !decrypted) {
      section.problem(
          key,
          "must be a Pulumi secret: set it with 'pulumi config set --secret "
              + key
              + " VALUE' (a plaintext value would be committed to Git)");
    }
  }
}
