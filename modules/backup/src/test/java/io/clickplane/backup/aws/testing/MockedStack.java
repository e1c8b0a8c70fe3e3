package io.clickplane.backup.aws.testing;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

/**
 * Runs a Pulumi program under Pulumi's own mocks and keeps every registration: type, name, inputs,
 * parent and explicit dependencies. The mocks answer like AWS would with deterministic ids and ARNs
 * (account {@value #ACCOUNT}), so policies built from outputs can be read back and checked.
 */
public final class MockedStack {
  public static final String ACCOUNT = "123456789012";

  /** The Pulumi organisation the mocked stacks run in (a self-managed backend's name for it). */
  public static final String ORGANIZATION = "organization";

  /** The Pulumi project (stacks/Pulumi.yaml). */
  public static final String PROJECT = "clickplane";

  /** Values drawn by getRandomPassword under the mocks (each draw differs). */
  static final java.util.concurrent.atomic.AtomicLong RANDOM_DRAWS =
      new java.util.concurrent.atomic.AtomicLong();

  /** The identity running {@code pulumi up} under the mocks. */
  public static final String DEPLOYER_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/platform-admin";

  public static final String OIDC_ISSUER =
      "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF";

  /** One registered resource. */
  public record Registration(
      String type,
      String name,
      String urn,
      String parentUrn,
      List<String> dependencies,
      Map<String, Object> inputs,
      boolean retainOnDelete) {

    /** A top-level input as a string ({@code null} when absent). */
    public String string(String key) {
      Object value = inputs.get(key);
      return value == null ? null : value.toString();
    }

    /** A nested input by path ({@code "scalingConfig", "minSize"}), or {@code null}. */
    public Object path(String... keys) {
      Object current = inputs;
      for (String key : keys) {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(key);
      }
      return current;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> tags() {
      Object tags = inputs.get("tags");
      return tags == null ? Map.of() : (Map<String, String>) tags;
    }
  }

  /**
   * One zone as EC2's DescribeAvailabilityZones describes it.
   *
   * @param optInStatus {@code opt-in-not-required} (the region's own zones), {@code opted-in} or
   *     {@code not-opted-in} (Local and Wavelength Zones)
   * @param zoneType {@code availability-zone}, {@code local-zone} or {@code wavelength-zone}
   */
  public record Zone(
      String name, String zoneId, String state, String optInStatus, String zoneType) {
    public static Zone regional(String name, String zoneId) {
      return new Zone(name, zoneId, "available", "opt-in-not-required", "availability-zone");
    }
  }

  /** The zones of eu-west-1: six availability zones, no Local Zones. */
  public static final List<Zone> EU_WEST_1 =
      List.of(
          Zone.regional("eu-west-1a", "euw1-az1"),
          Zone.regional("eu-west-1b", "euw1-az2"),
          Zone.regional("eu-west-1c", "euw1-az3"),
          Zone.regional("eu-west-1d", "euw1-az4"),
          Zone.regional("eu-west-1e", "euw1-az5"),
          Zone.regional("eu-west-1f", "euw1-az6"));

  private final Map<String, Map<String, Object>> inputsByKey = new ConcurrentHashMap<>();
  private List<Zone> zones = EU_WEST_1;
  private Map<String, Map<String, Object>> referencedStacks = Map.of();
  private final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
  private TestResult result;

  private MockedStack() {}

  /**
   * Runs {@code program} with the given stack configuration; fails on any error the program
   * reports.
   */
  public static MockedStack run(
      Map<String, String> config, Set<String> secretKeys, Consumer<Context> program) {
    return run(config, secretKeys, EU_WEST_1, program);
  }

  /**
   * Runs {@code program} in an account whose region has {@code zones}; the mocks answer {@code
   * getAvailabilityZones} from them as EC2 does (state, opt-in and filters applied, names sorted).
   */
  public static MockedStack run(
      Map<String, String> config,
      Set<String> secretKeys,
      List<Zone> zones,
      Consumer<Context> program) {
    return run(config, secretKeys, zones, program, "test", Map.of());
  }

  /** Runs {@code program} as the stack named {@code stackName}. */
  public static MockedStack run(
      Map<String, String> config,
      Set<String> secretKeys,
      Consumer<Context> program,
      String stackName) {
    return run(config, secretKeys, EU_WEST_1, program, stackName, Map.of());
  }

  /**
   * Runs {@code program} as the stack named {@code stackName} (in project {@value #PROJECT} of
   * organisation {@value #ORGANIZATION}); a {@code StackReference} to a stack named in {@code
   * referencedStacks} (fully qualified, {@code organization/project/stack}) reads that stack's
   * outputs, as the Pulumi engine reads them from the backend. Any other reference fails, as the
   * engine fails on a stack that does not exist.
   */
  public static MockedStack run(
      Map<String, String> config,
      Set<String> secretKeys,
      List<Zone> zones,
      Consumer<Context> program,
      String stackName,
      Map<String, Map<String, Object>> referencedStacks) {
    MockedStack stack = new MockedStack();
    stack.zones = List.copyOf(zones);
    stack.referencedStacks = Map.copyOf(referencedStacks);
    Mocks mocks = stack.new AwsLikeMocks();
    try {
      stack.result =
          PulumiTestInternal.builder()
              .options(
                  TestOptions.builder()
                      .organizationName(ORGANIZATION)
                      .projectName(PROJECT)
                      .stackName(stackName)
                      .preview(false)
                      .build())
              .mocks(mocks)
              .config(config, secretKeys)
              .monitorDecorator(ignored -> stack.new RecordingMonitor(mocks))
              .build()
              .runTest(program)
              .throwOnError();
    } finally {
      PulumiTest.cleanup();
    }
    return stack;
  }

  /** Runs a program that needs no configuration. */
  public static MockedStack run(Consumer<Context> program) {
    return run(Map.of(), Set.of(), program);
  }

  public List<Registration> all() {
    synchronized (registrations) {
      return List.copyOf(registrations);
    }
  }

  /** Registrations of one type token, e.g. {@code aws:ec2/subnet:Subnet}, in name order. */
  public List<Registration> ofType(String type) {
    return all().stream()
        .filter(r -> r.type().equals(type))
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .collect(Collectors.toList());
  }

  public Registration named(String type, String name) {
    return all().stream()
        .filter(r -> r.type().equals(type) && r.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + type
                        + " named "
                        + name
                        + "; have "
                        + ofType(type).stream().map(Registration::name).toList()));
  }

