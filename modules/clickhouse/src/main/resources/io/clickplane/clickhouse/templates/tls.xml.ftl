<#-- The service's public endpoint: the native protocol over TLS on ${nativeTlsPort} and HTTPS on
     ${httpsPort}, both with the service's certificate (issued by cert-manager into a Secret mounted
     at ${certificateDirectory}). The Istio gateway passes TLS through, so ClickHouse ends it.
     ClickHouse reloads the files when cert-manager renews them. -->
<clickhouse>
    <tcp_port_secure>${nativeTlsPort}</tcp_port_secure>
    <https_port>${httpsPort}</https_port>
    <openSSL>
        <server>
            <certificateFile>${certificateDirectory}/tls.crt</certificateFile>
            <privateKeyFile>${certificateDirectory}/tls.key</privateKeyFile>
            <verificationMode>none</verificationMode>
            <loadDefaultCAFile>true</loadDefaultCAFile>
            <cacheSessions>true</cacheSessions>
            <disableProtocols>sslv2,sslv3,tlsv1,tlsv1_1</disableProtocols>
            <preferServerCiphers>true</preferServerCiphers>
        </server>
    </openSSL>
</clickhouse>
