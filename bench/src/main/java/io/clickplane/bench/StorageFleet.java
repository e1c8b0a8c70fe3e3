package io.clickplane.bench;

import io.clickplane.core.config.CanonicalSpec;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.config.edit.KeyPath;
import io.clickplane.core.config.edit.StackFileEditor;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.gitops.publish.Publish;
import io.clickplane.stacks.render.Fleet;
import io.clickplane.stacks.storage.StorageProposal.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet {@link StorageProposeBenchmark} measures: a synthetic stack file (the publish
 * benchmarks' N organisations × M copies of the dev stack's first service, three replicas of one
 * 500Gi data disk each), its published Flux history, and the kubelet volume samples Prometheus
 * serves for it. Service i of every organisation gets verdict {@link #verdict(int)}: grow (one
 * replica 90% used), cooldown (85% used, resized two hours earlier in the history), at limit (88%
 * used, {@code storage.maxSize} at its size), no metrics (no samples), or ok (20-65% used). Every
 * replica's log volume ({@code logs-chi-...}) is reported too, 95% used, which the product's
 * selector must leave out.
 */
final class StorageFleet {
  static final long GIB = 1L << 30;

  /** The history's last resize: the cooldown services grew from this size two hours earlier. */
  static final String OLDER_SIZE = "400Gi";

  private static final long LOG_BYTES = 10 * GIB;

  final PlatformSpec spec;

  /** The stack file as the command reads it. */
  final String stack;

  /** The stack file of the history's first commit: the cooldown services at {@link #OLDER_SIZE}. */
  final String older;

  private StorageFleet(PlatformSpec spec, String stack, String older) {
    this.spec = spec;
    this.stack = stack;
    this.older = older;
  }

  /** The verdict expected for the {@code index}-th service of an organisation. */
  static Status verdict(int index) {
    return switch (index % 10) {
      case 0 -> Status.GROW;
      case 1 -> Status.COOLDOWN;
      case 2 -> Status.AT_LIMIT;
      case 3 -> Status.NO_METRICS;
      default -> Status.OK;
    };
  }

  static StorageFleet of(int organisations, int services) throws Exception {
    PlatformSpec synthetic = PublishBenchmark.synthetic(organisations, services);
    String canonical = CanonicalSpec.write(synthetic);
    StackFileEditor current = StackFileEditor.of("synthetic", canonical);
    StackFileEditor older = StackFileEditor.of("synthetic", canonical);
    for (OrganisationSpec org : synthetic.organisations()) {
      for (int i = 0; i < org.services().size(); i++) {
        ServiceSpec s = org.services().get(i);
        KeyPath storage = KeyPath.service(org.name(), s.name());
        if (verdict(i) == Status.AT_LIMIT) {
          current.set(storage.key("storage", "maxSize"), s.storage().size());
          older.set(storage.key("storage", "maxSize"), s.storage().size());
        } else if (verdict(i) == Status.COOLDOWN) {
          older.set(storage.key("storage", "size"), OLDER_SIZE);
        }
      }
    }
    String stack = current.apply();
    String before = older.apply();
    // both must read back as the command and the history reader read them
    PlatformSpec spec = StackConfig.parse("synthetic", stack);
    StackConfig.parse("synthetic (older)", before);
    return new StorageFleet(spec, stack, before);
  }

