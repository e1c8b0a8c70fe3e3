package io.clickplane.eks.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.GitopsSpec;
import io.clickplane.eks.kubernetes.ChartValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FluxSyncTest {
  private static final GitopsSpec REMOTE =
      new GitopsSpec("https://git.example.com/fleet.git", "main");

  @Test
  void gitRepositoryFollowsTheBranchAndReferencesCredentialsOnlyWhenGiven() {
    assertThat(FluxSync.gitRepositorySpec(REMOTE, false))
        .isEqualTo(
            Map.of(
                "interval",
                "1m",
                "url",
                "https://git.example.com/fleet.git",
                "ref",
                Map.of("branch", "main")));
    assertThat(FluxSync.gitRepositorySpec(REMOTE, true))
        .containsEntry("secretRef", Map.of("name", "flux-system"));
  }

  @Test
  void theClustersGitRepositoryNeverCarriesACredentialFromTheUrl() {
    var leaky = new GitopsSpec("https://bot:s3cr3t-T0KEN@git.example.com/org/fleet.git", "main");
    assertThat(FluxSync.gitRepositorySpec(leaky, true))
        .containsEntry("url", "https://***@git.example.com/org/fleet.git");
  }

  @Test
  void kustomizationAppliesTheEnvironmentsClusterDirectory() {
    assertThat(FluxSync.kustomizationSpec("prod"))
        .isEqualTo(
            Map.of(
                "interval",
                "10m",
                "path",
                "./clusters/prod",
                "prune",
                true,
                "sourceRef",
                Map.of("kind", "GitRepository", "name", "flux-system")));
  }

  @Test
  void onlyHttpRepositoriesAreReachableFromTheCluster() {
    assertThat(FluxSync.reachableFromCluster(REMOTE)).isTrue();
    assertThat(FluxSync.reachableFromCluster(new GitopsSpec("", "main"))).isFalse();
    assertThat(FluxSync.reachableFromCluster(new GitopsSpec("/srv/git/fleet.git", "main")))
        .isFalse();
  }

  @Test
  void chartValues() {
    assertThat(
            ChartValues.loadBalancerController(
                "c", "eu-west-1", "vpc-1", "aws-load-balancer-controller", "arn:role"))
        .isEqualTo(
            Map.of(
                "clusterName",
                "c",
                "region",
                "eu-west-1",
                "vpcId",
                "vpc-1",
                "replicaCount",
                2,
                "serviceAccount",
                Map.of(
                    "create",
                    true,
                    "name",
                    "aws-load-balancer-controller",
                    "annotations",
                    Map.of("eks.amazonaws.com/role-arn", "arn:role"))));
    assertThat(ChartValues.flux())
        .containsEntry("imageAutomationController", Map.of("create", false));
  }
}
