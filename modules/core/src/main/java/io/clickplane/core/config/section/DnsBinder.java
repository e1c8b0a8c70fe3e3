package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.DnsSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;

/** {@code clickplane:dns}: the endpoints' hosted zone and the ACME account. */
public final class DnsBinder implements SectionBinder<DnsSpec> {
  public static final DnsBinder BINDER = new DnsBinder();

  static final Key<String> HOSTED_ZONE_ID =
      Key.string("hostedZoneId", DnsSpec.DEFAULT.hostedZoneId(), Rules::hostedZoneId)
          .doc(
              "Route 53 zone id (`Z…`) or `\"\"`",
              "The public hosted zone of `clickplane:domain`. Empty: `pulumi up` creates the zone"
                  + " (delegate it from the parent domain with the name servers it outputs).")
          .writes(DnsSpec::hostedZoneId);
  static final Key<String> ACME_EMAIL =
      Key.string("acmeEmail", DnsSpec.DEFAULT.acmeEmail(), Rules::email)
          .doc(
              "e-mail address or `\"\"`",
              "Contact address registered with the ACME account that issues endpoint"
                  + " certificates.")
          .writes(DnsSpec::acmeEmail);
  static final Key<String> ACME_SERVER =
      Key.string("acmeServer", DnsSpec.DEFAULT.acmeServer(), Rules::httpsUrl)
          .defaultDoc("Let's Encrypt production")
          .doc("https URL", "ACME directory; use Let's Encrypt's staging directory to test.")
          .writes(DnsSpec::acmeServer);

  static final Key<DnsSpec> DNS =
      Key.<DnsSpec>table(
              Sections.NS + "dns",
              KeyTable.of("clickplane:dns", HOSTED_ZONE_ID, ACME_EMAIL, ACME_SERVER))
          .defaultDoc("see below")
          .doc(
              "map",
              "The endpoints' hosted zone and the ACME account that issues their certificates.")
          .writes(PlatformSpec::dns);

  private DnsBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(DNS);
  }

  @Override
  public DnsSpec bind(Section section, Bound earlier) {
    Fields o = section.map(DNS);
    String zone = HOSTED_ZONE_ID.read(o);
    String email = ACME_EMAIL.read(o);
    String server = ACME_SERVER.read(o);
    return section.ok() ? new DnsSpec(zone, email, server) : null;
  }
}
