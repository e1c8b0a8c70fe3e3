<#-- Replication defaults: a ReplicatedMergeTree or Replicated database created without arguments
     finds its ZooKeeper path and replica name here; the operator defines the {shard} and {replica}
     macros. Prometheus metrics are served on port ${prometheusPort}. -->
<clickhouse>
    <default_replica_path>${replicaPath}</default_replica_path>
    <default_replica_name>${replicaName}</default_replica_name>
    <prometheus>
        <endpoint>/metrics</endpoint>
        <port>${prometheusPort}</port>
        <metrics>true</metrics>
        <events>true</events>
        <asynchronous_metrics>true</asynchronous_metrics>
        <errors>true</errors>
    </prometheus>
</clickhouse>
