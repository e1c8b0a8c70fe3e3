package io.clickplane.stacks.cli;

import picocli.CommandLine;

/** Reports the version from the jar's manifest. */
public final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Clickplane.class.getPackage().getImplementationVersion();
    return new String[] {"clickplane " + (v == null ? "(development build)" : v)};
  }
}
