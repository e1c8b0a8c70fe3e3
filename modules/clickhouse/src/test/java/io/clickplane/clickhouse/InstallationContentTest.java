package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.PlatformSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * What the rendered objects say, read back: the behaviour of the reference platforms, spelled out.
 */
class InstallationContentTest {
  private final PlatformSpec dev = Stacks.load("dev");
  private final ManifestSet tree = ClickHouseRenderer.render(dev);

  private JsonNode chi(String org, String service) throws Exception {
    return Yaml.mapper()
        .readTree(tree.text("tenants/dev/" + org + "/" + service + "/clickhouseinstallation.yaml"));
  }

  private static Document xml(JsonNode chi, String file) throws Exception {
    String text = chi.path("spec").path("configuration").path("files").path(file).asText();
    assertThat(text).as(file).isNotEmpty();
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> texts(Document doc, String xpath) throws Exception {
    NodeList nodes =
        (NodeList)
            XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().trim());
    }
    return out;
  }

  @Test
  void layoutAndCoordinatorFollowTheSpec() throws Exception {
    JsonNode clicks = chi("globex", "clicks").path("spec").path("configuration");
    assertThat(clicks.at("/clusters/0/name").asText()).isEqualTo("main");
    assertThat(clicks.at("/clusters/0/layout/shardsCount").asInt()).isEqualTo(2);
    assertThat(clicks.at("/clusters/0/layout/replicasCount").asInt()).isEqualTo(3);
    assertThat(clicks.at("/zookeeper/nodes").findValuesAsText("host"))
        .containsExactly(
            "zk-clicks-0.zk-clicks-hs.globex.svc.cluster.local",
            "zk-clicks-1.zk-clicks-hs.globex.svc.cluster.local",
            "zk-clicks-2.zk-clicks-hs.globex.svc.cluster.local");
    JsonNode reports = chi("initech", "reports").path("spec").path("configuration");
    assertThat(reports.at("/zookeeper/nodes").findValuesAsText("host"))
        .containsExactly("keeper-keeper-reports");
    assertThat(tree.paths()).noneMatch(p -> p.startsWith("tenants/dev/initech/reports/zookeeper"));

    StatefulSet single =
        Yaml.mapper()
            .readValue(
                tree.text("tenants/dev/acme/scratch/zookeeper-statefulset.yaml"),
                StatefulSet.class);
    StatefulSet three =
        Yaml.mapper()
            .readValue(
                tree.text("tenants/dev/acme/events/zookeeper-statefulset.yaml"), StatefulSet.class);
    assertThat(single.getSpec().getReplicas()).isEqualTo(1);
    assertThat(three.getSpec().getReplicas()).isEqualTo(3);
    assertThat(three.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
    assertThat(three.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(pvc -> assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("gp3"));
    assertThat(tree.text("tenants/dev/acme/scratch/zookeeper-configmap.yaml"))
        .contains("standaloneEnabled=true");
  }

  @Test
  void replicationAndAccessControlBehaveLikeTheReferencePlatforms() throws Exception {
    JsonNode configuration = chi("acme", "events").path("spec").path("configuration");
    assertThat(configuration.has("profiles")).isFalse();
    Document profiles = xml(chi("acme", "events"), "users.d/clickplane-profiles.xml");
    assertThat(texts(profiles, "/clickhouse/profiles/default/default_table_engine"))
        .containsExactly("ReplicatedMergeTree");
    assertThat(
            texts(
                profiles,
                "/clickhouse/profiles/default/database_replicated_allow_only_replicated_engine"))
        .containsExactly("1");
    assertThat(texts(profiles, "/clickhouse/profiles/default/distributed_ddl_output_mode"))
        .containsExactly("null_status_on_timeout");
    assertThat(texts(profiles, "/clickhouse/profiles/default/constraints/*/const/..").size())
        .isEqualTo(2);

    Document directories = xml(chi("acme", "events"), "config.d/clickplane-user-directories.xml");
    assertThat(texts(directories, "/clickhouse/user_directories/replicated/zookeeper_path"))
        .containsExactly("/clickhouse/access/");
    assertThat(texts(directories, "/clickhouse/user_directories/@replace"))
        .containsExactly("replace");
    assertThat(texts(directories, "/clickhouse/user_directories/local_directory")).isEmpty();

    Document replication = xml(chi("acme", "events"), "config.d/clickplane-replication.xml");
    assertThat(texts(replication, "/clickhouse/default_replica_path"))
        .containsExactly("/clickhouse/tables/{uuid}/{shard}");
    assertThat(texts(replication, "/clickhouse/default_replica_name")).containsExactly("{replica}");
    assertThat(texts(replication, "/clickhouse/prometheus/port")).containsExactly("9363");
  }

  @Test
  void noPasswordLiveInGit() throws Exception {
    JsonNode configuration = chi("acme", "events").path("spec").path("configuration");
    JsonNode users = configuration.path("users");
    assertThat(users.at("/admin~1password/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("clickhouse-events-credentials");
    assertThat(users.at("/admin~1password/valueFrom/secretKeyRef/key").asText())
        .isEqualTo("admin-password");
    assertThat(users.path("admin/access_management").asInt()).isEqualTo(1);
    List<String> keys = new ArrayList<>();
    users.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .noneMatch(
            k ->
                k.contains("password_sha256")
                    || k.contains("double_sha1")
                    || k.contains("k8s_secret"));
    assertThat(keys)
        .filteredOn(k -> k.endsWith("/password"))
        .allSatisfy(
            k ->
                assertThat(users.path(k).isObject())
                    .as(k + " is a secret reference, not a literal")
                    .isTrue());
    // Nothing passwordless is reachable from the network: default answers on loopback only.
    assertThat(users.path("default/networks/ip"))
        .extracting(JsonNode::asText)
        .containsExactly("127.0.0.1", "::1");
    // The platform's admin logs in from loopback and the service's own pods, named by a headless
    // Service: never from an address range, which would hold the ingress gateway's pods too.
    assertThat(users.path("admin/networks/ip"))
        .extracting(JsonNode::asText)
        .containsExactly("127.0.0.1", "::1");
    assertThat(users.path("admin/networks/host_regexp").asText())
        .isEqualTo("^[^.]+\\.clickhouse-events-admin-clients\\.acme\\.svc\\.cluster\\.local$");
    assertThat(users.at("/owner~1password/valueFrom/secretKeyRef/key").asText())
        .isEqualTo("owner-password");
    assertThat(keys.stream().map(k -> k.substring(0, k.indexOf('/'))).distinct())
        .allSatisfy(
            user ->
                assertThat(user.equals("default") || users.has(user + "/password"))
                    .as(user + " has a password")
                    .isTrue());
    assertThat(configuration.at("/clusters/0/secret/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("clickhouse-events-credentials");
    assertThat(configuration.at("/clusters/0/secret/valueFrom/secretKeyRef/key").asText())
        .isEqualTo("interserver-secret");
    for (String path : tree.paths()) {
      assertThat(tree.text(path))
          .as(path)
          .doesNotContainPattern("/password(_sha256_hex|_double_sha1_hex)?: *\\S");
    }
  }

  @Test
  void severalDisksFormOneStoragePolicyOnExpandableRetainedVolumes() throws Exception {
    JsonNode clicks = chi("globex", "clicks");
    Document storage = xml(clicks, "config.d/clickplane-storage.xml");
    assertThat(
            texts(storage, "/clickhouse/storage_configuration/policies/default/volumes/main/disk"))
        .containsExactly("default", "data-1");
    assertThat(texts(storage, "/clickhouse/storage_configuration/disks/data-1/path"))
        .containsExactly("/var/lib/clickhouse-disks/data-1/");
    JsonNode templates = clicks.at("/spec/templates/volumeClaimTemplates");
    assertThat(templates.findValuesAsText("name")).contains("data-0", "data-1", "logs");
    assertThat(templates.findValuesAsText("provisioner")).containsOnly("Operator");
    assertThat(templates.findValuesAsText("reclaimPolicy")).containsOnly("Retain");
    // data disks on the service's class, the logs volume always on gp3
    assertThat(templates.findValuesAsText("storageClassName")).containsExactly("io2", "io2", "gp3");
    assertThat(
            clicks
                .at("/spec/templates/podTemplates/0/spec/containers/0/volumeMounts/0/name")
                .asText())
        .isEqualTo("data-1");

    StorageClass gp3 =
        Yaml.mapper()
            .readValue(
                tree.text("infrastructure/dev/configs/storageclasses/gp3.yaml"),
                StorageClass.class);
    assertThat(gp3.getProvisioner()).isEqualTo("ebs.csi.aws.com");
    assertThat(gp3.getAllowVolumeExpansion()).isTrue();
    assertThat(gp3.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    assertThat(gp3.getParameters())
        .containsEntry("encrypted", "true")
        .containsEntry("type", "gp3")
        .containsKeys("iops", "throughput");
  }

  @Test
  void podsAreSpreadAndRunOnTheClickHousePool() throws Exception {
    JsonNode pod = chi("acme", "events").at("/spec/templates/podTemplates/0/spec");
    assertThat(pod.at("/nodeSelector/clickplane.io~1node-role").asText()).isEqualTo("clickhouse");
    assertThat(pod.at("/tolerations/0/effect").asText()).isEqualTo("NoSchedule");
    assertThat(
            pod.at(
                    "/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey")
                .asText())
        .isEqualTo("kubernetes.io/hostname");
    assertThat(pod.at("/topologySpreadConstraints/0/topologyKey").asText())
        .isEqualTo("topology.kubernetes.io/zone");
    assertThat(pod.at("/topologySpreadConstraints/0/matchLabelKeys/0").asText())
        .isEqualTo("clickhouse.altinity.com/shard");
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.at("/containers/0/securityContext/allowPrivilegeEscalation").asBoolean(true))
        .isFalse();
    assertThat(pod.at("/containers/0/image").asText())
        .isEqualTo("clickhouse/clickhouse-server:26.3.1.896");

    // on Karpenter's ClickHouse pool of the service's window whatever the managed node groups are
    assertThat(pod.at("/nodeSelector/karpenter.sh~1nodepool").asText())
        .isEqualTo("clickhouse-sun-0200-0600");
  }

  @Test
  void oneDisruptionBudgetPerShard() {
    assertThat(tree.under("tenants/dev/globex/clicks").paths())
        .filteredOn(p -> p.contains("poddisruptionbudget-shard"))
        .hasSize(2);
    assertThat(tree.text("tenants/dev/globex/clicks/poddisruptionbudget-shard-1.yaml"))
        .contains("maxUnavailable: 1")
        .contains("clickhouse.altinity.com/shard: \"1\"");
    assertThat(tree.text("tenants/dev/globex/clicks/clickhouseinstallation.yaml"))
        .contains("pdbManaged: \"no\"");
  }
}