  /** Every stack output by name. */
  public Map<String, Object> outputs() {
    Map<String, Object> out = new java.util.TreeMap<>();
    for (String name : outputNames()) {
      out.put(name, output(name));
    }
    return out;
  }

  public Optional<Registration> byUrn(String urn) {
    return all().stream().filter(r -> r.urn().equals(urn)).findFirst();
  }

  /** Number of registrations per type token. */
  public Map<String, Long> countByType() {
    return all().stream()
        .collect(
            Collectors.groupingBy(
                Registration::type, java.util.TreeMap::new, Collectors.counting()));
  }

  public List<Resource> resources() {
    return result.resources();
  }

  /** The value of a stack output. */
  public Object output(String name) {
    Output<?> output = result.outputs().get(name);
    if (output == null) {
      throw new AssertionError("no stack output " + name + "; have " + result.outputs().keySet());
    }
    return PulumiTestInternal.extractOutputData(output).getValueNullable();
  }

  /** Whether a stack output is marked secret. */
  public boolean outputIsSecret(String name) {
    return PulumiTestInternal.extractOutputData(result.outputs().get(name)).isSecret();
  }

  public Set<String> outputNames() {
    return result.outputs().keySet();
  }

  private static String key(String type, String name) {
    return type + "::" + name;
  }

