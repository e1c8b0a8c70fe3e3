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
 * @param render a pure function of the spec
 * @param guard what the next render or publish is checked against the published snapshot with;
 *     {@link ChangeGuard#NONE} for none
 */
public record RenderModule(
    String name, Scope scope, Function<PlatformSpec, ManifestSet> render, ChangeGuard guard) {
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

  public RenderModule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(render, "render");
    Objects.requireNonNull(guard, "guard");
  }

  /** An {@link Scope#ORGANISATION_LOCAL} module without a change guard. */
  public static RenderModule organisationLocal(
      String name, Function<PlatformSpec, ManifestSet> render) {
    return new RenderModule(name, Scope.ORGANISATION_LOCAL, render, ChangeGuard.NONE);
  }

  /** A {@link Scope#FLEET_WIDE} module without a change guard. */
  public static RenderModule fleetWide(String name, Function<PlatformSpec, ManifestSet> render) {
    return new RenderModule(name, Scope.FLEET_WIDE, render, ChangeGuard.NONE);
  }

  /** This module with {@code value} as its change guard. */
  public RenderModule withGuard(ChangeGuard value) {
    return new RenderModule(name, scope, render, value);
  }

  public ManifestSet render(PlatformSpec spec) {
    return render.apply(spec);
  }

  @Override
  public String toString() {
    return name;
  }
}
