package io.clickplane.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.core.flux.ClusterValues;
import io.clickplane.core.naming.ClusterNames;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.CellSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.stacks.cells.SharedOutputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev stack file in three cells ({@code a}: acme, {@code b}: globex, {@code c}: initech) under
 * Pulumi's mocks: the shared stack {@code dev} first, then each cell stack {@code dev.<cell>}
 * reading the shared stack's outputs through its stack reference, as {@code pulumi up} runs them.
 */
class CellStacksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "aws:s3/bucketV2:BucketV2";
  private static final String ROLE = "aws:iam/role:Role";
  private static final String REFERENCE = "pulumi:pulumi:StackReference";
  private static final String SHARED_NAME =
      MockedStack.ORGANIZATION + "/" + MockedStack.PROJECT + "/dev";
  static final Map<String, String> CELL_OF = Map.of("acme", "a", "globex", "b", "initech", "c");
  private static final List<String> CELLS = List.of("a", "b", "c");

  private static Map<String, String> config;
  private static MockedStack shared;
  private static final Map<String, MockedStack> CELL_RUNS = new LinkedHashMap<>();

  @BeforeAll
  static void runAllStacks() throws Exception {
    config = cells(StackValues.of(Repo.stackFile("dev")), o -> {});
    shared = MockedStack.run(config, Set.of(), ClickplaneProgram::run, "dev");
    for (String cell : CELLS) {
      CELL_RUNS.put(cell, cell(config, cell));
    }
  }

  /** {@code base} with cells a, b and c and each organisation in its cell of {@link #CELL_OF}. */
  static Map<String, String> cells(Map<String, String> base, Consumer<ArrayNode> change)
      throws Exception {
    Map<String, String> out = new TreeMap<>(base);
    ArrayNode orgs = (ArrayNode) JSON.readTree(base.get("clickplane:organisations"));
    for (var org : orgs) {
      ((ObjectNode) org).put("cell", CELL_OF.get(org.get("name").asText()));
    }
    change.accept(orgs);
    out.put("clickplane:organisations", JSON.writeValueAsString(orgs));
    out.put(
        "clickplane:cells",
        "[{\"name\":\"a\"},{\"name\":\"b\",\"network\":{\"cidr\":\"10.41.0.0/16\"}},"
            + "{\"name\":\"c\",\"network\":{\"cidr\":\"10.42.0.0/16\",\"availabilityZones\":2}}]");
    return out;
  }

  private static MockedStack cell(Map<String, String> values, String cell) {
    return MockedStack.run(
        values,
        Set.of(),
        MockedStack.EU_WEST_1,
        ClickplaneProgram::run,
        "dev." + cell,
        Map.of(SHARED_NAME, shared.outputs()));
  }

  private static Map<String, MockedStack> allStacks() {
    Map<String, MockedStack> all = new LinkedHashMap<>();
    all.put("dev", shared);
    CELL_RUNS.forEach((cell, run) -> all.put("dev." + cell, run));
    return all;
  }

  @Test
  void theSharedStackHoldsTheZoneAndKeycloaksDatabaseInItsOwnNetworkAndNoCluster() {
    Map<String, Long> counts = shared.countByType();
    assertThat(counts)
        .containsEntry("aws:route53/zone:Zone", 1L)
        .containsEntry("aws:rds/instance:Instance", 1L)
        .containsEntry("aws:ec2/vpc:Vpc", 1L)
        .containsEntry("aws:ec2/subnet:Subnet", 2L)
        .doesNotContainKeys(
            "aws:eks/cluster:Cluster", BUCKET, ROLE, "aws:ec2/natGateway:NatGateway", REFERENCE);
    Registration vpc = shared.ofType("aws:ec2/vpc:Vpc").get(0);
    assertThat(vpc.string("cidrBlock")).isEqualTo(CellSpec.SHARED_NETWORK_CIDR);
    assertThat(shared.ofType("aws:ec2/subnet:Subnet"))
        .extracting(s -> s.string("cidrBlock"))
        .containsExactly("100.64.0.0/26", "100.64.0.64/26");
    // Nothing admitted and no route but the local one until a cell adds its own.
    Registration sg = shared.ofType("aws:ec2/securityGroup:SecurityGroup").get(0);
    assertThat(sg.inputs().get("ingress")).isNull();
    assertThat(shared.ofType("aws:ec2/routeTable:RouteTable").get(0).inputs().get("routes"))
        .isNull();
    assertThat(shared.outputNames())
        .contains(
            SharedOutputs.HOSTED_ZONE_ID,
            SharedOutputs.KEYCLOAK_DATABASE_ADDRESS,
            SharedOutputs.KEYCLOAK_NETWORK_VPC_ID,
            SharedOutputs.KEYCLOAK_CELL);
    assertThat(shared.output(SharedOutputs.STACKS))
        .isEqualTo(List.of("dev", "dev.a", "dev.b", "dev.c"));
    assertThat(shared.output(SharedOutputs.KEYCLOAK_CELL)).isEqualTo("a");
  }

  @Test
  void everyCellReadsTheSharedStackThroughOneStackReference() {
    Object zone = shared.output(SharedOutputs.HOSTED_ZONE_ID);
    for (String cell : CELLS) {
      MockedStack run = CELL_RUNS.get(cell);
      assertThat(run.ofType(REFERENCE)).extracting(Registration::name).containsExactly(SHARED_NAME);
      assertThat(run.output("sharedStack")).isEqualTo(SHARED_NAME);
      // The cell's DNS roles may change the shared zone's records only.
      String certManager = Naming.clusterPrefix(forCell(cell)) + "-cert-manager";
      Registration policy = run.named("aws:iam/rolePolicy:RolePolicy", certManager + "-route53");
      assertThat(policy.string("policy")).contains("hostedzone/" + zone);
      Registration values = run.named("kubernetes:core/v1:ConfigMap", ClusterValues.CONFIG_MAP);
      assertThat(values.path("data", ClusterValues.CERT_MANAGER_ROLE_ARN))
          .isEqualTo("arn:aws:iam::" + MockedStack.ACCOUNT + ":role/" + certManager);
      assertThat(run.output("certManagerRoleArn"))
          .isEqualTo(values.path("data", ClusterValues.CERT_MANAGER_ROLE_ARN));
    }
  }

  @Test
  void onlyTheKeycloakCellPeersWithTheDatabaseAndItsConfigMapNamesTheSharedDatabase() {
    MockedStack a = CELL_RUNS.get("a");
    Registration peering = a.ofType("aws:ec2/vpcPeeringConnection:VpcPeeringConnection").get(0);
    assertThat(peering.string("peerVpcId"))
        .isEqualTo(shared.output(SharedOutputs.KEYCLOAK_NETWORK_VPC_ID));
    assertThat(peering.inputs()).containsEntry("autoAccept", true);
    for (Registration table : a.ofType("aws:ec2/routeTable:RouteTable")) {
      List<?> routes = (List<?>) table.inputs().get("routes");
      boolean isPrivate = table.name().contains("-private-");
      assertThat(routes)
          .as(table.name())
          .filteredOn(r -> CellSpec.SHARED_NETWORK_CIDR.equals(((Map<?, ?>) r).get("cidrBlock")))
          .hasSize(isPrivate ? 1 : 0);
    }
    Registration back = a.ofType("aws:ec2/route:Route").get(0);
    assertThat(back.string("routeTableId"))
        .isEqualTo(shared.output(SharedOutputs.KEYCLOAK_NETWORK_ROUTE_TABLE_ID));
    assertThat(back.string("destinationCidrBlock")).isEqualTo("10.40.0.0/16");
    Registration ingress =
        a.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").get(0);
    assertThat(ingress.string("securityGroupId"))
        .isEqualTo(shared.output(SharedOutputs.KEYCLOAK_DATABASE_SECURITY_GROUP_ID));
    assertThat(ingress.string("referencedSecurityGroupId"))
        .isEqualTo("sg-" + Naming.cluster(forCell("a")) + "-cluster");
    Registration database =
        a.named("kubernetes:core/v1:ConfigMap", "clickplane-dev--a-keycloak-flux-values");
    assertThat(database.path("metadata", "name")).isEqualTo("keycloak-database");
    assertThat(database.path("data", io.clickplane.keycloak.flux.KeycloakManifests.VAR_DB_HOST))
        .isEqualTo(shared.output(SharedOutputs.KEYCLOAK_DATABASE_ADDRESS));
    for (String other : List.of("b", "c")) {
      assertThat(CELL_RUNS.get(other).countByType())
          .as(other)
          .doesNotContainKeys(
              "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
              "aws:ec2/route:Route",
              "clickplane:keycloak:DatabaseAccess");
    }
  }

  @Test
  void noResourceAndNoAwsNameIsInTwoStacks() {
    Map<String, String> owner = new HashMap<>();
    Map<String, String> physicalOwner = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    allStacks()
        .forEach(
            (stack, run) -> {
              for (Registration r : run.all()) {
                // Kubernetes objects live in the stack's own cluster (its provider); the stack
                // itself and the reference to the shared stack are no managed resources.
                if (r.type().startsWith("kubernetes:")
                    || r.type().equals("pulumi:pulumi:Stack")
                    || r.type().equals(REFERENCE)) {
                  continue;
                }
                String key = r.type() + "::" + r.name();
                String before = owner.putIfAbsent(key, stack);
                if (before != null) {
                  clashes.add(key + " in " + before + " and " + stack);
                }
                for (String physical : physicalNames(r)) {
                  String was = physicalOwner.putIfAbsent(physical, stack);
                  if (was != null) {
                    clashes.add(physical + " in " + was + " and " + stack);
                  }
                }
              }
            });
    assertThat(clashes).isEmpty();
    assertThat(physicalOwner).hasSizeGreaterThan(100);
  }

  /** The AWS names of a resource that must be unique in the account (or in AWS). */
  private static List<String> physicalNames(Registration r) {
    List<String> out = new ArrayList<>();
    String key =
        switch (r.type()) {
          case BUCKET -> "bucket";
          case "aws:rds/instance:Instance" -> "identifier";
          case ROLE,
              "aws:iam/policy:Policy",
              "aws:secretsmanager/secret:Secret",
              "aws:eks/cluster:Cluster",
              "aws:sqs/queue:Queue",
              "aws:cloudwatch/eventRule:EventRule",
              "aws:kms/alias:Alias",
              "aws:ec2/securityGroup:SecurityGroup",
              "aws:rds/subnetGroup:SubnetGroup",
              "aws:route53/zone:Zone" ->
              "name";
          default -> null;
        };
    if (key != null) {
      out.add(r.type() + " " + r.string(key));
    }
    String tag = r.tags().get("Name");
    if (tag != null) {
      out.add(r.type() + " Name=" + tag);
    }
    return out;
  }

  @Test
  void eachCellHoldsItsOwnOrganisationsBucketsRolesAndSecretsOnly() {
    for (String cell : CELLS) {
      MockedStack run = CELL_RUNS.get(cell);
      List<String> orgs =
          CELL_OF.entrySet().stream()
              .filter(e -> e.getValue().equals(cell))
              .map(Map.Entry::getKey)
              .toList();
      assertThat(run.ofType(BUCKET))
          .extracting(b -> b.string("bucket"))
          .containsExactlyInAnyOrderElementsOf(
              orgs.stream().map(o -> Naming.backupBucket(forCell(cell), o)).toList());
      // A bucket leaving the stack (its organisation moving) stays in S3 with its backups.
      assertThat(run.ofType(BUCKET)).allSatisfy(b -> assertThat(b.retainOnDelete()).isTrue());
      assertThat(Set.copyOf(((Map<?, ?>) run.output("backupRoleArns")).keySet()))
          .isEqualTo(Set.copyOf(orgs));
      assertThat(Set.copyOf(((Map<?, ?>) run.output("secretsRoleArns")).keySet()))
          .isEqualTo(Set.copyOf(orgs));
      assertThat(run.ofType("aws:secretsmanager/secret:Secret"))
          .extracting(s -> s.string("name"))
          .allSatisfy(
              name ->
                  assertThat(
                          name.equals("clickplane/dev/platform/" + cell + "/clickhouse-operator")
                              || orgs.stream()
                                  .anyMatch(
                                      o -> name.startsWith("clickplane/dev/tenants/" + o + "/")))
                      .as(name)
                      .isTrue());
      // Organisation-level names are those of the environment without cells.
      assertThat(run.ofType(ROLE))
          .extracting(r -> r.string("name"))
          .containsAll(orgs.stream().map(o -> Naming.backupRole(forCell(cell), o)).toList());
    }
  }

  @Test
  void perClusterNamesCarryTheCellAndFitAwsLimits() {
    for (String cell : CELLS) {
      MockedStack run = CELL_RUNS.get(cell);
      String prefix = "clickplane-dev--" + cell;
      assertThat(run.output("clusterName")).isEqualTo(prefix);
      assertThat(run.named("aws:eks/cluster:Cluster", prefix).string("name")).isEqualTo(prefix);
      assertThat(run.output("karpenterInterruptionQueue")).isEqualTo(prefix);
      List<String> clusterRoles =
          run.ofType(ROLE).stream()
              .map(r -> r.string("name"))
              .filter(n -> !n.startsWith("clickplane-example-"))
              .toList();
      assertThat(clusterRoles)
          .hasSizeGreaterThan(6)
          .allSatisfy(n -> assertThat(n).startsWith(prefix + "-"));
      // The longest suffixes ClusterNames budgets for are the longest the program uses.
      int longestRole =
          clusterRoles.stream().mapToInt(n -> n.length() - prefix.length()).max().orElseThrow();
      assertThat(longestRole).isEqualTo(ClusterNames.BUDGETS.get(0).longestSuffix().length());
      int longestRule =
          run.ofType("aws:cloudwatch/eventRule:EventRule").stream()
              .mapToInt(r -> r.string("name").length() - prefix.length())
              .max()
              .orElseThrow();
      assertThat(longestRule).isEqualTo(ClusterNames.BUDGETS.get(1).longestSuffix().length());
    }
  }

  @Test
  void fluxInEachCellSyncsItsOwnDirectory() throws Exception {
    Map<String, String> values = new TreeMap<>(config);
    values.put(
        "clickplane:gitops",
        "{\"repository\":\"https://git.example.com/platform/flux-fleet.git\",\"branch\":\"main\"}");
    MockedStack b = cell(values, "b");
    Registration sync = b.ofType("kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization").get(0);
    assertThat(sync.path("spec", "path")).isEqualTo("./clusters/dev/b");
  }

  @Test
  void aChangeToOneOrganisationChangesOnlyItsCellsStack() throws Exception {
    Map<String, String> changed =
        cells(
            StackValues.of(Repo.stackFile("dev")),
            orgs -> {
              for (var org : orgs) {
                if (org.get("name").asText().equals("globex")) {
                  ArrayNode services = (ArrayNode) org.get("services");
                  ObjectNode extra = services.get(0).deepCopy();
                  extra.put("name", "extra");
                  services.add(extra);
                }
              }
            });
    MockedStack sharedAfter = MockedStack.run(changed, Set.of(), ClickplaneProgram::run, "dev");
    assertThat(ProgramGraphGoldenTest.graph(sharedAfter))
        .isEqualTo(ProgramGraphGoldenTest.graph(shared));
    for (String cell : CELLS) {
      String before = ProgramGraphGoldenTest.graph(CELL_RUNS.get(cell));
      String after = ProgramGraphGoldenTest.graph(cell(changed, cell));
      if (cell.equals("b")) {
        assertThat(after).as(cell).isNotEqualTo(before).contains("tenants-globex-extra");
      } else {
        assertThat(after).as(cell).isEqualTo(before);
      }
    }
  }

  @Test
  void aStackNameNamingNoCellStopsWithTheStacksTheFileProvisions() throws Exception {
    assertThatThrownBy(() -> MockedStack.run(config, Set.of(), ClickplaneProgram::run, "dev.z"))
        .hasStackTraceContaining(
            "stack dev.z: this stack file provisions the stacks dev, dev.a, dev.b, dev.c");
    Map<String, String> plain = StackValues.of(Repo.stackFile("dev"));
    assertThatThrownBy(() -> MockedStack.run(plain, Set.of(), ClickplaneProgram::run, "dev.a"))
        .hasStackTraceContaining(
            "stack dev.a: this stack file lists no clickplane:cells, so it provisions one stack, dev");
  }

  @Test
  void withoutCellsTheBucketsKeepTheirOptions() throws Exception {
    MockedStack plain =
        MockedStack.run(
            StackValues.of(Repo.stackFile("dev")), Set.of(), ClickplaneProgram::run, "dev");
    assertThat(plain.ofType(BUCKET)).allSatisfy(b -> assertThat(b.retainOnDelete()).isFalse());
  }

  /**
   * Migrating to cells (docs/pulumi.md): the first cell, marked {@code adopted}, registers the
   * cluster's resources and the organisations' under the URNs (past the stack's name) and with the
   * AWS names the stack without cells gave them, so {@code pulumi state move} from {@code dev} to
   * {@code dev.a} hands them over unchanged; the hosted zone keeps its URN in {@code dev}.
   */
  @Test
  void anAdoptedFirstCellTakesTheClusterUnderTheUrnsOfTheStackWithoutCells() throws Exception {
    Map<String, String> plainValues = StackValues.of(Repo.stackFile("dev"));
    MockedStack plain = MockedStack.run(plainValues, Set.of(), ClickplaneProgram::run, "dev");
    Map<String, String> adopting = new TreeMap<>(config);
    adopting.put(
        "clickplane:cells",
        config
            .get("clickplane:cells")
            .replace("{\"name\":\"a\"}", "{\"name\":\"a\",\"adopted\":true}"));
    MockedStack a =
        MockedStack.run(
            adopting,
            Set.of(),
            MockedStack.EU_WEST_1,
            ClickplaneProgram::run,
            "dev.a",
            Map.of(SHARED_NAME, shared.outputs()));
    MockedStack sharedAfter = MockedStack.run(adopting, Set.of(), ClickplaneProgram::run, "dev");
    Map<String, String> cellUrns = urns(a);
    Map<String, String> moved = new TreeMap<>(urns(plain));
    moved
        .keySet()
        .removeIf(
            u ->
                !(u.startsWith("clickplane:eks:")
                    || u.contains("OrganisationBackup") && u.contains("::acme")
                    || u.contains("::acme-credentials")
                    || u.contains("::clickhouse-operator-credentials")
                    || u.startsWith("clickplane:secrets:GeneratedCredentials$")
                        && (u.contains("-acme-") || u.contains("-platform-"))));
    assertThat(moved).hasSizeGreaterThan(60);
    assertThat(cellUrns).containsAllEntriesOf(moved);
    assertThat(urns(sharedAfter))
        .containsKey(
            "clickplane:istio:EndpointDns$aws:route53/zone:Zone::clickplane-dev-endpoints");
  }

  /** URN past {@code urn:pulumi:<stack>::<project>::} → the AWS name (name, bucket) or "". */
  private static Map<String, String> urns(MockedStack run) {
    Map<String, String> out = new TreeMap<>();
    for (Registration r : run.all()) {
      String tail = r.urn().substring(r.urn().indexOf("::" + MockedStack.PROJECT + "::") + 2);
      // The mocks name the stack resource in its children's type chains; the engine does not.
      tail = tail.substring(tail.indexOf("::") + 2).replaceFirst("^pulumi:pulumi:Stack\\$", "");
      String physical = r.string("bucket") != null ? r.string("bucket") : r.string("name");
      out.put(tail, physical == null ? "" : physical);
    }
    return out;
  }

  private static io.clickplane.core.spec.PlatformSpec forCell(String cell) {
    try {
      return io.clickplane.core.config.StackConfig.fromValues("cells", config).forCell(cell);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
