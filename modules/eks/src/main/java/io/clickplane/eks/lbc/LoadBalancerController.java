package io.clickplane.eks.lbc;

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
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.iam.LoadBalancerControllerPolicy;
import io.clickplane.eks.iam.ServiceAccountRole;
import io.clickplane.eks.kubernetes.ChartValues;
import io.clickplane.eks.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The AWS Load Balancer Controller, which turns the ingress gateway's {@code LoadBalancer} Service
 * into a Network Load Balancer: its IAM policy, an IRSA role for its ServiceAccount, and the Helm
 * release.
 */
public final class LoadBalancerController extends ComponentResource {
  public static final String TYPE = "clickplane:eks:LoadBalancerController";
  public static final String NAME = "aws-load-balancer-controller";
  public static final String NAMESPACE = EksCluster.KUBE_SYSTEM;
  public static final String CHART_REPOSITORY = "https://aws.github.io/eks-charts";

  /** Pinned chart version (controller v2.11). */
  public static final String CHART_VERSION = "1.11.0";

  private final Release release;
  private final Output<String> roleArn;

  public LoadBalancerController(
      PlatformSpec spec, Network network, EksCluster cluster, ComponentResourceOptions options) {
    super(TYPE, Naming.clusterPrefix(spec) + "-" + NAME, options);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    ServiceAccountRole irsa =
        ServiceAccountRole.create(
            spec,
            cluster,
            NAMESPACE,
            NAME,
            "AWS Load Balancer Controller of EKS cluster " + Naming.cluster(spec),
            LoadBalancerControllerPolicy.document(),
            child);
    Role role = irsa.role();

    List<Resource> after = new ArrayList<>(cluster.workloadsReady());
    after.add(irsa.attachment());
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
                    Output.tuple(cluster.clusterName(), network.vpcId(), role.arn())
                        .applyValue(
                            t ->
                                ChartValues.loadBalancerController(
                                    t.t1, spec.region(), t.t2, NAME, t.t3)))
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

  /** The Helm release: Services of type LoadBalancer become NLBs once it is up. */
  public Release release() {
    return release;
  }

  public Output<String> roleArn() {
    return roleArn;
  }
}
