package io.sigillum.gateway.signdoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlPrologTests {

    @Test
    void aDocumentTypeDeclarationBeforeTheRootIsFoundInAnyEncodingTheDocumentDeclares() {
        String declared = "<?xml version=\"1.0\"?><!-- a note --><!DOCTYPE a SYSTEM \"http://127.0.0.1:1/a.dtd\"><a/>";
        assertThat(XmlProlog.declaresDocumentType(declared.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(XmlProlog.declaresDocumentType(("<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE a [<!ENTITY e \"x\">]>"
                + "<a>&e;</a>").getBytes(StandardCharsets.UTF_16))).isTrue();
    }

    @Test
    void theWordsInACommentOrTheBodyAreNotADeclarationAndWhatDoesNotParseIsLeftToTheLibrary() {
        assertThat(XmlProlog.declaresDocumentType("<!-- <!DOCTYPE a> --><a>&lt;!DOCTYPE a&gt;</a>".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(XmlProlog.declaresDocumentType("<a><![CDATA[<!DOCTYPE a>]]></a>".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(XmlProlog.declaresDocumentType("not xml".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(XmlProlog.declaresDocumentType(new byte[0])).isFalse();
    }
}
