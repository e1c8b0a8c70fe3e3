<#-- Users, roles, quotas, row policies and settings profiles created with SQL live in ZooKeeper, so
     access control is the same on every replica. users.xml (the operator's users and the platform
     admin) stays read-only. -->
<clickhouse>
    <user_directories replace="replace">
        <users_xml>
            <path>users.xml</path>
        </users_xml>
        <replicated>
            <zookeeper_path>${accessPath}</zookeeper_path>
        </replicated>
    </user_directories>
</clickhouse>
