package org.dbosconductor.edge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublicEndpointsTest {
    @Test
    void pathBasedUrlsFollowTheRoutingTable() {
        var endpoints = PublicEndpoints.pathBased("lb.example.com");
        assertEquals(List.of("lb.example.com"), endpoints.hosts());
        assertEquals("https://lb.example.com/", endpoints.consoleUrl());
        assertEquals("wss://lb.example.com/conductor/", endpoints.conductorUrl());
        assertEquals("https://lb.example.com/app/", endpoints.appUrl());
        assertEquals("https://lb.example.com/dex", endpoints.dexIssuer());
    }

    @Test
    void hostBasedUrlsUseOneSubdomainEach() {
        var endpoints = PublicEndpoints.hostBased("example.org");
        assertEquals(List.of("console.example.org", "conductor.example.org", "app.example.org", "auth.example.org"), endpoints.hosts());
        assertEquals("https://auth.example.org/dex", endpoints.dexIssuer());
    }

    @Test
    void commonNameFitsOpenSslsLimit() {
        String longHost = "a".repeat(40) + "-1234567890.elb.us-west-2.amazonaws.com";
        assertEquals("short.example.com", PublicEndpoints.commonName("short.example.com", "fallback"));
        assertEquals("dbos-conductor-prod", PublicEndpoints.commonName(longHost, "dbos-conductor-prod"));
        assertEquals(64, PublicEndpoints.commonName(longHost, "x".repeat(80)).length());
    }
}
