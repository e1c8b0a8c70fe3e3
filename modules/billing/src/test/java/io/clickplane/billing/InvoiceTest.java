package io.clickplane.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.testing.LocalS3;
import io.clickplane.billing.CostLine.Component;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Invoices from a Flux history built here with fixed commit times (services created, resized and
 * removed mid-month, a change after the month), and backup sizes measured in a real S3 API (s3proxy
 * on 127.0.0.1).
 */
class InvoiceTest {
  private static final PriceBook BOOK = PriceBook.bundled();
  private static LocalS3 local;
  private static S3Client s3;

  private static final String EVENTS_100 =
      "        - {name: events, mode: single, deletionProtection: false,"
          + " storage: {class: gp3, size: 100Gi}}\n";
  private static final String EVENTS_200 =
      "        - {name: events, mode: single, deletionProtection: false,"
          + " storage: {class: gp3, size: 200Gi}}\n";
  private static final String OLD =
      "        - {name: old, mode: single, deletionProtection: false}\n";
  private static final String NEW =
      "        - {name: fresh, mode: single, deletionProtection: false}\n";

  @BeforeAll
  static void startS3() throws Exception {
    local = LocalS3.start(Naming.backupBucket(spec(EVENTS_100), "acme"));
    s3 = local.client();
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (local != null) {
      local.close();
    }
  }

  private static PlatformSpec spec(String services) throws Exception {
    return Fixtures.spec("", services);
  }

