# ZooKeeper ensemble of ClickHouse service ${service} (organisation ${organisation}).
# Rendered by clickplane; node N's id (myid) is its StatefulSet ordinal + 1.
tickTime=2000
initLimit=10
syncLimit=5
dataDir=${dataDir}
clientPort=${clientPort}
maxClientCnxns=0
autopurge.snapRetainCount=3
autopurge.purgeInterval=1
standaloneEnabled=${standalone?c}
reconfigEnabled=false
quorumListenOnAllIPs=true
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,mntr
metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
metricsProvider.httpHost=0.0.0.0
metricsProvider.httpPort=${metricsPort}
metricsProvider.exportJvmInfo=true
<#list servers as server>
server.${server.id}=${server.host}:${peerPort}:${electionPort}
</#list>
