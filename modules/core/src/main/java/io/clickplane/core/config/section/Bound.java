package io.clickplane.core.config.section;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/** What the sections bound so far: each section's value, and whether it is complete. */
public final class Bound {
  private final Map<SectionBinder<?>, Object> values = new IdentityHashMap<>();
  private final Set<SectionBinder<?>> failed = new HashSet<>();

  /** Binds {@code binder}'s section in {@code binding} and records the result. */
  public <T> void bind(SectionBinder<T> binder, Binding binding) {
    Section section = binding.section();
    values.put(binder, binder.bind(section, this));
    if (!section.ok()) {
      failed.add(binder);
    }
  }

  /** What {@code binder} bound; partial or null when its section is not ok. */
  @SuppressWarnings("unchecked")
  public <T> T get(SectionBinder<T> binder) {
    return (T) values.get(binder);
  }

  /** True when every section bound so far is ok. */
  public boolean ok() {
    return failed.isEmpty();
  }
}
