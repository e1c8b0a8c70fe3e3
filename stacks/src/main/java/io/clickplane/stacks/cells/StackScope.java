package io.clickplane.stacks.cells;

import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What one Pulumi stack provisions, chosen from its name.
 *
 * <ul>
 *   <li>A stack file without {@code clickplane:cells}: one stack, the whole environment, whatever
 *       its name (a name holding a '.' is refused: it would name a cell).
 *   <li>With cells: stack {@code <env>} is the shared part, {@code <env>.<cell>} one cell; any
 *       other name is refused with the list of stacks the file provisions.
 * </ul>
 *
 * @param kind what the stack provisions
 * @param cell the cell's name ({@code ""} unless {@code kind} is {@link Kind#CELL})
 * @param sharedStack the shared stack's name ({@code <env>}; {@code ""} without cells)
 */
public record StackScope(Kind kind, String cell, String sharedStack) {
  /** The three kinds of stack. */
  public enum Kind {
    /** An environment without cells: everything, as before cells existed. */
    WHOLE,
    /** The shared part of an environment with cells: hosted zone, Keycloak's database. */
    SHARED,
    /** One cell: network, cluster, add-ons, Flux, its organisations' buckets, roles, secrets. */
    CELL
  }

  /** Separates the environment from the cell in a cell stack's name. */
  public static final String SEPARATOR = ".";

  /**
   * The scope of stack {@code stackName} for {@code spec}.
   *
   * @throws IllegalArgumentException naming the stacks the file provisions, for any other name
   */
  public static StackScope of(String stackName, PlatformSpec spec) {
    String env = spec.environment();
    if (!spec.hasCells()) {
      if (stackName.contains(SEPARATOR)) {
        throw new IllegalArgumentException(
            "stack "
                + stackName
                + ": this stack file lists no clickplane:cells, so it provisions one stack, "
                + env
                + " (a stack name with a '.' names a cell)");
      }
      return new StackScope(Kind.WHOLE, "", "");
    }
    if (stackName.equals(env)) {
      return new StackScope(Kind.SHARED, "", env);
    }
    if (stackName.startsWith(env + SEPARATOR)) {
      String cell = stackName.substring(env.length() + SEPARATOR.length());
      if (spec.cellNames().contains(cell)) {
        return new StackScope(Kind.CELL, cell, env);
      }
    }
    throw new IllegalArgumentException(
        "stack "
            + stackName
            + ": this stack file provisions the stacks "
            + String.join(", ", stacks(spec))
            + " ("
            + env
            + " is the shared part, "
            + env
            + SEPARATOR
            + "<cell> one of the cells "
            + String.join(", ", spec.cellNames())
            + ")");
  }

  /** Every stack a stack file provisions, the shared one first. */
  public static List<String> stacks(PlatformSpec spec) {
    List<String> out = new ArrayList<>();
    out.add(spec.environment());
    for (String cell : spec.cellNames()) {
      out.add(spec.environment() + SEPARATOR + cell);
    }
    return out;
  }
}
