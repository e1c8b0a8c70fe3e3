package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.plans.PlanCatalogue;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Resources;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanBindingTest {
  private static final String CLICKS_PLAN =
      "          plan: general-8\n          storage:\n            class: io2";

  private static String dev() throws Exception {
    return Files.readString(Repo.stackFile("dev"));
  }

  private static PlatformSpec parse(String text) throws Exception {
    return StackConfig.parse("s.yaml", text);
  }

  private static List<ConfigProblem> problems(String text) {
    try {
      StackConfig.parse("s.yaml", text);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    throw new AssertionError("accepted");
  }

  private static int lineOf(String text, String needle) {
    String before = text.substring(0, text.indexOf(needle));
    return (int) before.chars().filter(c -> c == '\n').count() + 1;
  }

  @Test
  void aPlanGivesThePodWhatItsNodeOffersLessTheOverheadsAndTheMargin() throws Exception {
    PlatformSpec spec = parse(dev());
    Resources events = spec.organisations().get(0).services().get(0).resources();
    PlanSizing general8 =
        PlanSizing.tryOf(PlanCatalogue.defaultCatalogue().find("general-8").orElseThrow())
            .orElseThrow();
    assertThat(events).isEqualTo(general8.resources());
    assertThat(events.plan()).isEqualTo("general-8");
    // m6i.2xlarge: 8000m less 90m kube-reserved, 435m node daemons, 10m log container, 80m
    // margin, to 10m
    assertThat(events.cpu()).isEqualTo("7380m");
    // 32768Mi less 2458 VM overhead, 431 kube-reserved at 16 pods, 100 eviction, 652 daemons, 16
    // log container, 327 margin
    assertThat(events.memory()).isEqualTo("28784Mi");
  }

  @Test
  void rawResourcesMapToTheSmallestPlanThatFitsThem() throws Exception {
    String text =
        dev()
            .replace(
                CLICKS_PLAN,
                "          resources:\n            cpu: \"4\"\n            memory: 16Gi\n"
                    + "          storage:\n            class: io2");
    Resources clicks = parse(text).organisations().get(1).services().get(0).resources();
    // 4 vCPU / 16Gi do not fit a 4-vCPU node once the kubelet and the daemons are counted
    assertThat(clicks).isEqualTo(new Resources("4", "16Gi", "general-8"));
  }

  @Test
  void planAndResourcesTogetherAreRefusedAtTheirLine() throws Exception {
    String text =
        dev()
            .replace(
                CLICKS_PLAN,
                "          plan: general-8\n          resources:\n            cpu: \"4\"\n"
                    + "          storage:\n            class: io2");
    assertThat(problems(text))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("clickplane:organisations[1].services[0].plan");
              assertThat(p.line()).isEqualTo(lineOf(text, "plan: general-8\n          resources"));
              assertThat(p.message()).contains("either plan or resources");
            });
  }

  @Test
  void anUnknownPlanIsRefusedWithTheNamesAllowed() throws Exception {
    String text = dev().replace(CLICKS_PLAN, CLICKS_PLAN.replace("general-8", "genral-8"));
    assertThat(problems(text))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.toString())
                  .startsWith(
                      "s.yaml:"
                          + lineOf(text, "plan: genral-8")
                          + ": clickplane:organisations[1].services[0].plan: unknown plan");
              assertThat(p.message()).contains("general-8").contains("clickplane:plans");
            });
  }

  @Test
  void aStackPlanWithAnInstanceTypeTheCatalogueLacksIsRefused() throws Exception {
    String text =
        dev() + "  clickplane:plans:\n    - name: huge\n      instanceTypes: [x2idn.32xlarge]\n";
    assertThat(problems(text))
        .extracting(ConfigProblem::path)
        .containsExactly("clickplane:plans[0].instanceTypes[0]");
  }

  @Test
  void aPlanTooSmallForTheOverheadsIsRefused() throws Exception {
    String text =
        dev() + "  clickplane:plans:\n    - name: tiny\n      instanceTypes: [c6i.large]\n";
    assertThat(problems(text))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("clickplane:plans[0].instanceTypes");
              assertThat(p.message())
                  .contains("too small for the platform's overheads")
                  .contains("at least 1000m and 4096Mi");
            });
  }

  @Test
  void aPlanSpreadOverMoreZonesThanTheRegionOffersIsRefused() throws Exception {
    String text =
        dev()
            + "  clickplane:plans:\n    - name: wide\n      instanceTypes: [m6i.xlarge]\n"
            + "      zones: 4\n";
    assertThat(problems(text))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("clickplane:plans[0].zones");
              assertThat(p.message()).contains("eu-west-1 offers its instance types in 3");
            });
  }

  @Test
  void iopsBeyondThePlansInstanceAreRefused() throws Exception {
    String text = dev().replace("            iops: 16000", "            iops: 20000");
    assertThat(problems(text))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path())
                  .isEqualTo("clickplane:organisations[1].services[0].storage.iops");
              assertThat(p.message())
                  .contains("43000 IOPS (2 × 20000 + the log disk's 3000)")
                  .contains("m6i.2xlarge reaches at most 40000");
            });
  }

  @Test
  void throughputBeyondThePlansInstanceIsRefused() throws Exception {
    String text =
        dev()
            .replace(
                "            iops: 6000\n            throughput: 250",
                "            disks: 2\n" + "            iops: 6000\n            throughput: 1000");
    assertThat(problems(text))
        .extracting(ConfigProblem::path)
        .containsExactly("clickplane:organisations[0].services[0].storage.throughput");
  }

  @Test
  void aStackPlanReplacesTheDefaultOfItsName() throws Exception {
    String text =
        dev() + "  clickplane:plans:\n    - name: general-8\n      instanceTypes: [r6i.2xlarge]\n";
    PlatformSpec spec = parse(text);
    assertThat(spec.eks().plans()).hasSize(1);
    Resources events = spec.organisations().get(0).services().get(0).resources();
    assertThat(events.plan()).isEqualTo("general-8");
    assertThat(events.memory()).isEqualTo("58766Mi");
  }
}
