package io.clickplane.core.config.section;

/**
 * Something that binds or fails: a section, or a map within one. Every failed read clears the
 * scope's "ok" flag and that of the scope it belongs to, so a section binds only when nothing in it
 * failed; list items are scopes of their own, and their section decides what a failed item means.
 */
abstract class Scope {
  private final Scope parent;
  private boolean ok = true;

  Scope(Scope parent) {
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
}
