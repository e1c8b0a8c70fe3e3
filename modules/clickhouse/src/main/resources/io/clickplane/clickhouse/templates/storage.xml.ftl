<#-- Data disks of one replica under the default storage policy: disk 0 is ClickHouse's default disk,
     disks 1..n-1 are mounted beside it; new parts are spread round-robin over all. -->
<clickhouse>
    <storage_configuration>
        <disks>
<#list extraDisks as disk>
            <${disk.name}>
                <path>${disk.path}</path>
            </${disk.name}>
</#list>
        </disks>
        <policies>
            <default>
                <volumes>
                    <main>
                        <disk>default</disk>
<#list extraDisks as disk>
                        <disk>${disk.name}</disk>
</#list>
                    </main>
                </volumes>
            </default>
        </policies>
    </storage_configuration>
</clickhouse>
