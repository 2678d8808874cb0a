package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfflineResolverTest {

    @Test
    void triesHttpAndHttpsAndBothXmlXsdAddresses() {
        assertThat(OfflineResolver.variants("https://www.w3.org/2009/01/xml.xsd")).contains(
                "https://www.w3.org/2009/01/xml.xsd", "http://www.w3.org/2009/01/xml.xsd",
                "https://www.w3.org/2001/xml.xsd", "http://www.w3.org/2001/xml.xsd");
        assertThat(OfflineResolver.variants("http://xoev.de/a.xsd")).containsExactly(
                "http://xoev.de/a.xsd", "https://xoev.de/a.xsd");
    }

    @Test
    void answersDtdRequestsWithANonEmptyDummyAndRemembersUnmappedAddresses() {
        OfflineResolver resolver = new OfflineResolver(null);
        var dtd = resolver.resolveResource("http://www.w3.org/TR/REC-xml", null, null,
                "http://www.w3.org/2001/XMLSchema.dtd", null);
        assertThat(dtd.getStringData()).isNotBlank();
        assertThat(resolver.resolveResource("http://www.w3.org/2001/XMLSchema", "urn:x", null,
                "https://example.invalid/x.xsd", null)).isNull();
        assertThat(resolver.unresolved()).containsExactly("https://example.invalid/x.xsd");
    }
}
