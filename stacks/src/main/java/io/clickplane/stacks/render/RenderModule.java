package io.clickplane.stacks.render;

import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import java.util.Objects;
import java.util.function.Function;

/**
 * One part of an environment's tree, as {@link Fleet}'s table lists it: what it renders, whether
 * its files may be rendered for some organisations only, and what its change guard refuses.
 *
 * @param name a short name for messages and test reports ({@code clickhouse}, {@code
 *     istio-cluster})
 * @param scope whether the module's files outside the organisation directories depend on the
 *     organisations
 * @param cells which cells of an environment with cells render the module
 * @param render a pure function of the spec (one cell's, with cells) and whether that cell is the
 *     home cell (the first listed; always true without cells)
 * @param guard what the next render or publish is checked against the published snapshot with;
 *     {@link ChangeGuard#NONE} for none
 */
public record RenderModule(
    String name, Scope scope, Cells cells, CellRender render, ChangeGuard guard) {
  /** How a module's files depend on the organisations. */
  public enum Scope {
    /**
     * An organisation's directory {@code tenants/<env>/<org>/} is a function of the platform-level
     * spec and that organisation only, and every file outside the organisation directories is a
     * function of the platform-level spec only. With organisations kept as published, the module
     * renders the other organisations only.
     */
    ORGANISATION_LOCAL,
    /**
     * Files outside the organisation directories depend on the organisations (or are not known not
     * to): the module always renders the whole spec, and its files under a kept organisation's
     * directory are dropped.
     */
    FLEET_WIDE
  }

  /** Which cells render a module. */
  public enum Cells {
    /** Every cell renders it for itself (its cluster-wide files under the cell's directories). */
    EVERY_CELL,
    /**
     * Only the home cell (the first in {@code clickplane:cells}) renders it: what exists once per
     * environment, like Keycloak's instance.
     */
    HOME_CELL
  }

  /** A module's rendering of one cell. */
  @FunctionalInterface
  public interface CellRender {
    /**
     * @param spec the environment without cells, or one cell's {@link PlatformSpec#forCell}
     * @param home whether that cell is the environment's home cell (true without cells)
     */
    ManifestSet render(PlatformSpec spec, boolean home);
  }

  public RenderModule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(cells, "cells");
    Objects.requireNonNull(render, "render");
    Objects.requireNonNull(guard, "guard");
  }

  /** An {@link Scope#ORGANISATION_LOCAL} module without a change guard. */
  public static RenderModule organisationLocal(
      String name, Function<PlatformSpec, ManifestSet> render) {
    return new RenderModule(
        name,
        Scope.ORGANISATION_LOCAL,
        Cells.EVERY_CELL,
        (spec, home) -> render.apply(spec),
        ChangeGuard.NONE);
  }

  /** A {@link Scope#FLEET_WIDE} module without a change guard. */
  public static RenderModule fleetWide(String name, Function<PlatformSpec, ManifestSet> render) {
    return fleetWide(name, (spec, home) -> render.apply(spec));
  }

  /** A {@link Scope#FLEET_WIDE} module whose files differ in the home cell. */
  public static RenderModule fleetWide(String name, CellRender render) {
    return new RenderModule(name, Scope.FLEET_WIDE, Cells.EVERY_CELL, render, ChangeGuard.NONE);
  }

  /** This module with {@code value} as its change guard. */
  public RenderModule withGuard(ChangeGuard value) {
    return new RenderModule(name, scope, cells, render, value);
  }

  /** This module, rendered by the home cell only. */
  public RenderModule inHomeCellOnly() {
    return new RenderModule(name, scope, Cells.HOME_CELL, render, guard);
  }

  /** The module's files for an environment without cells (or its home cell). */
  public ManifestSet render(PlatformSpec spec) {
    return render.render(spec, true);
  }

  /** The module's files for one cell; nothing for a cell that does not render it. */
  public ManifestSet render(PlatformSpec cell, boolean home) {
    return home || cells == Cells.EVERY_CELL ? render.render(cell, home) : ManifestSet.empty();
  }

  @Override
  public String toString() {
    return name;
  }
}
