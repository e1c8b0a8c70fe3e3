package io.clickplane.core.config.section;

/**
 * Something that binds or fails: a section, or a map within one. Every failed read clears the
 * scope's "ok" flag and that of the scope it belongs to, so a section binds only when nothing in it
 * failed; list items are scopes of their own, and their section decides what a failed item means.
 */
abstract class Scope {
  final Binding binding;
  private final Scope parent;
  private boolean ok = true;

  Scope(Binding binding, Scope parent) {
    this.binding = binding;
    this.parent = parent;
  }

  /** True while no read in this scope (or a map within it) has failed. */
  public final boolean ok() {
    return ok;
  }

  /** Marks this scope (and the scopes it belongs to) as not bound. */
  public final void fail() {
    ok = false;
    if (parent != null) {
      parent.fail();
    }
  }

  /** Reports a problem that leaves the value usable (the scope still binds). */
  public final void problem(String path, String message) {
    binding.problem(path, message);
  }

  /** Reports a problem that refuses the value: the scope does not bind. */
  public final <T> T refuse(String path, String message) {
    binding.problem(path, message);
    fail();
    return null;
  }
}
