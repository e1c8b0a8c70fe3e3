package io.clickplane.core.config.section;

import java.util.List;

/**
 * Binds one section of the stack file. A section owns its top-level keys (and through their tables
 * every key below them), reads them, checks them, and returns what it bound; what earlier sections
 * of {@link Sections#ORDER} bound is in {@code earlier}. A failed read clears the section's "ok"
 * flag, and the platform is assembled only when every section is ok.
 *
 * @param <T> what the section binds
 */
public interface SectionBinder<T> {
  /** The top-level keys this section owns (full keys, e.g. {@code clickplane:network}). */
  List<Key<?>> keys();

  /**
   * Binds the section; the result may be partial (or null) when {@code section} is not ok, and is
   * then used only by later sections' checks that can still run.
   */
  T bind(Section section, Bound earlier);
}
