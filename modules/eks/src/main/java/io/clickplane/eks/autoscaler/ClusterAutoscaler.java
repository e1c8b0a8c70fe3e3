package io.clickplane.eks.autoscaler;

import com.pulumi.aws.autoscaling.Tag;
import com.pulumi.aws.autoscaling.TagArgs;
import com.pulumi.aws.autoscaling.inputs.TagTagArgs;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.iam.Role;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.cluster.NodePlacement;
import io.clickplane.eks.iam.ClusterAutoscalerPolicy;
import io.clickplane.eks.iam.ServiceAccountRole;
import io.clickplane.eks.kubernetes.ChartValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes Cluster Autoscaler: it adds nodes to a group when pods are pending for lack of
 * room and removes nodes that stay underused, within each group's {@code min} and {@code max}. It
 * finds the groups by their auto-discovery tags, scales only this cluster's groups (its IRSA role
 * is limited by tag conditions), and never removes a node that runs a ClickHouse, ZooKeeper or
 * Keeper pod (those carry {@code cluster-autoscaler.kubernetes.io/safe-to-evict: "false"}).
 *
 * <p>The tags are put on each managed node group's Auto Scaling group, where the autoscaler reads
 * them (a managed node group's own tags do not reach its Auto Scaling group).
 */
public final class ClusterAutoscaler extends ComponentResource {
  public static final String TYPE = "clickplane:eks:ClusterAutoscaler";
  public static final String NAME = "cluster-autoscaler";
  public static final String NAMESPACE = EksCluster.KUBE_SYSTEM;
  public static final String CHART_REPOSITORY = "https://kubernetes.github.io/autoscaler";

  /** Pinned chart version (kubernetes/autoscaler charts/cluster-autoscaler). */
  public static final String CHART_VERSION = "9.38.0";

  private final Release release;
  private final Output<String> roleArn;

  public ClusterAutoscaler(
      PlatformSpec spec, EksCluster cluster, ComponentResourceOptions options) {
    super(TYPE, Naming.resourcePrefix(spec) + "-" + NAME, options);
    String prefix = Naming.resourcePrefix(spec);
    String clusterName = Naming.cluster(spec);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    List<Resource> tagged = new ArrayList<>();
    for (NodeGroupSpec group : spec.eks().nodeGroups()) {
      NodeGroup nodeGroup = cluster.nodeGroups().get(group.name());
      Output<String> asg =
          nodeGroup
              .resources()
              .applyValue(
                  r ->
                      r.get(0)
                          .autoscalingGroups()
                          .get(0)
                          .name()
                          .orElseThrow(
                              () ->
                                  new IllegalStateException(
                                      "node group " + group.name() + " reports no ASG")));
      for (Map.Entry<String, String> tag :
          NodePlacement.autoscalerTags(clusterName, group).entrySet()) {
        tagged.add(
            new Tag(
                prefix + "-" + group.name() + "-asg-" + tag.getKey().replaceAll("[^a-z0-9]+", "-"),
                TagArgs.builder()
                    .autoscalingGroupName(asg)
                    .tag(
                        TagTagArgs.builder()
                            .key(tag.getKey())
                            .value(tag.getValue())
                            .propagateAtLaunch(false)
                            .build())
                    .build(),
                child));
      }
    }

    ServiceAccountRole irsa =
        ServiceAccountRole.create(
            spec,
            cluster,
            NAMESPACE,
            NAME,
            "Cluster Autoscaler of EKS cluster " + clusterName,
            ClusterAutoscalerPolicy.document(clusterName, spec.region()),
            child);
    Role role = irsa.role();

    List<Resource> after = new ArrayList<>(cluster.workloadsReady());
    after.add(irsa.attachment());
    after.addAll(tagged);
    this.release =
        new Release(
            NAME,
            ReleaseArgs.builder()
                .name(NAME)
                .chart(NAME)
                .version(CHART_VERSION)
                .namespace(NAMESPACE)
                .repositoryOpts(RepositoryOptsArgs.builder().repo(CHART_REPOSITORY).build())
                .values(
                    Output.tuple(cluster.clusterName(), role.arn())
                        .applyValue(
                            t ->
                                ChartValues.clusterAutoscaler(
                                    t.t1, spec.region(), spec.eks().version(), NAME, t.t2)))
                .atomic(true)
                .build(),
            CustomResourceOptions.builder()
                .parent(this)
                .provider(cluster.kubernetes())
                .dependsOn(after)
                .build());
    this.roleArn = role.arn();
    registerOutputs(Map.of("roleArn", roleArn));
  }

  public Release release() {
    return release;
  }

  public Output<String> roleArn() {
    return roleArn;
  }
}
