package io.clickplane.stacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stack file without {@code clickplane:cells} provisions exactly what it did before cells
 * existed: every resource (type, logical name, parent, dependencies and inputs) and every output of
 * the program, compared with golden files written from the program as it was then. The cells split
 * must leave these files untouched.
 */
class ProgramGraphGoldenTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theResourceGraphWithoutCellsIsTheOneBeforeCells(String stack) throws Exception {
    MockedStack run =
        MockedStack.run(
            StackValues.of(Repo.stackFile(stack)), Set.of(), ClickplaneProgram::run, stack);
    Golden.assertMatches("pulumi/" + stack + ".graph", graph(run));
  }

  /** One line per resource, sorted; then one line per output. */
  static String graph(MockedStack run) throws Exception {
    List<Registration> all = run.all();
    Map<String, String> byUrn = new TreeMap<>();
    for (Registration r : all) {
      byUrn.put(r.urn(), r.type() + "::" + r.name());
    }
    Set<String> lines = new TreeSet<>(Comparator.naturalOrder());
    for (Registration r : all) {
      Set<String> dependencies = new TreeSet<>();
      r.dependencies().forEach(d -> dependencies.add(byUrn.getOrDefault(d, d)));
      String inputs =
          JSON.writeValueAsString(r.inputs()).replaceAll("mockRandom[0-9]+", "mockRandom");
      lines.add(
          r.type()
              + "::"
              + r.name()
              + " parent="
              + byUrn.getOrDefault(r.parentUrn(), "")
              + " dependsOn="
              + dependencies
              + " inputs="
              + inputs);
    }
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l).append('\n'));
    Map<String, Object> outputs = new TreeMap<>();
    for (String name : run.outputNames()) {
      outputs.put(name, run.output(name));
    }
    for (Map.Entry<String, Object> e : outputs.entrySet()) {
      out.append("output ")
          .append(e.getKey())
          .append('=')
          .append(
              JSON.writeValueAsString(e.getValue()).replaceAll("mockRandom[0-9]+", "mockRandom"))
          .append('\n');
    }
    return out.toString();
  }
}
