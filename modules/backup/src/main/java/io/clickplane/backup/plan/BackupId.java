package io.clickplane.backup.plan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The id of one backup: the UTC second it started, {@code 20261130T020000Z}. Ids sort as their
 * start times do, so the newest backup is the greatest id; the backup job takes it with {@code date
 * -u +%Y%m%dT%H%M%SZ}, the same format.
 */
public final class BackupId {
  /** Shell format of {@code date} that writes an id. */
  public static final String DATE_FORMAT = "+%Y%m%dT%H%M%SZ";

  private static final Pattern ID = Pattern.compile("^[0-9]{8}T[0-9]{6}Z$");

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private BackupId() {}

  /** The id of a backup started at {@code start} (to the second). */
  public static String of(Instant start) {
    return FORMAT.format(start.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The start time an id names, or empty when {@code id} is not a backup id. */
  public static Optional<Instant> start(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.from(FORMAT.parse(id)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** True when {@code id} is a well-formed backup id. */
  public static boolean isValid(String id) {
    return start(id).isPresent();
  }
}