  static Repository history(Map<Instant, PlatformSpec> states) throws Exception {
    Repository repo = new InMemoryRepository(new DfsRepositoryDescription("flux"));
    ObjectId parent = null;
    try (ObjectInserter ins = repo.newObjectInserter()) {
      for (var e : new java.util.TreeMap<>(states).entrySet()) {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder b = index.builder();
        for (var f : new java.util.TreeMap<>(SpecSnapshot.write(e.getValue())).entrySet()) {
          DirCacheEntry entry = new DirCacheEntry(f.getKey());
          entry.setFileMode(FileMode.REGULAR_FILE);
          entry.setObjectId(
              ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
          b.add(entry);
        }
        b.finish();
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(index.writeTree(ins));
        if (parent != null) {
          c.setParentId(parent);
        }
        PersonIdent who =
            new PersonIdent(
                "clickplane", "clickplane@example.com", e.getKey(), java.time.ZoneOffset.UTC);
        c.setAuthor(who);
        c.setCommitter(who);
        c.setMessage("publish " + e.getKey());
        parent = ins.insert(c);
      }
      ins.flush();
    }
    RefUpdate u = repo.updateRef("refs/heads/main");
    u.setNewObjectId(parent);
    u.forceUpdate();
    return repo;
  }

  private static BigDecimal sum(Invoice invoice, String service, Component component) {
    return Money.sum(
        invoice.lines().stream()
            .filter(l -> l.service().equals(service) && l.component() == component)
            .toList());
  }

  @Test
  void aMonthSpanningAStopChargesNoComputeWhileStopped() throws Exception {
    String stopped =
        EVENTS_100.replace(
            "deletionProtection: false,",
            "deletionProtection: false," + " state: stopped, allow: {stopWithoutBackup: true},");
    Repository repo =
        history(
            Map.of(
                Instant.parse("2026-10-20T00:00:00Z"), spec(EVENTS_100),
                Instant.parse("2026-11-10T12:00:30Z"), spec(stopped),
                Instant.parse("2026-11-20T06:30:00Z"), spec(EVENTS_100)));
    List<DeclaredState> states =
        FluxHistory.read(repo, "main", "test", Instant.parse("2026-12-01T00:00:00Z"));
    Invoice invoice =
        Invoice.of(states, YearMonth.of(2026, 11), BOOK, null, (org, svc) -> Optional.empty());

    // Running 228 h 30 s until the stop, stopped 233 h 59 min 30 s, running 257.5 h after the
    // start: compute and the server fee for the 485 h 30 s running only, to the second.
    assertThat(
            invoice.lines().stream()
                .filter(l -> l.service().equals("events") && l.component() == Component.COMPUTE)
                .filter(l -> l.description().contains("(clickhouse)"))
                .map(CostLine::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("485.508333");
    assertThat(
            invoice.lines().stream()
                .filter(l -> l.service().equals("events") && l.component() == Component.SERVER_FEE)
                .map(CostLine::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("485.508333");
    assertThat(invoice.lines())
        .filteredOn(l -> l.description().startsWith("2026-11-10 12:00 → 2026-11-20 06:30"))
        .isNotEmpty()
        .allMatch(l -> l.component() == Component.BLOCK_STORAGE, "block storage only");
    // The data volume is charged all month: 100 GiB-months across the three periods.
    assertThat(
            invoice.lines().stream()
                .filter(l -> l.service().equals("events"))
                .filter(l -> l.description().contains("GiB gp3 (data)"))
                .map(CostLine::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isCloseTo(
            new BigDecimal("100"), org.assertj.core.data.Offset.offset(new BigDecimal("0.00001")));
  }

  @Test
  void aMonthWithServicesCreatedResizedAndRemoved() throws Exception {
    Repository repo =
        history(
            Map.of(
                Instant.parse("2026-10-20T00:00:00Z"), spec(EVENTS_100 + OLD),
                Instant.parse("2026-11-10T12:00:00Z"), spec(EVENTS_200 + OLD + NEW),
                Instant.parse("2026-11-20T06:30:00Z"), spec(EVENTS_200 + NEW),
                Instant.parse("2026-12-01T00:00:00Z"), spec(EVENTS_100)));
    List<DeclaredState> states =
        FluxHistory.read(repo, "main", "test", Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(states).hasSize(3);

    PlatformSpec any = spec(EVENTS_100);
    String bucket = Naming.backupBucket(any, "acme");
    s3.putObject(
        b -> b.bucket(bucket).key(Naming.backupPrefix("events") + "b1/data.bin"),
        RequestBody.fromBytes(new byte[3 << 20]));
    s3.putObject(
        b -> b.bucket(bucket).key(Naming.backupPrefix("events") + "b1/manifest.json"),
        RequestBody.fromBytes(new byte[1 << 20]));
    BucketUsage usage = new BucketUsage(s3);

    Invoice invoice =
        Invoice.of(
            states,
            YearMonth.of(2026, 11),
            BOOK,
            null,
            (org, svc) -> svc.equals("events") ? usage.bytes(bucket, svc) : Optional.empty());

    // November has 720 hours. events: 100 GiB until the 10th 12:00 (228 h), 200 GiB after
    // (492 h); one m6i.2xlarge all month.
    assertThat(
            invoice.lines().stream()
                .filter(l -> l.service().equals("events") && l.component() == Component.COMPUTE)
                .filter(l -> l.description().contains("(clickhouse)"))
                .map(CostLine::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("720");
    CostLine firstData =
        invoice.lines().stream()
            .filter(
                l ->
                    l.description()
                        .startsWith("2026-11-01 00:00 → 2026-11-10 12:00: 1 × 100 GiB gp3 (data)"))
            .findFirst()
            .orElseThrow();
    // 100 GiB × 228 / 720 months × 0.08
    assertThat(firstData.quantity()).isEqualByComparingTo("31.666667");
    assertThat(firstData.amount()).isEqualByComparingTo("2.53");
    CostLine secondData =
        invoice.lines().stream()
            .filter(
                l ->
                    l.description()
                        .startsWith("2026-11-10 12:00 → 2026-12-01 00:00: 1 × 200 GiB gp3 (data)"))
            .findFirst()
            .orElseThrow();
    assertThat(secondData.quantity()).isEqualByComparingTo("136.666667");
    // old: from the start of the month until its removal on the 20th at 06:30: 462.5 server-hours.
    assertThat(
            invoice.lines().stream()
                .filter(l -> l.service().equals("old") && l.component() == Component.SERVER_FEE)
                .map(CostLine::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("462.5");
    // fresh: created on the 10th at 12:00: 492 server-hours × 0.05.
    assertThat(sum(invoice, "fresh", Component.SERVER_FEE)).isEqualByComparingTo("24.60");
    // events' backups measured: 4 MiB = 0.003906 GiB for the whole month × 0.023, under a cent.
    CostLine backups =
        invoice.lines().stream()
            .filter(l -> l.service().equals("events") && l.component() == Component.OBJECT_STORAGE)
            .findFirst()
            .orElseThrow();
    assertThat(backups.description()).contains("measured");
    assertThat(backups.quantity()).isEqualByComparingTo("0.003906");
    // old's backups estimated for the share of the month it ran.
    assertThat(
            invoice.lines().stream()
                .filter(l -> l.service().equals("old") && l.component() == Component.OBJECT_STORAGE)
                .findFirst()
                .orElseThrow()
                .description())
        .contains("estimated");
    // nothing after the month; totals are the sum of the lines to the cent
    assertThat(invoice.lines()).noneMatch(l -> l.description().contains("2026-12-01 00:00 →"));
    BigDecimal byLine =
        invoice.lines().stream().map(CostLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(invoice.total()).isEqualByComparingTo(byLine);
    assertThat(invoice.total().scale()).isEqualTo(2);
  }

  @Test
  void aMonthBoundaryCarriesTheStateDeclaredBeforeIt() throws Exception {
    Repository repo =
        history(
            Map.of(
                Instant.parse("2026-09-03T08:00:00Z"), spec(EVENTS_100),
                Instant.parse("2026-10-31T23:30:00Z"), spec(EVENTS_200)));
    List<DeclaredState> states =
        FluxHistory.read(repo, "main", "test", Instant.parse("2026-12-01T00:00:00Z"));
    Invoice october =
        Invoice.of(states, YearMonth.of(2026, 10), BOOK, null, (o, s) -> Optional.empty());
    Invoice november =
        Invoice.of(states, YearMonth.of(2026, 11), BOOK, null, (o, s) -> Optional.empty());
    // October has 744 hours in UTC; the resize lands half an hour before its end.
    assertThat(
            october.lines().stream()
                .filter(l -> l.component() == Component.SERVER_FEE)
                .map(CostLine::quantity)
                .toList())
        .containsExactly(new BigDecimal("743.500000"), new BigDecimal("0.500000"));
    assertThat(november.lines())
        .allMatch(l -> !l.description().contains("100 GiB"))
        .anyMatch(l -> l.description().startsWith("2026-11-01 00:00 → 2026-12-01 00:00"));
  }

  @Test
  void oneOrganisationOnly() throws Exception {
    Repository repo = history(Map.of(Instant.parse("2026-10-01T00:00:00Z"), spec(EVENTS_100)));
    List<DeclaredState> states =
        FluxHistory.read(repo, "main", "test", Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(
            Invoice.of(states, YearMonth.of(2026, 11), BOOK, "other", (o, s) -> Optional.empty())
                .lines())
        .isEmpty();
  }
}
