<#-- Settings profile `default`: every user without another profile gets it, including the users the
     customer's administrator creates with SQL. Tables replicate by default, a Replicated database
     refuses single-node engines, and no session may change either (constraints). -->
<clickhouse>
    <profiles>
        <default>
<#list settings as setting>
            <${setting.name}>${setting.value}</${setting.name}>
</#list>
            <constraints>
<#list constants as name>
                <${name}>
                    <const/>
                </${name}>
</#list>
            </constraints>
        </default>
    </profiles>
</clickhouse>
