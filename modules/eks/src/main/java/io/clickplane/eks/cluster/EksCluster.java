package io.clickplane.eks.cluster;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.eks.AccessEntry;
import com.pulumi.aws.eks.AccessEntryArgs;
import com.pulumi.aws.eks.AccessPolicyAssociation;
import com.pulumi.aws.eks.AccessPolicyAssociationArgs;
import com.pulumi.aws.eks.Addon;
import com.pulumi.aws.eks.AddonArgs;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.eks.ClusterArgs;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.eks.NodeGroupArgs;
import com.pulumi.aws.eks.inputs.AccessPolicyAssociationAccessScopeArgs;
import com.pulumi.aws.eks.inputs.ClusterAccessConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigProviderArgs;
import com.pulumi.aws.eks.inputs.ClusterVpcConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupScalingConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupTaintArgs;
import com.pulumi.aws.eks.inputs.NodeGroupUpdateConfigArgs;
import com.pulumi.aws.eks.outputs.ClusterCertificateAuthority;
import com.pulumi.aws.eks.outputs.ClusterIdentity;
import com.pulumi.aws.iam.IamFunctions;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.OpenIdConnectProviderArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.iam.inputs.GetSessionContextArgs;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.AddonVersions;
import io.clickplane.core.spec.EksSpec;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.AwsTags;
import io.clickplane.eks.iam.PolicyDocuments;
import io.clickplane.eks.network.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EKS cluster and everything that makes it usable: a KMS key encrypting Kubernetes secrets, the
 * control plane (private and public endpoint, public side limited to the configured CIDRs, every
 * control-plane log type), an access entry making the identity that runs {@code pulumi up} cluster
 * administrator, the OIDC provider for IRSA, the managed add-ons and the managed node groups.
 *
 * <p>Order on creation: cluster → {@code vpc-cni} and {@code kube-proxy} → node groups (so the
 * first node already gets prefix delegation and network policy) → {@code coredns} and {@code
 * aws-ebs-csi-driver}, which need running nodes. {@link #workloadsReady()} is what anything
 * deployed into the cluster must wait for.
 */
public final class EksCluster extends ComponentResource {
  public static final String TYPE = "clickplane:eks:Cluster";

  /** Control-plane log types sent to CloudWatch. */
  public static final List<String> LOG_TYPES =
      List.of("api", "audit", "authenticator", "controllerManager", "scheduler");

  public static final String EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";
  public static final String KUBE_SYSTEM = "kube-system";
  private static final String AWS_POLICY = "arn:aws:iam::aws:policy/";
  private static final String CLUSTER_ADMIN_POLICY =
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

  private final Output<String> clusterName;
  private final Output<String> endpoint;
  private final Output<String> kubeconfig;
  private final Output<String> oidcProviderArn;
  private final Output<String> oidcIssuerUrl;
  private final Output<String> kmsKeyArn;
  private final Output<String> nodeSecurityGroupId;
  private final List<Resource> workloadsReady;
  private final Provider kubernetes;
  private final Map<String, NodeGroup> nodeGroups;

  public EksCluster(PlatformSpec spec, Network network, ComponentResourceOptions options) {
    super(TYPE, Naming.cluster(spec), options);
    EksSpec eks = spec.eks();
    String prefix = Naming.clusterPrefix(spec);
    String name = Naming.cluster(spec);
    Map<String, String> tags = AwsTags.of(spec);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    Key key =
        new Key(
            prefix + "-secrets",
            KeyArgs.builder()
                .description("Encrypts the Kubernetes secrets of EKS cluster " + name)
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .tags(AwsTags.named(spec, "secrets"))
                .build(),
            child);
    new Alias(
        prefix + "-secrets",
        AliasArgs.builder().name("alias/" + prefix + "-secrets").targetKeyId(key.keyId()).build(),
        child);

    Role clusterRole =
        new Role(
            prefix + "-cluster",
            RoleArgs.builder()
                .name(prefix + "-cluster")
                .assumeRolePolicy(PolicyDocuments.serviceTrust("eks.amazonaws.com"))
                .tags(tags)
                .build(),
            child);
    var clusterPolicy =
        new RolePolicyAttachment(
            prefix + "-cluster-policy",
            RolePolicyAttachmentArgs.builder()
                .role(clusterRole.name())
                .policyArn(AWS_POLICY + "AmazonEKSClusterPolicy")
                .build(),
            child);
    var encryptionPolicy =
        new RolePolicy(
            prefix + "-cluster-encryption",
            RolePolicyArgs.builder()
                .name("secrets-encryption")
                .role(clusterRole.name())
                .policy(key.arn().applyValue(PolicyDocuments::clusterEncryption))
                .build(),
            child);

    Cluster cluster =
        new Cluster(
            name,
            ClusterArgs.builder()
                .name(name)
                .version(eks.version())
                .roleArn(clusterRole.arn())
                .vpcConfig(
                    ClusterVpcConfigArgs.builder()
                        .subnetIds(network.privateSubnetIds())
                        .endpointPrivateAccess(true)
                        .endpointPublicAccess(true)
                        .publicAccessCidrs(eks.publicAccessCidrs())
                        .build())
                .enabledClusterLogTypes(LOG_TYPES)
                .encryptionConfig(
                    ClusterEncryptionConfigArgs.builder()
                        .provider(
                            ClusterEncryptionConfigProviderArgs.builder().keyArn(key.arn()).build())
                        .resources("secrets")
                        .build())
                .accessConfig(
                    ClusterAccessConfigArgs.builder()
                        .authenticationMode("API")
                        .bootstrapClusterCreatorAdminPermissions(false)
                        .build())
                .bootstrapSelfManagedAddons(false)
                .tags(tags)
                .build(),
            CustomResourceOptions.builder()
                .parent(this)
                .dependsOn(clusterPolicy, encryptionPolicy)
                .build());

    // The identity running `pulumi up` administers the cluster; an assumed-role session resolves to
    // its role.
    Output<String> deployer =
        AwsFunctions.getCallerIdentity()
            .applyValue(id -> id.arn())
            .apply(
                arn ->
                    IamFunctions.getSessionContext(
                        GetSessionContextArgs.builder().arn(arn).build()))
            .applyValue(ctx -> ctx.issuerArn());
    AccessEntry adminEntry =
        new AccessEntry(
            prefix + "-deployer",
            AccessEntryArgs.builder()
                .clusterName(cluster.name())
                .principalArn(deployer)
                .type("STANDARD")
                .tags(tags)
                .build(),
            child);
    AccessPolicyAssociation adminPolicy =
        new AccessPolicyAssociation(
            prefix + "-deployer-admin",
            AccessPolicyAssociationArgs.builder()
                .clusterName(cluster.name())
                .principalArn(adminEntry.principalArn())
                .policyArn(CLUSTER_ADMIN_POLICY)
                .accessScope(
                    AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build())
                .build(),
            child);

    Output<String> issuer = cluster.identities().applyValue(EksCluster::issuer);
    OpenIdConnectProvider oidc =
        new OpenIdConnectProvider(
            prefix + "-oidc",
            OpenIdConnectProviderArgs.builder()
                .url(issuer)
                .clientIdLists(PolicyDocuments.STS_AUDIENCE)
                .tags(tags)
                .build(),
            child);
    this.oidcProviderArn = oidc.arn();
    this.oidcIssuerUrl = issuer;

    Role nodeRole =
        new Role(
            prefix + "-node",
            RoleArgs.builder()
                .name(prefix + "-node")
                .assumeRolePolicy(PolicyDocuments.serviceTrust("ec2.amazonaws.com"))
                .tags(tags)
                .build(),
            child);
    List<Resource> nodeRoleReady = new ArrayList<>();
    for (String policy :
        List.of(
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonEC2ContainerRegistryReadOnly")) {
      nodeRoleReady.add(
          new RolePolicyAttachment(
              prefix + "-node-" + policy,
              RolePolicyAttachmentArgs.builder()
                  .role(nodeRole.name())
                  .policyArn(AWS_POLICY + policy)
                  .build(),
              child));
    }

    AddonVersions versions = eks.addons();
    Addon vpcCni =
        addon(
            spec,
            cluster,
            "vpc-cni",
            versions.vpcCni(),
            AddonConfiguration.vpcCni(),
            null,
            List.of());
    Addon kubeProxy =
        addon(spec, cluster, "kube-proxy", versions.kubeProxy(), null, null, List.of());

    List<Resource> beforeNodes = new ArrayList<>(nodeRoleReady);
    beforeNodes.add(vpcCni);
    beforeNodes.add(kubeProxy);
    List<Resource> nodeGroups = new ArrayList<>();
    Map<String, NodeGroup> groupsByName = new LinkedHashMap<>();
    for (NodeGroupSpec group : eks.nodeGroups()) {
      NodeGroup nodeGroup =
          new NodeGroup(
              prefix + "-" + group.name(),
              NodeGroupArgs.builder()
                  .clusterName(cluster.name())
                  .nodeGroupName(group.name())
                  .version(eks.version())
                  .nodeRoleArn(nodeRole.arn())
                  .subnetIds(network.privateSubnetIds())
                  .instanceTypes(group.instanceType())
                  .diskSize(group.diskSize())
                  .scalingConfig(
                      NodeGroupScalingConfigArgs.builder()
                          .minSize(group.min())
                          .maxSize(group.max())
                          .desiredSize(group.desired())
                          .build())
                  .updateConfig(NodeGroupUpdateConfigArgs.builder().maxUnavailable(1).build())
                  .labels(NodePlacement.labels(group))
                  .taints(
                      NodePlacement.taints(group).stream()
                          .map(
                              t ->
                                  NodeGroupTaintArgs.builder()
                                      .key(t.key())
                                      .value(t.value())
                                      .effect(t.effect())
                                      .build())
                          .toList())
                  .tags(AwsTags.named(spec, group.name()))
                  .build(),
              CustomResourceOptions.builder().parent(this).dependsOn(beforeNodes).build());
      nodeGroups.add(nodeGroup);
      groupsByName.put(group.name(), nodeGroup);
    }
    this.nodeGroups = java.util.Collections.unmodifiableMap(groupsByName);

    Role ebsCsiRole =
        new Role(
            prefix + "-ebs-csi",
            RoleArgs.builder()
                .name(prefix + "-ebs-csi")
                .assumeRolePolicy(irsaTrust(KUBE_SYSTEM, EBS_CSI_SERVICE_ACCOUNT))
                .tags(tags)
                .build(),
            child);
    var ebsCsiPolicy =
        new RolePolicyAttachment(
            prefix + "-ebs-csi",
            RolePolicyAttachmentArgs.builder()
                .role(ebsCsiRole.name())
                .policyArn(AWS_POLICY + "service-role/AmazonEBSCSIDriverPolicy")
                .build(),
            child);
    List<Resource> afterNodes = new ArrayList<>(nodeGroups);
    Addon coreDns = addon(spec, cluster, "coredns", versions.coreDns(), null, null, afterNodes);
    List<Resource> afterNodesAndPolicy = new ArrayList<>(nodeGroups);
    afterNodesAndPolicy.add(ebsCsiPolicy);
    Addon ebsCsi =
        addon(
            spec,
            cluster,
            "aws-ebs-csi-driver",
            versions.ebsCsiDriver(),
            AddonConfiguration.ebsCsiDriver(),
            ebsCsiRole.arn(),
            afterNodesAndPolicy);

    List<Resource> ready = new ArrayList<>(nodeGroups);
    ready.add(coreDns);
    ready.add(ebsCsi);
    ready.add(adminPolicy);
    this.workloadsReady = List.copyOf(ready);
    this.clusterName = cluster.name();
    // Managed node groups without a launch template run in the cluster security group EKS creates.
    this.nodeSecurityGroupId =
        cluster
            .vpcConfig()
            .applyValue(
                v ->
                    v.clusterSecurityGroupId()
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "the EKS cluster reports no cluster security group")));
    this.endpoint = cluster.endpoint();
    this.kmsKeyArn = key.arn();
    this.kubeconfig =
        Output.tuple(cluster.name(), cluster.endpoint(), cluster.certificateAuthority())
            .applyValue(t -> Kubeconfig.render(t.t1, t.t2, caData(t.t3), spec.region()))
            .asSecret();
    this.kubernetes =
        new Provider(
            prefix + "-kubernetes",
            ProviderArgs.builder().kubeconfig(kubeconfig).build(),
            CustomResourceOptions.builder().parent(this).dependsOn(adminPolicy).build());
    registerOutputs(
        Map.of(
            "clusterName",
            clusterName,
            "endpoint",
            endpoint,
            "oidcProviderArn",
            oidcProviderArn,
            "kubeconfig",
            kubeconfig));
  }

  private Addon addon(
      PlatformSpec spec,
      Cluster cluster,
      String addonName,
      String version,
      String configuration,
      Output<String> serviceAccountRole,
      List<Resource> dependsOn) {
    AddonArgs.Builder args =
        AddonArgs.builder()
            .clusterName(cluster.name())
            .addonName(addonName)
            .addonVersion(version)
            .resolveConflictsOnCreate("OVERWRITE")
            .resolveConflictsOnUpdate("OVERWRITE")
            .tags(AwsTags.of(spec));
    if (configuration != null) {
      args.configurationValues(configuration);
    }
    if (serviceAccountRole != null) {
      args.serviceAccountRoleArn(serviceAccountRole);
    }
    return new Addon(
        Naming.clusterPrefix(spec) + "-" + addonName,
        args.build(),
        CustomResourceOptions.builder().parent(this).dependsOn(dependsOn).build());
  }

  private static String issuer(List<ClusterIdentity> identities) {
    return identities.stream()
        .flatMap(i -> i.oidcs().stream())
        .map(o -> o.issuer().orElse(null))
        .filter(i -> i != null)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the EKS cluster reports no OIDC issuer"));
  }

  private static String caData(ClusterCertificateAuthority authority) {
    return authority
        .data()
        .orElseThrow(
            () -> new IllegalStateException("the EKS cluster reports no certificate authority"));
  }

  /** IRSA trust policy for a ServiceAccount of this cluster. */
  public Output<String> irsaTrust(String namespace, String serviceAccount) {
    return Output.tuple(oidcProviderArn, oidcIssuerUrl)
        .applyValue(t -> PolicyDocuments.irsaTrust(t.t1, t.t2, namespace, serviceAccount));
  }

  /** The security group of the cluster's managed nodes (EKS's cluster security group). */
  public Output<String> nodeSecurityGroupId() {
    return nodeSecurityGroupId;
  }

  public Output<String> clusterName() {
    return clusterName;
  }

  public Output<String> endpoint() {
    return endpoint;
  }

  /** Kubeconfig for the cluster (secret). */
  public Output<String> kubeconfig() {
    return kubeconfig;
  }

  public Output<String> oidcProviderArn() {
    return oidcProviderArn;
  }

  public Output<String> oidcIssuerUrl() {
    return oidcIssuerUrl;
  }

  public Output<String> kmsKeyArn() {
    return kmsKeyArn;
  }

  /** The Kubernetes provider that talks to this cluster as the deploying identity. */
  public Provider kubernetes() {
    return kubernetes;
  }

  /** The managed node groups by their stack name, in stack order. */
  public Map<String, NodeGroup> nodeGroups() {
    return nodeGroups;
  }

  /** Resources that must exist before anything is deployed into the cluster. */
  public List<Resource> workloadsReady() {
    return workloadsReady;
  }
}