  private final class AwsLikeMocks implements Mocks {
    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
      inputsByKey.put(key(args.type, args.name), args.inputs);
      Map<String, Object> state = new LinkedHashMap<>(args.inputs);
      String physical = args.inputs.getOrDefault("name", args.name).toString();
      switch (args.type) {
        case "pulumi:pulumi:StackReference" -> {
          String referenced = String.valueOf(args.inputs.get("name"));
          Map<String, Object> outputs = referencedStacks.get(referenced);
          if (outputs == null) {
            throw new IllegalArgumentException(
                "unknown stack "
                    + referenced
                    + " (the backend holds "
                    + new java.util.TreeSet<>(referencedStacks.keySet())
                    + ")");
          }
          state.put("outputs", outputs);
          state.put("secretOutputNames", List.of());
          return CompletableFuture.completedFuture(
              ResourceResult.of(Optional.of(referenced), state));
        }
        case "aws:iam/role:Role" ->
            state.put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + physical);
        case "aws:iam/policy:Policy" ->
            state.put("arn", "arn:aws:iam::" + ACCOUNT + ":policy/" + physical);
        case "aws:s3/bucketV2:BucketV2" -> {
          String bucket = args.inputs.getOrDefault("bucket", args.name).toString();
          state.put("arn", "arn:aws:s3:::" + bucket);
          state.put("bucket", bucket);
        }
        case "aws:eks/cluster:Cluster" -> {
          state.put("arn", "arn:aws:eks:eu-west-1:" + ACCOUNT + ":cluster/" + physical);
          state.put("endpoint", "https://" + physical + ".gr7.eu-west-1.eks.amazonaws.com");
          state.put("certificateAuthority", Map.of("data", "Q0VSVElGSUNBVEU="));
          state.put("identities", List.of(Map.of("oidcs", List.of(Map.of("issuer", OIDC_ISSUER)))));
          Map<String, Object> vpcConfig = new LinkedHashMap<>();
          if (args.inputs.get("vpcConfig") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> vpcConfig.put(k.toString(), v));
          }
          vpcConfig.put("clusterSecurityGroupId", "sg-" + physical + "-cluster");
          state.put("vpcConfig", vpcConfig);
        }
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider" ->
            state.put(
                "arn",
                "arn:aws:iam::"
                    + ACCOUNT
                    + ":oidc-provider/"
                    + args.inputs.get("url").toString().replaceFirst("^https://", ""));
        case "aws:rds/instance:Instance" -> {
          state.put("address", physical + ".cabcdefghijk.eu-west-1.rds.amazonaws.com");
          state.put(
              "masterUserSecrets",
              List.of(
                  Map.of(
                      "secretArn",
                      "arn:aws:secretsmanager:eu-west-1:" + ACCOUNT + ":secret:rds!db-" + args.name,
                      "secretStatus",
                      "active",
                      "kmsKeyId",
                      "alias/aws/secretsmanager")));
        }
        case "aws:eks/nodeGroup:NodeGroup" ->
            state.put(
                "resources",
                List.of(
                    Map.of(
                        "autoscalingGroups",
                        List.of(Map.of("name", "eks-" + args.name + "-asg")))));
        case "aws:sqs/queue:Queue" -> {
          state.put("arn", "arn:aws:sqs:eu-west-1:" + ACCOUNT + ":" + physical);
          state.put("url", "https://sqs.eu-west-1.amazonaws.com/" + ACCOUNT + "/" + physical);
        }
        case "aws:cloudwatch/eventRule:EventRule" ->
            state.put("arn", "arn:aws:events:eu-west-1:" + ACCOUNT + ":rule/" + physical);
        case "aws:kms/key:Key" ->
            state.put("arn", "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/" + args.name);
        default -> state.putIfAbsent("arn", "arn:aws:mock:::" + args.type + "/" + args.name);
      }
      return CompletableFuture.completedFuture(
          ResourceResult.of(Optional.of(args.name + "-id"), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
      Map<String, Object> result =
          switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones" ->
                availabilityZones(args.args);
            case "aws:index/getCallerIdentity:getCallerIdentity" ->
                Map.of(
                    "accountId",
                    ACCOUNT,
                    "arn",
                    "arn:aws:sts::" + ACCOUNT + ":assumed-role/platform-admin/pulumi",
                    "userId",
                    "AROAEXAMPLE:pulumi",
                    "id",
                    ACCOUNT);
            case "aws:iam/getSessionContext:getSessionContext" ->
                Map.of(
                    "arn",
                    args.args.get("arn"),
                    "issuerArn",
                    DEPLOYER_ROLE,
                    "issuerId",
                    "AROAEXAMPLE",
                    "issuerName",
                    "platform-admin",
                    "sessionName",
                    "pulumi",
                    "id",
                    args.args.get("arn"));
            case "aws:secretsmanager/getRandomPassword:getRandomPassword" ->
                Map.of(
                    "randomPassword",
                    "mockRandom" + String.format("%030d", RANDOM_DRAWS.incrementAndGet()),
                    "id",
                    "random");
            case "aws:secretsmanager/getSecretVersion:getSecretVersion" ->
                Map.of(
                    "secretString",
                    "{\"password\":\"stored-" + args.args.get("secretId") + "\"}",
                    "secretId",
                    args.args.get("secretId"),
                    "id",
                    args.args.get("secretId"));
            case "aws:index/getPartition:getPartition" ->
                Map.of(
                    "partition",
                    "aws",
                    "dnsSuffix",
                    "amazonaws.com",
                    "reverseDnsPrefix",
                    "com.amazonaws",
                    "id",
                    "aws");
            default -> throw new IllegalArgumentException("the mocks do not answer " + args.token);
          };
      return CompletableFuture.completedFuture(result);
    }
  }

  /**
   * DescribeAvailabilityZones: without {@code allAvailabilityZones}, zones the account has not
   * opted in to are left out; {@code state}, {@code filters} and the exclusions narrow the rest. A
   * filter name EC2 does not know fails, as EC2 refuses it.
   */
  private Map<String, Object> availabilityZones(Map<String, Object> args) {
    List<Zone> matching = new ArrayList<>();
    for (Zone z : zones) {
      boolean all = Boolean.TRUE.equals(args.get("allAvailabilityZones"));
      if (!all && z.optInStatus().equals("not-opted-in")) {
        continue;
      }
      if (args.get("state") != null && !args.get("state").equals(z.state())) {
        continue;
      }
      if (listArg(args, "excludeNames").contains(z.name())
          || listArg(args, "excludeZoneIds").contains(z.zoneId())) {
        continue;
      }
      boolean keep = true;
      Object filters = args.get("filters");
      for (Object f : filters instanceof List<?> l ? l : List.of()) {
        Map<?, ?> filter = (Map<?, ?>) f;
        String name = String.valueOf(filter.get("name"));
        List<?> values = (List<?>) filter.get("values");
        String actual =
            switch (name) {
              case "opt-in-status" -> z.optInStatus();
              case "zone-type" -> z.zoneType();
              case "state" -> z.state();
              case "zone-name" -> z.name();
              case "zone-id" -> z.zoneId();
              default ->
                  throw new IllegalArgumentException(
                      "DescribeAvailabilityZones has no filter named " + name);
            };
        keep &= values.contains(actual);
      }
      if (keep) {
        matching.add(z);
      }
    }
    matching.sort((a, b) -> a.name().compareTo(b.name()));
    return Map.of(
        "names", matching.stream().map(Zone::name).toList(),
        "zoneIds", matching.stream().map(Zone::zoneId).toList(),
        "id", "zones");
  }

  private static List<?> listArg(Map<String, Object> args, String key) {
    return args.get(key) instanceof List<?> l ? l : List.of();
  }

  private final class RecordingMonitor extends MockMonitor {
    RecordingMonitor(Mocks mocks) {
      super(mocks, PulumiTestInternal.mockLog());
    }

    /** Reads (a StackReference is one) are kept like registrations. */
    @Override
    public CompletableFuture<pulumirpc.Resource.ReadResourceResponse> readResourceAsync(
        Resource resource, pulumirpc.Resource.ReadResourceRequest request) {
      String parent = request.getParent();
      return super.readResourceAsync(resource, request)
          .thenApply(
              response -> {
                Map<String, Object> inputs =
                    inputsByKey.getOrDefault(key(request.getType(), request.getName()), Map.of());
                registrations.add(
                    new Registration(
                        request.getType(),
                        request.getName(),
                        response.getUrn(),
                        parent,
                        List.copyOf(request.getDependenciesList()),
                        inputs,
                        false));
                return response;
              });
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(
        Resource resource, RegisterResourceRequest request) {
      List<String> dependencies = List.copyOf(request.getDependenciesList());
      String parent = request.getParent();
      return super.registerResourceAsync(resource, request)
          .thenApply(
              response -> {
                Map<String, Object> inputs =
                    inputsByKey.getOrDefault(key(request.getType(), request.getName()), Map.of());
                registrations.add(
                    new Registration(
                        request.getType(),
                        request.getName(),
                        response.getUrn(),
                        parent,
                        dependencies,
                        inputs,
                        request.getRetainOnDelete()));
                return response;
              });
    }
  }
}