  /** Data volumes the fleet declares (every disk of every replica of every shard). */
  int dataVolumes() {
    int n = 0;
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec s : org.services()) {
        n += s.shards() * s.replicas() * s.storage().disks();
      }
    }
    return n;
  }

  /** How many services of the fleet get each verdict. */
  Map<Status, Integer> expected() {
    Map<Status, Integer> out = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      out.put(s, 0);
    }
    for (OrganisationSpec org : spec.organisations()) {
      for (int i = 0; i < org.services().size(); i++) {
        out.merge(verdict(i), 1, Integer::sum);
      }
    }
    return out;
  }

  /**
   * The Flux repository's history at {@code flux}: the older stack published ten hours before
   * {@code now}, the current one two hours before it (the cooldown services' resize).
   */
  void publishHistory(Path flux, Instant now) throws Exception {
    String branch = spec.gitops().branch();
    try (LocalFluxRepository repo = LocalFluxRepository.openOrCreateBare(flux, branch)) {
      Map<String, Duration> commits = new LinkedHashMap<>();
      commits.put(older, Duration.ofHours(10));
      commits.put(stack, Duration.ofHours(2));
      for (Map.Entry<String, Duration> commit : commits.entrySet()) {
        PlatformSpec s = StackConfig.parse("history", commit.getKey());
        Instant at = now.minus(commit.getValue());
        Publish.to(repo)
            .branch(branch)
            .rendered(s, Fleet.render(s))
            .mode(Publish.Mode.DIRECT)
            .clock(Clock.fixed(at, ZoneOffset.UTC))
            .author("bench", "bench@localhost")
            .call();
      }
    }
  }

  /** Lines {@code {labels} value timestamp} of both gauges, one sample per step in the span. */
  record Samples(List<String> used, List<String> capacity, int series) {}

  /**
   * kubelet's samples for every volume that reports: one per {@code step} from {@code from} to
   * {@code to}; used bytes wobble a few MiB below the volume's level, capacity is the filesystem's
   * (1/64 below the claim's size, as ext4 reports it).
   */
  Samples samples(Instant from, Instant to, Duration step) {
    List<String> used = new ArrayList<>();
    List<String> capacity = new ArrayList<>();
    int series = 0;
    for (int o = 0; o < spec.organisations().size(); o++) {
      OrganisationSpec org = spec.organisations().get(o);
      String namespace = Naming.namespace(org.name());
      for (int i = 0; i < org.services().size(); i++) {
        Status verdict = verdict(i);
        if (verdict == Status.NO_METRICS) {
          continue;
        }
        ServiceSpec s = org.services().get(i);
        long size = Quantities.bytes(s.storage().size());
        long fs = size - size / 64;
        for (int shard = 0; shard < s.shards(); shard++) {
          for (int replica = 0; replica < s.replicas(); replica++) {
            for (int disk = 0; disk < s.storage().disks(); disk++) {
              String claim =
                  Naming.persistentVolumeClaim(Naming.dataVolume(disk), s.name(), shard, replica);
              double level = level(verdict, o + i + replica, replica);
              series(namespace, claim, (long) (level * fs), fs, from, to, step, used, capacity);
              series++;
            }
            String logs = Naming.persistentVolumeClaim(Naming.LOG_VOLUME, s.name(), shard, replica);
            long logFs = LOG_BYTES - LOG_BYTES / 64;
            series(namespace, logs, (long) (0.95 * logFs), logFs, from, to, step, used, capacity);
            series++;
          }
        }
      }
    }
    return new Samples(used, capacity, series);
  }

  /** Used fraction of a data volume. */
  private static double level(Status verdict, int spread, int replica) {
    return switch (verdict) {
      case GROW -> replica == 1 ? 0.90 : 0.40;
      case COOLDOWN -> 0.85;
      case AT_LIMIT -> 0.88;
      default -> 0.20 + 0.05 * (spread % 10);
    };
  }

  private static void series(
      String namespace,
      String claim,
      long usedBytes,
      long capacityBytes,
      Instant from,
      Instant to,
      Duration step,
      List<String> used,
      List<String> capacity) {
    String labels = "{namespace=\"" + namespace + "\",persistentvolumeclaim=\"" + claim + "\"} ";
    int k = 0;
    for (Instant t = from; !t.isAfter(to); t = t.plus(step), k++) {
      long wobble = ((k * 7919L + claim.hashCode()) & 0x3ff) * 4096L;
      used.add(labels + (usedBytes - wobble) + " " + t.getEpochSecond());
      capacity.add(labels + capacityBytes + " " + t.getEpochSecond());
    }
  }
}
